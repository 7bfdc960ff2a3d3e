// The dashboard's form, parsed on the server only: a .server module never reaches the browser, so
// neither do zod and Conform's zod adapter (docs/ARCHITECTURE.md).
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'

/** The dashboard's forms, by intent: marking the listed notifications read. */
export const DashboardSchema = z.discriminatedUnion('intent', [
	z.object({ intent: z.literal('markRead'), notificationId: z.array(z.number().int().positive()).max(100).default([]) }),
])

export function parseDashboardForm(formData: FormData) {
	return parseWithZod(formData, { schema: DashboardSchema })
}
