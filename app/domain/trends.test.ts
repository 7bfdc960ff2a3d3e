import { describe, expect, it } from 'vitest'
import type { VerifiedLevel } from './portal'
import { distributionTrend, facilityTrend } from './trends'

const t = (s: string) => ({ vi: s, en: s })
const lv = (code: string, rank: number | null, percent: number | null = 50): VerifiedLevel => ({
	code,
	version: 1,
	achievedLevel: rank === null ? null : { id: `L${rank}`, rank, title: t(`Level ${rank}`) },
	percent,
	provisional: false,
})
const row = (campaignId: number, levels: Array<VerifiedLevel>) => ({ campaignId, campaignTitle: `Round ${campaignId}`, levels })
const titles = new Map([
	['EMR', t('EMR catalog')],
	['ATTT', t('Security')],
])

describe("a facility's level across rounds", () => {
	it('lists each catalog oldest round first, with 0 for no level and the chart top from the catalog', () => {
		const trend = facilityTrend(
			[row(3, [lv('EMR', 2)]), row(2, [lv('EMR', null), lv('ATTT', 1)]), row(1, [lv('EMR', 1)])],
			titles,
			new Map([['EMR', 5]]),
		)
		expect(trend.map((c) => c.code)).toEqual(['ATTT', 'EMR'])
		const emr = trend.find((c) => c.code === 'EMR')!
		expect(emr.points.map((p) => [p.campaignId, p.rank])).toEqual([
			[1, 1],
			[2, 0],
			[3, 2],
		])
		expect(emr.maxRank).toBe(5)
		expect(trend.find((c) => c.code === 'ATTT')!.maxRank).toBe(1)
	})

	it('leaves out a round where the catalog has no result at all', () => {
		const trend = facilityTrend([row(2, [lv('EMR', null, null)]), row(1, [lv('EMR', 1)])], titles)
		expect(trend[0].points.map((p) => p.campaignId)).toEqual([1])
	})
})

describe('the distribution of levels across rounds', () => {
	it.each([
		{
			name: 'counts facilities per level in each round, levels in rank order with "no level" first',
			rows: [row(1, [lv('EMR', 1)]), row(1, [lv('EMR', null)]), row(2, [lv('EMR', 2)]), row(2, [lv('EMR', 1)]), row(2, [lv('EMR', 2)])],
			expected: {
				levels: [null, 'L1', 'L2'],
				rounds: [
					[1, [1, 1, 0], 2],
					[2, [0, 1, 2], 3],
				],
			},
		},
		{
			name: 'leaves out a round with no result for the catalog',
			rows: [row(2, [lv('EMR', 3)])],
			expected: { levels: ['L3'], rounds: [[2, [1], 1]] },
		},
	])('$name', ({ rows, expected }) => {
		const [emr] = distributionTrend(
			rows,
			[
				{ id: 1, title: 'Round 1' },
				{ id: 2, title: 'Round 2' },
			],
			titles,
		)
		expect(emr.levels.map((l) => l.id)).toEqual(expected.levels)
		expect(emr.rounds.map((r) => [r.campaignId, r.counts, r.total])).toEqual(expected.rounds)
	})
})
