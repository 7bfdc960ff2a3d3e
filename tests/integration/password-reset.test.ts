// Self-service password reset by e-mail (docs/SECURITY.md): the same one-time link rules as
// invitations, throttled, and the same answer for known, unknown and disabled addresses.
import { eq } from 'drizzle-orm'
import { expect, onTestFinished, test } from 'vitest'
import { schema } from '#db/client.server'
import { insertFacility, insertUser } from '#tests/factories'
import { cookieFor, db, makeRequest, run } from '#tests/helpers'
import { type ReceivedMail, startSmtpServer } from '#tests/smtp'
import * as passwordRoute from '~/routes/password.$token'
import * as forgotRoute from '~/routes/password.forgot'
import { signIn } from '~/services/auth.server'
import { findSession } from '~/services/session.server'
import { requestPasswordReset } from '~/services/users.server'

async function people() {
	const facility = insertFacility(db())
	const grants = [{ role: 'facility_editor' as const, scopeKind: 'facility' as const, facilityId: facility.id }]
	const it = await insertUser(db(), { email: 'it@bv.vn', password: 'Correct-horse-1', grants })
	const gone = await insertUser(db(), { email: 'old@bv.vn', password: 'Correct-horse-1', status: 'disabled', grants })
	return { it, gone }
}

async function smtp() {
	const server = await startSmtpServer()
	onTestFinished(() => server.close())
	return server
}

function ask(email: string, ip = '127.0.0.1') {
	return run(forgotRoute.action, makeRequest('/password/forgot', { form: { email }, headers: { 'x-client-ip': ip } }))
}

/** The one-time link's token in a received e-mail (quoted-printable soft breaks undone). */
function tokenIn(mail: ReceivedMail) {
	const found = mail.raw.replace(/=\r\n/g, '').match(/\/password\/([A-Za-z0-9_-]{43})/)
	expect(found).toBeTruthy()
	return found![1]
}

async function until(check: () => boolean) {
	for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10))
}

function tokens() {
	return db().select().from(schema.passwordTokens).all()
}

test('a known address gets a one-time link by e-mail; it sets a new password once, and every session ends', async () => {
	const { it } = await people()
	const mail = await smtp()
	const { token: session } = await cookieFor(it.id)

	const res = await ask(' IT@bv.vn ')
	expect(res.status).toBe(200)
	expect(res.data.sentTo).toBe('IT@bv.vn')
	await until(() => mail.received.length > 0)
	expect(mail.received).toHaveLength(1)
	expect(mail.received[0].to).toEqual(['it@bv.vn'])
	const token = tokenIn(mail.received[0])
	// Only the hash is stored; the link lives two hours.
	expect(JSON.stringify(tokens())).not.toContain(token)
	expect(tokens()[0].expiresAt.getTime() - tokens()[0].createdAt.getTime()).toBe(2 * 3_600_000)

	// Asking does not change the password: the old one still works until the new one is set.
	expect((await signIn({ email: 'it@bv.vn', password: 'Correct-horse-1', ip: null, userAgent: null })).ok).toBe(true)

	const page = await run(passwordRoute.loader, makeRequest(`/password/${token}`), { token })
	expect(page.status).toBe(200)
	const set = await run(
		passwordRoute.action,
		makeRequest(`/password/${token}`, { form: { password: 'Bệnh viện xanh 2026', confirm: 'Bệnh viện xanh 2026' } }),
		{ token },
	)
	expect(set.status).toBe(302)
	expect(set.location).toBe('/login?password=set')
	expect(findSession(session).status).toBe('none')
	expect((await signIn({ email: 'it@bv.vn', password: 'Correct-horse-1', ip: null, userAgent: null })).ok).toBe(false)
	expect((await signIn({ email: 'it@bv.vn', password: 'Bệnh viện xanh 2026', ip: null, userAgent: null })).ok).toBe(true)

	// Once only.
	const again = await run(
		passwordRoute.action,
		makeRequest(`/password/${token}`, { form: { password: 'x'.repeat(20), confirm: 'x'.repeat(20) } }),
		{
			token,
		},
	)
	expect(again.status).toBe(410)

	const audit = db()
		.select()
		.from(schema.auditEvents)
		.where(eq(schema.auditEvents.entityId, String(it.id)))
		.all()
	expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['user.password_reset_request', 'user.password_reset_done']))
})

