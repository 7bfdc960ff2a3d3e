// Factories shared by the seed script and the tests: real rows through the real schema.
import { type Db, schema } from '#db/client.server'
import { type FacilityClass, type FacilityType, type ManagingBody, type Role, type ScopeKind } from '~/domain/enums'
import { hashPassword } from '~/services/passwords.server'

let counter = 0
const next = () => ++counter

export function insertFacility(db: Db, overrides: Partial<typeof schema.facilities.$inferInsert> & { provinceCode?: string } = {}) {
	const n = next()
	const managingBody: ManagingBody = overrides.managingBody ?? 'province'
	const values = {
		code: overrides.code ?? `T${String(n).padStart(6, '0')}`,
		name: overrides.name ?? `Bệnh viện Thử nghiệm ${n}`,
		provinceCode: overrides.provinceCode ?? '01',
		type: (overrides.type ?? 'general_hospital') as FacilityType,
		class: (overrides.class ?? 'II') as FacilityClass,
		managingBody,
		ownership: overrides.ownership ?? (managingBody === 'private' ? 'private' : 'public'),
		bedCount: overrides.bedCount ?? 300,
		address: overrides.address ?? null,
		active: overrides.active ?? true,
	} satisfies typeof schema.facilities.$inferInsert
	return db.insert(schema.facilities).values(values).returning().get()
}

export type GrantInput = { role: Role; scopeKind: ScopeKind; facilityId?: number; provinceCode?: string }

export async function insertUser(
	db: Db,
	input: {
		email?: string
		name?: string
		jobTitle?: string
		password?: string
		passwordHash?: string
		status?: 'active' | 'disabled'
		grants?: Array<GrantInput>
	} = {},
) {
	const n = next()
	const passwordHash = input.passwordHash ?? (await hashPassword(input.password ?? 'Test@password1'))
	const user = db
		.insert(schema.users)
		.values({
			email: (input.email ?? `user${n}@test.vn`).toLowerCase(),
			name: input.name ?? `Người dùng ${n}`,
			jobTitle: input.jobTitle ?? '',
			passwordHash,
			status: input.status ?? 'active',
		})
		.returning()
		.get()
	for (const g of input.grants ?? []) {
		db.insert(schema.memberships)
			.values({
				userId: user.id,
				role: g.role,
				scopeKind: g.scopeKind,
				facilityId: g.facilityId ?? null,
				provinceCode: g.provinceCode ?? null,
			})
			.run()
	}
	return user
}
