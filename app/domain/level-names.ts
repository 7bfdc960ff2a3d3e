// The names of catalogs' levels, for records that store only their ids (a submission's audit row
// keeps [catalog code, level id]; stored rows never change, so the names are looked up when shown).
import { type Catalog } from './catalog/schema'

export type LevelName = { catalog: { vi: string; en: string }; level: { vi: string; en: string } }

/** "CODE/LEVEL" → the catalog's and the level's titles; a later version's titles win. */
export function levelNamesOf(catalogs: Iterable<Catalog>): Record<string, LevelName> {
	const names: Record<string, LevelName> = {}
	const sorted = [...catalogs].sort((a, b) => a.version - b.version)
	for (const c of sorted) for (const l of c.levels) names[`${c.code}/${l.id}`] = { catalog: c.title, level: l.title }
	return names
}
