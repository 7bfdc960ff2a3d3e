import { and, asc, count, desc, eq, exists, gt, inArray, isNull, ne, not, or, type SQL, sql } from 'drizzle-orm'
import { sortByText } from '../../app/domain/collation'
import { can, type Grant } from '../../app/domain/permissions'
import { type GrantView, type UserFilters } from '../../app/domain/user-admin'
import { type Db } from '../client.server'
import { facilities, memberships, passwordTokens, provinces, sessions, users } from '../schema/index'
import { foldedContains } from './search'

export const USER_PAGE_SIZE = 50

export type { UserFilters }

/**
 * The accounts an admin may administer, as SQL: every account for a national admin; for a
 * province admin, accounts whose every grant is a facility role on a facility of its province
 * that is not MOH-run (the SQL twin of `mayManageUser`).
 */
export function manageableCondition(grants: ReadonlyArray<Grant>): SQL {
	if (can(grants, 'user:manage', { kind: 'global' })) return sql`1 = 1`
	const provinceCodes = grants.filter((g) => g.role === 'admin' && g.scopeKind === 'province' && g.provinceCode).map((g) => g.provinceCode!)
	if (!provinceCodes.length) return sql`1 = 0`
	const inReach = and(
		eq(memberships.scopeKind, 'facility'),
		inArray(facilities.provinceCode, provinceCodes),
		ne(facilities.managingBody, 'moh'),
	)!
	const grantsOf = (where: SQL) =>
		sql`exists (select 1 from ${memberships} left join ${facilities} on ${facilities.id} = ${memberships.facilityId} where ${memberships.userId} = ${users.id} and ${where})`
	return and(grantsOf(inReach), not(grantsOf(sql`not (coalesce(${inReach}, 0))`)))!
}

export function listUsers(db: Db, grants: ReadonlyArray<Grant>, filters: UserFilters & { page: number }) {
	const conditions: Array<SQL> = [manageableCondition(grants)]
	if (filters.q) {
		conditions.push(or(foldedContains(users.name, filters.q), foldedContains(users.email, filters.q))!)
	}
	if (filters.role)
		conditions.push(
			exists(
				db
					.select({ one: sql`1` })
					.from(memberships)
					.where(and(eq(memberships.userId, users.id), eq(memberships.role, filters.role))),
			),
		)
	if (filters.province) {
		conditions.push(
			exists(
				db
					.select({ one: sql`1` })
					.from(memberships)
					.leftJoin(facilities, eq(facilities.id, memberships.facilityId))
					.where(
						and(
							eq(memberships.userId, users.id),
							or(eq(memberships.provinceCode, filters.province), eq(facilities.provinceCode, filters.province)),
						),
					),
			),
		)
	}
	if (filters.status === 'invited') conditions.push(and(isNull(users.passwordHash), eq(users.status, 'active'))!)
	else if (filters.status) conditions.push(eq(users.status, filters.status))
	const where = and(...conditions)
	// People in Vietnamese order of their names (sorted here: SQLite compares bytes), then one page.
	const names = db.select({ id: users.id, name: users.name }).from(users).where(where).all()
	const total = names.length
	const start = (filters.page - 1) * USER_PAGE_SIZE
	const pageIds = sortByText(
		names,
		(u) => u.name,
		(u) => u.id,
	)
		.slice(start, start + USER_PAGE_SIZE)
		.map((u) => u.id)
	const order = new Map(pageIds.map((id, i) => [id, i]))
	const rows = db
		.select({
			id: users.id,
			email: users.email,
			name: users.name,
			jobTitle: users.jobTitle,
			status: users.status,
			invited: sql<number>`${users.passwordHash} is null`,
			lastLoginAt: users.lastLoginAt,
		})
		.from(users)
		.where(inArray(users.id, pageIds))
		.all()
		.sort((a, b) => order.get(a.id)! - order.get(b.id)!)
	const ids = rows.map((r) => r.id)
	const grantRows = ids.length ? userGrants(db, ids) : []
	return { total, rows: rows.map((r) => ({ ...r, invited: Boolean(r.invited), grants: grantRows.filter((g) => g.userId === r.id) })) }
}

