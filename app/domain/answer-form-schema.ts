// The zod schema of one answers page, for the server (Conform's parseWithZod). The rules are
// fieldsToAnswer's, which the browser runs without zod.
import { z } from 'zod'
import { conversionMessage, fieldsToAnswer, type PageCriterion } from './answer-form'
import { type AnswerCheckOptions } from './catalog/answers'

const MAX_FIELD = 20_000

/**
 * The schema of one form page of an assessment: a base version and one entry per criterion.
 * `orig` is the value the page was loaded with, so a save writes only what the user changed.
 */
export function answersPageSchema(criteria: ReadonlyArray<PageCriterion>, options: AnswerCheckOptions = {}) {
	const byId = new Map(criteria.map((c) => [c.id, c]))
	return z
		.object({
			baseVersion: z.number({ error: 'form.malformed' }).int().min(1),
			answers: z
				.array(
					z.object({
						id: z.string({ error: 'form.malformed' }).max(200),
						value: z.string().max(MAX_FIELD, `form.tooLong|{"max":${MAX_FIELD}}`).optional(),
						naReason: z.string().max(MAX_FIELD, `form.tooLong|{"max":${MAX_FIELD}}`).optional(),
						orig: z.string().max(MAX_FIELD).optional(),
						origNa: z.string().max(MAX_FIELD).optional(),
					}),
				)
				.max(500)
				.default([]),
		})
		.superRefine((page, ctx) => {
			page.answers.forEach((item, i) => {
				const criterion = byId.get(item.id)
				if (!criterion) {
					ctx.addIssue({ code: 'custom', path: ['answers', i, 'value'], message: 'answer.unknown_criterion' })
					return
				}
				const result = fieldsToAnswer(criterion.answer, item, options)
				if (!result.ok) ctx.addIssue({ code: 'custom', path: ['answers', i, result.field], message: conversionMessage(result) })
			})
		})
}
