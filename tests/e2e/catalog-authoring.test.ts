import { expect, test } from 'vitest'
import { DEMO_DOMAIN } from '~/services/demo-seed.server'
import { expectAccessible, jsErrors, setupBrowser, signIn } from './browser'
import { nextTt54Version, publishDraft, readTt54Preview, TT54, TT54_V3, uploadTt54Version } from './catalog-authoring'

const browser = setupBrowser()

test('an analyst downloads the TT54 workbook, rewords one item, splits another, adds one, reads the preview and the diff, and publishes a new version based on version 2', async () => {
	const { page, context } = await browser.newPage()
	await signIn(page, `admin${DEMO_DOMAIN}`)
	await page.waitForURL('**/dashboard')
	const version = nextTt54Version()
	await uploadTt54Version(page, version)

	await readTt54Preview(page, version)
	await expectAccessible(page)

	await publishDraft(page, version)
	expect(await page.getByRole('link', { name: `v${version}`, exact: true }).count()).toBe(1)
	await page.getByRole('link', { name: `v${version}`, exact: true }).click()
	await page.waitForURL(`**/admin/catalogs/${TT54}/${version}`)
	await expect.poll(() => page.locator('code', { hasText: new RegExp(`^${TT54_V3.splitInto.replace(/\./g, '\\.')}$`) }).count()).toBe(1)
	await expectAccessible(page)
	expect(jsErrors(page)).toEqual([])
	await context.close()
})
