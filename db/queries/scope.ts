import { and, eq, inArray, ne, or, type SQL, sql } from 'drizzle-orm'
import { type Grant, type Permission, ROLE_PERMISSIONS } from '../../app/domain/permissions'
import { type Db } from '../client.server'
import { facilities } from '../schema/index'

/**
 * The SQL twin of `scopeCovers` in app/domain/permissions: which facilities the user's grants
 * reach for a permission. Returns a condition on `facilities`; `false` when nothing is reached.
 */
export function facilityScopeCondition(grants: ReadonlyArray<Grant>, permission: Permission): SQL {
	const relevant = grants.filter((g) => ROLE_PERMISSIONS[g.role].includes(permission))
	if (relevant.some((g) => g.scopeKind === 'national')) return sql`1 = 1`
	const parts: Array<SQL> = []
	const provinceCodes = relevant.filter((g) => g.scopeKind === 'province' && g.provinceCode).map((g) => g.provinceCode!)
	if (provinceCodes.length) {
		parts.push(and(inArray(facilities.provinceCode, provinceCodes), ne(facilities.managingBody, 'moh'))!)
	}
	const facilityIds = relevant.filter((g) => g.scopeKind === 'facility' && g.facilityId !== null).map((g) => g.facilityId!)
	if (facilityIds.length) parts.push(inArray(facilities.id, facilityIds))
	if (!parts.length) return sql`1 = 0`
	return parts.length === 1 ? parts[0] : or(...parts)!
}

/** Where a facility sits for the scope rules (its province and managing body), or undefined when it does not exist. */
export function facilityPlace(db: Pick<Db, 'select'>, facilityId: number) {
	return db
		.select({ id: facilities.id, provinceCode: facilities.provinceCode, managingBody: facilities.managingBody })
		.from(facilities)
		.where(eq(facilities.id, facilityId))
		.get()
}
