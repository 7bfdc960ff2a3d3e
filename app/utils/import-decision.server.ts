// The decision on a previewed upload (a registry file, a hospital's workbook): apply it, or throw it
// away. Parsed on the server only, so zod stays out of the preview pages' JavaScript.
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'

const ImportDecisionSchema = z.discriminatedUnion(
	'intent',
	[z.object({ intent: z.literal('apply') }), z.object({ intent: z.literal('discard') })],
	{
		error: 'form.malformed',
	},
)

export function parseImportDecision(formData: FormData) {
	return parseWithZod(formData, { schema: ImportDecisionSchema })
}
