import { expect, test } from 'vitest'
import { messages } from '~/i18n/messages'
import { DEMO_DOMAIN } from '~/services/demo-seed.server'
import { expectAccessible, jsErrors, setupBrowser, signIn } from './browser'
import { publishDraft, TT54, TT54_V3, uploadTt54Version3 } from './catalog-authoring'

const browser = setupBrowser()
const vi = messages.vi

test('an analyst downloads the TT54 workbook, rewords one item, splits another, adds one, reads the preview and the diff, and publishes version 3', async () => {
	const { page, context } = await browser.newPage()
	await signIn(page, `admin${DEMO_DOMAIN}`)
	await page.waitForURL('**/dashboard')
	await uploadTt54Version3(page)

	await expect
		.poll(() => page.getByRole('heading', { level: 1 }).textContent())
		.toBe(vi['catalogDraft.title'].replace('{file}', 'tt54-v3.xlsx'))
	expect(await page.getByTestId('draft-problems').count()).toBe(0)
	const changes = page.getByTestId('draft-changes')
	expect(await changes.getByRole('heading', { level: 2 }).textContent()).toBe(vi['catalogDraft.changes.heading'].replace('{version}', '2'))
	expect(await page.getByTestId('changes-added').textContent()).toContain(TT54_V3.added)
	expect(await page.getByTestId('changes-reworded').textContent()).toContain(TT54_V3.reworded)
	expect(await page.getByTestId('changes-split').textContent()).toBe(
		vi['catalogDraft.splitInto'].replace('{from}', TT54_V3.split).replace('{into}', `${TT54_V3.split}, ${TT54_V3.splitInto}`),
	)
	expect(await page.getByRole('status').textContent()).toBe(vi['catalogDraft.ready'].replace('{version}', '3'))
	await expectAccessible(page)

	await publishDraft(page, 3)
	expect(await page.getByRole('status').textContent()).toBe(vi['catalogDraft.published'].replace('{version}', '3'))
	expect(await page.getByRole('link', { name: 'v3', exact: true }).count()).toBe(1)
	await page.getByRole('link', { name: 'v3', exact: true }).click()
	await page.waitForURL(`**/admin/catalogs/${TT54}/3`)
	expect(await page.locator('code', { hasText: new RegExp(`^${TT54_V3.splitInto.replace(/\./g, '\\.')}$`) }).count()).toBe(1)
	await expectAccessible(page)
	expect(jsErrors(page)).toEqual([])
	await context.close()
})
