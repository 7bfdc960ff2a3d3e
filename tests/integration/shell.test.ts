import { expect, test } from 'vitest'
import { schema } from '#db/client.server'
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

async function withNotifications(n: number) {
	const f = insertFacility(db())
	const user = await insertUser(db(), { grants: [{ role: 'facility_editor', scopeKind: 'facility', facilityId: f.id }] })
	const payload = { assessmentId: 1, facilityName: f.name, campaignTitle: 'Đợt 2026', by: 'Sở Y tế' }
	const ids = Array.from(
		{ length: n },
		(_, i) =>
			db()
				.insert(schema.notifications)
				.values({ userId: user.id, kind: 'assessment.returned', payload, createdAt: new Date(Date.now() - i * 1000) })
				.returning()
				.get().id,
	)
	return { ids, cookie: (await cookieFor(user.id)).cookie }
}

test('marking notifications read on the dashboard takes them off the list, one or several at a time', async () => {
	const { ids, cookie } = await withNotifications(3)
	const dashboard = async () => (await run(dashboardRoute.loader, makeRequest('/dashboard', { cookie }))).data
	expect((await dashboard()).notifications.map((n: { id: number }) => n.id)).toEqual(ids)
	const one = await run(
		dashboardRoute.action,
		makeRequest('/dashboard', { cookie, form: { intent: 'markRead', notificationId: String(ids[0]) } }),
	)
	expect(one.status).toBe(200)
	expect((await dashboard()).notifications.map((n: { id: number }) => n.id)).toEqual(ids.slice(1))
	const rest = ids.slice(1).map(String)
	await run(dashboardRoute.action, makeRequest('/dashboard', { cookie, form: { intent: 'markRead', notificationId: rest } }))
	expect((await dashboard()).notifications).toEqual([])
})

test('a malformed dashboard form is refused with 400 and marks nothing read', async () => {
	const { ids, cookie } = await withNotifications(1)
	const forms: Array<Record<string, string>> = [
		{ intent: 'markRead', notificationId: 'abc' },
		{ intent: 'deleteAll' },
		{ notificationId: String(ids[0]) },
	]
	for (const form of forms) {
		expect((await run(dashboardRoute.action, makeRequest('/dashboard', { cookie, form }))).status, JSON.stringify(form)).toBe(400)
	}
	expect(db().select().from(schema.notifications).get()?.readAt).toBeNull()
})
