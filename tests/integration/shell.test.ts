import { expect, test } from 'vitest'
import { insertFacility, insertUser, type GrantInput } from '#tests/factories'
import { cookieFor, db, makeRequest, run } from '#tests/helpers'
import * as rootRoute from '~/root'
import * as splatRoute from '~/routes/$'
import * as dashboardRoute from '~/routes/dashboard'
import * as langRoute from '~/routes/lang'

async function dashboardFor(grant: GrantInput) {
	const user = await insertUser(db(), { name: 'Chị Mai', grants: [grant] })
	const { cookie } = await cookieFor(user.id)
	return (await run(dashboardRoute.loader, makeRequest('/dashboard', { cookie }))).data
}

test('each role gets its own dashboard sections', async () => {
	const f = insertFacility(db())
	const editor = await dashboardFor({ role: 'facility_editor', scopeKind: 'facility', facilityId: f.id })
	expect(editor.facility).not.toBeNull()
	expect(editor.review).toBeNull()
	expect(editor.system).toBeNull()
	const evaluator = await dashboardFor({ role: 'evaluator', scopeKind: 'province', provinceCode: '01' })
	expect(evaluator.review).toEqual([])
	expect(evaluator.facility).toBeNull()
	const publisher = await dashboardFor({ role: 'publisher', scopeKind: 'national' })
	expect(publisher.publish).toEqual([])
	const admin = await dashboardFor({ role: 'admin', scopeKind: 'national' })
	expect(admin.system).toMatchObject({ facilities: 1, users: 4 })
})

test('the root loader tells the shell who is signed in, with role and scope, and the navigation', async () => {
	const f = insertFacility(db(), { name: 'BV Xanh Pôn' })
	const user = await insertUser(db(), { name: 'Anh Long', grants: [{ role: 'facility_editor', scopeKind: 'facility', facilityId: f.id }] })
	const { cookie } = await cookieFor(user.id)
	const res = await run(rootRoute.loader, makeRequest('/dashboard', { cookie }))
	expect(res.data.locale).toBe('vi')
	expect(res.data.user).toMatchObject({
		name: 'Anh Long',
		grants: [{ role: 'facility_editor', scopeKind: 'facility', facilityName: 'BV Xanh Pôn' }],
	})
	expect(res.data.nav).toEqual([
		{ to: '/dashboard', page: 'dashboard' },
		{ to: '/assessments', page: 'assessments' },
		{ to: `/facilities/${f.id}`, page: 'facilities' },
	])
})

test('switching the language remembers it in a cookie and returns to the same page', async () => {
	const res = await run(langRoute.action, makeRequest('/lang', { form: { locale: 'en', redirectTo: '/facilities?q=x' } }))
	expect(res.status).toBe(302)
	expect(res.location).toBe('/facilities?q=x')
	const cookie = res.headers.get('Set-Cookie')!.split(';')[0]
	const root = await run(rootRoute.loader, makeRequest('/login', { cookie }))
	expect(root.data.locale).toBe('en')
})

test('an unknown language is refused with 400 and an off-site return address is ignored', async () => {
	expect((await run(langRoute.action, makeRequest('/lang', { form: { locale: 'fr' } }))).status).toBe(400)
	const res = await run(langRoute.action, makeRequest('/lang', { form: { locale: 'vi', redirectTo: 'https://evil.example' } }))
	expect(res.location).toBe('/')
})

test('an unknown URL is a 404', async () => {
	expect((await run(splatRoute.loader, makeRequest('/no/such/page'))).status).toBe(404)
})
