import { expect, test } from 'vitest'
import { makeTranslate } from '~/i18n/translate'
import { changesOf } from './audit-diff'

const submission = {
	action: 'assessment.submit',
	entityType: 'assessment',
	before: { status: 'draft' },
	after: {
		status: 'submitted',
		round: 1,
		levels: [
			['HIMSS-EMRAM-2008', 'STAGE4'],
			['INV-DIGITAL-2026', null],
		],
	},
}
const levelNames = {
	'HIMSS-EMRAM-2008/STAGE4': {
		catalog: { vi: 'Mô hình HIMSS EMRAM', en: 'HIMSS EMRAM' },
		level: { vi: 'Giai đoạn 4', en: 'Stage 4' },
	},
}

test('the levels a submission recorded read as the catalog’s and the level’s names, not their codes', () => {
	const levels = changesOf(makeTranslate('vi'), 'vi', submission, undefined, levelNames).find((c) => c.key === 'levels')!
	expect(levels.to).toBe('Mô hình HIMSS EMRAM: Giai đoạn 4 · INV-DIGITAL-2026: —')
	expect(String(levels.to)).not.toContain('STAGE4')
	const english = changesOf(makeTranslate('en'), 'en', submission, undefined, levelNames).find((c) => c.key === 'levels')!
	expect(english.to).toContain('HIMSS EMRAM: Stage 4')
})
