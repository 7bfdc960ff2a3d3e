// The review page's flags (docs/ROUNDS.md): this round's self-assessment against the facility's
// previous round, its peers' answers in the same round, and the evaluator's verdicts last time.
import { type Db } from '#db/client.server'
import { type AssessmentContext } from '#db/queries/assessments'
import { getVerdicts } from '#db/queries/review'
import { peerAnswerCounts } from '#db/queries/rounds'
import { type Answer } from '~/domain/catalog/answers'
import { predecessors } from '~/domain/catalog/lineage'
import { type CatalogScore } from '~/domain/catalog/scoring'
import { type Verdict } from '~/domain/enums'
import { reviewFlags, type ReviewFlag } from '~/domain/review-flags'
import { compareRounds } from '~/domain/round-comparison'
import { lineageLoader, previousRound, roundSide } from './round-comparison.server'

/** What the review page model has already loaded and scored for this screen. */
export type FlagSources = {
	/** The self-assessment's answers, by criterion id. */
	answers: ReadonlyMap<string, Answer>
	/** Their scores per catalog (null when they do not score). */
	scores: ReadonlyArray<CatalogScore> | null
	/** Evidence files attached, by criterion id. */
	evidence: ReadonlyMap<string, number>
	/** This assessment's verdicts of its earlier review round (returned or reopened, then submitted again). */
	earlierVerdicts: ReadonlyMap<string, { verdict: Verdict; reason: string | null }>
	/** The criteria the screen shows: only they carry flags. */
	criteria: ReadonlyArray<string>
}

/** The flags of the screen's criteria, by criterion id. */
export function reviewFlagsFor(db: Db, ctx: AssessmentContext, page: FlagSources): Record<string, Array<ReviewFlag>> {
	const shown = new Set(page.criteria)
	// Verdicts "last time", by this round's criterion id: the previous round's (through the lineage),
	// then this assessment's earlier review round.
	const lastVerdicts = new Map<string, { verdict: Verdict; reason: string | null }>()
	const prev = previousRound(db, ctx)
	const before = prev ? roundSide(prev.ctx, prev.answers) : null
	const lineageOf = lineageLoader(db)
	if (prev) {
		const verdicts = getVerdicts(db, prev.ctx.assessment.id, prev.ctx.assessment.round)
		for (const c of ctx.catalogs) {
			const was = prev.ctx.catalogs.find((p) => p.code === c.code)
			if (!was) continue
			for (const [id, from] of predecessors(lineageOf(was.compiled, c.compiled))) {
				const v = from.map((f) => verdicts.get(f)).find((x) => x && x.verdict !== 'accept')
				if (v) lastVerdicts.set(id, { verdict: v.verdict, reason: v.reason })
			}
		}
	}
	for (const [id, v] of page.earlierVerdicts) if (v.verdict !== 'accept') lastVerdicts.set(id, { verdict: v.verdict, reason: v.reason })
	const after = page.scores ? roundSide(ctx, page.answers, page.scores) : null
	const flags = reviewFlags({
		comparison: before && after ? compareRounds(before, after, lineageOf) : null,
		evidence: page.evidence,
		answers: page.answers,
		peers: peerAnswerCounts(db, {
			campaignId: ctx.campaign.id,
			facilityId: ctx.facility.id,
			type: ctx.facility.type,
			class: ctx.facility.class,
			keys: page.criteria,
		}),
		previousVerdicts: lastVerdicts,
	})
	return Object.fromEntries([...flags].filter(([id]) => shown.has(id)))
}