test('known, unknown and disabled addresses get the same answer; only the known active one gets an e-mail', async () => {
	await people()
	const mail = await smtp()
	const known = await ask('it@bv.vn', '10.0.0.1')
	const unknown = await ask('nobody@bv.vn', '10.0.0.2')
	const disabled = await ask('old@bv.vn', '10.0.0.3')
	const shape = (r: typeof known) => ({ status: r.status, data: JSON.stringify(r.data).replace(/"(it|nobody|old)@bv\.vn"/g, '"…"') })
	expect(shape(unknown)).toEqual(shape(known))
	expect(shape(disabled)).toEqual(shape(known))
	await until(() => mail.received.length > 0)
	await new Promise((r) => setTimeout(r, 200))
	expect(mail.received.map((m) => m.to)).toEqual([['it@bv.vn']])
	expect(tokens()).toHaveLength(1)
})

test('a new request revokes the earlier link; a link older than two hours does not work', async () => {
	const { it } = await people()
	const mail = await smtp()
	const start = new Date()
	const once = requestPasswordReset(db(), { email: 'it@bv.vn', ip: null }, start)
	if (once.ok) await once.delivered
	await until(() => mail.received.length > 0)
	const first = tokenIn(mail.received[0])
	const second = requestPasswordReset(db(), { email: 'it@bv.vn', ip: null }, start)
	expect(second.ok).toBe(true)
	if (second.ok) await second.delivered
	await until(() => mail.received.length > 1)
	const latest = tokenIn(mail.received[1])
	expect((await run(passwordRoute.loader, makeRequest(`/password/${first}`), { token: first })).status).toBe(410)
	expect((await run(passwordRoute.loader, makeRequest(`/password/${latest}`), { token: latest })).status).toBe(200)
	db()
		.update(schema.passwordTokens)
		.set({ expiresAt: new Date(Date.now() - 1) })
		.where(eq(schema.passwordTokens.userId, it.id))
		.run()
	expect((await run(passwordRoute.loader, makeRequest(`/password/${latest}`), { token: latest })).status).toBe(410)
})

test('sixty parallel requests for one address send at most five e-mails; the sixth is told to wait, whether the address exists or not', async () => {
	await people()
	const mail = await smtp()
	const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => ask('it@bv.vn', `10.2.0.${i}`)))
	expect(answers.filter((a) => a.status === 200)).toHaveLength(5)
	expect(answers.filter((a) => a.status === 429)).toHaveLength(55)
	const refused = answers.find((a) => a.status === 429)!
	expect(refused.data.result.error[''][0]).toMatch(/^forgot\.throttled\|\{"minutes":\d+\}$/)
	await until(() => mail.received.length >= 5)
	await new Promise((r) => setTimeout(r, 200))
	expect(mail.received).toHaveLength(5)
	// Unknown addresses are throttled the same way, so the 429 tells nothing either.
	const unknown = await Promise.all(Array.from({ length: 6 }, (_, i) => ask('nobody@bv.vn', `10.3.0.${i}`)))
	expect(unknown.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429])
	// Reset requests do not count against signing in.
	expect((await signIn({ email: 'it@bv.vn', password: 'Correct-horse-1', ip: '10.2.0.1', userAgent: null })).ok).toBe(true)
})

test('one address asking for many accounts is slowed down', async () => {
	await people()
	await smtp()
	const statuses: Array<number> = []
	for (let i = 0; i < 52; i++) statuses.push((await ask(`person${i}@bv.vn`, '198.51.100.9')).status)
	expect(statuses.slice(0, 50).every((s) => s === 200)).toBe(true)
	expect(statuses.slice(50)).toContain(429)
})

test('without SMTP the page says to ask an administrator, and a request changes nothing', async () => {
	await people()
	const page = await run(forgotRoute.loader, makeRequest('/password/forgot'))
	expect(page.data).toEqual({ available: false })
	const res = await ask('it@bv.vn')
	expect(res.status).toBe(409)
	expect(res.data.result.error['']).toEqual(['forgot.unavailable'])
	expect(tokens()).toHaveLength(0)
	expect(db().select().from(schema.loginAttempts).all()).toHaveLength(0)
})

test('a malformed address is refused with a field error and changes nothing', async () => {
	await people()
	await smtp()
	const res = await ask('not-an-email')
	expect(res.status).toBe(400)
	expect(res.data.result.error.email).toEqual(['form.invalidEmail'])
	expect(tokens()).toHaveLength(0)
	expect(db().select().from(schema.loginAttempts).all()).toHaveLength(0)
})
