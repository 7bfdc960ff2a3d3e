// The second factor's enrolment forms, server-only (docs/decisions/016).
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'

const schema = z.discriminatedUnion(
	'intent',
	[
		z.object({ intent: z.literal('start') }),
		z.object({
			intent: z.literal('confirm'),
			code: z.string({ error: 'form.required' }).trim().min(1, 'form.required').max(20, 'mfa.wrongCode'),
		}),
	],
	{ error: 'form.malformed' },
)

export function parseTwoFactorForm(formData: FormData) {
	return parseWithZod(formData, { schema })
}
