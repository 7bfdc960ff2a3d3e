import { expect, test } from 'vitest'
import { shortText } from './criterion-names'

test('a short text is kept whole, spaces tidied', () => {
	expect(shortText('  Có   hệ thống HIS  ')).toBe('Có hệ thống HIS')
})

test('a long text is cut at a word, without trailing punctuation, and says it was cut', () => {
	const text = 'Hệ thống thông tin bệnh viện kết nối liên thông dữ liệu với cổng tiếp nhận dữ liệu của Bảo hiểm xã hội Việt Nam theo chuẩn'
	const short = shortText(text, 60)
	expect(short.length).toBeLessThanOrEqual(60)
	expect(short.endsWith('…')).toBe(true)
	expect(text.startsWith(short.slice(0, -1))).toBe(true)
	expect(short).not.toMatch(/\s…$/)
})

test('a word longer than half the limit is cut inside rather than dropped', () => {
	expect(shortText('x'.repeat(200), 20)).toBe(`${'x'.repeat(19)}…`)
})
