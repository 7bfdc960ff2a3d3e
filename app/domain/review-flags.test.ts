import { describe, expect, it } from 'vitest'
import type { Answer } from './catalog/answers'
import { compileCatalog } from './catalog/compile'
import { catalogLineage } from './catalog/lineage'
import { scoreAssessment } from './catalog/scoring'
import { buildCatalog, hospital, NO, YES } from './catalog/testing'
import { answerValue, peerDisagreement, reviewFlags, type FlagInput } from './review-flags'
import { compareRounds } from './round-comparison'

const peers = (total: number, values: Record<string, number>) => ({ total, values: new Map(Object.entries(values)) })

describe('whether an answer differs from what most peers answered', () => {
	it.each([
		['5 peers, all "no", own "yes"', 'yes', peers(5, { no: 5 }), { value: 'no', agreeing: 5, peers: 5 }],
		['6 peers, 4 "no" (exactly two thirds), own "yes"', 'yes', peers(6, { no: 4, yes: 2 }), { value: 'no', agreeing: 4, peers: 6 }],
		['6 peers, 3 "no" (half): no majority', 'yes', peers(6, { no: 3, yes: 3 }), null],
		['4 peers, all "no": too few peers', 'yes', peers(4, { no: 4 }), null],
		['5 peers, all "yes", own "yes": agrees', 'yes', peers(5, { yes: 5 }), null],
		['no own comparable answer', null, peers(5, { no: 5 }), null],
		['no peer answered', 'yes', undefined, null],
	] as const)('%s', (_name, own, counts, expected) => {
		expect(peerDisagreement(own, counts)).toEqual(expected)
	})

	it('compares yes/no and choice answers only', () => {
		expect(answerValue(YES)).toBe('yes')
		expect(answerValue({ kind: 'choice', value: 'vendor' })).toBe('vendor')
		expect(answerValue({ kind: 'number', value: 3 })).toBeNull()
		expect(answerValue(null)).toBeNull()
	})
})

const catalog = buildCatalog()
const compiled = compileCatalog(catalog)
const identity = () => catalogLineage(catalog, catalog)

function side(answers: Map<string, Answer>) {
	const scored = scoreAssessment([compiled], answers, hospital)
	if (!scored.ok) throw new Error('does not score')
	return { catalogs: [compiled], scores: scored.scores, answers, facility: hospital }
}

function input(over: Partial<FlagInput> = {}): FlagInput {
	const before = new Map<string, Answer>([
		['A1', NO],
		['A2', NO],
		['B1', YES],
	])
	const after = new Map<string, Answer>([
		['A1', YES],
		['A2', YES],
		['B1', YES],
	])
	return {
		comparison: compareRounds(side(before), side(after), identity),
		evidence: new Map(),
		answers: after,
		peers: new Map(),
		previousVerdicts: new Map(),
		...over,
	}
}

describe('flags for the evaluator', () => {
	it.each([
		{ name: 'not met → met without new evidence is flagged', over: {}, expected: { A1: ['jumped'], A2: ['jumped'] } },
		{ name: 'a jump with new evidence is not', over: { evidence: new Map([['A1', 1]]) }, expected: { A2: ['jumped'] } },
		{ name: 'no previous round: no jump', over: { comparison: null }, expected: {} },
		{
			name: 'an answer most peers did not give is flagged',
			over: { comparison: null, peers: new Map([['B1', peers(6, { no: 5, yes: 1 })]]) },
			expected: { B1: ['differs_from_peers'] },
		},
		{
			name: 'a criterion whose predecessor the evaluator adjusted or found not met last time is flagged, an accepted one is not',
			over: {
				comparison: null,
				previousVerdicts: new Map([
					['A1', { verdict: 'not_met' as const, reason: 'Không có minh chứng' }],
					['B1', { verdict: 'accept' as const, reason: null }],
					['C1', { verdict: 'adjust' as const, reason: 'Sửa số liệu' }],
				]),
			},
			expected: { A1: ['adjusted_last_time'], C1: ['adjusted_last_time'] },
		},
	])('$name', ({ over, expected }) => {
		const flags = reviewFlags(input(over))
		expect(Object.fromEntries([...flags].map(([id, f]) => [id, f.map((x) => x.reason)]))).toEqual(expected)
	})

	it('says what the previous state was and what the evaluator said', () => {
		const flags = reviewFlags(
			input({ previousVerdicts: new Map([['A1', { verdict: 'adjust' as const, reason: 'Sửa lại' }]]), evidence: new Map([['A2', 1]]) }),
		)
		expect(flags.get('A1')).toEqual([
			{ reason: 'jumped', before: 'not_met' },
			{ reason: 'adjusted_last_time', verdict: 'adjust', evaluatorReason: 'Sửa lại' },
		])
	})

	it('never changes a score: scores computed with and without the flags are identical', () => {
		const i = input({ peers: new Map([['A1', peers(5, { no: 5 })]]) })
		const without = scoreAssessment([compiled], i.answers, hospital)
		const flags = reviewFlags(i)
		expect(flags.size).toBeGreaterThan(0)
		expect(scoreAssessment([compiled], i.answers, hospital)).toEqual(without)
	})
})
