// Answer values and the one predicate that decides whether an answer fits a criterion. The zod
// schema (`answerSchemaFor`, in answer-schema.ts) and the scoring engine both run `answerIssue`, so a
// value the form accepts is a value the engine accepts, and nothing is ever coerced. This module
// imports no zod, so the browser form can check answers without shipping it.
import type { AnswerSpec } from './schema'

export type YesNoValue = 'yes' | 'no' | 'na'
export type YesNoAnswer = { kind: 'yes_no'; value: YesNoValue; naReason?: string }
export type ChoiceAnswer = { kind: 'choice'; value: string }
export type NumberAnswer = { kind: 'number'; value: number }
export type PercentAnswer = { kind: 'percent'; value: number }
/** ISO calendar date, yyyy-mm-dd. */
export type DateAnswer = { kind: 'date'; value: string }
export type TextAnswer = { kind: 'text'; value: string }
export type Answer = YesNoAnswer | ChoiceAnswer | NumberAnswer | PercentAnswer | DateAnswer | TextAnswer

/** criterionId → answer; a missing key, `undefined` or `null` means "not answered". */
export type AnswerLookup = ReadonlyMap<string, Answer | null | undefined> | Readonly<Record<string, Answer | null | undefined>>

export const NA_REASON_MAX_LENGTH = 1000

/** Message keys of answer refusals, for the i18n dictionary (`answer.*`). */
export const ANSWER_ISSUE_CODES = [
	'answer.malformed',
	'answer.wrong_kind',
	'answer.na_not_allowed',
	'answer.na_reason_required',
	'answer.na_reason_too_long',
	'answer.na_reason_without_na',
	'answer.choice_unknown',
	'answer.number_not_integer',
	'answer.number_below_min',
	'answer.number_above_max',
	'answer.percent_out_of_range',
	'answer.date_invalid',
	'answer.date_in_future',
	'answer.text_empty',
	'answer.text_too_long',
] as const
export type AnswerIssueCode = (typeof ANSWER_ISSUE_CODES)[number]
export type AnswerIssue = {
	code: AnswerIssueCode
	/** Which field of the answer is wrong. */
	field: 'kind' | 'value' | 'naReason'
	params?: Record<string, string | number>
}

export type AnswerCheckOptions = {
	/** Today in Asia/Ho_Chi_Minh (yyyy-mm-dd); without it future dates are not checked. */
	today?: string
	/**
	 * `input` (default) refuses N/A where the criterion does not allow it. `scoring` accepts it
	 * and scores it as not met (reason `na_not_allowed`), so a stored answer that predates a
	 * catalog change still scores instead of failing.
	 */
	mode?: 'input' | 'scoring'
}

export const malformed = 'answer.malformed'

/**
 * Why `answer` is not an acceptable answer to a criterion with this spec, or null if it is.
 * Checks the structure too (it accepts exactly what AnswerSchema accepts), and allocates
 * nothing on success: the scoring engine calls it for every answer.
 */
export function answerIssue(spec: AnswerSpec, answer: unknown, options: AnswerCheckOptions = {}): AnswerIssue | null {
	if (typeof answer !== 'object' || answer === null) return { code: malformed, field: 'kind' }
	const { kind, value } = answer as { kind?: unknown; value?: unknown }
	switch (kind) {
		case 'yes_no': {
			if (value !== 'yes' && value !== 'no' && value !== 'na') return { code: malformed, field: 'value' }
			const reason = (answer as { naReason?: unknown }).naReason
			if (reason !== undefined && typeof reason !== 'string') return { code: malformed, field: 'naReason' }
			if (spec.type !== 'yes_no') return wrongKind(spec)
			if (value !== 'na') {
				return reason === undefined ? null : { code: 'answer.na_reason_without_na', field: 'naReason' }
			}
			if (!spec.not_applicable && options.mode !== 'scoring') return { code: 'answer.na_not_allowed', field: 'value' }
			if (reason === undefined || reason.trim().length === 0) return { code: 'answer.na_reason_required', field: 'naReason' }
			if (reason.length > NA_REASON_MAX_LENGTH) {
				return { code: 'answer.na_reason_too_long', field: 'naReason', params: { max: NA_REASON_MAX_LENGTH } }
			}
			return null
		}
		case 'choice': {
			if (typeof value !== 'string') return { code: malformed, field: 'value' }
			if (spec.type !== 'choice') return wrongKind(spec)
			for (const option of spec.options) if (option.value === value) return null
			return { code: 'answer.choice_unknown', field: 'value', params: { value } }
		}
		case 'number': {
			if (typeof value !== 'number' || !Number.isFinite(value)) return { code: malformed, field: 'value' }
			if (spec.type !== 'number') return wrongKind(spec)
			if (spec.integer && !Number.isInteger(value)) return { code: 'answer.number_not_integer', field: 'value' }
			if (spec.min !== undefined && value < spec.min) return { code: 'answer.number_below_min', field: 'value', params: { min: spec.min } }
			if (spec.max !== undefined && value > spec.max) return { code: 'answer.number_above_max', field: 'value', params: { max: spec.max } }
			return null
		}
		case 'percent': {
			if (typeof value !== 'number' || !Number.isFinite(value)) return { code: malformed, field: 'value' }
			if (spec.type !== 'percent') return wrongKind(spec)
			if (value < 0 || value > 100) return { code: 'answer.percent_out_of_range', field: 'value', params: { min: 0, max: 100 } }
			return null
		}
		case 'date': {
			if (typeof value !== 'string') return { code: malformed, field: 'value' }
			if (spec.type !== 'date') return wrongKind(spec)
			if (!isCalendarDate(value)) return { code: 'answer.date_invalid', field: 'value' }
			if (!spec.allow_future && options.today !== undefined && value > options.today) {
				return { code: 'answer.date_in_future', field: 'value', params: { today: options.today } }
			}
			return null
		}
		case 'text': {
			if (typeof value !== 'string') return { code: malformed, field: 'value' }
			if (spec.type !== 'text') return wrongKind(spec)
			if (value.trim().length === 0) return { code: 'answer.text_empty', field: 'value' }
			if (value.length > spec.max_length) return { code: 'answer.text_too_long', field: 'value', params: { max: spec.max_length } }
			return null
		}
		default:
			return { code: malformed, field: 'kind' }
	}
}

function wrongKind(spec: AnswerSpec): AnswerIssue {
	return { code: 'answer.wrong_kind', field: 'kind', params: { expected: spec.type } }
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

/** A real calendar date written yyyy-mm-dd (2025-02-29 is not one). */
export function isCalendarDate(value: string): boolean {
	const m = DATE_PATTERN.exec(value)
	if (!m) return false
	const year = Number(m[1])
	const month = Number(m[2])
	const day = Number(m[3])
	if (month < 1 || month > 12 || day < 1) return false
	const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
	const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
	return day <= days
}
