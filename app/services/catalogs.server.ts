import crypto from 'node:crypto'
import { type Db, schema } from '#db/client.server'
import { catalogVersionByHash, catalogVersionHash } from '#db/queries/catalogs'
import { canonicalJson } from '~/domain/canonical-json'
import { type Catalog } from '~/domain/catalog/schema'
import { appendAudit } from './audit.server'

/** sha256 of the catalog's canonical JSON: formatting, comments and key order never change it. */
export function catalogContentHash(catalog: Catalog): string {
	return crypto.createHash('sha256').update(canonicalJson(catalog), 'utf8').digest('hex')
}

export type ImportResult =
	| { status: 'imported'; versionId: number; hash: string; criteria: number }
	| { status: 'unchanged'; versionId: number; hash: string }
	| { status: 'conflict'; message: string }

/**
 * Imports a validated catalog as an immutable, content-hashed version. The same content again is a
 * no-op; different content under an existing version number is refused: a changed file must get a
 * new version.
 */
export function importCatalog(
	db: Db,
	catalog: Catalog,
	opts: {
		sourceFile?: string | null
		actorId?: number | null
		now?: Date
		/** How it came: a file of the repository (`catalog.import`) or a workbook published in the app. */
		action?: 'catalog.import' | 'catalog.publish'
		/** More to record in the audit event (the workbook's sha256, the version it is based on). */
		audit?: Record<string, string | number | null>
		/** Runs inside the transaction after the version is written (the draft is removed with it). */
		alsoInTransaction?: (tx: Parameters<Parameters<Db['transaction']>[0]>[0]) => void
	} = {},
): ImportResult {
	const hash = catalogContentHash(catalog)
	const now = opts.now ?? new Date()
	return db.transaction((tx) => {
		const sameContent = catalogVersionByHash(tx, hash)
		if (sameContent) {
			if (sameContent.code === catalog.code && sameContent.version === catalog.version) {
				return { status: 'unchanged', versionId: sameContent.id, hash }
			}
			return {
				status: 'conflict',
				message: `the same content is already imported as ${sameContent.code} version ${sameContent.version}`,
			}
		}
		const existing = catalogVersionHash(tx, catalog.code, catalog.version)
		if (existing) {
			return {
				status: 'conflict',
				message: `${catalog.code} version ${catalog.version} is already imported with different content (sha256 ${existing.hash.slice(0, 12)}…); imported versions are immutable: give the changed file a new version number`,
			}
		}
		tx.insert(schema.catalogs)
			.values({ code: catalog.code, titleVi: catalog.title.vi, titleEn: catalog.title.en })
			.onConflictDoUpdate({ target: schema.catalogs.code, set: { titleVi: catalog.title.vi, titleEn: catalog.title.en } })
			.run()
		const version = tx
			.insert(schema.catalogVersions)
			.values({
				catalogCode: catalog.code,
				version: catalog.version,
				contentHash: hash,
				titleVi: catalog.title.vi,
				titleEn: catalog.title.en,
				effectiveFrom: catalog.effective_from,
				repealedFrom: catalog.repealed_from ?? null,
				definition: catalog,
				sourceFile: opts.sourceFile ?? null,
				importedAt: now,
			})
			.returning({ id: schema.catalogVersions.id })
			.get()
		let position = 0
		const rows = catalog.groups.flatMap((g) =>
			g.criteria.map((c) => ({
				catalogVersionId: version.id,
				key: c.id,
				groupKey: g.id,
				position: position++,
				answerType: c.answer.type,
				mandatory: c.mandatory,
				evidence: c.evidence,
				weight: c.weight,
				provenance: c.provenance,
			})),
		)
		// SQLite limits bound parameters per statement; insert in slices.
		for (let i = 0; i < rows.length; i += 200)
			tx.insert(schema.criteria)
				.values(rows.slice(i, i + 200))
				.run()
		appendAudit(tx, {
			actorId: opts.actorId ?? null,
			action: opts.action ?? 'catalog.import',
			entityType: 'catalog_version',
			entityId: version.id,
			after: {
				code: catalog.code,
				version: catalog.version,
				hash,
				criteria: rows.length,
				sourceFile: opts.sourceFile ?? null,
				...opts.audit,
			},
			at: now,
		})
		opts.alsoInTransaction?.(tx)
		return { status: 'imported', versionId: version.id, hash, criteria: rows.length }
	})
}
