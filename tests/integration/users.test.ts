import { eq } from 'drizzle-orm'
import { expect, onTestFinished, test } from 'vitest'
import { schema } from '#db/client.server'
import { insertFacility, insertUser } from '#tests/factories'
import { cookieFor, db, makeRequest, run } from '#tests/helpers'
import { startSmtpServer } from '#tests/smtp'
import * as accountRoute from '~/routes/account'
import * as userRoute from '~/routes/admin.users.$userId'
import * as usersRoute from '~/routes/admin.users._index'
import * as inviteRoute from '~/routes/admin.users.new'
import * as dashboardRoute from '~/routes/dashboard'
import * as loginRoute from '~/routes/login'
import * as passwordRoute from '~/routes/password.$token'
import { signIn } from '~/services/auth.server'

async function world() {
	const hanoi = insertFacility(db(), { code: '01001', provinceCode: '01', name: 'Bệnh viện Thanh Nhàn' })
	const hanoiMoh = insertFacility(db(), {
		code: '01002',
		provinceCode: '01',
		name: 'Bệnh viện Bạch Mai',
		managingBody: 'moh',
		class: 'special',
	})
	const danang = insertFacility(db(), { code: '48001', provinceCode: '48', name: 'Bệnh viện Đà Nẵng' })
	const national = await insertUser(db(), { email: 'qt@test.vn', grants: [{ role: 'admin', scopeKind: 'national' }] })
	const provincial = await insertUser(db(), {
		email: 'qt.hanoi@test.vn',
		grants: [{ role: 'admin', scopeKind: 'province', provinceCode: '01' }],
	})
	const hanoiEditor = await insertUser(db(), {
		email: 'cntt@thanhnhan.vn',
		grants: [{ role: 'facility_editor', scopeKind: 'facility', facilityId: hanoi.id }],
	})
	const danangEditor = await insertUser(db(), {
		email: 'cntt@danang.vn',
		grants: [{ role: 'facility_editor', scopeKind: 'facility', facilityId: danang.id }],
	})
	const evaluator = await insertUser(db(), {
		email: 'td@hanoi.vn',
		grants: [{ role: 'evaluator', scopeKind: 'province', provinceCode: '01' }],
	})
	return {
		hanoi,
		hanoiMoh,
		danang,
		national,
		provincial,
		hanoiEditor,
		danangEditor,
		evaluator,
		cookie: async (u: { id: number }) => (await cookieFor(u.id)).cookie,
	}
}

const invite = (cookie: string, form: Record<string, string>) => run(inviteRoute.action, makeRequest('/admin/users/new', { cookie, form }))
const token = (link: string) => link.split('/password/')[1]

async function login(email: string, password: string) {
	return run(loginRoute.action, makeRequest('/login', { form: { email, password } }))
}

test('an invitation without SMTP shows a one-time link; the invitee sets a password with it and signs in, once', async () => {
	const w = await world()
	const res = await invite(await w.cookie(w.national), {
		email: 'Moi@Thanhnhan.vn',
		name: 'Trần Thị Mới',
		jobTitle: 'Kỹ sư',
		locale: 'vi',
		role: 'facility_editor',
		scopeKind: 'facility',
		facilityCode: '01001',
	})
	expect(res.status).toBe(200)
	expect(res.data.invited).toMatchObject({ email: 'moi@thanhnhan.vn', mailed: false })
	const link: string = res.data.invited.link
	expect(link).toMatch(/^http:\/\/localhost:3000\/password\/[A-Za-z0-9_-]{43}$/)
	// Only the hash of the token is stored.
	expect(JSON.stringify(db().select().from(schema.passwordTokens).all())).not.toContain(token(link))
	expect((await login('moi@thanhnhan.vn', '')).status).toBe(400)
	expect((await login('moi@thanhnhan.vn', 'anything-at-all')).status).toBe(401)

	const page = await run(passwordRoute.loader, makeRequest(`/password/${token(link)}`), { token: token(link) })
	expect(page.data).toMatchObject({ valid: true, email: 'moi@thanhnhan.vn', purpose: 'invite' })
	const short = await run(passwordRoute.action, makeRequest(`/password/${token(link)}`, { form: { password: 'ngan', confirm: 'ngan' } }), {
		token: token(link),
	})
	expect(short.status).toBe(400)
	expect(short.data.result.error.password).toEqual(['password.tooShort|{"min":10}'])
	const mismatch = await run(
		passwordRoute.action,
		makeRequest(`/password/${token(link)}`, { form: { password: 'cau mat khau dai', confirm: 'cau khac' } }),
		{ token: token(link) },
	)
	expect(mismatch.data.result.error.confirm).toEqual(['password.mismatch'])
	const set = await run(
		passwordRoute.action,
		makeRequest(`/password/${token(link)}`, { form: { password: 'Bệnh viện xanh 2026', confirm: 'Bệnh viện xanh 2026' } }),
		{ token: token(link) },
	)
	expect(set.location).toBe('/login?password=set')
	expect((await login('moi@thanhnhan.vn', 'Bệnh viện xanh 2026')).status).toBe(302)

	const again = await run(
		passwordRoute.action,
		makeRequest(`/password/${token(link)}`, { form: { password: 'mot mat khau khac', confirm: 'mot mat khau khac' } }),
		{ token: token(link) },
	)
	expect(again.status).toBe(410)
	expect((await run(passwordRoute.loader, makeRequest(`/password/${token(link)}`), { token: token(link) })).status).toBe(410)
	expect(
		db()
			.select({ action: schema.auditEvents.action })
			.from(schema.auditEvents)
			.all()
			.map((a) => a.action),
	).toEqual(expect.arrayContaining(['user.invite', 'user.password_set']))
})

