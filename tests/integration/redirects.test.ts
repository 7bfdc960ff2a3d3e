// Open redirects (docs/SECURITY.md, finding 2) and hostile redirect targets that used to end in a
// 500 (finding 7): every `redirectTo` a browser could read as another site is replaced by a page of ours.
import { expect, test } from 'vitest'
import { insertFacility, insertUser } from '#tests/factories'
import { cookieFor, db, makeRequest, run } from '#tests/helpers'
import * as langRoute from '~/routes/lang'
import * as loginRoute from '~/routes/login'
import { safeRedirectPath } from '~/utils/http.server'

/** Targets that browsers resolve to evil.example (tabs and line breaks are dropped from URLs, "\" reads as "/"). */
const HOSTILE = [
	'/\t/evil.example',
	'/\t\\evil.example',
	'/\\evil.example',
	'/\\/evil.example',
	'\\\\evil.example',
	'/\n/evil.example',
	'/\r\n/evil.example',
	'/\r/evil.example',
	'/\u0000/evil.example',
	'//evil.example',
	'///evil.example',
	'https://evil.example/',
	' //evil.example',
	'/%0d%0aSet-Cookie:x=1',
	'/x\r\nSet-Cookie: x=1',
]

/** Where a browser on our site would land after following this Location. */
function landsOn(location: string | null) {
	const cleaned = (location ?? '').replace(/[\t\n\r]/g, '').replace(/\\/g, '/')
	return new URL(cleaned, 'https://our.example/login').host
}

async function editor() {
	const facility = insertFacility(db())
	return insertUser(db(), {
		email: 'it@bv.vn',
		password: 'Correct-horse-1',
		grants: [{ role: 'facility_editor', scopeKind: 'facility', facilityId: facility.id }],
	})
}

test.each(HOSTILE)('sign-in with redirectTo %j lands on our own site', async (target) => {
	await editor()
	const res = await run(
		loginRoute.action,
		makeRequest('/login', { form: { email: 'it@bv.vn', password: 'Correct-horse-1', redirectTo: target } }),
	)
	expect(res.status).toBe(302)
	expect(landsOn(res.location)).toBe('our.example')
})

test.each(HOSTILE)('the sign-in page of a signed-in user with redirectTo %j sends them to our own site', async (target) => {
	const user = await editor()
	const { cookie } = await cookieFor(user.id)
	const res = await run(loginRoute.loader, makeRequest(`/login?redirectTo=${encodeURIComponent(target)}`, { cookie }))
	expect(res.status).toBe(302)
	expect(landsOn(res.location)).toBe('our.example')
})

test.each(HOSTILE)('the language switch without sign-in, with redirectTo %j, stays on our own site', async (target) => {
	const res = await run(langRoute.action, makeRequest('/lang', { form: { locale: 'en', redirectTo: target } }))
	expect(res.status).toBe(302)
	expect(landsOn(res.location)).toBe('our.example')
})

test.each([
	['/facilities', '/facilities'],
	['/assessments/12?tab=2#q3', '/assessments/12?tab=2#q3'],
	['/portal/ha-noi', '/portal/ha-noi'],
	['/tìm kiếm', '/t%C3%ACm%20ki%E1%BA%BFm'],
	[null, '/dashboard'],
	['', '/dashboard'],
	['dashboard', '/dashboard'],
])('a same-site path %j is kept as %j', (target, expected) => {
	expect(safeRedirectPath(target)).toBe(expected)
})
