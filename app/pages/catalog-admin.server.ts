// The criteria catalogs' administration pages: a catalog's versions and, when the query names two
// of them (?a=&b=), the differences between them.
import { z } from 'zod'
import { type Db } from '#db/client.server'
import { getCatalog, getCatalogVersion, listCatalogVersions } from '#db/queries/catalogs'
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
	return { catalog, versions, diff, compareError }
}
