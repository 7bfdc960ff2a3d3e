// The public portal's rules over published results, as pure functions: the level distributions, the
// bed-size bands and the peer groups a facility is compared with (the filters: portal-filters.ts).
import { percentOf } from './indicators'
import { type ProvinceFilters } from './portal-filters'

type Title = { vi: string; en: string }

/** A catalog's verified result as it is published: the level reached (if any) and the weighted share met. */
export type VerifiedLevel = {
	code: string
	version: number
	achievedLevel: { id: string; rank: number; title: Title } | null
	percent: number | null
	provisional: boolean
}

type FacilityAttributes = { type: string; class: string; managingBody: string; bedCount: number; levels?: ReadonlyArray<VerifiedLevel> }

/** Whether a facility is in the breakdown (and, on a province page, reached the level) the filters name. */
export function matchesFilters(row: FacilityAttributes, filters: Partial<ProvinceFilters>): boolean {
	return (
		(!filters.type || row.type === filters.type) &&
		(!filters.class || row.class === filters.class) &&
		(!filters.managingBody || row.managingBody === filters.managingBody) &&
		(!filters.beds || bedBand(row.bedCount) === filters.beds) &&
		(!filters.level || (row.levels ?? []).some((l) => l.achievedLevel?.id === filters.level))
	)
}

// ---------------------------------------------------------------------------------------------
// Distributions

export type Distribution = Array<{
	code: string
	title: Title
	levels: Array<{ id: string | null; title: Title | null; count: number }>
	total: number
	provisional: boolean
}>

/**
 * How many facilities reached each level, per catalog, levels in rank order ("no level" first).
 * A catalog a facility has no result for (no level, no percentage) does not count it.
 */
export function levelDistribution(
	rows: ReadonlyArray<{ levels: ReadonlyArray<VerifiedLevel> }>,
	catalogTitles: ReadonlyMap<string, Title>,
): Distribution {
	const byCatalog = new Map<
		string,
		{ levels: Map<string, { id: string | null; title: Title | null; rank: number; count: number }>; total: number; provisional: boolean }
	>()
	for (const r of rows) {
		for (const l of r.levels) {
			if (!l.achievedLevel && l.percent === null) continue
			let c = byCatalog.get(l.code)
			if (!c) byCatalog.set(l.code, (c = { levels: new Map(), total: 0, provisional: l.provisional }))
			const key = l.achievedLevel?.id ?? '∅'
			const entry = c.levels.get(key) ?? {
				id: l.achievedLevel?.id ?? null,
				title: l.achievedLevel?.title ?? null,
				rank: l.achievedLevel?.rank ?? -1,
				count: 0,
			}
			entry.count++
			c.levels.set(key, entry)
			c.total++
		}
	}
	return [...byCatalog]
		.map(([code, c]) => ({
			code,
			title: catalogTitles.get(code) ?? { vi: code, en: code },
			levels: [...c.levels.values()].sort((a, b) => a.rank - b.rank).map(({ rank: _r, ...x }) => x),
			total: c.total,
			provisional: c.provisional,
		}))
		.sort((a, b) => a.code.localeCompare(b.code))
}

// ---------------------------------------------------------------------------------------------
// Level shares (the tile map's other colouring)

/** A map colouring by level: the share of a catalog's reporting facilities at `level` or above. */
export type LevelShareChoice = { id: string; code: string; rank: number; catalogTitle: Title; levelTitle: Title }

/** A level share's id in the query string (`?map=level:HIMSS-EMRAM-2008:S6`). */
export const levelShareId = (code: string, levelId: string) => `level:${code}:${levelId}`

/** Every level some published facility reached, by catalog (in code order), lowest level first. */
export function levelShareChoices(
	rows: ReadonlyArray<{ levels: ReadonlyArray<VerifiedLevel> }>,
	catalogTitles: ReadonlyMap<string, Title>,
): Array<LevelShareChoice> {
	const byId = new Map<string, LevelShareChoice>()
	for (const r of rows)
		for (const l of r.levels) {
			if (!l.achievedLevel) continue
			const id = levelShareId(l.code, l.achievedLevel.id)
			if (!byId.has(id))
				byId.set(id, {
					id,
					code: l.code,
					rank: l.achievedLevel.rank,
					catalogTitle: catalogTitles.get(l.code) ?? { vi: l.code, en: l.code },
					levelTitle: l.achievedLevel.title,
				})
		}
	return [...byId.values()].sort((a, b) => (a.code === b.code ? a.rank - b.rank : a.code < b.code ? -1 : 1))
}

/**
 * How many of the rows reporting on catalog `code` reached rank `rank` or above, out of those
 * reporting on it (counted as in the level distribution: a level, or at least a percentage).
 */
export function levelShare(rows: ReadonlyArray<{ levels: ReadonlyArray<VerifiedLevel> }>, code: string, rank: number) {
	let numerator = 0
	let denominator = 0
	for (const r of rows)
		for (const l of r.levels) {
			if (l.code !== code || (!l.achievedLevel && l.percent === null)) continue
			denominator++
			if (l.achievedLevel && l.achievedLevel.rank >= rank) numerator++
		}
	return { numerator, denominator, percent: percentOf(numerator, denominator) }
}

// ---------------------------------------------------------------------------------------------
// Peers

/** A peer group smaller than this is not shown: its facilities could be recognised. */
export const MIN_PEER_GROUP = 5

/** Bed-size bands (docs/STATISTICS.md §3): of the peer groups and of the statistics' breakdown. */
export const BED_BANDS = ['<100', '100-299', '300-699', '700-1499', '1500+'] as const
export type BedBand = (typeof BED_BANDS)[number]

export function bedBand(beds: number): BedBand {
	return beds < 100 ? '<100' : beds < 300 ? '100-299' : beds < 700 ? '300-699' : beds < 1500 ? '700-1499' : '1500+'
}

/** The facilities of the same grade and bed-size band as this one (itself included). */
export function peerGroup<R extends { class: string; bedCount: number }>(
	rows: ReadonlyArray<R>,
	facility: { class: string; bedCount: number },
) {
	const band = bedBand(facility.bedCount)
	return { band, peers: rows.filter((r) => r.class === facility.class && bedBand(r.bedCount) === band) }
}