export type UserGrant = GrantView & { id: number; userId: number; facilityName: string | null; provinceName: string | null }

/** The grants of some accounts, with the place of each facility (for scope decisions and display). */
export function userGrants(db: Pick<Db, 'select'>, userIds: ReadonlyArray<number>): Array<UserGrant> {
	const rows = db
		.select({
			id: memberships.id,
			userId: memberships.userId,
			role: memberships.role,
			scopeKind: memberships.scopeKind,
			facilityId: memberships.facilityId,
			provinceCode: memberships.provinceCode,
			facilityName: facilities.name,
			facilityProvince: facilities.provinceCode,
			facilityManagingBody: facilities.managingBody,
			provinceName: provinces.nameVi,
		})
		.from(memberships)
		.leftJoin(facilities, eq(facilities.id, memberships.facilityId))
		.leftJoin(provinces, eq(provinces.code, memberships.provinceCode))
		.where(inArray(memberships.userId, [...userIds]))
		.orderBy(asc(memberships.id))
		.all()
	return rows.map((r) => ({
		id: r.id,
		userId: r.userId,
		role: r.role,
		scopeKind: r.scopeKind,
		facilityId: r.facilityId,
		provinceCode: r.provinceCode,
		facilityName: r.facilityName,
		provinceName: r.provinceName,
		facility:
			r.facilityId !== null && r.facilityProvince !== null && r.facilityManagingBody !== null
				? { provinceCode: r.facilityProvince, managingBody: r.facilityManagingBody }
				: null,
	}))
}

export function getUserForAdmin(db: Db, id: number, now = new Date()) {
	const user = db.select().from(users).where(eq(users.id, id)).get()
	if (!user) return null
	const openSessions =
		db
			.select({ n: count() })
			.from(sessions)
			.where(and(eq(sessions.userId, id), gt(sessions.expiresAt, now)))
			.get()?.n ?? 0
	const pendingLink = db
		.select({ purpose: passwordTokens.purpose, expiresAt: passwordTokens.expiresAt })
		.from(passwordTokens)
		.where(and(eq(passwordTokens.userId, id), isNull(passwordTokens.usedAt), gt(passwordTokens.expiresAt, now)))
		.orderBy(desc(passwordTokens.createdAt))
		.limit(1)
		.get()
	const { passwordHash, ...rest } = user
	return { user: { ...rest, invited: passwordHash === null }, grants: userGrants(db, [id]), openSessions, pendingLink: pendingLink ?? null }
}

type Reader = Pick<Db, 'select'>

/** An account's row (also inside a writing transaction). */
export function userById(db: Reader, id: number) {
	return db.select().from(users).where(eq(users.id, id)).get() ?? null
}

/** Whether an account already uses this e-mail address. */
export function emailTaken(db: Reader, email: string): boolean {
	return db.select({ id: users.id }).from(users).where(eq(users.email, email)).get() !== undefined
}

/** One's own profile as the account page edits it. */
export function userProfile(db: Reader, id: number) {
	return db.select({ name: users.name, jobTitle: users.jobTitle, locale: users.locale }).from(users).where(eq(users.id, id)).get() ?? null
}

/** A one-time password link by the hash of its token, with its account. */
export function passwordLinkByHash(db: Reader, tokenHash: string) {
	return (
		db
			.select({
				userId: passwordTokens.userId,
				purpose: passwordTokens.purpose,
				expiresAt: passwordTokens.expiresAt,
				usedAt: passwordTokens.usedAt,
				email: users.email,
				name: users.name,
				status: users.status,
			})
			.from(passwordTokens)
			.innerJoin(users, eq(users.id, passwordTokens.userId))
			.where(eq(passwordTokens.tokenHash, tokenHash))
			.get() ?? null
	)
}
