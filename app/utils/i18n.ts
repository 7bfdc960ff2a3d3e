import { useRouteLoaderData } from '@remix-run/react'
import { useMemo } from 'react'
import { type Locale } from '~/domain/enums'
import { DEFAULT_LOCALE, makeTranslate } from '~/i18n/translate'

export function useLocale(): Locale {
	const data = useRouteLoaderData<{ locale: Locale }>('root')
	return data?.locale ?? DEFAULT_LOCALE
}

/** The translate function for the page's language. */
export function useT() {
	const locale = useLocale()
	return useMemo(() => makeTranslate(locale), [locale])
}
