import { expect, test } from 'vitest'
import { messages } from '~/i18n/messages'
import { DEMO_DOMAIN } from '~/services/demo-seed.server'
import { expectAccessible, jsErrors, setupBrowser, signIn } from './browser'

const browser = setupBrowser()
const vi = messages.vi
const PHONE = { width: 390, height: 844 }

test('on a 390 px phone the header is one short row and its menu opens with the keyboard', async () => {
	const { page, context } = await browser.newPage()
	await page.setViewportSize(PHONE)
	await signIn(page, `cntt.xanhpon${DEMO_DOMAIN}`)
	await page.waitForURL('**/dashboard')
	const header = page.locator('header.site-header')
	expect((await header.boundingBox())!.height).toBeLessThanOrEqual(120)
	const nav = page.getByRole('navigation', { name: vi['nav.main'] })
	expect(await nav.isVisible()).toBe(false)
	expect(await page.getByRole('button', { name: vi['nav.signOut'] }).isVisible()).toBe(false)
	await expectAccessible(page)

	const toggle = page.locator('summary', { hasText: vi['nav.menu'] })
	await toggle.focus()
	await page.keyboard.press('Enter')
	await expect.poll(() => nav.getByRole('link', { name: vi['nav.dashboard'], exact: true }).isVisible()).toBe(true)
	expect(await page.getByRole('button', { name: vi['nav.signOut'] }).isVisible()).toBe(true)
	await expectAccessible(page)
	await nav.getByRole('link', { name: vi['nav.assessments'], exact: true }).click()
	await page.waitForURL('**/assessments')
	expect(jsErrors(page)).toEqual([])
	await context.close()
})

test('without JavaScript the phone menu still opens and on a wide screen the navigation shows with no menu button', async () => {
	const { page, context } = await browser.newPage({ javaScriptEnabled: false })
	await page.setViewportSize(PHONE)
	await page.goto('/portal')
	const toggle = page.locator('summary', { hasText: vi['nav.menu'] })
	await toggle.click()
	expect(await page.getByRole('link', { name: vi['nav.verify'] }).isVisible()).toBe(true)
	await page.setViewportSize({ width: 1280, height: 800 })
	await page.goto('/portal')
	expect(await toggle.isVisible()).toBe(false)
	expect(await page.getByRole('link', { name: vi['nav.verify'] }).isVisible()).toBe(true)
	expect((await page.locator('header.site-header').boundingBox())!.height).toBeLessThanOrEqual(80)
	await context.close()
})
