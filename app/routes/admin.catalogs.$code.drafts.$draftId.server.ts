// The catalog draft page's server-only form schema: publish, discard, or write the ticked lineage suggestions.
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'

const criterionId = z.string({ error: 'form.malformed' }).min(1, 'form.malformed').max(200, 'form.malformed')

export const CatalogDraftSchema = z.discriminatedUnion(
	'intent',
	[
		z.object({ intent: z.literal('publish') }),
		z.object({ intent: z.literal('discard') }),
		z.object({
			intent: z.literal('lineage'),
			accept: z
				.array(criterionId, { error: 'catalogDraft.nothingAccepted' })
				.min(1, 'catalogDraft.nothingAccepted')
				.max(5000, 'form.malformed'),
		}),
	],
	{ error: 'form.malformed' },
)

export function parseCatalogDraftForm(formData: FormData) {
	return parseWithZod(formData, { schema: CatalogDraftSchema })
}
