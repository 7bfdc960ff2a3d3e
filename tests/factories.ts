// Factories for the tests: real rows through the real schema, with defaults for whatever a test
// does not care about. The rows are written by the demo seed's writers.
import { expect } from 'vitest'
import { type Db } from '#db/client.server'
import { type FacilityClass, type FacilityType, type ManagingBody } from '~/domain/enums'
import { type FacilityRow, type GrantInput, insertAccountRow, insertFacilityRow } from '~/services/demo-seed.server'
import { hashPassword } from '~/services/passwords.server'

export type { GrantInput }

let counter = 0
const next = () => ++counter

/**
 * A short tag of the running test file, so that rows made by two files in one shared database (the
 * browser suite's) never collide: the counter starts again in every file. Outside a test (the
 * benchmarks) there is no file and no tag.
 */
const fileTag = (() => {
	let path = ''
	try {
		path = expect.getState().testPath ?? ''
	} catch {
		return ''
	}
	let h = 0
	for (const ch of path) h = (h * 31 + ch.charCodeAt(0)) >>> 0
	return path ? h.toString(36).slice(0, 5) : ''
})()

export function insertFacility(db: Db, overrides: Partial<FacilityRow> & { provinceCode?: string } = {}) {
	const n = next()
	const managingBody: ManagingBody = overrides.managingBody ?? 'province'
	return insertFacilityRow(db, {
		code: overrides.code ?? `T${fileTag}${String(n).padStart(6, '0')}`,
		name: overrides.name ?? `Bệnh viện Thử nghiệm ${n}`,
		provinceCode: overrides.provinceCode ?? '01',
		type: (overrides.type ?? 'general_hospital') as FacilityType,
		class: (overrides.class ?? 'II') as FacilityClass,
		managingBody,
		ownership: overrides.ownership ?? (managingBody === 'private' ? 'private' : 'public'),
		bedCount: overrides.bedCount ?? 300,
		address: overrides.address ?? null,
		active: overrides.active ?? true,
	})
}

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
	return insertAccountRow(db, {
		email: input.email ?? `user${n}${fileTag ? `.${fileTag}` : ''}@test.vn`,
		name: input.name ?? `Người dùng ${n}`,
		jobTitle: input.jobTitle ?? '',
		passwordHash: input.passwordHash ?? (await hashPassword(input.password ?? 'Test@password1')),
		status: input.status,
		grants: input.grants ?? [],
	})
}
