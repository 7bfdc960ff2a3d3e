import { expect, test } from 'vitest'
import { insertFacility, insertUser, type GrantInput } from '#tests/factories'
import { cookieFor, db, makeRequest, run } from '#tests/helpers'
import { ROLES } from '~/domain/enums'
import * as facilityRoute from '~/routes/facilities.$facilityId'
import * as facilitiesIndex from '~/routes/facilities._index'

function world() {
	const hanoi = insertFacility(db(), { provinceCode: '01', name: 'BV Hà Nội' })
	const hanoiMoh = insertFacility(db(), { provinceCode: '01', name: 'BV Trung ương', managingBody: 'moh' })
	const danang = insertFacility(db(), { provinceCode: '48', name: 'BV Đà Nẵng' })
	return { hanoi, hanoiMoh, danang }
}

async function userWith(grant: GrantInput) {
	const user = await insertUser(db(), { grants: [grant] })
	return (await cookieFor(user.id)).cookie
}

function openFacility(id: number | string, cookie?: string) {
	return run(facilityRoute.loader, makeRequest(`/facilities/${id}`, { cookie }), { facilityId: String(id) })
}

test('every role scoped to facility A is refused facility B (403) and sees facility A', async () => {
	const w = world()
	for (const role of ['facility_editor', 'facility_director'] as const) {
		const cookie = await userWith({ role, scopeKind: 'facility', facilityId: w.hanoi.id })
		expect((await openFacility(w.hanoi.id, cookie)).status).toBe(200)
		expect((await openFacility(w.danang.id, cookie)).status).toBe(403)
		expect((await openFacility(w.hanoiMoh.id, cookie)).status).toBe(403)
	}
})

test('every role scoped to a province is refused a facility of another province (403)', async () => {
	const w = world()
	for (const role of ROLES.filter((r) => r !== 'facility_editor' && r !== 'facility_director')) {
		const cookie = await userWith({ role, scopeKind: 'province', provinceCode: '01' })
		expect((await openFacility(w.hanoi.id, cookie)).status, role).toBe(200)
		expect((await openFacility(w.danang.id, cookie)).status, role).toBe(403)
	}
})

test('MOH-run hospitals answer to the ministry: a provincial evaluator is refused, a national one is not', async () => {
	const w = world()
	const provincial = await userWith({ role: 'evaluator', scopeKind: 'province', provinceCode: '01' })
	const national = await userWith({ role: 'evaluator', scopeKind: 'national' })
	expect((await openFacility(w.hanoiMoh.id, provincial)).status).toBe(403)
	expect((await openFacility(w.hanoiMoh.id, national)).status).toBe(200)
})

test('a facility that does not exist is 404, and a malformed id is 404 too', async () => {
	const cookie = await userWith({ role: 'admin', scopeKind: 'national' })
	expect((await openFacility(999999, cookie)).status).toBe(404)
	expect((await openFacility('1;drop table users', cookie)).status).toBe(404)
})

test('an anonymous visitor is sent to sign in, with the page to come back to', async () => {
	const w = world()
	const res = await openFacility(w.hanoi.id)
	expect(res.status).toBe(302)
	expect(res.location).toBe(`/login?redirectTo=%2Ffacilities%2F${w.hanoi.id}`)
})

test('the facility list shows only facilities in the user\u2019s jurisdiction', async () => {
	const w = world()
	const list = async (cookie: string, q = '') =>
		(await run(facilitiesIndex.loader, makeRequest(`/facilities${q}`, { cookie }))).data.rows.map((r: { name: string }) => r.name).sort()
	const provincial = await userWith({ role: 'evaluator', scopeKind: 'province', provinceCode: '01' })
	const national = await userWith({ role: 'admin', scopeKind: 'national' })
	const director = await userWith({ role: 'facility_director', scopeKind: 'facility', facilityId: w.danang.id })
	expect(await list(provincial)).toEqual(['BV Hà Nội'])
	expect(await list(national)).toEqual(['BV Hà Nội', 'BV Trung ương', 'BV Đà Nẵng'].sort())
	expect(await list(director)).toEqual(['BV Đà Nẵng'])
	expect(await list(national, '?q=Trung')).toEqual(['BV Trung ương'])
	// LIKE wildcards typed by the user are literal characters, not patterns.
	expect(await list(national, '?q=%25')).toEqual([])
})

test('malformed list parameters fall back to safe defaults instead of failing', async () => {
	world()
	const cookie = await userWith({ role: 'admin', scopeKind: 'national' })
	const res = await run(facilitiesIndex.loader, makeRequest('/facilities?page=-4&q=' + 'x'.repeat(500), { cookie }))
	expect(res.status).toBe(200)
	expect(res.data.page).toBe(1)
})
