// The second factor (docs/decisions/016) through the routes: enrolment required by role, the second
// sign-in step that grants nothing until the code is right, the throttle on codes, replays, recovery
// codes, and an admin's reset.
import { eq } from 'drizzle-orm'
import * as OTPAuth from 'otpauth'
import { beforeEach, expect, test } from 'vitest'
import { schema } from '#db/client.server'
import { insertFacility, insertUser } from '#tests/factories'
import { cookieFor, db, makeRequest, run } from '#tests/helpers'
import { TOTP_PERIOD_SECONDS } from '~/domain/second-factor'
import { resetEnv } from '~/env.server'
import * as enrolRoute from '~/routes/account_.two-factor'
import * as userRoute from '~/routes/admin.users.$userId'
import * as usersRoute from '~/routes/admin.users._index'
import * as dashboardRoute from '~/routes/dashboard'
import * as loginRoute from '~/routes/login'
import * as codeRoute from '~/routes/login_.code'
import { completeSignIn, signIn } from '~/services/auth.server'

const PASSWORD = 'Correct-horse-1'

beforeEach(() => {
	// As in production: admins, evaluators and publishers must use a second factor.
	process.env.MFA_REQUIRED_ROLES = 'admin,evaluator,publisher'
	resetEnv()
})

async function evaluator(email = 'tham.dinh@soyte.vn') {
	return insertUser(db(), { email, password: PASSWORD, grants: [{ role: 'evaluator', scopeKind: 'province', provinceCode: '48' }] })
}

async function editor(email = 'it@bv.vn') {
	const facility = insertFacility(db())
	return insertUser(db(), {
		email,
		password: PASSWORD,
		grants: [{ role: 'facility_editor', scopeKind: 'facility', facilityId: facility.id }],
	})
}

function cookieOf(res: { headers: Headers }, name: string) {
	const found = res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.find((c) => c.startsWith(`${name}=`))
	return found && found !== `${name}=` ? found : null
}

function code(secret: string, step = Math.floor(Date.now() / 1000 / TOTP_PERIOD_SECONDS)) {
	return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp: step * TOTP_PERIOD_SECONDS * 1000 })
}

/** Enrols the user through the enrolment page with a session cookie; returns the secret read off the page and the recovery codes. */
async function enrol(cookie: string) {
	expect((await run(enrolRoute.action, makeRequest('/account/two-factor', { cookie, form: { intent: 'start' } }))).location).toBe(
		'/account/two-factor',
	)
	const page = await run(enrolRoute.loader, makeRequest('/account/two-factor', { cookie }))
	expect(page.data.state.status).toBe('pending')
	expect(page.headers.get('Cache-Control')).toBe('no-store')
	const secret: string = page.data.state.enrolment.secret
	expect(page.data.state.enrolment.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/)
	const wrong = await run(enrolRoute.action, makeRequest('/account/two-factor', { cookie, form: { intent: 'confirm', code: '000000' } }))
	expect(wrong.status).toBe(400)
	const step = Math.floor(Date.now() / 1000 / TOTP_PERIOD_SECONDS)
	const done = await run(
		enrolRoute.action,
		makeRequest('/account/two-factor', { cookie, form: { intent: 'confirm', code: code(secret, step) } }),
	)
	expect(done.status).toBe(200)
	return { secret, step, recoveryCodes: done.data.recoveryCodes as Array<string> }
}

async function passwordStep(email: string) {
	const res = await run(loginRoute.action, makeRequest('/login', { form: { email, password: PASSWORD, redirectTo: '/facilities' } }))
	return { res, step: cookieOf(res, '__signin_step') }
}

function codeStep(step: string, typed: string, ip = '127.0.0.1') {
	return run(
		codeRoute.action,
		makeRequest('/login/code', { cookie: step, form: { code: typed, redirectTo: '/facilities' }, headers: { 'x-client-ip': ip } }),
	)
}

function sessionsOf(userId: number) {
	return db().select().from(schema.sessions).where(eq(schema.sessions.userId, userId)).all().length
}

