// A catalog draft uploaded as a workbook, judged against the versions already published
// (docs/CATALOG-FORMAT.md §4.4, "Authoring criteria in the app"): the same validation as
// `catalog:validate` (the file, then the checks across catalogs), the catalog the page is about, a
// version number not yet used, answers that continuing criteria can still read, declared lineage;
// every problem at its cell. Then the changes from the version it is based on and suggested lineage.
// Cells in, plain data out: the caller reads the published versions.
import { answerCompatibility, draftChanges, type DraftChanges, type LineageSuggestion, suggestLineage } from '~/domain/catalog/authoring'
import { catalogLineage } from '~/domain/catalog/lineage'
import { type Catalog } from '~/domain/catalog/schema'
import { type Sheet } from '~/domain/sheet'
import { catalogFromWorkbook, type CatalogBookProblem } from './catalog-workbook'

export type PublishedCatalogs = {
	/** Every published version of the catalog the draft is for. */
	readonly versions: ReadonlyArray<{ readonly version: number; readonly catalog: Catalog }>
	/** Criterion ids of the other catalogs, with the catalog that uses each (answers are keyed by id alone). */
	readonly otherCriteria: ReadonlyMap<string, string>
	/** The level ids of every other catalog, by code (for levels that require another catalog's level). */
	readonly otherLevels: ReadonlyMap<string, ReadonlySet<string>>
}

export type DraftEvaluation = {
	/** The catalog the workbook describes when it validates on its own (it may still be refused below). */
	readonly catalog: Catalog | null
	readonly problems: ReadonlyArray<CatalogBookProblem>
	/** The version the changes are read against: `based_on`, or else the newest published version. */
	readonly base: number | null
	readonly changes: DraftChanges | null
	readonly suggestions: ReadonlyArray<LineageSuggestion>
}

export function evaluateCatalogDraft(sheets: ReadonlyArray<Sheet>, code: string, published: PublishedCatalogs): DraftEvaluation {
	const read = catalogFromWorkbook(sheets)
	const problems: Array<CatalogBookProblem> = [...(read.ok ? [] : read.problems)]
	const file = read.ok ? read.catalog : read.file
	const at = read.locate
	const none = { catalog: null, base: null, changes: null, suggestions: [] }
	if (file && typeof file.code === 'string' && file.code !== code) {
		return { ...none, problems: [{ cell: at(['code']), code: 'catalogBook.otherCatalog', params: { found: file.code, expected: code } }] }
	}
	const used = published.versions.map((v) => v.version)
	const next = Math.max(0, ...used) + 1
	if (file && typeof file.version === 'number' && used.includes(file.version)) {
		problems.push({ cell: at(['version']), code: 'catalogBook.versionExists', params: { version: file.version, next } })
	}
	const basedOn = file && typeof file.based_on === 'number' ? file.based_on : null
	if (basedOn !== null && !used.includes(basedOn)) {
		problems.push({ cell: at(['based_on']), code: 'catalogBook.unknownBase', params: { version: basedOn } })
	}
	if (!read.ok) return { ...none, problems }

	const catalog = read.catalog
	catalog.groups.forEach((g, gi) =>
		g.criteria.forEach((c, ci) => {
			const owner = published.otherCriteria.get(c.id)
			if (owner) {
				problems.push({
					cell: at(['groups', gi, 'criteria', ci, 'id']),
					code: 'catalogBook.idOfOtherCatalog',
					params: { criterion: c.id, catalog: owner },
				})
			}
		}),
	)
	catalog.levels.forEach((lv, li) =>
		lv.rule?.catalogs?.forEach((ref, ri) => {
			const levels = published.otherLevels.get(ref.code)
			if (!levels || !levels.has(ref.level)) {
				problems.push({
					cell: at(['levels', li, 'rule', 'catalogs', ri]),
					code: 'catalogBook.unknownCatalogLevel',
					params: { catalog: ref.code, level: ref.level },
				})
			}
		}),
	)

	const newest = [...published.versions].sort((a, b) => b.version - a.version)[0]
	const base = basedOn !== null ? published.versions.find((v) => v.version === basedOn) : newest
	if (!base) return { catalog, problems, base: null, changes: null, suggestions: [] }
	for (const p of answerCompatibility(base.catalog, catalog)) problems.push({ cell: at(p.path), code: p.code, params: p.params })
	const pathOf = new Map(catalog.groups.flatMap((g, gi) => g.criteria.map((c, ci) => [c.id, ['groups', gi, 'criteria', ci]] as const)))
	for (const p of catalogLineage(base.catalog, catalog).problems) {
		problems.push({
			cell: at([...(pathOf.get(p.id) ?? []), 'lineage', 'from']),
			code: 'catalogBook.lineageUnknown',
			params: { criterion: p.id, version: base.version },
		})
	}
	return {
		catalog,
		problems,
		base: base.version,
		changes: draftChanges(base.catalog, catalog),
		suggestions: suggestLineage(base.catalog, catalog),
	}
}