test('with SMTP configured the invitation is e-mailed in the invitee\u2019s language and no link is shown', async () => {
	const w = await world()
	const smtp = await startSmtpServer()
	onTestFinished(() => smtp.close())
	const res = await invite(await w.cookie(w.national), {
		email: 'guest@who.int',
		name: 'Guest Reviewer',
		locale: 'en',
		role: 'evaluator',
		scopeKind: 'national',
	})
	expect(res.data.invited).toMatchObject({ mailed: true, link: null })
	expect(smtp.received).toHaveLength(1)
	expect(smtp.received[0].raw).toContain('Invitation to Hospital IT Readiness')
	expect(smtp.received[0].raw.replace(/=\r\n/g, '')).toMatch(/\/password\/[A-Za-z0-9_-]{43}/)
})

test('an invitation checks every field on the server: a taken e-mail, an unknown facility, a role with the wrong scope', async () => {
	const w = await world()
	const cookie = await w.cookie(w.national)
	const base = { name: 'Người Mới', locale: 'vi' }
	const taken = await invite(cookie, {
		...base,
		email: 'cntt@thanhnhan.vn',
		role: 'facility_editor',
		scopeKind: 'facility',
		facilityCode: '01001',
	})
	expect(taken.data.result.error.email).toEqual(['users.emailTaken'])
	const unknown = await invite(cookie, { ...base, email: 'a@b.vn', role: 'facility_editor', scopeKind: 'facility', facilityCode: '99999' })
	expect(unknown.data.result.error.facilityCode).toEqual(['users.unknownFacility'])
	const wrongScope = await invite(cookie, { ...base, email: 'a@b.vn', role: 'facility_director', scopeKind: 'national' })
	expect(wrongScope.data.result.error.scopeKind).toEqual(['users.scopeNotForRole'])
	const badEmail = await invite(cookie, { ...base, email: 'không phải thư', role: 'admin', scopeKind: 'national' })
	expect(badEmail.data.result.error.email).toEqual(['form.invalidEmail'])
	expect(db().select().from(schema.users).where(eq(schema.users.email, 'a@b.vn')).get()).toBeUndefined()
})

