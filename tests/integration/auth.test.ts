import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { schema } from '#db/client.server'
import { insertFacility, insertUser } from '#tests/factories'
import { cookieFor, db, makeRequest, run } from '#tests/helpers'
import * as dashboardRoute from '~/routes/dashboard'
import * as loginRoute from '~/routes/login'
import * as logoutRoute from '~/routes/logout'
import { findSession, hashToken } from '~/services/session.server'

async function editor(password = 'Correct-horse-1') {
	const facility = insertFacility(db())
	return insertUser(db(), {
		email: 'it@bv.vn',
		password,
		grants: [{ role: 'facility_editor', scopeKind: 'facility', facilityId: facility.id }],
	})
}

function login(form: Record<string, string>, cookie?: string) {
	return run(loginRoute.action, makeRequest('/login', { form, cookie }))
}

function sessionCount() {
	return db().select().from(schema.sessions).all().length
}

test('signing in with the right password creates a session and sets an HttpOnly, SameSite=Lax cookie', async () => {
	const user = await editor()
	const res = await login({ email: 'IT@bv.vn ', password: 'Correct-horse-1', redirectTo: '/facilities' })
	expect(res.status).toBe(302)
	expect(res.location).toBe('/facilities')
	const setCookie = res.headers.get('Set-Cookie') ?? ''
	expect(setCookie).toMatch(/^__session=/)
	expect(setCookie).toMatch(/HttpOnly/i)
	expect(setCookie).toMatch(/SameSite=Lax/i)
	const rows = db().select().from(schema.sessions).all()
	expect(rows).toHaveLength(1)
	expect(rows[0].userId).toBe(user.id)
	// Only the token's hash is stored, never the token itself.
	expect(setCookie).not.toContain(rows[0].id)
})

test('a wrong password is refused with 401 and a message, and no session is created', async () => {
	await editor()
	const res = await login({ email: 'it@bv.vn', password: 'wrong-password' })
	expect(res.status).toBe(401)
	expect(res.data.result.error['']).toEqual(['login.failed'])
	expect(res.headers.get('Set-Cookie')).toBeNull()
	expect(sessionCount()).toBe(0)
})

test('an unknown e-mail gets exactly the same answer as a wrong password', async () => {
	const res = await login({ email: 'nobody@bv.vn', password: 'whatever-1' })
	expect(res.status).toBe(401)
	expect(res.data.result.error['']).toEqual(['login.failed'])
})

test('a disabled account cannot sign in even with the right password', async () => {
	const facility = insertFacility(db())
	await insertUser(db(), {
		email: 'old@bv.vn',
		password: 'Correct-horse-1',
		status: 'disabled',
		grants: [{ role: 'facility_editor', scopeKind: 'facility', facilityId: facility.id }],
	})
	const res = await login({ email: 'old@bv.vn', password: 'Correct-horse-1' })
	expect(res.status).toBe(401)
	expect(res.data.result.error['']).toEqual(['login.disabled'])
	expect(sessionCount()).toBe(0)
})

test('a malformed sign-in form is refused with field errors and changes nothing', async () => {
	const res = await login({ email: 'not-an-email', password: '' })
	expect(res.status).toBe(400)
	expect(res.data.result.error.email).toEqual(['form.invalidEmail'])
	expect(res.data.result.error.password).toEqual(['form.required'])
	expect(db().select().from(schema.loginAttempts).all()).toHaveLength(0)
})

test('after five failures the account is locked for the window, even with the right password', async () => {
	await editor()
	for (let i = 0; i < 5; i++) expect((await login({ email: 'it@bv.vn', password: `bad-${i}` })).status).toBe(401)
	const res = await login({ email: 'it@bv.vn', password: 'Correct-horse-1' })
	expect(res.status).toBe(429)
	expect(res.data.result.error[''][0]).toMatch(/^login\.throttled\|\{"minutes":1[45]\}$/)
	expect(sessionCount()).toBe(0)
})

test('signing in again rotates the session: the old token stops working', async () => {
	const user = await editor()
	const old = await cookieFor(user.id)
	const res = await login({ email: 'it@bv.vn', password: 'Correct-horse-1' }, old.cookie)
	expect(res.status).toBe(302)
	expect(findSession(old.token).status).toBe('none')
	expect(sessionCount()).toBe(1)
	const fresh = db().select().from(schema.sessions).get()!
	expect(fresh.id).not.toBe(hashToken(old.token))
})

test('an idle session expires: the user is sent to sign in with a notice and the session is deleted', async () => {
	const user = await editor()
	const { cookie, token } = await cookieFor(user.id, new Date(Date.now() - 31 * 60_000))
	const res = await run(dashboardRoute.loader, makeRequest('/dashboard', { cookie }))
	expect(res.status).toBe(302)
	expect(res.location).toBe('/login?redirectTo=%2Fdashboard&expired=1')
	expect(findSession(token).status).toBe('none')
})

test('a session past its absolute lifetime expires even when it was active a moment ago', async () => {
	const user = await editor()
	const { cookie, token } = await cookieFor(user.id)
	db()
		.update(schema.sessions)
		.set({ expiresAt: new Date(Date.now() - 1000) })
		.where(eq(schema.sessions.id, hashToken(token)))
		.run()
	const res = await run(dashboardRoute.loader, makeRequest('/dashboard', { cookie }))
	expect(res.status).toBe(302)
	expect(res.location).toContain('expired=1')
})

test('a forged or tampered session cookie is treated as signed out', async () => {
	const res = await run(dashboardRoute.loader, makeRequest('/dashboard', { cookie: '__session=forged.value' }))
	expect(res.status).toBe(302)
	expect(res.location).toBe('/login?redirectTo=%2Fdashboard')
})

test('signing out deletes the session and clears the cookie', async () => {
	const user = await editor()
	const { cookie, token } = await cookieFor(user.id)
	const res = await run(logoutRoute.action, makeRequest('/logout', { method: 'POST', cookie }))
	expect(res.status).toBe(302)
	expect(res.location).toBe('/login?signedOut=1')
	expect(res.headers.get('Set-Cookie')).toMatch(/Max-Age=0/)
	expect(findSession(token).status).toBe('none')
})

test('sign-in never redirects off-site', async () => {
	await editor()
	const res = await login({ email: 'it@bv.vn', password: 'Correct-horse-1', redirectTo: '//evil.example/x' })
	expect(res.location).toBe('/dashboard')
})

test('a disabled user with a live session is signed out on the next request', async () => {
	const user = await editor()
	const { cookie } = await cookieFor(user.id)
	db().update(schema.users).set({ status: 'disabled' }).where(eq(schema.users.id, user.id)).run()
	const res = await run(dashboardRoute.loader, makeRequest('/dashboard', { cookie }))
	expect(res.status).toBe(302)
	expect(res.location).toContain('/login')
})
