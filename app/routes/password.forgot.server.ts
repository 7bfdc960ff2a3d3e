// The forgotten-password form's server-only schema (a .server module never reaches the browser).
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'

export const ForgotSchema = z.object({
	email: z.string({ error: 'form.required' }).trim().max(254, 'form.tooLong|{"max":254}').pipe(z.email('form.invalidEmail')),
})

export function parseForgotForm(formData: FormData) {
	return parseWithZod(formData, { schema: ForgotSchema })
}
