// The review page's flags (docs/ROUNDS.md): this round's self-assessment against the facility's
// previous round, its peers' answers in the same round, and the evaluator's verdicts last time.
import { type Db } from '#db/client.server'
import { type AssessmentContext, evidenceCounts, getAnswers } from '#db/queries/assessments'
import { getVerdicts } from '#db/queries/review'
import { peerAnswerCounts } from '#db/queries/rounds'
import { type Answer } from '~/domain/catalog/answers'
import { predecessors } from '~/domain/catalog/lineage'
import { type Verdict } from '~/domain/enums'
import { reviewFlags, type ReviewFlag } from '~/domain/review-flags'
import { compareRounds } from '~/domain/round-comparison'
import { lineageLoader, previousRound, roundSide } from './round-comparison.server'

/** Every flag of the assessment's criteria, by criterion id. */
export function reviewFlagsFor(db: Db, ctx: AssessmentContext): Record<string, Array<ReviewFlag>> {
	const answers = new Map<string, Answer>([...getAnswers(db, ctx.assessment.id)].map(([k, v]) => [k, v.answer]))
	const ids = ctx.catalogs.flatMap((c) => c.compiled.criteria.map((cc) => cc.criterion.id))
	// Verdicts "last time", by this round's criterion id: the previous round's (through the lineage),
	// then this assessment's earlier review round, when it was returned and submitted again.
	const lastVerdicts = new Map<string, { verdict: Verdict; reason: string | null }>()
	const prev = previousRound(db, ctx)
	const after = roundSide(ctx, answers)
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
	if (ctx.assessment.round > 1) {
		for (const [id, v] of getVerdicts(db, ctx.assessment.id, ctx.assessment.round - 1))
			if (v.verdict !== 'accept') lastVerdicts.set(id, { verdict: v.verdict, reason: v.reason })
	}
	const flags = reviewFlags({
		comparison: before && after ? compareRounds(before, after, lineageOf) : null,
		evidence: evidenceCounts(db, ctx.assessment.id),
		answers,
		peers: peerAnswerCounts(db, {
			campaignId: ctx.campaign.id,
			facilityId: ctx.facility.id,
			type: ctx.facility.type,
			class: ctx.facility.class,
			keys: ids,
		}),
		previousVerdicts: lastVerdicts,
		predecessors: new Map([...lastVerdicts.keys()].map((id) => [id, [id]])),
	})
	return Object.fromEntries(flags)
}
