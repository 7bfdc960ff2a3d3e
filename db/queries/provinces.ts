// The 34 provinces and centrally-run cities (in force since 1 July 2025): the one place they are read.
import { asc, eq } from 'drizzle-orm'
import { type Db, schema } from '../client.server'

export type Province = typeof schema.provinces.$inferSelect
export type ProvinceOption = Pick<Province, 'code' | 'nameVi' | 'nameEn'>

/** Every province, by code. */
export function listProvinces(db: Pick<Db, 'select'>): Array<Province> {
	return db.select().from(schema.provinces).orderBy(asc(schema.provinces.code)).all()
}

/** Codes and names for a choice list, by code. */
export function provinceOptions(db: Db): Array<ProvinceOption> {
	return db
		.select({ code: schema.provinces.code, nameVi: schema.provinces.nameVi, nameEn: schema.provinces.nameEn })
		.from(schema.provinces)
		.orderBy(asc(schema.provinces.code))
		.all()
}

export function provinceByCode(db: Pick<Db, 'select'>, code: string): Province | null {
	return db.select().from(schema.provinces).where(eq(schema.provinces.code, code)).get() ?? null
}

export function provinceBySlug(db: Db, slug: string): Province | null {
	return db.select().from(schema.provinces).where(eq(schema.provinces.slug, slug)).get() ?? null
}
