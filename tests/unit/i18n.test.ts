import { expect, test } from 'vitest'
import { errorText } from '~/components/forms'
import { messages } from '~/i18n/messages'
import { formatDate, formatDateTime, makeTranslate, translate } from '~/i18n/translate'

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

test('every message exists, non-empty, in Vietnamese and English with the same placeholders', () => {
	const viKeys = Object.keys(messages.vi).sort()
	expect(Object.keys(messages.en).sort()).toEqual(viKeys)
	for (const key of viKeys as Array<keyof typeof messages.vi>) {
		expect(messages.vi[key].trim(), key).not.toBe('')
		expect(messages.en[key].trim(), key).not.toBe('')
		expect(placeholders(messages.en[key]), key).toEqual(placeholders(messages.vi[key]))
	}
})

test('parameters are filled in, and a missing parameter stays visible rather than vanishing', () => {
	expect(translate('vi', 'dashboard.greeting', { name: 'Mai' })).toBe('Xin chào, Mai')
	expect(translate('en', 'dashboard.greeting', { name: 'Mai' })).toBe('Hello, Mai')
	expect(translate('en', 'dashboard.greeting')).toBe('Hello, {name}')
})

test('the compiler checks placeholders: a message with values needs exactly them, one without takes none', () => {
	const t = makeTranslate('vi')
	expect(t('facilities.count', { count: 3 })).toBe('3 cơ sở')
	expect(t('nav.dashboard')).toBe('Tổng quan')
	// Each line below would be a mistake; the typecheck step of the test command fails if one compiles.
	// @ts-expect-error the value of {count} is missing
	t('facilities.count')
	// @ts-expect-error {total} is not a placeholder of this message
	t('facilities.count', { count: 3, total: 4 })
	// @ts-expect-error a message without placeholders takes no values
	t('nav.dashboard', { name: 'x' })
	// A key chosen at run time (a server's error code) goes through `dynamic`, unchecked.
	expect(t.dynamic('facilities.count', { count: 5 })).toBe('5 cơ sở')
})

test('an error from the server reads as the dictionary\u2019s sentence, with its parameters, in the reader\u2019s language', () => {
	expect(errorText(makeTranslate('vi'), 'form.tooLong|{"max":254}')).toBe('Quá dài (tối đa 254 ký tự).')
	expect(errorText(makeTranslate('en'), 'form.required')).toBe(messages.en['form.required'])
	// Parameters that are not JSON are left out: the placeholder stays visible rather than breaking the form.
	expect(errorText(makeTranslate('vi'), 'form.tooLong|{max')).toBe('Quá dài (tối đa {max} ký tự).')
})

test('an error that is not a key of the dictionary shows a generic message, never the raw text', () => {
	expect(errorText(makeTranslate('vi'), 'Invalid input: expected number, received NaN')).toBe(messages.vi['form.malformed'])
	expect(errorText(makeTranslate('en'), 'campaign.noSuchCode|{"x":1}')).toBe(messages.en['form.malformed'])
	expect(errorText(makeTranslate('en'), 'toString')).toBe(messages.en['form.malformed'])
})

test('dates are written dd/mm/yyyy in Vietnam time, whatever the server clock zone', () => {
	// 17:30 UTC on 31/12 is already 1 January in Hanoi (UTC+7).
	const d = new Date(Date.UTC(2025, 11, 31, 17, 30))
	expect(formatDate('vi', d)).toBe('01/01/2026')
	expect(formatDate('en', d)).toBe('01/01/2026')
})

test('date and time read dd/mm/yyyy HH:mm in Vietnam time in both languages', () => {
	const d = new Date(Date.UTC(2026, 10, 22, 2, 5))
	expect(formatDateTime('vi', d)).toBe('22/11/2026 09:05')
	expect(formatDateTime('en', d)).toBe('22/11/2026 09:05')
})
