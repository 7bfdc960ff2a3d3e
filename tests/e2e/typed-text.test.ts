import { expect, test } from 'vitest'
import { expectAccessible, setupBrowser } from './browser'
import { signInAs, vi } from './flows'

const browser = setupBrowser()
const NAME = 'Bệnh viện Thử Chữ Dựng Sẵn'

test('a facility name typed in decomposed form is stored and served composed: the page bytes hold NFC, never the decomposed letters; a look-alike name is then held as a likely duplicate', async () => {
	const { page, context } = await browser.newPage()
	await signInAs(page, 'admin')
	await page.goto('/facilities/new')
	const fill = async () => {
		await page.getByLabel(vi['registry.col.code']).fill('NFC-E2E-1')
		await page.getByLabel(vi['registry.col.name']).fill(NAME.normalize('NFD'))
		await page.getByLabel(vi['registry.col.province']).selectOption('01')
		await page.getByLabel(vi['registry.col.type']).selectOption('general_hospital')
		await page.getByLabel(vi['registry.col.class']).selectOption('II')
	}
	await fill()
	expect(await page.getByLabel(vi['registry.col.name']).inputValue()).toBe(NAME.normalize('NFD'))
	await page.getByRole('button', { name: vi['registry.create'] }).click()
	await page.waitForURL(/\/facilities\/\d+\?saved=created$/)
	const html = Buffer.from(await (await page.request.get(page.url())).body())
	expect(html.includes(Buffer.from(NAME.normalize('NFC')))).toBe(true)
	expect(html.includes(Buffer.from(NAME.normalize('NFD')))).toBe(false)

	// The same hospital typed again under another code, as "BV …" without accents: a warning naming it.
	await page.goto('/facilities/new')
	await fill()
	await page.getByLabel(vi['registry.col.code']).fill('NFC-E2E-2')
	await page.getByLabel(vi['registry.col.name']).fill('BV thu chu dung san')
	await page.getByRole('button', { name: vi['registry.create'] }).click()
	const warning = page.getByTestId('duplicate-warning')
	await expect.poll(() => warning.getByRole('link', { name: NAME }).count()).toBe(1)
	await expectAccessible(page)
	await warning.getByLabel(vi['registry.duplicate.confirm']).check()
	await page.getByRole('button', { name: vi['registry.create'] }).click()
	await page.waitForURL(/\/facilities\/\d+\?saved=created$/)
	await context.close()
})
