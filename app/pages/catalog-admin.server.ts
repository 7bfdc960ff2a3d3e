// The criteria catalogs' administration pages: a catalog's versions and, when the query names two
// of them (?a=&b=), the differences between them.
import { z } from 'zod'
import { type Db } from '#db/client.server'
import { getCatalog, getCatalogVersion, listCatalogVersions, publishedCatalogs } from '#db/queries/catalogs'
import { type StagedPayload } from '#db/queries/imports'
import { evaluateCatalogDraft } from '#spreadsheets/catalog-draft'
import { catalogWorkbook } from '#spreadsheets/catalog-workbook'
import { diffCatalogs } from '~/domain/catalog/diff'

const CompareSchema = z.object({ a: z.coerce.number().int().positive(), b: z.coerce.number().int().positive() })

/** A catalog's versions and the comparison the query asks for; null when there is no such catalog. */
export function catalogVersionsPage(db: Db, code: string, query: URLSearchParams) {
	const catalog = getCatalog(db, code)
	if (!catalog) return null
	const versions = listCatalogVersions(db).filter((v) => v.code === catalog.code)
	let diff: { a: number; b: number; result: ReturnType<typeof diffCatalogs> } | null = null
	let compareError = false
	if (query.has('a') || query.has('b')) {
		const parsed = CompareSchema.safeParse({ a: query.get('a'), b: query.get('b') })
		const va = parsed.success ? getCatalogVersion(db, catalog.code, parsed.data.a) : null
		const vb = parsed.success ? getCatalogVersion(db, catalog.code, parsed.data.b) : null
		if (va && vb) diff = { a: va.version, b: vb.version, result: diffCatalogs(va.catalog, vb.catalog) }
		else compareError = true
	}
	// After a publication the page says which version was just published.
	const justPublished = Number(query.get('published'))
	const published = versions.some((v) => v.version === justPublished) ? justPublished : null
	return { catalog, versions, diff, compareError, published }
}

/** A catalog version as the workbook an analyst edits; null when there is no such version. */
export async function catalogWorkbookDownload(db: Db, code: string, version: number) {
	const loaded = getCatalogVersion(db, code, version)
	if (!loaded) return null
	return { fileName: `${loaded.code}-v${loaded.version}.xlsx`, bytes: await catalogWorkbook(loaded.catalog) }
}

/** How many problems the preview lists (the count says how many more there are). */
const PROBLEMS_SHOWN = 300

/**
 * The preview of a catalog draft: every problem at its cell, then the changes from the version it
 * is based on and the suggested lineage; `publishable` when nothing stands in the way.
 */
export function catalogDraftPage(db: Db, code: string, staged: { id: string; fileName: string; createdAt: Date; payload: StagedPayload }) {
	const evaluation = evaluateCatalogDraft(staged.payload.sheets, code, publishedCatalogs(db, code))
	const catalog = evaluation.catalog
	return {
		code,
		draftId: staged.id,
		fileName: staged.fileName,
		uploadedAt: staged.createdAt.toISOString(),
		draft: catalog
			? {
					version: catalog.version,
					title: catalog.title,
					groups: catalog.groups.length,
					criteria: catalog.groups.reduce((n, g) => n + g.criteria.length, 0),
					levels: catalog.levels.length,
				}
			: null,
		problems: evaluation.problems.slice(0, PROBLEMS_SHOWN),
		problemCount: evaluation.problems.length,
		base: evaluation.base,
		changes: evaluation.changes,
		suggestions: evaluation.suggestions,
		publishable: catalog !== null && evaluation.problems.length === 0,
	}
}
