import { expect, test } from 'vitest'
import { expectAccessible, jsErrors, setupBrowser } from './browser'
import { nav, signInAs, vi } from './flows'

const browser = setupBrowser()
const FACILITY = 'Bệnh viện Thanh Nhàn'

test('a publisher publishes an approved result; it appears on the facility, province and national pages, in the CSV and the API; withdrawn, it is gone', async () => {
	const anonymous = await browser.newPage()
	const pub = anonymous.page
	await pub.goto('/portal')
	const before = Number((await pub.getByTestId('published-count').textContent())!.match(/\d+/)![0])
	await expectAccessible(pub)

	const publisher = await browser.newPage()
	const page = publisher.page
	await signInAs(page, 'congbo.hanoi')
	await nav(page, 'nav.publish').click()
	await page.getByLabel(`Chọn ${FACILITY}`).check()
	await expectAccessible(page)
	await page.getByRole('button', { name: vi['publish.selected'] }).click()
	await expect.poll(() => page.getByRole('status').textContent()).toBe('Đã công bố 1 kết quả.')

	await pub.goto('/portal')
	expect(await pub.getByTestId('published-count').textContent()).toContain(String(before + 1))
	await pub.goto('/portal/ha-noi')
	const link = pub.getByTestId('facilities').getByRole('link', { name: FACILITY })
	expect(await link.count()).toBe(1)
	await expectAccessible(pub)
	const facilityUrl = (await link.getAttribute('href'))!
	const code = facilityUrl.split('/').at(-1)!
	await pub.goto(facilityUrl)
	expect(await pub.getByTestId('results').textContent()).toContain('Khảo sát chuyển đổi số y tế năm 2025')
	await expectAccessible(pub)

	const csv = await pub.request.get('/api/v1/facilities?province=01&format=csv')
	expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8')
	expect(await csv.text()).toContain(`${code},${FACILITY}`)
	const api = await (await pub.request.get('/api/v1/facilities?province=01&pageSize=500')).json()
	expect(api.data.some((r: { facility_code: string }) => r.facility_code === code)).toBe(true)

	// Withdrawn with a reason: gone from the tables and the API, and the facility page says why.
	await page.reload()
	const row = page.getByTestId('published-table').getByRole('row', { name: new RegExp(FACILITY) })
	await row.getByLabel(vi['publish.withdrawReason']).fill('Cần rà soát lại số liệu LIS')
	await row.getByRole('button', { name: vi['publish.withdraw'] }).click()
	await expect.poll(() => page.getByRole('status').textContent()).toBe(vi['publish.withdrawn'])
	await pub.goto('/portal/ha-noi')
	expect(await pub.getByTestId('facilities').getByRole('link', { name: FACILITY }).count()).toBe(0)
	const apiAfter = await (await pub.request.get('/api/v1/facilities?province=01&pageSize=500')).json()
	expect(apiAfter.data.some((r: { facility_code: string }) => r.facility_code === code)).toBe(false)
	await pub.goto(facilityUrl)
	expect(await pub.getByTestId('withdrawn').textContent()).toContain('Cần rà soát lại số liệu LIS')
	expect(jsErrors(pub)).toEqual([])
	await publisher.context.close()
	await anonymous.context.close()
})

test('the province widget can be framed by another site; other pages cannot', async () => {
	const { page, context } = await browser.newPage()
	const widget = await page.goto('/embed/province/da-nang')
	expect(widget!.headers()['content-security-policy']).toContain('frame-ancestors *')
	expect(await page.locator('header.site-header').count()).toBe(0)
	expect(await page.getByTestId('statistics').count()).toBe(1)
	const portal = await page.goto('/portal')
	expect(portal!.headers()['content-security-policy']).toContain("frame-ancestors 'none'")
	expect(portal!.headers()['x-frame-options']).toBe('DENY')
	await context.close()
})

test('a province page names catalogs and levels instead of codes, filters by a level chosen from a list, and gives its embed code', async () => {
	const { page, context } = await browser.newPage()
	await page.goto('/portal/ha-noi')
	const headings = await page.getByTestId('facilities').locator('thead th').allTextContents()
	expect(headings.length).toBeGreaterThan(3)
	for (const heading of headings) expect(heading).not.toMatch(/^[A-Z]+(-[A-Z0-9]+)+$/)

	const filter = page.getByRole('combobox', { name: vi['portal.filter.level'], exact: true })
	const choices = (await filter.locator('option').allTextContents()).slice(1)
	expect(choices.length).toBeGreaterThan(0)
	for (const choice of choices) expect(choice).not.toMatch(/^[A-Z0-9_.-]+$/)
	await filter.selectOption({ label: choices[0] })
	await page.getByRole('button', { name: vi['review.filter.apply'] }).click()
	await page.waitForURL(/level=/)
	// Every row left reached the level chosen (the table is read once the filtered page has rendered).
	await expect
		.poll(async () => {
			const rows = await page.getByTestId('facilities').locator('tbody tr').allTextContents()
			return rows.length > 0 && rows.every((row) => row.includes(choices[0]))
		})
		.toBe(true)
	await expectAccessible(page)

	await page.getByText(vi['portal.embed.title']).click()
	const code = await page.getByLabel(vi['portal.embed.code']).inputValue()
	const src = code.match(/src="([^"]+)"/)![1]
	expect(new URL(src).pathname).toBe('/embed/province/ha-noi')
	const widget = await page.request.get(new URL(src).pathname)
	expect(widget.status()).toBe(200)
	await context.close()
})
