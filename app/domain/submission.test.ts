import { expect, test } from 'vitest'
import { countMissing } from './submission'

test('what is missing is counted per catalog and per group, answers apart from evidence', () => {
	const counted = countMissing([
		{ catalogCode: 'A', groupId: 'G1', criterionId: 'A.1', kind: 'answer' },
		{ catalogCode: 'A', groupId: 'G1', criterionId: 'A.2', kind: 'evidence' },
		{ catalogCode: 'A', groupId: 'G2', criterionId: 'A.3', kind: 'evidence' },
		{ catalogCode: 'B', groupId: 'G1', criterionId: 'B.1', kind: 'evidence' },
		{ catalogCode: 'B', groupId: 'G2', criterionId: 'B.2', kind: 'conflict' },
	])
	expect(counted.byCatalog).toEqual({ A: { answers: 1, evidence: 2, conflicts: 0 }, B: { answers: 0, evidence: 1, conflicts: 1 } })
	expect(counted.byGroup).toEqual({
		'A/G1': { answers: 1, evidence: 1, conflicts: 0 },
		'A/G2': { answers: 0, evidence: 1, conflicts: 0 },
		'B/G1': { answers: 0, evidence: 1, conflicts: 0 },
		'B/G2': { answers: 0, evidence: 0, conflicts: 1 },
	})
})

test('nothing missing counts nothing', () => {
	expect(countMissing([])).toEqual({ byCatalog: {}, byGroup: {} })
})
