// Levels across rounds, from published results (docs/ROUNDS.md): one facility's level per catalog
// in each round it was published, and the distribution of levels per round for a province or the
// country. Pure: rows in, series out.
import type { LocalizedText } from './catalog/schema'
import { groupBy } from './group'
import { levelDistribution, type VerifiedLevel } from './portal'

type Row = { campaignId: number; campaignTitle: string; levels: ReadonlyArray<VerifiedLevel> }
export type Round = { id: number; title: string }

export type FacilityTrend = Array<{
	code: string
	title: LocalizedText
	/** The highest rank of the catalog's levels (the chart's top); at least 1. */
	maxRank: number
	/** Oldest round first; `rank` 0 when no level was reached. */
	points: Array<{ campaignId: number; campaignTitle: string; rank: number; level: LocalizedText | null; percent: number | null }>
}>

/**
 * One facility's level per catalog across the rounds of `rows` (newest first, as the portal reads
 * them); `maxRanks` gives each catalog's highest level rank when known.
 */
export function facilityTrend(
	rows: ReadonlyArray<Row>,
	titles: ReadonlyMap<string, LocalizedText>,
	maxRanks: ReadonlyMap<string, number> = new Map(),
): FacilityTrend {
	const oldestFirst = [...rows].reverse()
	const codes = [...new Set(oldestFirst.flatMap((r) => r.levels.map((l) => l.code)))].sort()
	return codes.map((code) => {
		const points = oldestFirst.flatMap((r) => {
			const l = r.levels.find((x) => x.code === code)
			if (!l || (!l.achievedLevel && l.percent === null)) return []
			return [
				{
					campaignId: r.campaignId,
					campaignTitle: r.campaignTitle,
					rank: l.achievedLevel?.rank ?? 0,
					level: l.achievedLevel?.title ?? null,
					percent: l.percent,
				},
			]
		})
		const seen = Math.max(1, ...points.map((p) => p.rank))
		return { code, title: titles.get(code) ?? { vi: code, en: code }, maxRank: Math.max(seen, maxRanks.get(code) ?? 1), points }
	})
}

export type DistributionTrend = Array<{
	code: string
	title: LocalizedText
	/** Every level reached in some round, in rank order ("no level", id null, first). */
	levels: Array<{ id: string | null; title: LocalizedText | null }>
	/** Oldest round first; `counts` follows `levels`. */
	rounds: Array<{ campaignId: number; campaignTitle: string; counts: Array<number>; total: number }>
}>

/** How many facilities reached each level, per catalog, in each round (`rounds` oldest first). */
export function distributionTrend(
	rows: ReadonlyArray<Row>,
	rounds: ReadonlyArray<Round>,
	titles: ReadonlyMap<string, LocalizedText>,
): DistributionTrend {
	const byRound = groupBy(rows, (r) => r.campaignId)
	const perRound = rounds.map((round) => ({ round, dist: levelDistribution(byRound.get(round.id) ?? [], titles) }))
	const codes = [...new Set(perRound.flatMap((p) => p.dist.map((d) => d.code)))].sort()
	return codes.map((code) => {
		// Levels in rank order across rounds: each round's list is already ordered; merge by rank.
		const levels = new Map<string, { id: string | null; title: LocalizedText | null; rank: number }>()
		for (const row of rows)
			for (const l of row.levels)
				if (l.code === code && (l.achievedLevel || l.percent !== null)) {
					const key = l.achievedLevel?.id ?? '∅'
					if (!levels.has(key))
						levels.set(key, { id: l.achievedLevel?.id ?? null, title: l.achievedLevel?.title ?? null, rank: l.achievedLevel?.rank ?? -1 })
				}
		const ordered = [...levels.values()].sort((a, b) => a.rank - b.rank)
		return {
			code,
			title: titles.get(code) ?? { vi: code, en: code },
			levels: ordered.map(({ id, title }) => ({ id, title })),
			rounds: perRound
				.map(({ round, dist }) => {
					const d = dist.find((x) => x.code === code)
					const counts = ordered.map((lv) => d?.levels.find((x) => x.id === lv.id)?.count ?? 0)
					return { campaignId: round.id, campaignTitle: round.title, counts, total: d?.total ?? 0 }
				})
				.filter((r) => r.total > 0),
		}
	})
}
