import { type Locale, LOCALES } from '~/domain/enums'
import { type MessageKey, type MessageParams, vi } from './vi'

export type { MessageKey, MessageParams }
export type TranslateParams = Record<string, string | number>
/** A key's values: required, and exactly its placeholders, when its message has any; none otherwise. */
export type ParamsFor<K extends MessageKey> = [MessageParams<K>] extends [never]
	? [params?: Record<string, never>]
	: [params: Record<MessageParams<K>, string | number>]
/**
 * Translates a key whose placeholders the compiler checks (a missing or misspelt value does not
 * compile). `dynamic` is for a key chosen at run time (a server's error code, a stored action name):
 * its values cannot be checked, a missing one shows as its {name}.
 */
export type Translate = {
	<K extends MessageKey>(key: K, ...params: ParamsFor<K>): string
	dynamic(key: MessageKey, params?: TranslateParams): string
}

export const DEFAULT_LOCALE: Locale = 'vi'
export const TIME_ZONE = 'Asia/Ho_Chi_Minh'

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as ReadonlyArray<string>).includes(value)
}

export type Dictionary = Record<MessageKey, string>

/** The languages at hand: Vietnamese always; English once registered (by messages.ts on the server, by entry.client in the browser). */
const dictionaries: Partial<Record<Locale, Dictionary>> = { vi }

export function registerDictionary(locale: Locale, dictionary: Dictionary) {
	dictionaries[locale] = dictionary
}

export function hasDictionary(locale: Locale) {
	return dictionaries[locale] !== undefined
}

/** Whether a string is a key of the dictionary (for labels looked up by a name built at run time). */
export function isMessageKey(key: string): key is MessageKey {
	return Object.prototype.hasOwnProperty.call(vi, key)
}

export function translate(locale: Locale, key: MessageKey, params?: TranslateParams): string {
	const template = dictionaries[locale]?.[key] ?? vi[key] ?? key
	if (!params) return template
	return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match))
}

export function makeTranslate(locale: Locale): Translate {
	const t = <K extends MessageKey>(key: K, ...params: ParamsFor<K>) => translate(locale, key, params[0])
	return Object.assign(t, { dynamic: (key: MessageKey, params?: TranslateParams) => translate(locale, key, params) })
}

const dateFormats = {
	vi: new Intl.DateTimeFormat('vi-VN', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: TIME_ZONE }),
	en: new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: TIME_ZONE }),
}
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: TIME_ZONE })

export { formatNumber, formatPercent } from '~/domain/numbers'

/** dd/mm/yyyy in Asia/Ho_Chi_Minh, whatever the server's time zone. */
export function formatDate(locale: Locale, d: Date | number) {
	return dateFormats[locale].format(d)
}

/** dd/mm/yyyy HH:mm in Asia/Ho_Chi_Minh, in both languages. */
export function formatDateTime(locale: Locale, d: Date | number) {
	return `${dateFormats[locale].format(d)} ${timeFormat.format(d)}`
}
