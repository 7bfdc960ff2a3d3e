import { and, asc, count, eq, or, sql } from 'drizzle-orm'
import { type Grant } from '../../app/domain/permissions'
import { type Db } from '../client.server'
import { facilities, provinces } from '../schema/index'
import { facilityScopeCondition } from './scope'

export const FACILITY_PAGE_SIZE = 50

function escapeLike(s: string) {
	return s.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** Facilities the user may read, optionally filtered by a name or code fragment, one page. */
export function listFacilities(db: Db, grants: ReadonlyArray<Grant>, opts: { q?: string; page: number }) {
	const conditions = [facilityScopeCondition(grants, 'facility:read')]
	if (opts.q) {
		const pattern = `%${escapeLike(opts.q)}%`
		conditions.push(or(sql`${facilities.name} like ${pattern} escape '\\'`, sql`${facilities.code} like ${pattern} escape '\\'`)!)
	}
	const where = and(...conditions)
	const total = db.select({ n: count() }).from(facilities).where(where).get()?.n ?? 0
	const rows = db
		.select({
			id: facilities.id,
			code: facilities.code,
			name: facilities.name,
			type: facilities.type,
			class: facilities.class,
			managingBody: facilities.managingBody,
			provinceName: provinces.nameVi,
			active: facilities.active,
		})
		.from(facilities)
		.innerJoin(provinces, eq(provinces.code, facilities.provinceCode))
		.where(where)
		.orderBy(asc(facilities.code))
		.limit(FACILITY_PAGE_SIZE)
		.offset((opts.page - 1) * FACILITY_PAGE_SIZE)
		.all()
	return { total, rows }
}

export function getFacility(db: Db, id: number) {
	return db
		.select({
			facility: facilities,
			provinceName: provinces.nameVi,
			provinceNameEn: provinces.nameEn,
		})
		.from(facilities)
		.innerJoin(provinces, eq(provinces.code, facilities.provinceCode))
		.where(eq(facilities.id, id))
		.get()
}
