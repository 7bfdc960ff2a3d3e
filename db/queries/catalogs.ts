import { and, asc, count, desc, eq } from 'drizzle-orm'
import { type Catalog } from '../../app/domain/catalog/schema'
import { compileCatalog, type CompiledCatalog } from '../../app/domain/catalog/compile'
import { type Db } from '../client.server'
import { catalogs, catalogVersions, criteria } from '../schema/index'

export function listCatalogVersions(db: Db) {
	return db
		.select({
			id: catalogVersions.id,
			code: catalogVersions.catalogCode,
			version: catalogVersions.version,
			titleVi: catalogVersions.titleVi,
			titleEn: catalogVersions.titleEn,
			contentHash: catalogVersions.contentHash,
			effectiveFrom: catalogVersions.effectiveFrom,
			repealedFrom: catalogVersions.repealedFrom,
			importedAt: catalogVersions.importedAt,
			criteria: count(criteria.id),
		})
		.from(catalogVersions)
		.leftJoin(criteria, eq(criteria.catalogVersionId, catalogVersions.id))
		.groupBy(catalogVersions.id)
		.orderBy(asc(catalogVersions.catalogCode), desc(catalogVersions.version))
		.all()
}

export function getCatalog(db: Db, code: string) {
	return db.select().from(catalogs).where(eq(catalogs.code, code)).get()
}

export type LoadedVersion = { id: number; code: string; version: number; hash: string; catalog: Catalog; compiled: CompiledCatalog }

// Imported versions are immutable, so a parsed and compiled copy can be kept per content hash.
const cache = new Map<string, LoadedVersion>()

function load(row: { id: number; catalogCode: string; version: number; contentHash: string; definition: unknown }): LoadedVersion {
	const hit = cache.get(row.contentHash)
	if (hit && hit.id === row.id) return hit
	const catalog = row.definition as Catalog
	const loaded = { id: row.id, code: row.catalogCode, version: row.version, hash: row.contentHash, catalog, compiled: compileCatalog(catalog) }
	cache.set(row.contentHash, loaded)
	return loaded
}

export function getCatalogVersion(db: Db, code: string, version: number): LoadedVersion | null {
	const row = db
		.select()
		.from(catalogVersions)
		.where(and(eq(catalogVersions.catalogCode, code), eq(catalogVersions.version, version)))
		.get()
	return row ? load(row) : null
}

export function getCatalogVersionById(db: Db, id: number): LoadedVersion | null {
	const row = db.select().from(catalogVersions).where(eq(catalogVersions.id, id)).get()
	return row ? load(row) : null
}
