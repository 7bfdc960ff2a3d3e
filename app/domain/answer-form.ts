// Between HTML form fields (strings) and typed answers. Used by the form in the browser and by
// every action on the server, so both refuse exactly the same input. No zod here: the browser form
// imports this module; the server's zod schema of a whole page is in answer-form-schema.ts.
import { type Answer, answerIssue, type AnswerCheckOptions } from './catalog/answers'
import { type AnswerSpec } from './catalog/schema'
import { type Locale } from './enums'
import { formatDecimalInput } from './numbers'
import { cleanText } from './safe-text'

export type AnswerFields = { value: string; naReason: string }

export type Conversion =
	{ ok: true; answer: Answer | null } | { ok: false; code: string; field: 'value' | 'naReason'; params?: Record<string, string | number> }

/** Decimal numbers as people type them: 12, -3, 4.5 or 4,5 (Vietnamese decimal comma). */
const DECIMAL = /^-?\d{1,15}([.,]\d{1,6})?$/

/**
 * Turns submitted strings into an answer; an empty value means "no answer" (cleared). Never
 * coerces. Typed text is kept as `cleanText` stores it (NFC, trimmed).
 */
export function fieldsToAnswer(spec: AnswerSpec, fields: Partial<AnswerFields>, options: AnswerCheckOptions = {}): Conversion {
	const value = cleanText(fields.value ?? '')
	const naReason = cleanText(fields.naReason ?? '')
	if (value === '') {
		if (naReason !== '' && spec.type === 'yes_no') return { ok: false, code: 'answer.na_reason_without_na', field: 'naReason' }
		return { ok: true, answer: null }
	}
	let answer: Answer
	switch (spec.type) {
		case 'yes_no':
			if (value !== 'yes' && value !== 'no' && value !== 'na') return { ok: false, code: 'answer.malformed', field: 'value' }
			answer = value === 'na' ? { kind: 'yes_no', value, naReason } : { kind: 'yes_no', value }
			if (value !== 'na' && naReason !== '') answer = { kind: 'yes_no', value }
			break
		case 'choice':
			answer = { kind: 'choice', value }
			break
		case 'number':
		case 'percent':
			if (!DECIMAL.test(value)) return { ok: false, code: 'answer.not_a_number', field: 'value' }
			answer = { kind: spec.type, value: Number(value.replace(',', '.')) }
			break
		case 'date':
			answer = { kind: 'date', value }
			break
		case 'text':
			answer = { kind: 'text', value }
			break
	}
	const issue = answerIssue(spec, answer, { ...options, mode: 'input' })
	if (issue) return { ok: false, code: issue.code, field: issue.field === 'naReason' ? 'naReason' : 'value', params: issue.params }
	return { ok: true, answer }
}

/**
 * The form fields of an answer. With a language, a number is written as a person of that language
 * types it ("78,5" in Vietnamese, which `fieldsToAnswer` reads back); without one, as stored.
 */
export function answerToFields(answer: Answer | null | undefined, locale?: Locale): AnswerFields {
	if (!answer) return { value: '', naReason: '' }
	return {
		value: locale && typeof answer.value === 'number' ? formatDecimalInput(locale, answer.value) : String(answer.value),
		naReason: answer.kind === 'yes_no' && answer.value === 'na' ? (answer.naReason ?? '') : '',
	}
}

/** A refusal as the message string the forms show: `key` or `key|{"param":1}`. */
export function conversionMessage(c: Extract<Conversion, { ok: false }>): string {
	return c.params ? `${c.code}|${JSON.stringify(c.params)}` : c.code
}

export type PageCriterion = { id: string; answer: AnswerSpec }
