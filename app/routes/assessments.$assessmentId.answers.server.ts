// The autosave endpoint's work, shared by its Remix route and by server.js, which answers the same
// POST before Remix (docs/PERFORMANCE.md: Remix's request and response conversion was a third of a
// save). One code path either way: the guard, the body limit, the fields, the service, the reply.
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { answerToFields } from '~/domain/answer-form'
import { autosaveAnswer } from '~/services/answers.server'
import { requireAssessment } from '~/utils/assessment.server'
import { type GuardRequest } from '~/utils/auth.server'

/** An autosave carries one answer; anything larger is refused (413) without being read further. */
export const AUTOSAVE_BODY_LIMIT = 64 * 1024

/** One answer as the form's fields; an empty value clears it. Fields are taken as sent, never coerced. */
const AutosaveSchema = z.object({
	criterionId: z.string(),
	value: z.string(),
	naReason: z.string().default(''),
	baseVersion: z.coerce.number().int().min(1),
})

/** The posted fields (URLSearchParams or FormData), or 'too-large' when the body passed the limit. */
export type AutosaveFields = { getAll(name: string): Array<unknown> } | 'too-large'

export type AutosaveReply = { status: number; body: Record<string, unknown> }

/** A field sent once is its value; sent several times, a list (which the schema refuses), as Conform reads a form. */
function field(fields: Exclude<AutosaveFields, 'too-large'>, name: string) {
	const all = fields.getAll(name)
	return all.length > 1 ? all : all[0]
}

/**
 * One autosave: the assessment guard (session with its idle timeout, the user's grant on the
 * facility; it throws the sign-in redirect, 403 or 404 as a Response), then the body limit, the
 * fields, and `autosaveAnswer` (the catalog's rules, optimistic concurrency, the audited write, the
 * live score). The fields are read only after the guard has passed.
 */
export async function autosave(
	request: GuardRequest,
	rawId: string | undefined,
	readFields: () => Promise<AutosaveFields>,
): Promise<AutosaveReply> {
	const { user, ctx } = await requireAssessment(request, rawId, 'assessment:edit')
	const fields = await readFields()
	if (fields === 'too-large') return { status: 413, body: { status: 'invalid', message: 'form.malformed' } }
	const parsed = AutosaveSchema.safeParse({
		criterionId: field(fields, 'criterionId'),
		value: field(fields, 'value'),
		naReason: field(fields, 'naReason'),
		baseVersion: field(fields, 'baseVersion'),
	})
	if (!parsed.success) return { status: 400, body: { status: 'invalid', message: 'form.malformed' } }
	const { criterionId, value, naReason, baseVersion } = parsed.data
	const result = autosaveAnswer(getDb(), { ctx, actorId: user.id, baseVersion, criterionId, fields: { value, naReason } })
	if (!result.ok) {
		if (result.code === 'answer.invalid') {
			const p = result.problems[0]
			return {
				status: 400,
				body: { status: 'invalid', field: p.field, message: p.params ? `${p.code}|${JSON.stringify(p.params)}` : p.code },
			}
		}
		const locked = result.code === 'assessment.locked' || result.code === 'campaign.closed'
		return { status: result.status, body: { status: locked ? 'locked' : 'invalid', message: result.code } }
	}
	if (result.conflict) {
		const { theirs, byName, at } = result.conflict
		return {
			status: 409,
			body: { status: 'conflict', conflict: { theirs: theirs ? answerToFields(theirs) : null, byName, at, version: result.version } },
		}
	}
	return { status: 200, body: { status: 'saved', version: result.version, score: result.score } }
}
