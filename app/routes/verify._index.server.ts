// The verification page's server-only form schema (a .server module never reaches the browser, so neither do zod and Conform's zod adapter).
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'

/** The upload form: one PDF (an empty file input is no file). */
export const UploadSchema = z.object({
	file: z.instanceof(Blob, { error: 'verify.result.missingFile' }).refine((file) => file.size > 0, 'verify.result.missingFile'),
})

export function parseUploadForm(formData: FormData) {
	return parseWithZod(formData, { schema: UploadSchema })
}
