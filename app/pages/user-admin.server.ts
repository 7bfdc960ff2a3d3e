import { and, asc, eq, inArray, ne } from 'drizzle-orm'
import { type Db, schema } from '#db/client.server'
import { can, type Grant } from '~/domain/permissions'
import { assignableRoles, type GrantOptions } from '~/domain/user-admin'

/** Beyond this many facilities the code field offers no suggestions (the national registry has thousands). */
const SUGGEST_AT_MOST = 2000

/** What the grant form offers the actor: the roles it may give, the provinces, its facilities. */
export function grantOptions(db: Db, grants: ReadonlyArray<Grant>): GrantOptions {
	const national = can(grants, 'user:manage', { kind: 'global' })
	const provinces = national
		? db
				.select({ code: schema.provinces.code, nameVi: schema.provinces.nameVi, nameEn: schema.provinces.nameEn })
				.from(schema.provinces)
				.orderBy(asc(schema.provinces.code))
				.all()
		: []
	const own = grants.filter((g) => g.role === 'admin' && g.scopeKind === 'province' && g.provinceCode).map((g) => g.provinceCode!)
	const facilities =
		!national && own.length
			? db
					.select({ code: schema.facilities.code, name: schema.facilities.name })
					.from(schema.facilities)
					.where(
						and(
							inArray(schema.facilities.provinceCode, own),
							ne(schema.facilities.managingBody, 'moh'),
							eq(schema.facilities.active, true),
						),
					)
					.orderBy(asc(schema.facilities.name))
					.limit(SUGGEST_AT_MOST)
					.all()
			: []
	return { roles: assignableRoles(grants), provinces, facilities }
}
