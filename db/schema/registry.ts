import { relations } from 'drizzle-orm'
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { FACILITY_CLASSES, FACILITY_TYPES, MANAGING_BODIES, OWNERSHIPS, PROVINCE_KINDS } from '../../app/domain/enums'
import { createdAt, timestamp } from './_helpers'

/** The 34 provinces and centrally-run cities in force since 1 July 2025. */
export const provinces = sqliteTable('provinces', {
	code: text('code').primaryKey(),
	nameVi: text('name_vi').notNull(),
	nameEn: text('name_en').notNull(),
	slug: text('slug').notNull().unique(),
	kind: text('kind', { enum: PROVINCE_KINDS }).notNull(),
})

export const facilities = sqliteTable(
	'facilities',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** MOH facility code (mã cơ sở khám bệnh, chữa bệnh). */
		code: text('code').notNull().unique(),
		name: text('name').notNull(),
		/**
		 * The name's Vietnamese sort key (`collationKey`, app/domain/collation.ts): long lists ORDER BY it
		 * in SQL (docs/decisions/017). Written with the name by every writer; `runMigrations` refreshes
		 * keys that no longer match (rows from before the column, or a change of the key's rules).
		 */
		sortKey: text('sort_key').notNull(),
		provinceCode: text('province_code')
			.notNull()
			.references(() => provinces.code),
		type: text('type', { enum: FACILITY_TYPES }).notNull(),
		class: text('class', { enum: FACILITY_CLASSES }).notNull(),
		managingBody: text('managing_body', { enum: MANAGING_BODIES }).notNull(),
		ownership: text('ownership', { enum: OWNERSHIPS }).notNull(),
		bedCount: integer('bed_count').notNull().default(0),
		address: text('address'),
		active: integer('active', { mode: 'boolean' }).notNull().default(true),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at'),
	},
	(t) => [index('facilities_province_idx').on(t.provinceCode), index('facilities_type_class_idx').on(t.type, t.class)],
)

export const provincesRelations = relations(provinces, ({ many }) => ({
	facilities: many(facilities),
}))

export const facilitiesRelations = relations(facilities, ({ one }) => ({
	province: one(provinces, { fields: [facilities.provinceCode], references: [provinces.code] }),
}))
