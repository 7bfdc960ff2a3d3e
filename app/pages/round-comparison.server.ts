// A facility's round beside its previous round (docs/ROUNDS.md): which round is "previous", which
// of its results is compared (the verified result once approved, else the last submission), and
// the comparison itself (app/domain/round-comparison.ts) through the catalogs' lineage.
import { type Db } from '#db/client.server'
import { type AssessmentContext, getAnswers, getAssessmentContext } from '#db/queries/assessments'
import { getCatalogVersion } from '#db/queries/catalogs'
import { getVerdicts } from '#db/queries/review'
import { lastSubmittedAnswers, previousAssessment } from '#db/queries/rounds'
import { type Answer } from '~/domain/catalog/answers'
import { type CompiledCatalog } from '~/domain/catalog/compile'
import { type CatalogLineage } from '~/domain/catalog/lineage'
import { type Catalog } from '~/domain/catalog/schema'
import { type CatalogScore, scoreAssessment } from '~/domain/catalog/scoring'
import { isReportable } from '~/domain/report'
import { compareRounds, lineageAcross, type RoundSide } from '~/domain/round-comparison'
import { verifiedAnswers } from '~/domain/verification'

/** Which of a round's answers stand for its result. */
export type RoundBasis = 'verified' | 'submitted' | 'current'

/**
 * The answers that stand for an assessment's result: the verified answers (self-assessment with
 * the last review round's verdicts) once approved or published; otherwise, for the previous
 * round, its last submission; for the round being viewed, its answers as they stand.
 */
export function roundAnswers(db: Db, ctx: AssessmentContext, fallback: 'submitted' | 'current') {
	if (isReportable(ctx.assessment.status)) {
		const answers = verifiedAnswers(getAnswers(db, ctx.assessment.id), getVerdicts(db, ctx.assessment.id, ctx.assessment.round))
		return { basis: 'verified' as RoundBasis, answers }
	}
	if (fallback === 'submitted') {
		const answers = lastSubmittedAnswers(db, ctx.assessment.id)
		if (answers) return { basis: 'submitted' as RoundBasis, answers }
	}
	const answers = new Map<string, Answer>([...getAnswers(db, ctx.assessment.id)].map(([k, v]) => [k, v.answer]))
	return { basis: 'current' as RoundBasis, answers }
}

/** A round's side of the comparison: its answers with their scores, scored here unless the caller has them. */
export function roundSide(
	ctx: AssessmentContext,
	answers: ReadonlyMap<string, Answer>,
	scores?: ReadonlyArray<CatalogScore>,
): RoundSide | null {
	const catalogs = ctx.catalogs.map((c) => c.compiled)
	if (!scores) {
		const scored = scoreAssessment(catalogs, answers, ctx.facilityProfile, { asOf: ctx.asOf })
		if (!scored.ok) return null
		scores = scored.scores
	}
	return { catalogs, scores, answers, facility: ctx.facilityProfile, asOf: ctx.asOf }
}

/**
 * The lineage between two versions of one catalog, loading the versions on the based_on chain;
 * each pair is worked out once per loader (the review page's flags ask for it twice).
 */
export function lineageLoader(db: Db) {
	const known = new Map<string, CatalogLineage>()
	return (before: CompiledCatalog, after: CompiledCatalog) => {
		const key = `${after.catalog.code}:${before.catalog.version}:${after.catalog.version}`
		const hit = known.get(key)
		if (hit) return hit
		const versions = new Map<number, Catalog>([[before.catalog.version, before.catalog]])
		let cursor: Catalog | null = after.catalog
		while (cursor?.based_on !== undefined && cursor.based_on > before.catalog.version && !versions.has(cursor.based_on)) {
			cursor = getCatalogVersion(db, after.catalog.code, cursor.based_on)?.catalog ?? null
			if (cursor) versions.set(cursor.version, cursor)
		}
		const lineage = lineageAcross(before.catalog, after.catalog, versions)
		known.set(key, lineage)
		return lineage
	}
}

/** The facility's previous round, loaded; null when it has none. */
export function previousRound(db: Db, ctx: AssessmentContext) {
	const prev = previousAssessment(db, { facilityId: ctx.facility.id, campaignId: ctx.campaign.id, opensAt: ctx.campaign.opensAt })
	if (!prev) return null
	const prevCtx = getAssessmentContext(db, prev.id)
	if (!prevCtx) return null
	return { ctx: prevCtx, ...roundAnswers(db, prevCtx, 'submitted') }
}

/**
 * The overview's "compared with the previous round" section; null when there is no previous round.
 * `own` is the overview's scoring of this round's answers as they stand: it serves unless the
 * round is approved or published, when its verified answers are compared instead.
 */
export function previousRoundComparison(
	db: Db,
	ctx: AssessmentContext,
	own: { answers: Map<string, Answer>; scores: ReadonlyArray<CatalogScore> },
) {
	const prev = previousRound(db, ctx)
	if (!prev) return null
	const before = roundSide(prev.ctx, prev.answers)
	const verified = isReportable(ctx.assessment.status)
	const current = verified ? roundAnswers(db, ctx, 'current') : { basis: 'current' as RoundBasis, answers: own.answers }
	const after = roundSide(ctx, current.answers, verified ? undefined : own.scores)
	if (!before || !after) return null
	return {
		previous: { campaignTitle: prev.ctx.campaign.title, basis: prev.basis },
		current: { campaignTitle: ctx.campaign.title, basis: current.basis },
		...compareRounds(before, after, lineageLoader(db)),
	}
}