test('an evaluator without a second factor is sent to enrolment from every page and holds no permission until enrolled', async () => {
	const user = await evaluator()
	const { cookie } = await cookieFor(user.id)
	const dashboard = await run(dashboardRoute.loader, makeRequest('/dashboard', { cookie }))
	expect(dashboard.location).toBe('/account/two-factor')
	const users = await run(usersRoute.loader, makeRequest('/admin/users', { cookie }))
	expect(users.location).toBe('/account/two-factor')
	const page = await run(enrolRoute.loader, makeRequest('/account/two-factor', { cookie }))
	expect(page.data).toMatchObject({ required: true, state: { status: 'off' } })

	const { recoveryCodes } = await enrol(cookie)
	expect(recoveryCodes).toHaveLength(10)
	expect(new Set(recoveryCodes).size).toBe(10)
	for (const c of recoveryCodes) expect(c).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/)
	// Only hashes are kept: no recovery code, and not the secret, is stored in the clear.
	const stored =
		JSON.stringify(db().select().from(schema.recoveryCodes).all()) + JSON.stringify(db().select().from(schema.secondFactors).all())
	for (const c of recoveryCodes) expect(stored).not.toContain(c.replace('-', ''))
	expect((await run(dashboardRoute.loader, makeRequest('/dashboard', { cookie }))).status).toBe(200)
	const audit = db().select().from(schema.auditEvents).where(eq(schema.auditEvents.action, 'user.mfa_enrol')).all()
	expect(audit).toHaveLength(1)
})

test('facility staff may sign in without a second factor, and the sign-in page of a server that requires none says so', async () => {
	await editor()
	const { res, step } = await passwordStep('it@bv.vn')
	expect(res.location).toBe('/facilities')
	expect(step).toBeNull()
	expect(cookieOf(res, '__session')).not.toBeNull()
	expect((await run(loginRoute.loader, makeRequest('/login'))).data).toEqual({ secondFactorOptional: false })
	process.env.MFA_REQUIRED_ROLES = ''
	resetEnv()
	expect((await run(loginRoute.loader, makeRequest('/login'))).data).toEqual({ secondFactorOptional: true })
})

test('after the right password an enrolled user gets no session, only a pending step that opens nothing, then signs in with a code', async () => {
	const user = await evaluator()
	const { secret } = await enrol((await cookieFor(user.id)).cookie)
	db().delete(schema.sessions).run()

	const { res, step } = await passwordStep('tham.dinh@soyte.vn')
	expect(res.status).toBe(302)
	expect(res.location).toBe('/login/code?redirectTo=%2Ffacilities')
	expect(cookieOf(res, '__session')).toBeNull()
	expect(step).not.toBeNull()
	expect(res.headers.get('Set-Cookie')).toMatch(/HttpOnly/i)
	expect(sessionsOf(user.id)).toBe(0)
	// The pending step is no session: a page that needs one sends the browser to sign in.
	const dashboard = await run(dashboardRoute.loader, makeRequest('/dashboard', { cookie: step! }))
	expect(dashboard.location).toMatch(/^\/login\?/)
	expect((await run(codeRoute.loader, makeRequest('/login/code', { cookie: step! }))).status).toBe(200)

	const wrong = await codeStep(step!, '000000')
	expect(wrong.status).toBe(401)
	expect(wrong.data.result.error['']).toEqual(['mfa.wrongCode'])
	expect(sessionsOf(user.id)).toBe(0)

	// The enrolment used the current step's code: the next one signs in.
	const right = await codeStep(step!, code(secret, Math.floor(Date.now() / 30_000) + 1))
	expect(right.status).toBe(302)
	expect(right.location).toBe('/facilities')
	const session = cookieOf(right, '__session')
	expect(session).not.toBeNull()
	expect(sessionsOf(user.id)).toBe(1)
	expect((await run(dashboardRoute.loader, makeRequest('/dashboard', { cookie: session! }))).status).toBe(200)
	// The step is spent.
	expect((await codeStep(step!, '123456')).location).toBe('/login?expired=step&redirectTo=%2Ffacilities')
	const signIns = db().select().from(schema.auditEvents).where(eq(schema.auditEvents.action, 'user.sign_in')).all()
	expect(JSON.parse(signIns.at(-1)!.after!)).toMatchObject({ factor: 'totp' })
})

