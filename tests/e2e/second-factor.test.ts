// The second factor in a browser (docs/decisions/016), on a server that requires it for evaluators
// as production does: sent to enrolment after the password, the QR code and the secret, the code
// (computed here from the secret read off the page, as an authenticator app would), the recovery
// codes shown once; then signing in with a code, and with a recovery code, once only (JavaScript off).
import * as OTPAuth from 'otpauth'
import { type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { DEMO_PASSWORD } from '~/services/demo-seed.server'
import { expectAccessible, jsErrors, setupBrowser } from './browser'
import { vi } from './flows'
import { startOwnServer } from './own-server'

const ACCOUNT = 'thamdinh.danang@demo.vn'

let server: Awaited<ReturnType<typeof startOwnServer>> | undefined
let base = ''

// A server of its own, on a private copy of the demo database, that requires the second factor.
beforeAll(async () => {
	server = await startOwnServer({ name: 'mfa', env: { MFA_REQUIRED_ROLES: 'admin,evaluator,publisher' } })
	base = server.baseURL
}, 90_000)

afterAll(() => server?.stop())

const browser = setupBrowser()

function totpAt(secret: string, step: number) {
	return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp: step * 30_000 })
}

async function passwordStep(page: Page) {
	await page.goto(`${base}/login`)
	await page.getByLabel(vi['login.email']).fill(ACCOUNT)
	await page.getByLabel(vi['login.password']).fill(DEMO_PASSWORD)
	await page.getByRole('button', { name: vi['login.submit'] }).click()
	await page.waitForURL('**/login/code')
}

async function typeCode(page: Page, code: string) {
	await page.getByLabel(vi['mfa.signIn.code']).fill(code)
	await page.getByRole('button', { name: vi['mfa.signIn.submit'] }).click()
}

async function signOut(page: Page) {
	await page.getByRole('button', { name: vi['nav.signOut'] }).first().click()
	await page.waitForURL('**/login?signedOut=1')
}

test('an evaluator enrols an authenticator, signs out, signs in with a code, then with a recovery code that works only once', async () => {
	const { page, context } = await browser.newPage()
	await page.goto(`${base}/login`)
	await page.getByLabel(vi['login.email']).fill(ACCOUNT)
	await page.getByLabel(vi['login.password']).fill(DEMO_PASSWORD)
	await page.getByRole('button', { name: vi['login.submit'] }).click()

	// Required by role: sent to enrolment, and nothing else opens meanwhile.
	await page.waitForURL('**/account/two-factor')
	await expect.poll(() => page.getByText(vi['mfa.required']).isVisible()).toBe(true)
	await expectAccessible(page)
	await page.goto(`${base}/review`)
	await page.waitForURL('**/account/two-factor')

	await page.getByRole('button', { name: vi['mfa.start'] }).click()
	const qr = page.getByRole('img', { name: vi['mfa.enrol.qrAlt'] })
	await expect.poll(() => qr.isVisible()).toBe(true)
	expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/)
	await expectAccessible(page)
	const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s/g, '')
	expect(secret).toMatch(/^[A-Z2-7]{32}$/)
	const enrolStep = Math.floor(Date.now() / 30_000)
	await page.getByLabel(vi['mfa.enrol.code']).fill(totpAt(secret, enrolStep))
	await page.getByRole('button', { name: vi['mfa.enrol.submit'] }).click()

	const codes = page.getByTestId('recovery-codes').getByRole('listitem')
	await expect.poll(() => codes.count()).toBe(10)
	const recovery = (await codes.allTextContents()).map((c) => c.trim())
	expect(recovery[0]).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/)
	await expectAccessible(page)
	await page.getByRole('link', { name: vi['mfa.recovery.done'] }).click()
	await page.waitForURL('**/dashboard')
	// The codes are shown once: the page now says how many are left, not which.
	await page.goto(`${base}/account/two-factor`)
	expect(await page.getByText(vi['mfa.recoveryLeft'].replace('{count}', '10')).isVisible()).toBe(true)
	expect(await page.content()).not.toContain(recovery[0])
	expect(await page.content()).not.toContain(secret)
	await signOut(page)

	// Signing in with a code: the enrolment's code is spent, the next one works.
	await passwordStep(page)
	await expectAccessible(page)
	await typeCode(page, totpAt(secret, enrolStep))
	await expect.poll(() => page.getByText(vi['mfa.wrongCode']).isVisible()).toBe(true)
	await typeCode(page, totpAt(secret, enrolStep + 1))
	await page.waitForURL('**/dashboard')
	await signOut(page)
	// The browser logs the refused code's 401 as a failed resource; nothing else may fail.
	expect(jsErrors(page).filter((e) => !/status of 401 \(Unauthorized\)/.test(e))).toEqual([])
	await context.close()

	// With JavaScript off: a recovery code signs in once; the same one is refused the next time.
	const noJs = await browser.newPage({ javaScriptEnabled: false })
	await passwordStep(noJs.page)
	await typeCode(noJs.page, recovery[0].toLowerCase())
	await noJs.page.waitForURL('**/dashboard')
	await signOut(noJs.page)
	await passwordStep(noJs.page)
	await typeCode(noJs.page, recovery[0])
	await expect.poll(() => noJs.page.getByText(vi['mfa.wrongCode']).isVisible()).toBe(true)
	expect(new URL(noJs.page.url()).pathname).toBe('/login/code')
	await typeCode(noJs.page, recovery[1])
	await noJs.page.waitForURL('**/dashboard')
	await noJs.context.close()
})
