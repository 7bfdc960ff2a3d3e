import { type ActionFunctionArgs, redirect } from '@remix-run/node'
import { isLocale } from '~/i18n/translate'
import { safeRedirectPath } from '~/utils/http.server'
import { localeCookie } from '~/utils/locale.server'

export async function loader() {
	throw redirect('/')
}

/** Switches the interface language and remembers it (works without JavaScript). */
export async function action({ request }: ActionFunctionArgs) {
	const form = await request.formData()
	const locale = form.get('locale')
	if (!isLocale(locale)) throw new Response('Unknown language', { status: 400 })
	throw redirect(safeRedirectPath(form.get('redirectTo'), '/'), {
		headers: { 'Set-Cookie': await localeCookie.serialize(locale) },
	})
}