test('a code once used is refused when replayed, even within its 30 seconds', async () => {
	const user = await evaluator()
	const { secret, step } = await enrol((await cookieFor(user.id)).cookie)
	// The enrolment's own code counts as used: the next sign-in needs a later one.
	const first = await passwordStep('tham.dinh@soyte.vn')
	expect((await codeStep(first.step!, code(secret, step))).status).toBe(401)
	const next = code(secret, step + 1)
	expect((await codeStep(first.step!, next)).status).toBe(302)
	const second = await passwordStep('tham.dinh@soyte.vn')
	expect((await codeStep(second.step!, next)).status).toBe(401)
})

test('a recovery code signs in once; the same code is refused the second time', async () => {
	const user = await evaluator()
	const { recoveryCodes } = await enrol((await cookieFor(user.id)).cookie)
	const first = await passwordStep('tham.dinh@soyte.vn')
	const ok = await codeStep(first.step!, recoveryCodes[3].toLowerCase())
	expect(ok.status).toBe(302)
	const second = await passwordStep('tham.dinh@soyte.vn')
	const again = await codeStep(second.step!, recoveryCodes[3])
	expect(again.status).toBe(401)
	expect((await codeStep(second.step!, recoveryCodes[4])).status).toBe(302)
	const page = await run(enrolRoute.loader, makeRequest('/account/two-factor', { cookie: cookieOf(ok, '__session')! }))
	expect(page.data.state).toMatchObject({ status: 'on', recoveryCodesLeft: 8 })
})

test('twenty parallel code guesses reach the code check five times; the right code at position 10 is refused, and no session is made', async () => {
	const user = await evaluator()
	const { secret } = await enrol((await cookieFor(user.id)).cookie)
	db().delete(schema.sessions).run()
	const { step } = await passwordStep('tham.dinh@soyte.vn')
	const right = code(secret, Math.floor(Date.now() / 30_000) + 1)
	const answers = await Promise.all(
		Array.from({ length: 20 }, (_, i) => codeStep(step!, i === 10 ? right : String(100000 + i), `10.3.0.${i}`)),
	)
	const statuses = answers.map((a) => a.status)
	expect(statuses.filter((s) => s === 401)).toHaveLength(5)
	expect(statuses.filter((s) => s === 429)).toHaveLength(15)
	expect(answers[10].status).toBe(429)
	expect(answers[10].data.result.error[''][0]).toMatch(/^login\.throttled\|/)
	expect(sessionsOf(user.id)).toBe(0)
	// A new password step does not open the lock on codes.
	const again = await passwordStep('tham.dinh@soyte.vn')
	expect((await codeStep(again.step!, right)).status).toBe(429)
})

test('a pending step expires after five minutes and is bound to the user it was made for', async () => {
	const user = await evaluator()
	const { secret } = await enrol((await cookieFor(user.id)).cookie)
	const started = new Date()
	const result = await signIn({ email: 'tham.dinh@soyte.vn', password: PASSWORD, ip: null, userAgent: null }, started)
	expect(result).toMatchObject({ ok: false, reason: 'second_factor' })
	const challenge = (result as { challenge: string }).challenge
	const late = new Date(started.getTime() + 5 * 60_000 + 1)
	const lateCode = code(secret, Math.floor(late.getTime() / 30_000))
	expect(await completeSignIn({ challenge, code: lateCode, ip: null, userAgent: null }, late)).toEqual({ ok: false, reason: 'expired' })
	expect(await completeSignIn({ challenge: 'made-up', code: lateCode, ip: null, userAgent: null })).toEqual({
		ok: false,
		reason: 'expired',
	})
	// Another user's code does not complete this user's step.
	const other = await evaluator('khac@soyte.vn')
	const { secret: otherSecret } = await enrol((await cookieFor(other.id)).cookie)
	const fresh = await signIn({ email: 'tham.dinh@soyte.vn', password: PASSWORD, ip: null, userAgent: null })
	const otherCode = code(otherSecret, Math.floor(Date.now() / 30_000) + 1)
	expect(
		await completeSignIn({ challenge: (fresh as { challenge: string }).challenge, code: otherCode, ip: null, userAgent: null }),
	).toMatchObject({
		ok: false,
	})
})

