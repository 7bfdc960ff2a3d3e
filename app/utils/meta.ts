// Page titles in the reader's language. A route's `meta` has no dictionary hook: it reads the locale
// from the root loader's data (every page's first match) and translates with the shared dictionary.
import { type Locale } from '~/domain/enums'
import { makeTranslate, type Translate } from '~/i18n/translate'

type Match = { id: string; data: unknown }

/** The reader's language, as the root loader found it (Vietnamese before it answered). */
export function localeOf(matches: ReadonlyArray<Match>): Locale {
	return (matches.find((m) => m.id === 'root')?.data as { locale?: Locale } | undefined)?.locale ?? 'vi'
}

/** `<page> · <application>` in the reader's language; `page` gets the translate function and the locale. */
export function pageTitle(matches: ReadonlyArray<Match>, page: (t: Translate, locale: Locale) => string) {
	const locale = localeOf(matches)
	const t = makeTranslate(locale)
	const text = page(t, locale)
	return [{ title: text ? `${text} · ${t('app.name')}` : t('app.name') }]
}
