// Form fields holding names, cleaned by app/domain/safe-text before their length is checked.
import { z } from 'zod'
import { cleanName } from './safe-text'

/**
 * A form field holding a name: cleaned as `cleanName` does before its length is checked (the
 * messages are dictionary keys, as every form's).
 */
export function nameField(min: number, max: number) {
	return z
		.string({ error: 'form.required' })
		.transform(cleanName)
		.pipe(z.string().min(min, `form.tooShort|{"min":${min}}`).max(max, `form.tooLong|{"max":${max}}`))
}

/** An optional name field (a job title, an address): cleaned, at most `max` characters. */
export function optionalNameField(max: number) {
	return z
		.string()
		.transform(cleanName)
		.pipe(z.string().max(max, `form.tooLong|{"max":${max}}`))
		.optional()
}
