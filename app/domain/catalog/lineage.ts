// Which criteria of a catalog version continue which criteria of the version it is based on, so
// results can be compared across rounds that used different versions (docs/CATALOG-FORMAT.md §4.3).
// A criterion's declared `lineage` wins; otherwise a criterion whose id exists in the base version
// continues it ("same" when its wording and answer are unchanged, "reworded" when not), and any
// other criterion is "new". A base criterion that nothing continues is "dropped".
import { canonicalJson } from '../canonical-json'
import type { Catalog, Criterion, DeclaredLineageRelation } from './schema'

export type LineageRelation = DeclaredLineageRelation | 'new'
export type CriterionLineage = {
	readonly id: string
	readonly relation: LineageRelation
	/** Criterion ids of the base version; empty for a new criterion. */
	readonly from: ReadonlyArray<string>
	/** Whether the relation was declared in the catalog (true) or inferred from ids (false). */
	readonly declared: boolean
}
export type LineageProblem = { readonly id: string; readonly message: string }
export type CatalogLineage = {
	readonly criteria: ReadonlyArray<CriterionLineage>
	/** Criteria of the base version that no criterion of the new version continues. */
	readonly dropped: ReadonlyArray<string>
	/** Declared predecessors that the base version does not have. */
	readonly problems: ReadonlyArray<LineageProblem>
}

const criteriaOf = (c: Catalog): Array<Criterion> => c.groups.flatMap((g) => g.criteria)
const wording = (c: Criterion) => canonicalJson({ text: c.text, answer: c.answer })

/** The lineage of every criterion of `next` against `base` (normally the version `next` is based on). */
export function catalogLineage(base: Catalog, next: Catalog): CatalogLineage {
	const baseById = new Map(criteriaOf(base).map((c) => [c.id, c]))
	const continued = new Set<string>()
	const problems: Array<LineageProblem> = []
	const criteria = criteriaOf(next).map((c): CriterionLineage => {
		if (c.lineage) {
			for (const from of c.lineage.from) {
				if (baseById.has(from)) continued.add(from)
				else problems.push({ id: c.id, message: `continues "${from}", which version ${base.version} does not have` })
			}
			return { id: c.id, relation: c.lineage.relation, from: c.lineage.from, declared: true }
		}
		const same = baseById.get(c.id)
		if (!same) return { id: c.id, relation: 'new', from: [], declared: false }
		continued.add(c.id)
		return { id: c.id, relation: wording(same) === wording(c) ? 'same' : 'reworded', from: [c.id], declared: false }
	})
	const dropped = [...baseById.keys()].filter((id) => !continued.has(id))
	return { criteria, dropped, problems }
}

/** The base criteria each criterion of the new version continues, by id (absent: new). */
export function predecessors(lineage: CatalogLineage): ReadonlyMap<string, ReadonlyArray<string>> {
	return new Map(lineage.criteria.filter((c) => c.from.length > 0).map((c) => [c.id, c.from]))
}

/** The criteria of the new version that continue each base criterion, by base id. */
export function successors(lineage: CatalogLineage): ReadonlyMap<string, ReadonlyArray<string>> {
	const out = new Map<string, Array<string>>()
	for (const c of lineage.criteria) for (const from of c.from) out.set(from, [...(out.get(from) ?? []), c.id])
	return out
}
