// Page models of user administration: the list, an account's page, and what the grant form offers.
import { type Db } from '#db/client.server'
import { facilitySuggestions } from '#db/queries/facilities'
import { provinceOptions } from '#db/queries/provinces'
import { hasConfirmedSecondFactor } from '#db/queries/second-factor'
import { getUserForAdmin, listUsers, USER_PAGE_SIZE } from '#db/queries/users'
import { can, type Grant } from '~/domain/permissions'
import { assignableRoles, type GrantOptions, mayAssign, mayManageUser, UserFiltersSchema } from '~/domain/user-admin'

/** Beyond this many facilities the code field offers no suggestions (the national registry has thousands). */
const SUGGEST_AT_MOST = 2000

/** What the grant form offers the actor: the roles it may give, the provinces, its facilities. */
export function grantOptions(db: Db, grants: ReadonlyArray<Grant>): GrantOptions {
	const national = can(grants, 'user:manage', { kind: 'global' })
	const own = grants.filter((g) => g.role === 'admin' && g.scopeKind === 'province' && g.provinceCode).map((g) => g.provinceCode!)
	return {
		roles: assignableRoles(grants),
		provinces: national ? provinceOptions(db) : [],
		facilities: national ? [] : facilitySuggestions(db, own, SUGGEST_AT_MOST),
	}
}

/** One page of the accounts the admin administers, with what the filter form offers. */
/** The accounts list for the filters of its query string (UserFiltersSchema: anything unexpected is not applied). */
export function userListPage(db: Db, grants: ReadonlyArray<Grant>, query: URLSearchParams) {
	const filters = UserFiltersSchema.parse(Object.fromEntries(query))
	const { total, rows } = listUsers(db, grants, filters)
	return {
		total,
		rows,
		page: filters.page,
		pages: Math.max(1, Math.ceil(total / USER_PAGE_SIZE)),
		provinces: provinceOptions(db),
		filters: { q: filters.q ?? '', role: filters.role ?? '', province: filters.province ?? '', status: filters.status ?? '' },
	}
}

/** An account's page for an admin; null when there is no such account or it is outside the admin's reach. */
export function userAdminPage(db: Db, userId: number, actor: { id: number; grants: ReadonlyArray<Grant> }) {
	const found = getUserForAdmin(db, userId)
	if (!found || !mayManageUser(actor.grants, found.grants)) return null
	return {
		...found,
		grants: found.grants.map((g) => ({
			...g,
			removable: mayAssign(actor.grants, g) && found.grants.length > 1 && !(g.role === 'admin' && found.user.id === actor.id),
		})),
		isSelf: found.user.id === actor.id,
		secondFactor: hasConfirmedSecondFactor(db, found.user.id),
		options: grantOptions(db, actor.grants),
	}
}
