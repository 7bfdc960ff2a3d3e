import { expect, test } from 'vitest'
import { ROLES } from './enums'
import { can, type Grant, hasPermissionAnywhere, PERMISSIONS, provincesReached, type Target } from './permissions'

const hanoiHospital: Target = { kind: 'facility', facilityId: 1, provinceCode: '01', managingBody: 'province' }
const hanoiMohHospital: Target = { kind: 'facility', facilityId: 2, provinceCode: '01', managingBody: 'moh' }
const danangHospital: Target = { kind: 'facility', facilityId: 3, provinceCode: '48', managingBody: 'province' }

const g = (role: Grant['role'], scopeKind: Grant['scopeKind'], extra: Partial<Grant> = {}): Grant => ({
	role,
	scopeKind,
	facilityId: null,
	provinceCode: null,
	...extra,
})

test.each([
	['an editor edits its own facility', g('facility_editor', 'facility', { facilityId: 1 }), 'assessment:edit', hanoiHospital, true],
	['an editor cannot edit another facility', g('facility_editor', 'facility', { facilityId: 1 }), 'assessment:edit', danangHospital, false],
	[
		'an editor cannot submit, even its own facility',
		g('facility_editor', 'facility', { facilityId: 1 }),
		'assessment:submit',
		hanoiHospital,
		false,
	],
	[
		'a director submits for its own facility',
		g('facility_director', 'facility', { facilityId: 1 }),
		'assessment:submit',
		hanoiHospital,
		true,
	],
	['a director cannot review', g('facility_director', 'facility', { facilityId: 1 }), 'assessment:review', hanoiHospital, false],
	[
		'a provincial evaluator reviews a provincial hospital of its province',
		g('evaluator', 'province', { provinceCode: '01' }),
		'assessment:review',
		hanoiHospital,
		true,
	],
	[
		'a provincial evaluator cannot review an MOH-run hospital in its province',
		g('evaluator', 'province', { provinceCode: '01' }),
		'assessment:review',
		hanoiMohHospital,
		false,
	],
	[
		'a provincial evaluator cannot review another province',
		g('evaluator', 'province', { provinceCode: '01' }),
		'assessment:review',
		danangHospital,
		false,
	],
	['a national evaluator reviews an MOH-run hospital', g('evaluator', 'national'), 'assessment:review', hanoiMohHospital, true],
	[
		'a provincial evaluator cannot reopen (national only)',
		g('evaluator', 'province', { provinceCode: '01' }),
		'assessment:reopen',
		hanoiHospital,
		false,
	],
	['a national evaluator may reopen', g('evaluator', 'national'), 'assessment:reopen', hanoiHospital, true],
	['an evaluator cannot edit answers', g('evaluator', 'national'), 'assessment:edit', hanoiHospital, false],
	[
		'a provincial publisher publishes its province',
		g('publisher', 'province', { provinceCode: '48' }),
		'publication:manage',
		danangHospital,
		true,
	],
	[
		'a provincial publisher cannot publish another province',
		g('publisher', 'province', { provinceCode: '48' }),
		'publication:manage',
		hanoiHospital,
		false,
	],
	['a national admin manages catalogs', g('admin', 'national'), 'catalog:manage', { kind: 'global' }, true],
	[
		'a provincial admin cannot manage catalogs',
		g('admin', 'province', { provinceCode: '01' }),
		'catalog:manage',
		{ kind: 'global' },
		false,
	],
	[
		'a facility grant never reaches the whole system',
		g('facility_director', 'facility', { facilityId: 1 }),
		'dashboard:read',
		{ kind: 'global' },
		false,
	],
	['every role reads its own dashboard', g('facility_editor', 'facility', { facilityId: 1 }), 'dashboard:read', { kind: 'own' }, true],
] as const)('%s', (_name, grant, permission, target, expected) => {
	expect(can([grant], permission, target)).toBe(expected)
})

test('no grants means no permission at all (deny by default)', () => {
	for (const p of PERMISSIONS) {
		expect(can([], p, { kind: 'own' })).toBe(false)
		expect(can([], p, { kind: 'global' })).toBe(false)
		expect(hasPermissionAnywhere([], p)).toBe(false)
	}
})

test('a facility-scoped grant of any role never reaches a different facility, for any permission', () => {
	for (const role of ROLES) {
		for (const p of PERMISSIONS) {
			expect(can([g(role, 'facility', { facilityId: 1 })], p, danangHospital)).toBe(false)
		}
	}
})

test('a province-scoped grant of any role never reaches another province, for any permission', () => {
	for (const role of ROLES) {
		for (const p of PERMISSIONS) {
			expect(can([g(role, 'province', { provinceCode: '01' })], p, danangHospital)).toBe(false)
			expect(can([g(role, 'province', { provinceCode: '01' })], p, { kind: 'province', provinceCode: '48' })).toBe(false)
		}
	}
})

test('several grants combine: the union of what each allows', () => {
	const grants = [g('facility_editor', 'facility', { facilityId: 1 }), g('publisher', 'province', { provinceCode: '48' })]
	expect(can(grants, 'assessment:edit', hanoiHospital)).toBe(true)
	expect(can(grants, 'publication:manage', danangHospital)).toBe(true)
	expect(can(grants, 'publication:manage', hanoiHospital)).toBe(false)
	expect(can(grants, 'assessment:edit', danangHospital)).toBe(false)
})

test('a filter offers the provinces a permission reaches: all for a national grant, its own for a province grant, none for a facility grant', () => {
	expect(provincesReached([g('evaluator', 'national')], 'assessment:review')).toBe('all')
	expect([...(provincesReached([g('evaluator', 'province', { provinceCode: '01' })], 'assessment:review') as Set<string>)]).toEqual(['01'])
	expect([
		...(provincesReached(
			[g('evaluator', 'province', { provinceCode: '01' }), g('evaluator', 'province', { provinceCode: '48' })],
			'assessment:review',
		) as Set<string>),
	]).toEqual(['01', '48'])
	// A national publisher does not make a province evaluator's review reach the whole country.
	expect([
		...(provincesReached(
			[g('evaluator', 'province', { provinceCode: '01' }), g('publisher', 'national')],
			'assessment:review',
		) as Set<string>),
	]).toEqual(['01'])
	expect([...(provincesReached([g('facility_editor', 'facility', { facilityId: 1 })], 'assessment:review') as Set<string>)]).toEqual([])
})
