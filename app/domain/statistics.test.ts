import { expect, test } from 'vitest'
import { type Answer } from './catalog/answers'
import { computeStatistics, formatFigure } from './statistics'

const facility = (entries: Record<string, Answer>) => new Map(Object.entries(entries))

test('X/Y counts only facilities that answered, and rounds the percentage to one decimal', () => {
	const sheets = [
		...Array.from({ length: 36 }, () => facility({ 'INV.SYS.lis': { kind: 'choice', value: 'vendor' } })),
		...Array.from({ length: 3 }, () => facility({ 'INV.SYS.lis': { kind: 'choice', value: 'not_deployed' } })),
		facility({}),
	]
	const lis = computeStatistics(sheets).find((s) => s.id === 'lis')!
	expect(lis).toMatchObject({ numerator: 36, denominator: 39, percent: 92.3 })
	expect(formatFigure(lis, 'vi')).toBe('36/39 (92,3 %)')
	expect(formatFigure(lis, 'en')).toBe('36/39 (92.3%)')
})

test('a figure with no answers has no percentage and reads as no data (—), not 0/0', () => {
	const his = computeStatistics([]).find((s) => s.id === 'his')!
	expect(his).toMatchObject({ numerator: 0, denominator: 0, percent: null })
	expect(formatFigure(his, 'vi')).toBe('—')
})

test('thousands are grouped the way each language writes them', () => {
	expect(formatFigure({ numerator: 1128, denominator: 1650, percent: 68.4 }, 'vi')).toBe('1.128/1.650 (68,4 %)')
	expect(formatFigure({ numerator: 1128, denominator: 1650, percent: 68.4 }, 'en')).toBe('1,128/1,650 (68.4%)')
})
