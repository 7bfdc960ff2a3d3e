// Self-service password reset in a browser, with a real SMTP server on loopback (docs/SECURITY.md):
// the sign-in page's link, the request, the e-mailed one-time link, the new password, signing in.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type ReceivedMail, startSmtpServer } from '#tests/smtp'
import { expectAccessible, jsErrors, setupBrowser } from './browser'
import { vi } from './flows'
import { startOwnServer } from './own-server'

const ACCOUNT = 'cntt.xanhpon@demo.vn'
const NEW_PASSWORD = 'Một cụm từ mới rất dài 2026'

let received: Array<ReceivedMail> = []
let smtp: Awaited<ReturnType<typeof startSmtpServer>> | undefined
let server: Awaited<ReturnType<typeof startOwnServer>> | undefined
let base = ''

// A server of its own (on a private copy of the demo database) so that it sends e-mail to the
// SMTP server here and a changed password touches no other test.
beforeAll(async () => {
	smtp = await startSmtpServer()
	received = smtp.received
	server = await startOwnServer({ name: 'reset', env: { SMTP_URL: smtp.url } })
	base = server.baseURL
}, 90_000)

afterAll(async () => {
	await server?.stop()
	await smtp?.close()
})

const browser = setupBrowser()

test('someone who forgot their password asks for a link, gets it by e-mail, sets a new password and signs in with it', async () => {
	const { page, context } = await browser.newPage()
	await page.goto(`${base}/login`)
	await page.getByRole('link', { name: vi['forgot.link'] }).click()
	await expect.poll(() => new URL(page.url()).pathname).toBe('/password/forgot')
	await expectAccessible(page)
	await page.getByLabel(vi['login.email']).fill(ACCOUNT)
	await page.getByRole('button', { name: vi['forgot.submit'] }).click()
	await expect.poll(() => page.getByTestId('forgot-sent').isVisible()).toBe(true)
	expect(await page.getByTestId('forgot-sent').textContent()).toContain(ACCOUNT)

	await expect.poll(() => received.length, { timeout: 10_000 }).toBe(1)
	expect(received[0].to).toEqual([ACCOUNT])
	const link = received[0].raw.replace(/=\r\n/g, '').match(/http:\/\/localhost:\d+\/password\/[A-Za-z0-9_-]{43}/)?.[0]
	expect(link).toBeTruthy()

	await page.goto(link!)
	await page.getByLabel(vi['password.new'], { exact: true }).fill(NEW_PASSWORD)
	await page.getByLabel(vi['password.confirm']).fill(NEW_PASSWORD)
	await page.getByRole('button', { name: vi['password.set'] }).click()
	await expect.poll(() => new URL(page.url()).pathname + new URL(page.url()).search).toBe('/login?password=set')

	await page.getByLabel(vi['login.email']).fill(ACCOUNT)
	await page.getByLabel(vi['login.password']).fill(NEW_PASSWORD)
	await page.getByRole('button', { name: vi['login.submit'] }).click()
	await expect.poll(() => new URL(page.url()).pathname).toBe('/dashboard')

	expect(jsErrors(page)).toEqual([])

	// The link worked once (the browser logs the 410 itself).
	await page.goto(link!)
	await expect.poll(() => page.getByRole('alert').textContent()).toContain(vi['password.linkInvalid'])
	await context.close()
}, 90_000)

// With JavaScript off the form is a plain POST; under `Referrer-Policy: no-referrer` the browser
// sent it with `Origin: null`, which the cross-site check refuses.
test('the reset works with JavaScript turned off', async () => {
	const account = 'giamdoc.xanhpon@demo.vn'
	const { page, context } = await browser.newPage({ javaScriptEnabled: false })
	const before = received.length
	await page.goto(`${base}/password/forgot`)
	await page.getByLabel(vi['login.email']).fill(account)
	await page.getByRole('button', { name: vi['forgot.submit'] }).click()
	await expect.poll(() => page.getByTestId('forgot-sent').isVisible()).toBe(true)
	await expect.poll(() => received.length, { timeout: 10_000 }).toBe(before + 1)
	expect(received[before].to).toEqual([account])
	const link = received[before].raw.replace(/=\r\n/g, '').match(/http:\/\/localhost:\d+\/password\/[A-Za-z0-9_-]{43}/)?.[0]
	await page.goto(link!)
	await page.getByLabel(vi['password.new'], { exact: true }).fill(NEW_PASSWORD)
	await page.getByLabel(vi['password.confirm']).fill(NEW_PASSWORD)
	await page.getByRole('button', { name: vi['password.set'] }).click()
	await expect.poll(() => new URL(page.url()).search).toBe('?password=set')
	await page.getByLabel(vi['login.email']).fill(account)
	await page.getByLabel(vi['login.password']).fill(NEW_PASSWORD)
	await page.getByRole('button', { name: vi['login.submit'] }).click()
	await expect.poll(() => new URL(page.url()).pathname).toBe('/dashboard')
	await context.close()
}, 90_000)
