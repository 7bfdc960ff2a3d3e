import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm'
import { compileCatalog, type CompiledCatalog } from '../../app/domain/catalog/compile'
import { type Catalog } from '../../app/domain/catalog/schema'
import { type Db } from '../client.server'
import { prepared } from '../prepared'
import { campaignCatalogs, catalogs, catalogVersions, criteria } from '../schema/index'

type Reader = Pick<Db, 'select'>

/** The catalog versions with these ids and the catalog each belongs to (unknown ids are left out). */
export function catalogVersionCodes(db: Reader, ids: ReadonlyArray<number>): Array<{ id: number; code: string }> {
	return db
		.select({ id: catalogVersions.id, code: catalogVersions.catalogCode })
		.from(catalogVersions)
		.where(inArray(catalogVersions.id, [...ids]))
		.all()
}

/** The dates of every imported version of these catalogs (what decides which version a round may use). */
export function catalogVersionDates(db: Reader, codes: ReadonlyArray<string>) {
	return db
		.select({
			id: catalogVersions.id,
			code: catalogVersions.catalogCode,
			version: catalogVersions.version,
			effectiveFrom: catalogVersions.effectiveFrom,
			repealedFrom: catalogVersions.repealedFrom,
		})
		.from(catalogVersions)
		.where(inArray(catalogVersions.catalogCode, [...codes]))
		.all()
		.map((r) => ({ ...r, effectiveFrom: r.effectiveFrom ?? '0001-01-01' }))
}

/** The imported version with exactly this content, if any (content hashes are unique). */
export function catalogVersionByHash(db: Reader, hash: string) {
	return (
		db
			.select({ id: catalogVersions.id, code: catalogVersions.catalogCode, version: catalogVersions.version })
			.from(catalogVersions)
			.where(eq(catalogVersions.contentHash, hash))
			.get() ?? null
	)
}

/** A catalog's version by its number, with its content hash. */
export function catalogVersionHash(db: Reader, code: string, version: number) {
	return (
		db
			.select({ id: catalogVersions.id, hash: catalogVersions.contentHash })
			.from(catalogVersions)
			.where(and(eq(catalogVersions.catalogCode, code), eq(catalogVersions.version, version)))
			.get() ?? null
	)
}

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

// Imported versions are immutable, so a parsed and compiled copy can be kept per content hash;
// the large definition column is read (and parsed) only on a cache miss.
const cache = new Map<string, LoadedVersion>()

type VersionKey = { id: number; catalogCode: string; version: number; contentHash: string }

function load(db: Db, row: VersionKey): LoadedVersion {
	const hit = cache.get(row.contentHash)
	if (hit && hit.id === row.id) return hit
	const { definition } = db
		.select({ definition: catalogVersions.definition })
		.from(catalogVersions)
		.where(eq(catalogVersions.id, row.id))
		.get()!
	const catalog = definition as Catalog
	const loaded = {
		id: row.id,
		code: row.catalogCode,
		version: row.version,
		hash: row.contentHash,
		catalog,
		compiled: compileCatalog(catalog),
	}
	cache.set(row.contentHash, loaded)
	return loaded
}

const keyColumns = {
	id: catalogVersions.id,
	catalogCode: catalogVersions.catalogCode,
	version: catalogVersions.version,
	contentHash: catalogVersions.contentHash,
}

export function getCatalogVersion(db: Db, code: string, version: number): LoadedVersion | null {
	const row = db
		.select(keyColumns)
		.from(catalogVersions)
		.where(and(eq(catalogVersions.catalogCode, code), eq(catalogVersions.version, version)))
		.get()
	return row ? load(db, row) : null
}

export function getCatalogVersionById(db: Db, id: number): LoadedVersion | null {
	const row = db.select(keyColumns).from(catalogVersions).where(eq(catalogVersions.id, id)).get()
	return row ? load(db, row) : null
}

/** The catalog versions a campaign pins, in one query. */
export function getCampaignCatalogs(db: Db, campaignId: number): Array<LoadedVersion> {
	return prepared(db, 'campaign.catalogs', (d) =>
		d
			.select(keyColumns)
			.from(campaignCatalogs)
			.innerJoin(catalogVersions, eq(catalogVersions.id, campaignCatalogs.catalogVersionId))
			.where(eq(campaignCatalogs.campaignId, sql.placeholder('id')))
			.orderBy(asc(catalogVersions.id))
			.prepare(),
	)
		.all({ id: campaignId })
		.map((row) => load(db, row))
}

/**
 * What a catalog draft is judged against: every published version of `code` (parsed, from the
 * cache), the criterion ids of the other catalogs with their owner, and the other catalogs' level ids.
 */
export function publishedCatalogs(db: Db, code: string) {
	const loaded = db
		.select(keyColumns)
		.from(catalogVersions)
		.orderBy(asc(catalogVersions.catalogCode), asc(catalogVersions.version))
		.all()
		.map((row) => load(db, row))
	const otherCriteria = new Map<string, string>()
	const otherLevels = new Map<string, Set<string>>()
	for (const v of loaded) {
		if (v.code === code) continue
		for (const g of v.catalog.groups) for (const c of g.criteria) otherCriteria.set(c.id, v.code)
		const levels = otherLevels.get(v.code) ?? new Set<string>()
		for (const lv of v.catalog.levels) levels.add(lv.id)
		otherLevels.set(v.code, levels)
	}
	return {
		versions: loaded.filter((v) => v.code === code).map((v) => ({ version: v.version, catalog: v.catalog })),
		otherCriteria,
		otherLevels,
	}
}
