// The second sign-in step's server-only schema (docs/decisions/016).
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'

export const CodeSchema = z.object({
	code: z.string({ error: 'form.required' }).trim().min(1, 'form.required').max(40, 'mfa.wrongCode'),
	redirectTo: z.string().max(500).optional(),
})

export function parseCodeForm(formData: FormData) {
	return parseWithZod(formData, { schema: CodeSchema })
}
