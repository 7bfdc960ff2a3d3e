import { and, eq, inArray, ne, or } from 'drizzle-orm'
import { sortByText } from '../../app/domain/collation'
import { type Grant } from '../../app/domain/permissions'
import { type ExistingFacility, type FacilityFilters } from '../../app/domain/registry'
import { type Db } from '../client.server'
import { facilities, provinces } from '../schema/index'
import { facilityScopeCondition } from './scope'
import { foldedContains } from './search'

export const FACILITY_PAGE_SIZE = 50

type Reader = Pick<Db, 'select'>

export type { FacilityFilters }

function facilityWhere(grants: ReadonlyArray<Grant>, filters: FacilityFilters) {
	const conditions = [facilityScopeCondition(grants, 'facility:read')]
	if (filters.q) {
		conditions.push(or(foldedContains(facilities.name, filters.q), foldedContains(facilities.code, filters.q))!)
	}
	if (filters.province) conditions.push(eq(facilities.provinceCode, filters.province))
	if (filters.type) conditions.push(eq(facilities.type, filters.type))
	const status = filters.status ?? 'all'
	if (status !== 'all') conditions.push(eq(facilities.active, status === 'active'))
	return and(...conditions)
}

/**
 * Facilities the user may read, filtered, one page, in Vietnamese order of their names (sorted
 * here: SQLite would put "Đ" after "Z"); the ids are sorted first and only the page is read whole.
 */
export function listFacilities(db: Db, grants: ReadonlyArray<Grant>, opts: FacilityFilters & { page: number }) {
	const where = facilityWhere(grants, opts)
	const names = db.select({ id: facilities.id, name: facilities.name, code: facilities.code }).from(facilities).where(where).all()
	const total = names.length
	const start = (opts.page - 1) * FACILITY_PAGE_SIZE
	const ids = sortByText(
		names,
		(f) => f.name,
		(f) => f.code,
	)
		.slice(start, start + FACILITY_PAGE_SIZE)
		.map((f) => f.id)
	if (!ids.length) return { total, rows: [] }
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
		.where(inArray(facilities.id, ids))
		.all()
	const order = new Map(ids.map((id, i) => [id, i]))
	return { total, rows: rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!) }
}

/** A facility's registry record (the columns of the registry file). */
export const recordColumns = {
	code: facilities.code,
	name: facilities.name,
	provinceCode: facilities.provinceCode,
	type: facilities.type,
	class: facilities.class,
	managingBody: facilities.managingBody,
	ownership: facilities.ownership,
	bedCount: facilities.bedCount,
	address: facilities.address,
	active: facilities.active,
}

/** Every facility matching the filters, in the registry file's columns, for export: in Vietnamese order of their names. */
export function exportFacilities(db: Db, grants: ReadonlyArray<Grant>, filters: FacilityFilters) {
	const rows = db.select(recordColumns).from(facilities).where(facilityWhere(grants, filters)).all()
	return sortByText(
		rows,
		(f) => f.name,
		(f) => f.code,
	)
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

/** The whole registry by code, for planning an import against it. */
export function existingFacilitiesByCode(db: Pick<Db, 'select'>): Map<string, ExistingFacility> {
	const rows = db
		.select({ id: facilities.id, ...recordColumns })
		.from(facilities)
		.all()
	return new Map(rows.map((r) => [r.code, r]))
}

/** The facilities of a province and those holding a code: the candidates a new or edited facility may duplicate. */
export function duplicateCandidates(db: Reader, provinceCode: string, code: string) {
	return db
		.select({ id: facilities.id, code: facilities.code, name: facilities.name, provinceCode: facilities.provinceCode })
		.from(facilities)
		.where(or(eq(facilities.provinceCode, provinceCode), eq(facilities.code, code)))
		.all()
}

/** A facility's row (also inside a writing transaction). */
export function facilityById(db: Reader, id: number) {
	return db.select().from(facilities).where(eq(facilities.id, id)).get() ?? null
}

/** The id of the facility holding a code, if any. */
export function facilityIdByCode(db: Reader, code: string): number | null {
	return db.select({ id: facilities.id }).from(facilities).where(eq(facilities.code, code)).get()?.id ?? null
}

/** Where a facility named by its code stands (province, managing body), for judging a grant on it. */
export function facilityPlaceByCode(db: Reader, code: string) {
	return (
		db
			.select({ id: facilities.id, provinceCode: facilities.provinceCode, managingBody: facilities.managingBody })
			.from(facilities)
			.where(eq(facilities.code, code))
			.get() ?? null
	)
}

/** Active facilities of some provinces, not MOH-run, by name: suggestions for a province admin's code field. */
export function facilitySuggestions(db: Db, provinceCodes: ReadonlyArray<string>, limit: number) {
	if (!provinceCodes.length) return []
	const rows = db
		.select({ code: facilities.code, name: facilities.name })
		.from(facilities)
		.where(and(inArray(facilities.provinceCode, [...provinceCodes]), ne(facilities.managingBody, 'moh'), eq(facilities.active, true)))
		.all()
	return sortByText(
		rows,
		(f) => f.name,
		(f) => f.code,
	).slice(0, limit)
}
