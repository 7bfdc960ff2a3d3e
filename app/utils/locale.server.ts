import { createCookie } from '@remix-run/node'
import { type Locale } from '~/domain/enums'
import { DEFAULT_LOCALE, isLocale, makeTranslate } from '~/i18n/translate'

export const localeCookie = createCookie('lang', {
	path: '/',
	sameSite: 'lax',
	httpOnly: true,
	maxAge: 60 * 60 * 24 * 365,
})

/** The chosen language (remembered in a cookie); Vietnamese by default. */
export async function getLocale(request: Request): Promise<Locale> {
	const value = await localeCookie.parse(request.headers.get('Cookie'))
	return isLocale(value) ? value : DEFAULT_LOCALE
}

export async function getTranslate(request: Request) {
	return makeTranslate(await getLocale(request))
}
