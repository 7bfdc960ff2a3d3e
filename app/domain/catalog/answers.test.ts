import fc from 'fast-check'
import { expect, test } from 'vitest'
import { answerSchemaFor } from './answer-schema'
import { answerIssue, isCalendarDate, type AnswerCheckOptions } from './answers'
import type { AnswerSpec, Criterion } from './schema'
import { buildCatalog, catalogInput, criterionInput, text } from './testing'

const specs = {
	yesNo: { type: 'yes_no' },
	yesNoNa: { type: 'yes_no', not_applicable: true },
	choice: {
		type: 'choice',
		options: [
			{ value: 'low', label: text('Low'), points: 1 },
			{ value: 'high', label: text('High'), points: 3 },
		],
		met_at_points: 2,
	},
	count: { type: 'number', min: 0, max: 500, integer: true },
	ratio: { type: 'number', min: 0.5, max: 2 },
	share: { type: 'percent' },
	pastDate: { type: 'date' },
	anyDate: { type: 'date', allow_future: true },
	note: { type: 'text', max_length: 10 },
} as const

const criteria: Record<keyof typeof specs, Criterion> = (() => {
	const catalog = buildCatalog(
		catalogInput({
			groups: [
				{
					id: 'G',
					title: text('G'),
					criteria: Object.entries(specs).map(([id, answer]) => criterionInput(id, { answer })),
				},
			],
			levels: [],
		}),
	)
	return Object.fromEntries(catalog.groups[0].criteria.map((c) => [c.id, c])) as Record<keyof typeof specs, Criterion>
})()

const TODAY: AnswerCheckOptions = { today: '2026-11-22' }

test.each<[keyof typeof specs, unknown]>([
	['yesNo', { kind: 'yes_no', value: 'yes' }],
	['yesNo', { kind: 'yes_no', value: 'no' }],
	['yesNoNa', { kind: 'yes_no', value: 'na', naReason: 'We have no inpatients.' }],
	['choice', { kind: 'choice', value: 'high' }],
	['count', { kind: 'number', value: 0 }],
	['count', { kind: 'number', value: 500 }],
	['ratio', { kind: 'number', value: 1.25 }],
	['share', { kind: 'percent', value: 0 }],
	['share', { kind: 'percent', value: 100 }],
	['share', { kind: 'percent', value: 37.5 }],
	['pastDate', { kind: 'date', value: '2026-11-22' }],
	['pastDate', { kind: 'date', value: '2024-02-29' }],
	['anyDate', { kind: 'date', value: '2030-01-01' }],
	['note', { kind: 'text', value: 'Ten chars.' }],
])('the %s criterion accepts %j', (id, answer) => {
	const result = answerSchemaFor(criteria[id], TODAY).safeParse(answer)
	expect(result.success).toBe(true)
	expect(result.data).toEqual(answer)
	expect(answerIssue(criteria[id].answer, answer, TODAY)).toBe(null)
})

test.each<[keyof typeof specs, unknown, string, string]>([
	['yesNo', { kind: 'choice', value: 'yes' }, 'answer.wrong_kind', 'kind'],
	['yesNo', { kind: 'yes_no', value: 'maybe' }, 'answer.malformed', 'value'],
	['yesNo', { kind: 'yes_no', value: true }, 'answer.malformed', 'value'],
	['yesNo', { kind: 'yes_no', value: 'na', naReason: 'No reason to answer.' }, 'answer.na_not_allowed', 'value'],
	['yesNo', { kind: 'yes_no', value: 'yes', naReason: 'left over' }, 'answer.na_reason_without_na', 'naReason'],
	['yesNoNa', { kind: 'yes_no', value: 'na' }, 'answer.na_reason_required', 'naReason'],
	['yesNoNa', { kind: 'yes_no', value: 'na', naReason: '   ' }, 'answer.na_reason_required', 'naReason'],
	['yesNoNa', { kind: 'yes_no', value: 'na', naReason: 'x'.repeat(1001) }, 'answer.na_reason_too_long', 'naReason'],
	['choice', { kind: 'choice', value: 'medium' }, 'answer.choice_unknown', 'value'],
	['choice', { kind: 'choice', value: 3 }, 'answer.malformed', 'value'],
	['count', { kind: 'number', value: '12' }, 'answer.malformed', 'value'],
	['count', { kind: 'number', value: Number.NaN }, 'answer.malformed', 'value'],
	['count', { kind: 'number', value: Number.POSITIVE_INFINITY }, 'answer.malformed', 'value'],
	['count', { kind: 'number', value: 2.5 }, 'answer.number_not_integer', 'value'],
	['count', { kind: 'number', value: -1 }, 'answer.number_below_min', 'value'],
	['count', { kind: 'number', value: 501 }, 'answer.number_above_max', 'value'],
	['ratio', { kind: 'number', value: 0.4 }, 'answer.number_below_min', 'value'],
	['share', { kind: 'percent', value: 100.01 }, 'answer.percent_out_of_range', 'value'],
	['share', { kind: 'percent', value: -0.5 }, 'answer.percent_out_of_range', 'value'],
	['share', { kind: 'number', value: 50 }, 'answer.wrong_kind', 'kind'],
	['pastDate', { kind: 'date', value: '2026-11-23' }, 'answer.date_in_future', 'value'],
	['pastDate', { kind: 'date', value: '2025-02-29' }, 'answer.date_invalid', 'value'],
	['pastDate', { kind: 'date', value: '22/11/2026' }, 'answer.date_invalid', 'value'],
	['note', { kind: 'text', value: '' }, 'answer.text_empty', 'value'],
	['note', { kind: 'text', value: 'Eleven chars' }, 'answer.text_too_long', 'value'],
	['note', { kind: 'potato', value: 'x' }, 'answer.malformed', 'kind'],
])('the %s criterion refuses %j with %s', (id, answer, code, field) => {
	const result = answerSchemaFor(criteria[id], TODAY).safeParse(answer)
	expect(result.success).toBe(false)
	expect(result.error?.issues).toContainEqual(expect.objectContaining({ message: code, path: [field] }))
	expect(answerIssue(criteria[id].answer, answer, TODAY)).toMatchObject({ code, field })
})

