import { describe, expect, test } from 'vitest'
import { answerToFields, fieldsToAnswer } from './answer-form'
import { type AnswerSpec } from './catalog/schema'
import { formatDecimalInput, formatNumber, formatPercent, withPercentSign } from './numbers'

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

test('a percentage typed "78,5" is accepted, stored as 78.5 and shown back "78,5" in Vietnamese, "78.5" in English', () => {
	const spec: AnswerSpec = { type: 'percent' }
	const typed = fieldsToAnswer(spec, { value: '78,5' })
	expect(typed).toEqual({ ok: true, answer: { kind: 'percent', value: 78.5 } })
	const answer = typed.ok ? typed.answer : null
	expect(answerToFields(answer, 'vi').value).toBe('78,5')
	expect(answerToFields(answer, 'en').value).toBe('78.5')
	// Without a language (the workbook, the conflict reply): as stored.
	expect(answerToFields(answer).value).toBe('78.5')
	// What the form shows back reads as the same answer.
	expect(fieldsToAnswer(spec, answerToFields(answer, 'vi'))).toEqual(typed)
})

test('a figure gets the percent sign as each language writes it', () => {
	expect(withPercentSign('vi', '92,3')).toBe('92,3 %')
	expect(withPercentSign('en', '92.3')).toBe('92.3%')
})
