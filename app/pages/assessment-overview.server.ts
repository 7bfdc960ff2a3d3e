// The overview of one assessment: its status and scores per catalog, what the evaluator asked to
// change after a return, the verified levels, and the signed report once there is one.
import { type Db } from '#db/client.server'
import { type AssessmentContext, evidenceCounts, scoreContext, signedReportLink } from '#db/queries/assessments'
import { getComments } from '#db/queries/review'
import { criterionNames } from '~/domain/criterion-names'
import { type Locale } from '~/domain/enums'
import { can, type Grant, type Target } from '~/domain/permissions'
import { buildReadiness } from '~/domain/readiness'
import { countMissing, missingForSubmission } from '~/domain/submission'
import { editRefusal, statusNotice } from '~/domain/workflow'
import { directorSignatureSummary } from './director-signature.server'
import { previousRoundComparison } from './round-comparison.server'

export function assessmentOverview(
	db: Db,
	ctx: AssessmentContext,
	viewer: { grants: ReadonlyArray<Grant>; target: Target; locale: Locale },
	now = new Date(),
) {
	const scored = scoreContext(db, ctx)
	if (!scored.result.ok)
		throw new Error(`stored answers of assessment ${ctx.assessment.id} do not score: ${JSON.stringify(scored.result.error)}`)
	const refusal = editRefusal(ctx.assessment.status, ctx.campaign.status)
	const compiled = ctx.catalogs.map((c) => c.compiled)
	const evidence = evidenceCounts(db, ctx.assessment.id)
	// Counted as the facility goes, so that nothing is first learnt at submission.
	const missing = missingForSubmission(compiled, scored.answers, evidence, ctx.facilityProfile, ctx.asOf, scored.result.scores)
	const blocking = scored.result.scores.flatMap((s) =>
		s.blockers.flatMap((b) =>
			b.kind === 'below_threshold' ? b.candidates.map((c) => c.criterionId) : b.kind === 'catalog' ? [] : [b.criterionId],
		),
	)
	return {
		missing: countMissing(missing),
		names: criterionNames(compiled, new Set(blocking), viewer.locale),
		assessment: {
			id: ctx.assessment.id,
			status: ctx.assessment.status,
			late: ctx.assessment.late,
			submittedAt: ctx.assessment.submittedAt,
			editable: refusal === null,
			...statusNotice(ctx.assessment.status, ctx.campaign.status),
			// An evaluator who reaches the overview goes on to review what was submitted.
			reviewable: ctx.assessment.status !== 'draft' && can(viewer.grants, 'assessment:review', viewer.target),
		},
		facility: { id: ctx.facility.id, code: ctx.facility.code, name: ctx.facility.name, provinceName: ctx.provinceName },
		campaign: { title: ctx.campaign.title, dueAt: ctx.campaign.dueAt },
		scores: scored.result.scores,
		readiness: buildReadiness({
			catalogs: compiled,
			scores: scored.result.scores,
			answers: scored.answers,
			facility: ctx.facilityProfile,
			asOf: ctx.asOf,
			evidence,
		}),
		verifiedScore: (ctx.assessment.verifiedScore ?? null) as Array<{
			code: string
			achievedLevel: { title: { vi: string; en: string } } | null
		}> | null,
		// What the evaluator asked to change when returning the previous round.
		requestedChanges: getComments(db, ctx.assessment.id).filter((c) => c.requestsChange && c.round === ctx.assessment.round - 1),
		now: now.getTime(),
		signedReport: signedReportLink(db, ctx.assessment.id),
		directorSignature: directorSignatureSummary(db, ctx),
		// The facility's previous round beside this one (docs/ROUNDS.md); null when there is none.
		previousRound: previousRoundComparison(db, ctx, { answers: scored.answers, scores: scored.result.scores }),
	}
}
