import { relations } from 'drizzle-orm'
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { ANSWER_TYPES, EVIDENCE_REQUIREMENTS, PROVENANCES } from '../../app/domain/enums'
import { createdAt, timestamp } from './_helpers'

export const catalogs = sqliteTable('catalogs', {
	code: text('code').primaryKey(),
	titleVi: text('title_vi').notNull(),
	titleEn: text('title_en').notNull(),
	createdAt: createdAt(),
})

/**
 * An imported catalog version. Immutable once imported: the full parsed catalog is kept
 * as canonical JSON and identified by its SHA-256, so re-importing the same content is a no-op.
 */
export const catalogVersions = sqliteTable(
	'catalog_versions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		catalogCode: text('catalog_code')
			.notNull()
			.references(() => catalogs.code),
		version: integer('version').notNull(),
		contentHash: text('content_hash').notNull().unique(),
		titleVi: text('title_vi').notNull(),
		titleEn: text('title_en').notNull(),
		effectiveFrom: text('effective_from'),
		repealedFrom: text('repealed_from'),
		/** Canonical JSON of the whole catalog file; the scoring engine reads this. */
		definition: text('definition', { mode: 'json' }).notNull(),
		sourceFile: text('source_file'),
		importedAt: timestamp('imported_at').notNull(),
	},
	(t) => [uniqueIndex('catalog_versions_code_version_uq').on(t.catalogCode, t.version)],
)

/** One row per criterion of a catalog version, for joins from answers and verdicts. */
export const criteria = sqliteTable(
	'criteria',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		catalogVersionId: integer('catalog_version_id')
			.notNull()
			.references(() => catalogVersions.id),
		/** The stable ID from the catalog file, e.g. EMR.F.a */
		key: text('key').notNull(),
		groupKey: text('group_key').notNull(),
		position: integer('position').notNull(),
		answerType: text('answer_type', { enum: ANSWER_TYPES }).notNull(),
		mandatory: integer('mandatory', { mode: 'boolean' }).notNull(),
		evidence: text('evidence', { enum: EVIDENCE_REQUIREMENTS }).notNull(),
		weight: real('weight').notNull(),
		provenance: text('provenance', { enum: PROVENANCES }).notNull(),
	},
	(t) => [uniqueIndex('criteria_version_key_uq').on(t.catalogVersionId, t.key), index('criteria_version_idx').on(t.catalogVersionId)],
)

export const catalogsRelations = relations(catalogs, ({ many }) => ({
	versions: many(catalogVersions),
}))

export const catalogVersionsRelations = relations(catalogVersions, ({ one, many }) => ({
	catalog: one(catalogs, { fields: [catalogVersions.catalogCode], references: [catalogs.code] }),
	criteria: many(criteria),
}))

export const criteriaRelations = relations(criteria, ({ one }) => ({
	catalogVersion: one(catalogVersions, {
		fields: [criteria.catalogVersionId],
		references: [catalogVersions.id],
	}),
}))
