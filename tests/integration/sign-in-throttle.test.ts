// The sign-in throttle under attack (docs/SECURITY.md, findings 1 and 11): parallel guesses, guesses
// from several processes on one database, and one address that many people share.
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { expect, test } from 'vitest'
import { schema } from '#db/client.server'
import { insertFacility, insertUser } from '#tests/factories'
import { db, makeRequest, run } from '#tests/helpers'
import * as loginRoute from '~/routes/login'
import { signIn } from '~/services/auth.server'

const ROOT = path.resolve(__dirname, '../..')

async function editor(email = 'it@bv.vn') {
	const facility = insertFacility(db())
	return insertUser(db(), {
		email,
		password: 'Correct-horse-1',
		grants: [{ role: 'facility_editor', scopeKind: 'facility', facilityId: facility.id }],
	})
}

function sessionCount() {
	return db().select().from(schema.sessions).all().length
}

test('sixty parallel sign-ins for one e-mail reach the password check five times; the right password at position 40 is refused', async () => {
	await editor()
	const attempts = Array.from({ length: 60 }, (_, i) =>
		run(
			loginRoute.action,
			makeRequest('/login', {
				form: { email: 'it@bv.vn', password: i === 40 ? 'Correct-horse-1' : `wrong-${i}` },
				headers: { 'x-client-ip': `10.1.0.${i}` },
			}),
		),
	)
	const answers = await Promise.all(attempts)
	const statuses = answers.map((a) => a.status)
	expect(statuses.filter((s) => s === 401)).toHaveLength(5)
	expect(statuses.filter((s) => s === 429)).toHaveLength(55)
	expect(answers[40].status).toBe(429)
	expect(sessionCount()).toBe(0)
})

test('four processes guessing at once on one database file reach the password check five times in all', async () => {
	await editor()
	const guess = () =>
		promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'tests/guesser.ts', 'it@bv.vn', '15'], {
			cwd: ROOT,
			env: { ...process.env },
		})
	const outputs = await Promise.all([guess(), guess(), guess(), guess()])
	const totals = outputs
		.map((o) => JSON.parse(o.stdout.trim().split('\n').at(-1)!) as Record<string, number>)
		.reduce<Record<string, number>>((sum, c) => {
			for (const [k, v] of Object.entries(c)) sum[k] = (sum[k] ?? 0) + v
			return sum
		}, {})
	expect(totals).toEqual({ failed: 5, throttled: 55 })
	// Each attempt is recorded once, as a failure.
	expect(db().select().from(schema.loginAttempts).all()).toHaveLength(5)
})

test('sixty failures from one address (a proxy) slow it down for seconds, never lock out the accounts behind it', async () => {
	await editor('staff@bv.vn')
	const start = Date.UTC(2026, 0, 5, 8, 0, 0)
	const proxy = '203.0.113.7'
	// Sixty wrong passwords for sixty different e-mails, one second apart, all from the proxy.
	let refusedForAddress = 0
	for (let i = 0; i < 60; i++) {
		const r = await signIn({ email: `guess-${i}@bv.vn`, password: 'x', ip: proxy, userAgent: null }, new Date(start + i * 1000))
		if (!r.ok && r.reason === 'throttled' && r.scope === 'address') refusedForAddress++
	}
	expect(refusedForAddress).toBeGreaterThan(0)
	// A colleague behind the same proxy, with the right password, is asked to wait seconds, not a quarter of an hour.
	const soon = await signIn({ email: 'staff@bv.vn', password: 'Correct-horse-1', ip: proxy, userAgent: null }, new Date(start + 60_000))
	expect(soon).toMatchObject({ ok: false, reason: 'throttled', scope: 'address' })
	expect((soon as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(60)
	const later = await signIn({ email: 'staff@bv.vn', password: 'Correct-horse-1', ip: proxy, userAgent: null }, new Date(start + 125_000))
	expect(later.ok).toBe(true)
})

test('the address wait is said in seconds in the sign-in form', async () => {
	await editor()
	for (let i = 0; i < 50; i++)
		await run(
			loginRoute.action,
			makeRequest('/login', { form: { email: `x${i}@bv.vn`, password: 'wrong' }, headers: { 'x-client-ip': '198.51.100.1' } }),
		)
	const res = await run(
		loginRoute.action,
		makeRequest('/login', { form: { email: 'it@bv.vn', password: 'Correct-horse-1' }, headers: { 'x-client-ip': '198.51.100.1' } }),
	)
	expect(res.status).toBe(429)
	expect(res.data.result.error[''][0]).toMatch(/^login\.slowDown\|\{"seconds":\d+\}$/)
})
