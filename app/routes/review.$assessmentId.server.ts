// The review screen's server-only form schemas (a .server module never reaches the browser, so neither do zod and Conform's zod adapter).
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { VERDICTS } from '~/domain/enums'

const tooLong = (max: number) => `form.tooLong|{"max":${max}}`
const MAX_FIELD = 20_000

/** Requested changes, one per line: blank lines dropped, at most 100. */
const lines = (text: string) =>
	text
		.split('\n')
		.map((l) => l.trim())
		.filter(Boolean)
		.slice(0, 100)

/** The forms of the review screen, one per intent. What needs the assessment (claim, criterion, answer rules) the services check. */
export const ReviewSchema = z.discriminatedUnion('intent', [
	z.object({ intent: z.literal('claim') }),
	z.object({ intent: z.literal('release') }),
	z.object({ intent: z.literal('approve') }),
	z.object({
		intent: z.literal('return'),
		changes: z
			.string()
			.default('')
			.transform(lines)
			.refine((changes) => changes.every((c) => c.length <= 2000), tooLong(2000)),
	}),
	z.object({ intent: z.literal('reopen'), reason: z.string().trim().max(2000, tooLong(2000)).default('') }),
	z.object({
		intent: z.literal('verdict'),
		criterionId: z.string({ error: 'form.malformed' }).max(200, 'form.malformed'),
		verdict: z.enum(VERDICTS, { error: 'form.required' }),
		value: z.string().max(MAX_FIELD, tooLong(MAX_FIELD)).optional(),
		naReason: z.string().max(MAX_FIELD, tooLong(MAX_FIELD)).optional(),
		reason: z.string().max(MAX_FIELD, tooLong(MAX_FIELD)).default(''),
	}),
	z.object({
		intent: z.literal('comment'),
		criterionId: z.string().max(200, 'form.malformed').optional(),
		body: z.string().max(MAX_FIELD, tooLong(MAX_FIELD)).default(''),
	}),
	z.object({ intent: z.literal('issue_report') }),
])

export type Intent = z.infer<typeof ReviewSchema>['intent']

export function parseReviewForm(formData: FormData) {
	return parseWithZod(formData, { schema: ReviewSchema })
}
