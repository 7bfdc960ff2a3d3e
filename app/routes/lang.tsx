import { parseWithZod } from '@conform-to/zod/v4'
import { type ActionFunctionArgs, redirect } from '@remix-run/node'
import { z } from 'zod'
import { LOCALES } from '~/domain/enums'
import { invariantResponse, readFormData, safeRedirectPath } from '~/utils/http.server'
import { localeCookie } from '~/utils/locale.server'

export async function loader() {
	throw redirect('/')
}

/** The language switch in the header (hidden fields: the language to switch to, the page to return to). */
export const LanguageSchema = z.object({
	locale: z.enum(LOCALES),
	redirectTo: z.string().optional(),
})

/** Switches the interface language and remembers it (works without JavaScript). */
export async function action({ request }: ActionFunctionArgs) {
	const submission = parseWithZod(await readFormData(request), { schema: LanguageSchema })
	// The form has no field a person types in: anything else did not come from the switch.
	invariantResponse(submission.status === 'success', 'Unknown language', { status: 400 })
	const { locale, redirectTo } = submission.value
	throw redirect(safeRedirectPath(redirectTo, '/'), {
		headers: { 'Set-Cookie': await localeCookie.serialize(locale) },
	})
}
