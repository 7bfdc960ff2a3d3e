import { expect, test } from 'vitest'
import { expectAccessible, jsErrors, setupBrowser } from './browser'
import { vi } from './flows'

const browser = setupBrowser()

test('the national page shows the 34 provinces as a tile map: each tile a link named with its figure, reached by keyboard, Enter opens the province', async () => {
	const { page, context } = await browser.newPage()
	await page.goto('/portal')
	const map = page.getByTestId('tile-map')
	expect(await map.locator('a').count()).toBe(34)
	// Each tile says its figure in text (or "—"), so colour is never the only cue.
	const hanoi = map.locator('a[data-province="01"]')
	expect(await hanoi.getAttribute('aria-label')).toMatch(/^Hà Nội: (\d{1,3}(,\d)? %|—)$/)
	expect(await page.getByTestId('tile-map-legend').locator('li').count()).toBe(6)
	await expectAccessible(page)

	// The tile after the colouring form's button takes the focus; Enter opens that province.
	await page.getByRole('button', { name: vi['tileMap.show'] }).focus()
	await page.keyboard.press('Tab')
	const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-province') ?? null)
	expect(focused).not.toBeNull()
	const href = await map.locator(`a[data-province="${focused}"]`).getAttribute('href')
	await page.keyboard.press('Enter')
	await page.waitForURL((url) => url.pathname === href!.split('?')[0])
	await expect.poll(() => page.locator('h1').textContent()).toBeTruthy()
	expect(jsErrors(page)).toEqual([])
	await context.close()
})

test('the map is coloured by the statistic chosen, without JavaScript too (?map=lis)', async () => {
	const { page, context } = await browser.newPage({ javaScriptEnabled: false })
	await page.goto('/portal')
	await page.getByLabel(vi['tileMap.choose']).selectOption('lis')
	await page.getByRole('button', { name: vi['tileMap.show'] }).click()
	await page.waitForURL(/map=lis/)
	expect(await page.getByLabel(vi['tileMap.choose']).inputValue()).toBe('lis')
	expect(await page.getByTestId('tile-map').locator('svg').first().getAttribute('aria-label')).toContain('LIS')
	await context.close()
})

test('the trend across rounds follows the indicator chosen, without JavaScript too (?trend=lis), and keeps the map chosen', async () => {
	const { page, context } = await browser.newPage({ javaScriptEnabled: false })
	await page.goto('/portal?map=lis')
	await page.getByLabel(vi['stats.trend.indicator']).selectOption('lis')
	await page.getByTestId('trend').getByRole('button', { name: vi['portal.show'] }).click()
	await page.waitForURL(/trend=lis/)
	expect(await page.getByLabel(vi['stats.trend.indicator']).inputValue()).toBe('lis')
	expect(await page.getByTestId('trend-table').locator('caption').textContent()).toContain('LIS')
	expect(await page.getByLabel(vi['tileMap.choose']).inputValue()).toBe('lis')
	await context.close()
})

test("the map may be coloured by a level share, without JavaScript too: each tile and its row in the table give the share of that catalog's reporters at the level or above", async () => {
	const noJs = await browser.newPage({ javaScriptEnabled: false })
	const page = noJs.page
	await page.goto('/portal')
	const picker = page.getByLabel(vi['tileMap.choose'])
	const option = picker.locator('option[value^="level:"]').first()
	const [value, name] = [(await option.getAttribute('value'))!, (await option.textContent())!]
	expect(name).toContain('trở lên')
	await picker.selectOption(value)
	await page.getByRole('button', { name: vi['tileMap.show'] }).click()
	await page.waitForURL(/map=level/)
	expect(await picker.inputValue()).toBe(value)
	expect(await page.getByTestId('tile-map').locator('svg').first().getAttribute('aria-label')).toContain(name)
	// The table equivalent, folded under the map: every province, each share written out as X/Y (Z %).
	await page.getByText(vi['tileMap.table']).click()
	const rows = page.getByTestId('map-table').locator('tbody tr')
	expect(await rows.count()).toBe(34)
	const figures = (await rows.locator('td:nth-child(2)').allTextContents()).filter((f) => f !== '—')
	expect(figures.length).toBeGreaterThan(0)
	for (const f of figures) expect(f).toMatch(/^\d+\/\d+ \(\d{1,3}(,\d)? %\)$/)
	await noJs.context.close()

	// The widget with the same choice shows the same figures; both pages pass axe.
	const { page: js, context } = await browser.newPage()
	await js.goto(`/portal?map=${encodeURIComponent(value)}`)
	await expectAccessible(js)
	await js.goto(`/embed/national?map=${encodeURIComponent(value)}`)
	expect(await js.locator('h1').textContent()).toContain(name)
	const widgetFigures = (await js.getByTestId('map-table').locator('tbody td:nth-child(2)').allTextContents()).filter((f) => f !== '—')
	expect(widgetFigures).toEqual(figures)
	await expectAccessible(js)
	await context.close()
})

test('the national widget shows the same tile map and its table, and may be framed by another site', async () => {
	const { page, context } = await browser.newPage()
	const res = await page.goto('/embed/national?map=lis')
	expect(res!.headers()['content-security-policy']).toContain('frame-ancestors *')
	expect(await page.getByTestId('tile-map').locator('a').count()).toBe(34)
	expect(await page.getByTestId('map-table').locator('tbody tr').count()).toBe(34)
	expect(await page.getByTestId('tile-map').locator('a').first().getAttribute('target')).toBe('_blank')
	await expectAccessible(page)
	await context.close()
})