test('a province admin invites and sees only its province\u2019s facility staff, and cannot create an evaluator', async () => {
	const w = await world()
	const cookie = await w.cookie(w.provincial)
	const base = { name: 'Người Mới', locale: 'vi' }
	expect(
		(await invite(cookie, { ...base, email: 'a@hn.vn', role: 'facility_director', scopeKind: 'facility', facilityCode: '01001' })).status,
	).toBe(200)
	expect(
		(await invite(cookie, { ...base, email: 'b@dn.vn', role: 'facility_editor', scopeKind: 'facility', facilityCode: '48001' })).status,
	).toBe(403)
	expect(
		(await invite(cookie, { ...base, email: 'c@hn.vn', role: 'facility_editor', scopeKind: 'facility', facilityCode: '01002' })).status,
	).toBe(403)
	expect((await invite(cookie, { ...base, email: 'd@hn.vn', role: 'evaluator', scopeKind: 'province', provinceCode: '01' })).status).toBe(
		403,
	)
	const list = await run(usersRoute.loader, makeRequest('/admin/users', { cookie }))
	expect(list.data.rows.map((u: { email: string }) => u.email).sort()).toEqual(['a@hn.vn', 'cntt@thanhnhan.vn'])
	expect(
		(await run(userRoute.loader, makeRequest(`/admin/users/${w.evaluator.id}`, { cookie }), { userId: String(w.evaluator.id) })).status,
	).toBe(404)
	expect(
		(await run(userRoute.loader, makeRequest(`/admin/users/${w.danangEditor.id}`, { cookie }), { userId: String(w.danangEditor.id) }))
			.status,
	).toBe(404)
	const disable = await run(userRoute.action, makeRequest(`/admin/users/${w.danangEditor.id}`, { cookie, form: { intent: 'disable' } }), {
		userId: String(w.danangEditor.id),
	})
	expect(disable.status).toBe(403)
	expect(db().select().from(schema.users).where(eq(schema.users.id, w.danangEditor.id)).get()?.status).toBe('active')
})

test('disabling an account ends its sessions at once; nobody can disable themselves', async () => {
	const w = await world()
	const admin = await w.cookie(w.national)
	const editor = await w.cookie(w.hanoiEditor)
	expect((await run(dashboardRoute.loader, makeRequest('/dashboard', { cookie: editor }))).status).toBe(200)
	const res = await run(userRoute.action, makeRequest(`/admin/users/${w.hanoiEditor.id}`, { cookie: admin, form: { intent: 'disable' } }), {
		userId: String(w.hanoiEditor.id),
	})
	expect(res.data.notice).toBe('users.disabled')
	expect((await run(dashboardRoute.loader, makeRequest('/dashboard', { cookie: editor }))).location).toMatch(/^\/login/)
	expect(await signIn({ email: 'cntt@thanhnhan.vn', password: 'Test@password1', ip: null, userAgent: null })).toEqual({
		ok: false,
		reason: 'disabled',
	})
	const self = await run(userRoute.action, makeRequest(`/admin/users/${w.national.id}`, { cookie: admin, form: { intent: 'disable' } }), {
		userId: String(w.national.id),
	})
	expect(self.status).toBe(409)
	expect(self.data.result.error['']).toEqual(['users.notYourself'])
})

test('a reset link leaves the old password working until the new one is set, then every session ends', async () => {
	const w = await world()
	const editor = await w.cookie(w.hanoiEditor)
	const res = await run(
		userRoute.action,
		makeRequest(`/admin/users/${w.hanoiEditor.id}`, { cookie: await w.cookie(w.national), form: { intent: 'link' } }),
		{ userId: String(w.hanoiEditor.id) },
	)
	const link = res.data.link.link as string
	expect((await login('cntt@thanhnhan.vn', 'Test@password1')).status).toBe(302)
	const page = await run(passwordRoute.loader, makeRequest(`/password/${token(link)}`), { token: token(link) })
	expect(page.data.purpose).toBe('reset')
	await run(
		passwordRoute.action,
		makeRequest(`/password/${token(link)}`, { form: { password: 'mat khau moi cua toi', confirm: 'mat khau moi cua toi' } }),
		{ token: token(link) },
	)
	expect((await run(dashboardRoute.loader, makeRequest('/dashboard', { cookie: editor }))).location).toMatch(/^\/login/)
	expect((await login('cntt@thanhnhan.vn', 'Test@password1')).status).toBe(401)
	expect((await login('cntt@thanhnhan.vn', 'mat khau moi cua toi')).status).toBe(302)
})

test('an expired link does not work', async () => {
	const w = await world()
	const res = await run(
		userRoute.action,
		makeRequest(`/admin/users/${w.hanoiEditor.id}`, { cookie: await w.cookie(w.national), form: { intent: 'link' } }),
		{ userId: String(w.hanoiEditor.id) },
	)
	db()
		.update(schema.passwordTokens)
		.set({ expiresAt: new Date(Date.now() - 1000) })
		.run()
	const t = token(res.data.link.link)
	expect(
		(
			await run(
				passwordRoute.action,
				makeRequest(`/password/${t}`, { form: { password: 'mat khau moi cua toi', confirm: 'mat khau moi cua toi' } }),
				{ token: t },
			)
		).status,
	).toBe(410)
})