test('refusals carry the bound that was broken, for the message', () => {
	expect(answerIssue(criteria.count.answer, { kind: 'number', value: 900 })).toEqual({
		code: 'answer.number_above_max',
		field: 'value',
		params: { max: 500 },
	})
	const result = answerSchemaFor(criteria.pastDate, TODAY).safeParse({ kind: 'date', value: '2027-01-01' })
	expect(result.error?.issues[0]).toMatchObject({ message: 'answer.date_in_future', params: { today: '2026-11-22' } })
})

test('without today, a future date is not refused', () => {
	expect(answerIssue(criteria.pastDate.answer, { kind: 'date', value: '2099-01-01' })).toBe(null)
})

test('scoring mode accepts N/A where it is not allowed (it scores as not met), but still needs a reason', () => {
	const spec = criteria.yesNo.answer
	expect(answerIssue(spec, { kind: 'yes_no', value: 'na', naReason: 'legacy' }, { mode: 'scoring' })).toBe(null)
	expect(answerIssue(spec, { kind: 'yes_no', value: 'na' }, { mode: 'scoring' })?.code).toBe('answer.na_reason_required')
})

test('a value is never coerced: "12" is not 12 and "yes" is not true', () => {
	expect(answerSchemaFor(criteria.count).safeParse({ kind: 'number', value: '12' }).success).toBe(false)
	expect(answerSchemaFor(criteria.yesNo).safeParse({ kind: 'yes_no', value: 1 }).success).toBe(false)
})

test.each([
	['2024-02-29', true],
	['2023-02-29', false],
	['1900-02-29', false],
	['2000-02-29', true],
	['2025-04-31', false],
	['2025-12-31', true],
	['2025-00-10', false],
	['2025-1-01', false],
])('isCalendarDate(%s) is %s', (value, expected) => {
	expect(isCalendarDate(value)).toBe(expected)
})

const anyAnswer = fc.oneof(
	fc.record({ kind: fc.constant('yes_no'), value: fc.constantFrom('yes', 'no', 'na', 'maybe') }, { requiredKeys: ['kind', 'value'] }),
	fc.record(
		{
			kind: fc.constant('yes_no'),
			value: fc.constantFrom('yes', 'no', 'na'),
			naReason: fc.oneof(fc.string(), fc.constant(undefined), fc.integer()),
		},
		{ requiredKeys: ['kind', 'value'] },
	),
	fc.record({ kind: fc.constant('choice'), value: fc.oneof(fc.constantFrom('low', 'high', 'x'), fc.integer()) }),
	fc.record({ kind: fc.constantFrom('number', 'percent'), value: fc.oneof(fc.double(), fc.integer({ min: -10, max: 1000 }), fc.string()) }),
	fc.record({ kind: fc.constant('date'), value: fc.oneof(fc.constantFrom('2026-11-22', '2026-11-23', '2025-02-29', 'x'), fc.integer()) }),
	fc.record({ kind: fc.constant('text'), value: fc.oneof(fc.string({ maxLength: 14 }), fc.integer()) }),
	fc.anything(),
)

test('the zod schema and the engine predicate accept exactly the same answers', () => {
	const ids = Object.keys(specs) as Array<keyof typeof specs>
	fc.assert(
		fc.property(
			fc.constantFrom(...ids),
			anyAnswer,
			fc.constantFrom<AnswerCheckOptions>({}, TODAY, { mode: 'scoring' }),
			(id, answer, options) => {
				const spec: AnswerSpec = criteria[id].answer
				const bySchema = answerSchemaFor(criteria[id], options).safeParse(answer).success
				expect(bySchema).toBe(answerIssue(spec, answer, options) === null)
			},
		),
		{ numRuns: 2000 },
	)
})