test("an admin resets a user's second factor: audited, the user signed out everywhere and sent to enrol again at the next sign-in", async () => {
	const user = await evaluator()
	const { cookie } = await cookieFor(user.id)
	await enrol(cookie)
	const admin = await insertUser(db(), { grants: [{ role: 'admin', scopeKind: 'national' }] })
	// The admin has a second factor of their own (required for admins here).
	const adminCookie = (await cookieFor(admin.id)).cookie
	await enrol(adminCookie)

	const page = await run(userRoute.loader, makeRequest(`/admin/users/${user.id}`, { cookie: adminCookie }), { userId: String(user.id) })
	expect(page.data.secondFactor).toBe(true)
	const reset = await run(
		userRoute.action,
		makeRequest(`/admin/users/${user.id}`, { cookie: adminCookie, form: { intent: 'resetSecondFactor' } }),
		{
			userId: String(user.id),
		},
	)
	expect(reset.status).toBe(200)
	expect(reset.data.notice).toBe('users.mfa.resetDone')
	expect(sessionsOf(user.id)).toBe(0)
	expect(db().select().from(schema.recoveryCodes).where(eq(schema.recoveryCodes.userId, user.id)).all()).toHaveLength(0)
	const audit = db().select().from(schema.auditEvents).where(eq(schema.auditEvents.action, 'user.mfa_reset')).all()
	expect(audit).toMatchObject([{ actorId: admin.id, entityId: String(user.id) }])
	// A second reset has nothing to remove.
	const twice = await run(
		userRoute.action,
		makeRequest(`/admin/users/${user.id}`, { cookie: adminCookie, form: { intent: 'resetSecondFactor' } }),
		{
			userId: String(user.id),
		},
	)
	expect(twice.status).toBe(409)

	const { res, step } = await passwordStep('tham.dinh@soyte.vn')
	expect(step).toBeNull()
	const session = cookieOf(res, '__session')!
	expect((await run(dashboardRoute.loader, makeRequest('/dashboard', { cookie: session }))).location).toBe('/account/two-factor')
})

test('a province admin cannot reset the second factor of an account outside its province', async () => {
	const user = await evaluator()
	await enrol((await cookieFor(user.id)).cookie)
	const provinceAdmin = await insertUser(db(), { grants: [{ role: 'admin', scopeKind: 'province', provinceCode: '01' }] })
	const adminCookie = (await cookieFor(provinceAdmin.id)).cookie
	await enrol(adminCookie)
	const reset = await run(
		userRoute.action,
		makeRequest(`/admin/users/${user.id}`, { cookie: adminCookie, form: { intent: 'resetSecondFactor' } }),
		{
			userId: String(user.id),
		},
	)
	expect(reset.status).toBe(403)
	expect(db().select().from(schema.secondFactors).where(eq(schema.secondFactors.userId, user.id)).all()).toHaveLength(1)
})

test('the same code sent twice at the same moment signs in once', async () => {
	const user = await evaluator()
	const { secret, step } = await enrol((await cookieFor(user.id)).cookie)
	db().delete(schema.sessions).run()
	const a = await passwordStep('tham.dinh@soyte.vn')
	const b = await passwordStep('tham.dinh@soyte.vn')
	const next = code(secret, step + 1)
	const answers = await Promise.all([codeStep(a.step!, next), codeStep(b.step!, next)])
	expect(answers.map((r) => r.status).sort()).toEqual([302, 401])
	expect(sessionsOf(user.id)).toBe(1)
})
