// What changed between two versions of a catalog, for the admin diff page. Items are matched by
// their stable IDs; a field counts as changed when its canonical JSON differs.
import { canonicalJson } from '../canonical-json'
import type { Catalog } from './schema'

export type ItemChanges = {
	added: Array<string>
	removed: Array<string>
	changed: Array<{ id: string; fields: Array<string> }>
}
export type CatalogDiff = ItemChanges & {
	/** Catalog-level fields that changed (title, legal_basis, effective_from, …). */
	header: Array<string>
	groups: ItemChanges
	levels: ItemChanges
}

/**
 * Criteria (top level), groups and levels added in `b`, removed from `a`, or changed. A criterion
 * moved to another group shows the pseudo-field `group`; a group whose criteria list changed
 * (membership or order) shows `criteria`. Lists follow catalog order: added and changed in `b`,
 * removed in `a`.
 */
export function diffCatalogs(a: Catalog, b: Catalog): CatalogDiff {
	const criteriaOf = (c: Catalog) =>
		c.groups.flatMap((g) => g.criteria.map((cr) => ({ ...cr, group: g.id }) as Record<string, unknown> & { id: string }))
	const groupsOf = (c: Catalog) => c.groups.map(({ criteria, ...rest }) => ({ ...rest, criteria: criteria.map((cr) => cr.id) }))

	const { groups: _ag, levels: _al, ...headerA } = a
	const { groups: _bg, levels: _bl, ...headerB } = b
	return {
		...diffItems(criteriaOf(a), criteriaOf(b)),
		header: changedFields(headerA, headerB),
		groups: diffItems(groupsOf(a), groupsOf(b)),
		levels: diffItems(a.levels, b.levels),
	}
}

function diffItems(before: ReadonlyArray<{ readonly id: string }>, after: ReadonlyArray<{ readonly id: string }>): ItemChanges {
	const beforeById = new Map(before.map((item) => [item.id, item]))
	const afterIds = new Set(after.map((item) => item.id))
	const added: Array<string> = []
	const changed: Array<{ id: string; fields: Array<string> }> = []
	for (const item of after) {
		const old = beforeById.get(item.id)
		if (!old) {
			added.push(item.id)
			continue
		}
		const fields = changedFields(old, item)
		if (fields.length > 0) changed.push({ id: item.id, fields })
	}
	const removed = before.filter((item) => !afterIds.has(item.id)).map((item) => item.id)
	return { added, removed, changed }
}

function changedFields(a: object, b: object): Array<string> {
	const ra = a as Record<string, unknown>
	const rb = b as Record<string, unknown>
	const keys = new Set([...Object.keys(ra), ...Object.keys(rb)])
	return [...keys].filter((key) => canonicalOrAbsent(ra[key]) !== canonicalOrAbsent(rb[key])).sort()
}

function canonicalOrAbsent(value: unknown): string {
	return value === undefined ? '' : canonicalJson(value)
}
