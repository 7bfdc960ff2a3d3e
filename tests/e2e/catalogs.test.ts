import { expect, test } from 'vitest'
import { messages } from '~/i18n/messages'
import { DEMO_DOMAIN } from '~/services/demo-seed.server'
import { catalogFiles, loadCatalogFile } from '../../scripts/catalog-validate'
import { expectAccessible, jsErrors, signIn, setupBrowser } from './browser'

const browser = setupBrowser()
const vi = messages.vi

const shipped = catalogFiles().map((file) => {
	const loaded = loadCatalogFile(file)
	if (!loaded.ok) throw new Error(`${file} does not validate`)
	return loaded.catalog
})

test('an admin opens the criteria catalogs from the navigation, reads a criterion\u2019s legal basis and provenance, and sees that comparing needs two versions', async () => {
	const { page, context } = await browser.newPage()
	await signIn(page, `admin${DEMO_DOMAIN}`)
	await page.waitForURL('**/dashboard')

	await page.getByRole('navigation', { name: vi['nav.main'] }).getByRole('link', { name: vi['nav.catalogs'] }).click()
	await page.waitForURL('**/admin/catalogs')
	await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(vi['catalogs.title'])
	const rows = page.getByRole('table').getByRole('row')
	// The header row, then one row per imported version: the demo database holds v1 of each shipped catalog.
	const codes = (await rows.locator('td:first-child').allTextContents()).map((s) => s.trim())
	expect(codes).toEqual(shipped.map((c) => c.code).sort())
	for (const c of shipped) {
		const row = rows.filter({ has: page.getByRole('link', { name: c.code, exact: true }) })
		expect(await row.getByRole('cell').nth(2).textContent(), c.code).toBe(`v${c.version}`)
		expect(await row.getByRole('cell').nth(3).textContent(), c.code).toBe(String(c.groups.reduce((n, g) => n + g.criteria.length, 0)))
	}
	await expectAccessible(page)

	const emr = shipped.find((c) => c.code === 'EMR-TT13-2025')!
	await page.getByRole('link', { name: emr.title.vi, exact: true }).click()
	await page.waitForURL('**/admin/catalogs/EMR-TT13-2025/1')
	await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`${emr.title.vi} v1`)
	const criterion = emr.groups.flatMap((g) => g.criteria).find((c) => c.id === 'EMR.F.a')!
	const criterionRow = page.getByRole('row').filter({ has: page.locator('code', { hasText: /^EMR\.F\.a$/ }) })
	const cells = criterionRow.getByRole('cell')
	expect(await cells.nth(1).textContent()).toBe(`${criterion.basis.document}, ${criterion.basis.clause}`)
	expect(criterion.provenance).toBe('official')
	expect(await cells.nth(4).textContent()).toBe(vi['provenance.official'])
	// A criterion whose wording is a paraphrase says so.
	const secondary = emr.groups.flatMap((g) => g.criteria).find((c) => c.provenance === 'secondary')!
	const secondaryRow = page
		.getByRole('row')
		.filter({ has: page.locator('code', { hasText: new RegExp(`^${secondary.id.replace(/\./g, '\\.')}$`) }) })
	expect(await secondaryRow.getByRole('cell').nth(4).textContent()).toBe(vi['provenance.secondary'])
	await expectAccessible(page)

	await page.getByRole('link', { name: `← ${emr.code}` }).click()
	await page.waitForURL('**/admin/catalogs/EMR-TT13-2025')
	await expect.poll(() => page.getByRole('heading', { name: vi['catalogs.compare'] }).isVisible()).toBe(true)
	expect(await page.getByText(vi['catalogs.compareNeedTwo'], { exact: true }).isVisible()).toBe(true)
	expect(await page.getByRole('button', { name: vi['catalogs.compareButton'] }).count()).toBe(0)
	await expectAccessible(page)

	expect(jsErrors(page)).toEqual([])
	await context.close()
})
