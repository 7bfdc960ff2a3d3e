import { expect, test } from 'vitest'
import { groupBy } from './group'

test('items are grouped by their key, each group and the groups in the order the items came', () => {
	const rows = [
		{ province: '48', code: 'B' },
		{ province: '01', code: 'A' },
		{ province: '48', code: 'C' },
	]
	const groups = groupBy(rows, (r) => r.province)
	expect([...groups.keys()]).toEqual(['48', '01'])
	expect(groups.get('48')!.map((r) => r.code)).toEqual(['B', 'C'])
	expect(groups.get('01')!.map((r) => r.code)).toEqual(['A'])
	expect(groupBy([], (r) => r).size).toBe(0)
})
