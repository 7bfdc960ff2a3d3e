import { expect, inject, test } from 'vitest'
import { messages } from '~/i18n/messages'
import { DEMO_ACCOUNTS, DEMO_DOMAIN, DEMO_PASSWORD } from '~/services/demo-seed.server'
import { localeCookie } from '~/utils/locale.server'
import { expectAccessible, jsErrors, signIn, setupBrowser } from './browser'

const browser = setupBrowser()

const roleOf = (email: string) => DEMO_ACCOUNTS.find((a) => a.email === email)!.grants[0].role
const dashboardSection = {
	facility_editor: 'facility-work',
	facility_director: 'facility-work',
	evaluator: 'review-queue',
	publisher: 'publish-queue',
	admin: null,
} as const

const oneAccountPerRole = [
	`cntt.xanhpon${DEMO_DOMAIN}`,
	`giamdoc.xanhpon${DEMO_DOMAIN}`,
	`thamdinh.hanoi${DEMO_DOMAIN}`,
	`congbo.byt${DEMO_DOMAIN}`,
	`admin${DEMO_DOMAIN}`,
]

test.each(oneAccountPerRole)('%s signs in, sees the role dashboard in Vietnamese, switches to English, signs out', async (email) => {
	const { page, context } = await browser.newPage()
	const account = DEMO_ACCOUNTS.find((a) => a.email === email)!
	const role = roleOf(email)
	await signIn(page, email)
	await page.waitForURL('**/dashboard')
	await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('vi')
	await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Xin chào, ${account.name}`)
	const badge = page.getByTestId('user-badge')
	expect(await badge.textContent()).toContain(messages.vi[`role.${role}`])
	const section = dashboardSection[role]
	if (section) expect(await page.getByTestId(section).isVisible()).toBe(true)
	else expect(await page.getByRole('heading', { name: messages.vi['dashboard.admin.heading'] }).isVisible()).toBe(true)
	await expectAccessible(page)

	await page.getByRole('button', { name: 'Chuyển sang tiếng Anh' }).click()
	await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Hello, ${account.name}`)
	expect(await page.locator('html').getAttribute('lang')).toBe('en')
	expect(await badge.textContent()).toContain(messages.en[`role.${role}`])

	await page.getByRole('button', { name: 'Sign out' }).click()
	await page.waitForURL('**/login?signedOut=1')
	await expect.poll(() => page.getByRole('status').textContent()).toBe(messages.en['login.signedOut'])
	// The language choice outlives the session.
	expect(await page.locator('html').getAttribute('lang')).toBe('en')
	expect(jsErrors(page)).toEqual([])
	await context.close()
})

test('a page in English comes from the server already in English, before any script runs', async () => {
	const cookie = (await localeCookie.serialize('en')).split(';')[0]
	const res = await fetch(`${inject('baseURL')}/login`, { headers: { Cookie: cookie } })
	const html = await res.text()
	expect(html).toContain('<html lang="en"')
	expect(html).toContain(`<h1>${messages.en['login.title']}</h1>`)
	expect(html).not.toContain(messages.vi['login.intro'])
})

test('an address that does not exist is a 404 page in the reader\u2019s language', async () => {
	const cookie = (await localeCookie.serialize('en')).split(';')[0]
	const missing = await fetch(`${inject('baseURL')}/no/such/page`, { headers: { Cookie: cookie } })
	expect(missing.status).toBe(404)
	const html = await missing.text()
	expect(html).toContain(`<h1>${messages.en['error.404.title']}</h1><p>${messages.en['error.404.body']}</p>`)
})

test('a wrong password shows a clear message beside the form, in Vietnamese', async () => {
	const { page, context } = await browser.newPage()
	await signIn(page, `admin${DEMO_DOMAIN}`, 'sai-mat-khau')
	await expect.poll(() => page.getByRole('alert').textContent()).toBe(messages.vi['login.failed'])
	expect(new URL(page.url()).pathname).toBe('/login')
	await expectAccessible(page)
	await context.close()
})

test('signing in works with JavaScript turned off', async () => {
	const { page, context } = await browser.newPage({ javaScriptEnabled: false })
	await signIn(page, `thamdinh.danang${DEMO_DOMAIN}`)
	await page.waitForURL('**/dashboard')
	await expect.poll(() => page.getByTestId('review-queue').isVisible()).toBe(true)
	await context.close()
})

test('a facility user who types another facility\u2019s address gets a 403 page in their language', async () => {
	const { page, context } = await browser.newPage()
	await signIn(page, `cntt.danang${DEMO_DOMAIN}`)
	await page.waitForURL('**/dashboard')
	const res = await page.goto('/facilities/1')
	expect(res?.status()).toBe(403)
	expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(messages.vi['error.403.title'])
	const missing = await page.goto('/khong-ton-tai')
	expect(missing?.status()).toBe(404)
	expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(messages.vi['error.404.title'])
	await expectAccessible(page)
	await context.close()
})

test('after a field error, correcting it and clicking the button once submits (the error does not move the button away)', async () => {
	const { page, context } = await browser.newPage()
	await page.goto('/login')
	await page.getByLabel(messages.vi['login.email']).fill('khong-phai-thu')
	await page.getByLabel(messages.vi['login.password']).fill(DEMO_PASSWORD)
	await page.getByRole('button', { name: messages.vi['login.submit'] }).click()
	await expect.poll(() => page.locator('.error-list').first().textContent()).toBe(messages.vi['form.invalidEmail'])
	await page.getByLabel(messages.vi['login.email']).fill(`admin${DEMO_DOMAIN}`)
	await page.getByRole('button', { name: messages.vi['login.submit'] }).click()
	await page.waitForURL('**/dashboard')
	await context.close()
})

test('the session cookie is HttpOnly, SameSite=Lax and Secure in production', async () => {
	const { page, context } = await browser.newPage()
	await signIn(page, `admin${DEMO_DOMAIN}`)
	await page.waitForURL('**/dashboard')
	const cookie = (await context.cookies()).find((c) => c.name === '__session')!
	expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: true })
	await context.close()
})
