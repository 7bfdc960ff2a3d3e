import { eq } from 'drizzle-orm'
import { type Page } from 'playwright-core'
import { expect, test } from 'vitest'
import { schema } from '#db/client.server'
import { type VerifiedLevel } from '~/domain/portal'
import { messages } from '~/i18n/messages'
import { DEMO_DOMAIN } from '~/services/demo-seed.server'
import { expectAccessible, jsErrors, setupBrowser, signIn } from './browser'
import { withSuiteDb } from './world'

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

/** A signed demo report and the verified level per catalog its approval froze (and its PDF prints). */
function aSignedReport() {
	return withSuiteDb((db) => {
		const row = db
			.select({ id: schema.reports.id, sha256: schema.reports.sha256, levels: schema.assessments.verifiedScore })
			.from(schema.reports)
			.innerJoin(schema.assessments, eq(schema.assessments.id, schema.reports.assessmentId))
			.where(eq(schema.reports.kind, 'signed'))
			.get()
		if (!row) throw new Error('the demo has no signed report')
		const levels = (row.levels ?? []) as Array<VerifiedLevel>
		const titles = new Map(
			db
				.select({ code: schema.catalogs.code, vi: schema.catalogs.titleVi })
				.from(schema.catalogs)
				.all()
				.map((c) => [c.code, c.vi]),
		)
		return {
			...row,
			levels: levels.map((l) => ({
				catalog: titles.get(l.code)!,
				level: l.achievedLevel?.title.vi ?? (l.percent === null ? '—' : vi['portal.noLevel']),
			})),
		}
	})
}

const noSideways = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth <= document.scrollingElement!.clientWidth)

test('on a 390 px phone the verify page of a signed report needs no sideways scrolling and lists the levels the report records', async () => {
	const report = aSignedReport()
	expect(report.levels.length).toBeGreaterThan(0)
	const { page, context } = await browser.newPage()
	await page.setViewportSize(PHONE)
	await page.goto(`/verify/${report.id}`)
	expect(await page.getByTestId('verify-result').getAttribute('data-status')).toBe('record')
	expect(await page.getByTestId('report-record').textContent()).toContain(report.sha256)
	expect(await noSideways(page)).toBe(true)
	const items = await page.getByTestId('report-levels').getByRole('listitem').allTextContents()
	expect(items).toHaveLength(report.levels.length)
	report.levels.forEach((l, i) => {
		expect(items[i]).toContain(l.catalog)
		expect(items[i]).toContain(l.level)
	})
	await expectAccessible(page)

	// The same record found by its SHA-256 typed into the search form.
	await page.goto(`/verify?q=${report.sha256}`)
	await expect.poll(() => page.getByTestId('verify-result').getAttribute('data-status')).toBe('match')
	expect(await page.getByTestId('report-levels').getByRole('listitem').count()).toBe(report.levels.length)
	expect(await noSideways(page)).toBe(true)
	await context.close()
})

const PAGES = [
	'/',
	'/portal',
	'/portal/data',
	'/verify',
	'/login',
	'/password/forgot',
	'/dashboard',
	'/facilities',
	'/facilities/new',
	'/admin/users',
	'/admin/campaigns',
	'/admin/catalogs',
	'/review',
	'/publish',
	'/assessments',
	'/account',
]

test('every page’s title follows the reader’s language', async () => {
	const { page, context } = await browser.newPage()
	await signIn(page, `admin${DEMO_DOMAIN}`)
	await page.waitForURL('**/dashboard')
	const titles = async () => {
		const out: Array<string> = []
		for (const path of PAGES) {
			await page.goto(path)
			out.push(await page.title())
		}
		return out
	}
	const inVietnamese = await titles()
	await page.getByRole('button', { name: vi['nav.switchToLabel'] }).click()
	await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en')
	const inEnglish = await titles()
	PAGES.forEach((path, i) => {
		expect(inVietnamese[i], path).toContain(vi['app.name'])
		expect(inEnglish[i], path).toContain(messages.en['app.name'])
		expect(inEnglish[i], path).not.toBe(inVietnamese[i])
	})
	expect(inEnglish).toContain(`${messages.en['verify.title']} · ${messages.en['app.name']}`)
	await context.close()
})
