import { expect, test } from 'vitest'
import { type Criterion } from './catalog/schema'
import { answerText, printedClause } from './report'

const yesNo = { id: 'X.1', answer: { type: 'yes_no', not_applicable: true } } as unknown as Criterion

test('a "not applicable" answer prints the facility’s reason beside it, for the evaluator reading the report', () => {
	expect(answerText(yesNo, { kind: 'yes_no', value: 'na', naReason: '  Bệnh viện không có khoa chẩn đoán hình ảnh ' })).toBe(
		'Không áp dụng — lý do: Bệnh viện không có khoa chẩn đoán hình ảnh',
	)
	expect(answerText(yesNo, { kind: 'yes_no', value: 'na' })).toBe('Không áp dụng')
	expect(answerText(yesNo, { kind: 'yes_no', value: 'yes' })).toBe('Có')
	expect(answerText(yesNo, null)).toBe('Chưa trả lời')
})

test.each([
	['Phụ lục I, Mục I (số mục suy luận, chưa xác minh), mức cơ bản', 'Phụ lục I, Mục I, mức cơ bản'],
	['Phụ lục I, Mục III (số mục suy luận, chưa xác minh)', 'Phụ lục I, Mục III'],
	['Điều 9 khoản 2 (theo nguồn thứ cấp)', 'Điều 9 khoản 2 (theo nguồn thứ cấp)'],
	['Điều 5 (Chưa xác minh)', 'Điều 5'],
	['Điều 12 khoản 2 điểm b', 'Điều 12 khoản 2 điểm b'],
])('the official report prints the clause %s as %s, without the catalog authors\u2019 working notes', (clause, printed) => {
	expect(printedClause(clause)).toBe(printed)
})