test('roles: a duplicate is refused, the last one cannot be removed, and an admin keeps their own', async () => {
	const w = await world()
	const admin = await w.cookie(w.national)
	const act = (userId: number, form: Record<string, string>) =>
		run(userRoute.action, makeRequest(`/admin/users/${userId}`, { cookie: admin, form }), { userId: String(userId) })
	expect(
		(await act(w.hanoiEditor.id, { intent: 'addGrant', role: 'facility_editor', scopeKind: 'facility', facilityCode: '01001' })).data.result
			.error[''],
	).toEqual(['users.grantExists'])
	expect(
		(await act(w.hanoiEditor.id, { intent: 'addGrant', role: 'facility_director', scopeKind: 'facility', facilityCode: '01001' })).data
			.notice,
	).toBe('users.grantAdded')
	const grants = db().select().from(schema.memberships).where(eq(schema.memberships.userId, w.hanoiEditor.id)).all()
	expect(grants.map((g) => g.role)).toEqual(['facility_editor', 'facility_director'])
	expect((await act(w.hanoiEditor.id, { intent: 'removeGrant', membershipId: String(grants[0].id) })).data.notice).toBe(
		'users.grantRemoved',
	)
	expect((await act(w.hanoiEditor.id, { intent: 'removeGrant', membershipId: String(grants[1].id) })).data.result.error['']).toEqual([
		'users.lastGrant',
	])
	await act(w.national.id, { intent: 'addGrant', role: 'evaluator', scopeKind: 'national' })
	const own = db()
		.select()
		.from(schema.memberships)
		.where(eq(schema.memberships.userId, w.national.id))
		.all()
		.find((g) => g.role === 'admin')!
	expect((await act(w.national.id, { intent: 'removeGrant', membershipId: String(own.id) })).data.result.error['']).toEqual([
		'users.ownAdminGrant',
	])
	const bad = await act(w.hanoiEditor.id, { intent: 'addGrant', role: 'publisher', scopeKind: 'facility' })
	expect(bad.status).toBe(400)
	expect(bad.data.result.error).toMatchObject({ scopeKind: ['users.scopeNotForRole'] })
})

test('a user sees their own sessions, ends another one, and changing the password signs the others out', async () => {
	const w = await world()
	const here = await cookieFor(w.hanoiEditor.id)
	const laptop = await cookieFor(w.hanoiEditor.id)
	const phone = await cookieFor(w.hanoiEditor.id)
	const page = await run(accountRoute.loader, makeRequest('/account', { cookie: here.cookie }))
	expect(page.data.sessions).toHaveLength(3)
	expect(page.data.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1)
	expect(JSON.stringify(page.data.sessions)).not.toMatch(/[0-9a-f]{64}/)
	const laptopHandle = (await run(accountRoute.loader, makeRequest('/account', { cookie: laptop.cookie }))).data.sessions.find(
		(s: { current: boolean }) => s.current,
	).handle
	const ended = await run(
		accountRoute.action,
		makeRequest('/account', { cookie: here.cookie, form: { intent: 'endSession', session: laptopHandle } }),
	)
	expect(ended.data.notice).toBe('account.sessionEnded')
	expect((await run(dashboardRoute.loader, makeRequest('/dashboard', { cookie: laptop.cookie }))).location).toMatch(/^\/login/)
	const wrong = await run(
		accountRoute.action,
		makeRequest('/account', {
			cookie: here.cookie,
			form: { intent: 'password', current: 'sai mat khau', password: 'mat khau moi cua toi', confirm: 'mat khau moi cua toi' },
		}),
	)
	expect(wrong.data.result.error.current).toEqual(['password.currentWrong'])
	const changed = await run(
		accountRoute.action,
		makeRequest('/account', {
			cookie: here.cookie,
			form: { intent: 'password', current: 'Test@password1', password: 'mat khau moi cua toi', confirm: 'mat khau moi cua toi' },
		}),
	)
	expect(changed.data.notice).toBe('account.passwordChanged')
	expect((await run(dashboardRoute.loader, makeRequest('/dashboard', { cookie: phone.cookie }))).location).toMatch(/^\/login/)
	expect((await run(dashboardRoute.loader, makeRequest('/dashboard', { cookie: here.cookie }))).status).toBe(200)
})

