// The 34 provinces and centrally-run cities (in force since 1 July 2025): the one place they are read.
import { eq } from 'drizzle-orm'
import { provinceSortName, sortByText } from '../../app/domain/collation'
import { type Db, schema } from '../client.server'

export type Province = typeof schema.provinces.$inferSelect
export type ProvinceOption = Pick<Province, 'code' | 'nameVi' | 'nameEn'>

/** Provinces in Vietnamese order of their names (without "Tỉnh" / "Thành phố"). */
function inVietnameseOrder<T extends { code: string; nameVi: string }>(rows: Array<T>): Array<T> {
	return sortByText(
		rows,
		(p) => provinceSortName(p.nameVi),
		(p) => p.code,
	)
}

/** Every province, in Vietnamese order of their names. */
export function listProvinces(db: Pick<Db, 'select'>): Array<Province> {
	return inVietnameseOrder(db.select().from(schema.provinces).all())
}

/** Codes and names for a choice list, in Vietnamese order of their names. */
export function provinceOptions(db: Db): Array<ProvinceOption> {
	return inVietnameseOrder(
		db
			.select({ code: schema.provinces.code, nameVi: schema.provinces.nameVi, nameEn: schema.provinces.nameEn })
			.from(schema.provinces)
			.all(),
	)
}

export function provinceByCode(db: Pick<Db, 'select'>, code: string): Province | null {
	return db.select().from(schema.provinces).where(eq(schema.provinces.code, code)).get() ?? null
}

export function provinceBySlug(db: Db, slug: string): Province | null {
	return db.select().from(schema.provinces).where(eq(schema.provinces.slug, slug)).get() ?? null
}
