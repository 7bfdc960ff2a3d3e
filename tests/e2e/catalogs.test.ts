import { expect, test } from 'vitest'
import { messages } from '~/i18n/messages'
import { DEMO_DOMAIN } from '~/services/demo-seed.server'
import { latestCatalogs, loadAllCatalogFiles } from '../../scripts/catalog-validate'
import { expectAccessible, jsErrors, signIn, setupBrowser } from './browser'

const browser = setupBrowser()
const vi = messages.vi

const shipped = loadAllCatalogFiles().map((loaded) => {
	if (!loaded.ok) throw new Error(`${loaded.file} does not validate`)
	return loaded.catalog
})
const newest = latestCatalogs(loadAllCatalogFiles()).flatMap((l) => (l.ok ? [l.catalog] : []))

test('an admin opens the criteria catalogs from the navigation, reads a criterion\u2019s legal basis and provenance, and can compare its two versions', async () => {
	const { page, context } = await browser.newPage()
	await signIn(page, `admin${DEMO_DOMAIN}`)
	await page.waitForURL('**/dashboard')

	await page.getByRole('navigation', { name: vi['nav.main'] }).getByRole('link', { name: vi['nav.catalogs'] }).click()
	await page.waitForURL('**/admin/catalogs')
	await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(vi['catalogs.title'])
	const rows = page.getByRole('table').getByRole('row')
	// The header row, then one row per imported version, in code order: the demo database holds every
	// shipped version (and the catalogs and versions other browser tests import or publish).
	const codes = (await rows.locator('td:first-child').allTextContents()).map((s) => s.trim())
	const shippedCodes = new Set(shipped.map((c) => c.code))
	expect([...new Set(codes)].filter((c) => shippedCodes.has(c))).toEqual([...shippedCodes].sort())
	for (const c of shipped) {
		const row = rows
			.filter({ has: page.getByRole('link', { name: c.code, exact: true }) })
			.filter({ has: page.getByRole('cell', { name: `v${c.version}`, exact: true }) })
		expect(await row.count(), `${c.code} v${c.version}`).toBe(1)
		expect(await row.getByRole('cell').nth(3).textContent(), c.code).toBe(String(c.groups.reduce((n, g) => n + g.criteria.length, 0)))
	}
	await expectAccessible(page)

	const emr = newest.find((c) => c.code === 'EMR-TT13-2025')!
	await rows
		.filter({ has: page.getByRole('cell', { name: `v${emr.version}`, exact: true }) })
		.getByRole('link', { name: emr.title.vi, exact: true })
		.click()
	await page.waitForURL(`**/admin/catalogs/EMR-TT13-2025/${emr.version}`)
	await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`${emr.title.vi} v${emr.version}`)
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
	// Versions 1 and 2 are both imported: they can be compared.
	expect(await page.getByText(vi['catalogs.compareNeedTwo'], { exact: true }).count()).toBe(0)
	expect(await page.getByRole('button', { name: vi['catalogs.compareButton'] }).count()).toBe(1)
	await expectAccessible(page)

	expect(jsErrors(page)).toEqual([])
	await context.close()
})