test('another person\u2019s session handle ends nothing', async () => {
	const w = await world()
	const mine = await cookieFor(w.hanoiEditor.id)
	const theirs = await cookieFor(w.danangEditor.id)
	const handle = (await run(accountRoute.loader, makeRequest('/account', { cookie: theirs.cookie }))).data.sessions[0].handle
	const res = await run(
		accountRoute.action,
		makeRequest('/account', { cookie: mine.cookie, form: { intent: 'endSession', session: handle } }),
	)
	expect(res.status).toBe(404)
	expect((await run(dashboardRoute.loader, makeRequest('/dashboard', { cookie: theirs.cookie }))).status).toBe(200)
})

test('searching people and facilities ignores case, accents and đ, as they are written or typed', async () => {
	const w = await world()
	await insertUser(db(), {
		email: 'dang.an@thanhnhan.vn',
		name: 'Đặng Văn An',
		grants: [{ role: 'facility_editor', scopeKind: 'facility', facilityId: w.hanoi.id }],
	})
	const cookie = await w.cookie(w.national)
	for (const q of ['Đặng', 'đặng', 'dang van', 'ĐẶNG VĂN AN']) {
		const res = await run(usersRoute.loader, makeRequest(`/admin/users?q=${encodeURIComponent(q)}`, { cookie }))
		expect({ q, names: res.data.rows.map((u: { name: string }) => u.name) }).toEqual({ q, names: ['Đặng Văn An'] })
	}
	const facilities = await import('~/routes/facilities._index')
	for (const q of ['thanh nhàn', 'THANH NHAN', 'Bệnh viện Thanh']) {
		const res = await run(facilities.loader, makeRequest(`/facilities?q=${encodeURIComponent(q)}`, { cookie }))
		expect({ q, names: res.data.rows.map((f: { name: string }) => f.name) }).toEqual({ q, names: ['Bệnh viện Thanh Nhàn'] })
	}
	// A wildcard typed in the box is a character, not a pattern.
	expect((await run(usersRoute.loader, makeRequest('/admin/users?q=%25', { cookie }))).data.rows).toEqual([])
})

test('changing one\u2019s password revokes an unused reset link; guessing the current one is throttled; guessable passwords are refused', async () => {
	const w = await world()
	const admin = await w.cookie(w.national)
	const issued = await run(userRoute.action, makeRequest(`/admin/users/${w.hanoiEditor.id}`, { cookie: admin, form: { intent: 'link' } }), {
		userId: String(w.hanoiEditor.id),
	})
	const t = token(issued.data.link.link)
	const own = await w.cookie(w.hanoiEditor)
	const change = (current: string, password: string) =>
		run(accountRoute.action, makeRequest('/account', { cookie: own, form: { intent: 'password', current, password, confirm: password } }))
	const weak = await change('Test@password1', 'Matkhau@123')
	expect(weak.data.result.error.password).toEqual(['password.tooCommon'])
	expect((await change('Test@password1', 'mat khau moi cua toi')).data.notice).toBe('account.passwordChanged')
	expect((await run(passwordRoute.loader, makeRequest(`/password/${t}`), { token: t })).status).toBe(410)
	for (let i = 0; i < 5; i++)
		expect((await change('doan sai ' + i, 'mot mat khau khac nua')).data.result.error.current).toEqual(['password.currentWrong'])
	const locked = await change('mat khau moi cua toi', 'mot mat khau khac nua')
	expect(locked.status).toBe(429)
	expect(locked.data.result.error.current[0]).toMatch(/^login\.throttled\|\{"minutes":\d+\}$/)
})

test('a guessable password is refused on a one-time link too', async () => {
	const w = await world()
	const issued = await run(
		userRoute.action,
		makeRequest(`/admin/users/${w.hanoiEditor.id}`, { cookie: await w.cookie(w.national), form: { intent: 'link' } }),
		{ userId: String(w.hanoiEditor.id) },
	)
	const t = token(issued.data.link.link)
	for (const password of ['1234567890ab', 'Benhvien@2026', 'cntt@thanhnhan.vn']) {
		const res = await run(passwordRoute.action, makeRequest(`/password/${t}`, { form: { password, confirm: password } }), { token: t })
		expect({ password, status: res.status, error: res.data.result.error.password }).toMatchObject({ password, status: 400 })
	}
})
