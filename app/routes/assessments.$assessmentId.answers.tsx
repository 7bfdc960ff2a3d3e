// Autosave endpoint: one answer per request, JSON in and out. The form page works without it.
import { type ActionFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { scoreContext } from '#db/queries/assessments'
import { answerToFields, conversionMessage, fieldsToAnswer } from '~/domain/answer-form'
import { applicabilityFor } from '~/domain/catalog/compile'
import { vnIsoDate } from '~/domain/dates'
import { saveAnswers } from '~/services/answers.server'
import { requireAssessment } from '~/utils/assessment.server'

function json(body: unknown, status = 200) {
	return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } })
}

export async function loader() {
	return json({ status: 'invalid', message: 'form.malformed' }, 405)
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user, ctx } = await requireAssessment(request, params.assessmentId, 'assessment:edit')
	if (Number(request.headers.get('content-length') ?? 0) > 64 * 1024) return json({ status: 'invalid', message: 'form.malformed' }, 413)
	const form = await request.formData()
	const criterionId = form.get('criterionId')
	const value = form.get('value')
	const naReason = form.get('naReason') ?? ''
	const baseVersion = Number(form.get('baseVersion'))
	if (
		typeof criterionId !== 'string' ||
		typeof value !== 'string' ||
		typeof naReason !== 'string' ||
		!Number.isSafeInteger(baseVersion) ||
		baseVersion < 1
	) {
		return json({ status: 'invalid', message: 'form.malformed' }, 400)
	}
	const owner = ctx.catalogs.find((c) => c.compiled.indexOf.has(criterionId))
	if (!owner) return json({ status: 'invalid', field: 'value', message: 'answer.unknown_criterion' }, 400)
	const index = owner.compiled.indexOf.get(criterionId)!
	if (!applicabilityFor(owner.compiled, ctx.facilityProfile, ctx.asOf)[index])
		return json({ status: 'invalid', field: 'value', message: 'answer.not_applicable_here' }, 400)
	const now = new Date()
	const converted = fieldsToAnswer(owner.compiled.criteria[index].criterion.answer, { value, naReason }, { today: vnIsoDate(now) })
	if (!converted.ok) return json({ status: 'invalid', field: converted.field, message: conversionMessage(converted) }, 400)

	const db = getDb()
	const result = saveAnswers(db, { ctx, actorId: user.id, baseVersion, changes: [{ criterionId, answer: converted.answer }] }, now)
	if (!result.ok) {
		if (result.code === 'answer.invalid') {
			const p = result.problems[0]
			return json({ status: 'invalid', field: p.field, message: p.params ? `${p.code}|${JSON.stringify(p.params)}` : p.code }, 400)
		}
		return json(
			{ status: result.code === 'assessment.locked' || result.code === 'campaign.closed' ? 'locked' : 'invalid', message: result.code },
			result.status,
		)
	}
	const conflict = result.conflicts[0]
	if (conflict) {
		return json(
			{
				status: 'conflict',
				conflict: {
					theirs: conflict.theirs ? answerToFields(conflict.theirs) : null,
					byName: conflict.byName,
					at: conflict.at,
					version: result.version,
				},
			},
			409,
		)
	}
	const scored = scoreContext(db, ctx)
	const score = scored?.result.ok ? scored.result.scores.find((s) => s.code === owner.code) : null
	return json({ status: 'saved', version: result.version, score })
}
