// Autosave endpoint: one answer per request, JSON in and out. The form page works without it.
import { parseWithZod } from '@conform-to/zod/v4'
import { type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { answerToFields } from '~/domain/answer-form'
import { autosaveAnswer } from '~/services/answers.server'
import { requireAssessment } from '~/utils/assessment.server'

function json(body: unknown, status = 200) {
	return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } })
}

export async function loader() {
	return json({ status: 'invalid', message: 'form.malformed' }, 405)
}

/** One answer as the form's fields; an empty value clears it. */
const AutosaveSchema = z.object({
	criterionId: z.string(),
	value: z.string(),
	naReason: z.string().default(''),
	baseVersion: z.coerce.number().int().min(1),
})

export async function action({ request, params }: ActionFunctionArgs) {
	const { user, ctx } = await requireAssessment(request, params.assessmentId, 'assessment:edit')
	if (Number(request.headers.get('content-length') ?? 0) > 64 * 1024) return json({ status: 'invalid', message: 'form.malformed' }, 413)
	// Fields are taken as sent: an empty value is an answer being cleared, not a missing field.
	const submission = parseWithZod(await request.formData(), { schema: AutosaveSchema, disableAutoCoercion: true })
	if (submission.status !== 'success') return json({ status: 'invalid', message: 'form.malformed' }, 400)
	const { criterionId, value, naReason, baseVersion } = submission.value
	const result = autosaveAnswer(getDb(), { ctx, actorId: user.id, baseVersion, criterionId, fields: { value, naReason } })
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
	if (result.conflict) {
		const { theirs, byName, at } = result.conflict
		return json(
			{ status: 'conflict', conflict: { theirs: theirs ? answerToFields(theirs) : null, byName, at, version: result.version } },
			409,
		)
	}
	return json({ status: 'saved', version: result.version, score: result.score })
}
