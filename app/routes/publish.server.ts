// The publication page's server-only form schema (a .server module never reaches the browser, so neither do zod and Conform's zod adapter).
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'

const assessmentId = z.number({ error: 'form.malformed' }).int().positive().max(Number.MAX_SAFE_INTEGER)

/** The two forms of the page: publish the ticked results; withdraw one published result with a reason. */
export const PublishSchema = z.discriminatedUnion('intent', [
	z.object({
		intent: z.literal('publish'),
		assessmentId: z.array(assessmentId).min(1, 'publish.nothingSelected').max(1000, 'form.malformed'),
	}),
	z.object({
		intent: z.literal('withdraw'),
		assessmentId,
		reason: z.string().max(2000, 'form.tooLong|{"max":2000}').default(''),
	}),
])

export function parsePublishForm(formData: FormData) {
	return parseWithZod(formData, { schema: PublishSchema })
}
