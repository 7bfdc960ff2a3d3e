import { type Locale, LOCALES } from '~/domain/enums'
import { type MessageKey, messages } from './messages'

export type { MessageKey }
export type TranslateParams = Record<string, string | number>
export type Translate = (key: MessageKey, params?: TranslateParams) => string

export const DEFAULT_LOCALE: Locale = 'vi'
export const TIME_ZONE = 'Asia/Ho_Chi_Minh'

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as ReadonlyArray<string>).includes(value)
}

export function translate(locale: Locale, key: MessageKey, params?: TranslateParams): string {
	const template = messages[locale][key] ?? messages.vi[key] ?? key
	if (!params) return template
	return template.replace(/\{(\w+)\}/g, (match, name: string) =>
		name in params ? String(params[name]) : match,
	)
}

export function makeTranslate(locale: Locale): Translate {
	return (key, params) => translate(locale, key, params)
}

const numberFormats = { vi: new Intl.NumberFormat('vi-VN'), en: new Intl.NumberFormat('en-GB') }
const dateFormats = {
	vi: new Intl.DateTimeFormat('vi-VN', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: TIME_ZONE }),
	en: new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: TIME_ZONE }),
}
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: TIME_ZONE })

export function formatNumber(locale: Locale, n: number) {
	return numberFormats[locale].format(n)
}

/** dd/mm/yyyy in Asia/Ho_Chi_Minh, whatever the server's time zone. */
export function formatDate(locale: Locale, d: Date | number) {
	return dateFormats[locale].format(d)
}

/** dd/mm/yyyy HH:mm in Asia/Ho_Chi_Minh, in both languages. */
export function formatDateTime(locale: Locale, d: Date | number) {
	return `${dateFormats[locale].format(d)} ${timeFormat.format(d)}`
}
