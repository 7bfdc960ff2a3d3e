import { describe, expect, test } from 'vitest'
import { formatDecimalInput, formatNumber, formatPercent } from './numbers'

describe('numbers as people read them', () => {
	test.each([
		['vi', 87.5, '87,5 %'],
		['en', 87.5, '87.5%'],
		['vi', 100, '100 %'],
		['en', 100, '100%'],
		['vi', 66.666, '66,7 %'],
		['vi', 0, '0 %'],
	] as const)('a %s share of %d reads %s', (locale, n, text) => {
		expect(formatPercent(locale, n)).toBe(text)
	})

	test('thousands are grouped the way each language groups them', () => {
		expect(formatNumber('vi', 1650)).toBe('1.650')
		expect(formatNumber('en', 1650)).toBe('1,650')
	})

	test('a decimal typed with a comma is shown back with a comma in Vietnamese and a point in English', () => {
		expect(formatDecimalInput('vi', 78.5)).toBe('78,5')
		expect(formatDecimalInput('en', 78.5)).toBe('78.5')
		expect(formatDecimalInput('vi', 80)).toBe('80')
	})
})
