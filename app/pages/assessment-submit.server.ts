// The submission page: what is still missing before the director may submit, and whether this
// user may (the director of the facility, while the facility may edit).
import { type Db } from '#db/client.server'
import { type AssessmentContext, evidenceCounts, scoreContext } from '#db/queries/assessments'
import { criterionNames } from '~/domain/criterion-names'
import { type Locale } from '~/domain/enums'
import { can, type Grant, type Target } from '~/domain/permissions'
import { missingForSubmission } from '~/domain/submission'
import { editRefusal, statusNotice } from '~/domain/workflow'

export function submitPage(
	db: Db,
	input: {
		ctx: AssessmentContext
		user: { name: string; jobTitle: string; grants: ReadonlyArray<Grant> }
		target: Target
		locale: Locale
	},
	now = new Date(),
) {
	const { ctx, user } = input
	const scored = scoreContext(db, ctx)
	const refusal = editRefusal(ctx.assessment.status, ctx.campaign.status)
	const compiled = ctx.catalogs.map((c) => c.compiled)
	const scores = scored.result.ok ? scored.result.scores : undefined
	const missing = missingForSubmission(
		compiled,
		scored.answers,
		evidenceCounts(db, ctx.assessment.id),
		ctx.facilityProfile,
		ctx.asOf,
		scores,
	)
	return {
		assessmentId: ctx.assessment.id,
		status: ctx.assessment.status,
		editable: refusal === null,
		notice: statusNotice(ctx.assessment.status, ctx.campaign.status).notice,
		canSubmit: can(user.grants, 'assessment:submit', input.target),
		missing,
		names: criterionNames(
			compiled,
			missing.map((m) => m.criterionId),
			input.locale,
		),
		campaignTitle: ctx.campaign.title,
		facilityName: ctx.facility.name,
		user: { name: user.name, jobTitle: user.jobTitle },
		pastDue: now.getTime() > ctx.campaign.dueAt.getTime(),
		acceptsLate: ctx.campaign.acceptsLate,
	}
}
