import { expect, test } from 'vitest'
import { type Criterion } from './catalog/schema'
import { answerText } from './report'

const yesNo = { id: 'X.1', answer: { type: 'yes_no', not_applicable: true } } as unknown as Criterion

test('a "not applicable" answer prints the facility’s reason beside it, for the evaluator reading the report', () => {
	expect(answerText(yesNo, { kind: 'yes_no', value: 'na', naReason: '  Bệnh viện không có khoa chẩn đoán hình ảnh ' })).toBe(
		'Không áp dụng — lý do: Bệnh viện không có khoa chẩn đoán hình ảnh',
	)
	expect(answerText(yesNo, { kind: 'yes_no', value: 'na' })).toBe('Không áp dụng')
	expect(answerText(yesNo, { kind: 'yes_no', value: 'yes' })).toBe('Có')
	expect(answerText(yesNo, null)).toBe('Chưa trả lời')
})
