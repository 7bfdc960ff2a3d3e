import { type Page } from 'playwright-core'
import { expect, test } from 'vitest'
import { messages } from '~/i18n/messages'
import { DEMO_CAMPAIGN_TITLE, DEMO_DOMAIN } from '~/services/demo-seed.server'
import { expectAccessible, jsErrors, signIn, setupBrowser } from './browser'
import { createAndOpenCampaign } from './flows'

const browser = setupBrowser()
const vi = messages.vi
const nav = (page: Page, key: keyof typeof vi) =>
	page.getByRole('navigation', { name: vi['nav.main'] }).getByRole('link', { name: vi[key], exact: true })

test('an admin opens the audit trail from the navigation and sees the chain reported intact', async () => {
	const { page, context } = await browser.newPage()
	await signIn(page, `admin${DEMO_DOMAIN}`)
	await page.waitForURL('**/dashboard')
	await nav(page, 'nav.audit').click()
	await page.waitForURL('**/admin/audit')
	await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(vi['audit.title'])
	const status = page.getByTestId('chain-status')
	expect(await status.getAttribute('role')).toBe('status')
	expect(await status.getAttribute('data-chain')).toBe('intact')
	expect(await status.textContent()).toMatch(/Nhật ký toàn vẹn: đã kiểm tra [\d.]+ sự kiện/)
	// The seed and the campaign wrote events before; this sign-in is the newest.
	const rows = page.getByTestId('audit-event')
	expect(await rows.count()).toBeGreaterThan(1)
	expect(await rows.first().textContent()).toContain(vi['audit.action.user.sign_in'])
	await expectAccessible(page)
	expect(jsErrors(page)).toEqual([])
	await context.close()
})

test('an extended deadline reads in the audit trail in words and dd/mm/yyyy dates, not as stored keys', async () => {
	const { page, context } = await browser.newPage()
	await signIn(page, `admin${DEMO_DOMAIN}`)
	await page.waitForURL('**/dashboard')
	await createAndOpenCampaign(page, 'Đợt kiểm thử gia hạn', ['INV-DIGITAL-2026'], ['46'])
	await page.getByLabel(vi['campaign.extend.dueOn']).fill('2100-01-31')
	await page.getByLabel(vi['campaign.extend.reason']).fill('Nghỉ Tết Nguyên đán')
	await page.getByRole('button', { name: vi['campaign.extend.button'], exact: true }).click()
	await expect
		.poll(() => page.getByRole('status').textContent())
		.toMatch(/^Đã gia hạn đến 31\/01\/2100; \d+ cơ sở chưa nộp đã được thông báo\.$/)

	await nav(page, 'nav.audit').click()
	await page.waitForURL('**/admin/audit')
	await expect.poll(() => page.getByTestId('audit-event').first().textContent()).toContain(vi['audit.action.campaign.extend'])
	const newest = (await page.getByTestId('audit-event').first().textContent())!
	expect(newest).toContain(`${vi['campaign.field.dueOn']}: 31/12/2099 → 31/01/2100`)
	expect(newest).toMatch(new RegExp(`${vi['audit.field.notifiedFacilities']}: \\d+`))
	expect(newest).toContain(`${vi['audit.field.reason']}: Nghỉ Tết Nguyên đán`)
	expect(newest).not.toMatch(/notifiedFacilities|2100-01-31/)
	expect(jsErrors(page)).toEqual([])
	await context.close()
})

test('a facility editor saves an answer and finds it in the assessment history, which another facility cannot open', async () => {
	const { page, context } = await browser.newPage()
	await signIn(page, `cntt.bachmai${DEMO_DOMAIN}`)
	await page.waitForURL('**/dashboard')
	await nav(page, 'nav.assessments').click()
	await page.getByRole('link', { name: DEMO_CAMPAIGN_TITLE }).first().click()
	await page.waitForURL(/\/assessments\/\d+$/)
	const overview = new URL(page.url()).pathname
	await page.goto((await page.locator('.group-list a').first().getAttribute('href'))!)
	const fieldset = page.locator('fieldset[data-criterion]:has(input[type=radio])').first()
	const criterionId = (await fieldset.getAttribute('data-criterion'))!
	await fieldset.locator('input[type=radio]').first().check()
	await expect.poll(() => fieldset.locator('[data-save-state]').getAttribute('data-save-state'), { timeout: 10_000 }).toBe('saved')

	await page.goto(`${overview}/history`)
	await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(vi['history.title'])
	const row = page.getByTestId('history-event').last()
	expect(await row.textContent()).toContain(vi['audit.action.answer.save'])
	expect(await row.textContent()).toContain('Trịnh Hữu Nghĩa')
	expect(await row.getByRole('link', { name: criterionId }).count()).toBe(1)
	await expectAccessible(page)
	await page.getByRole('link', { name: vi['history.back'] }).click()
	await page.waitForURL(`**${overview}`)
	expect(jsErrors(page)).toEqual([])
	await context.close()

	const other = await browser.newPage()
	await signIn(other.page, `cntt.danang${DEMO_DOMAIN}`)
	await other.page.waitForURL('**/dashboard')
	expect((await other.page.goto(`${overview}/history`))?.status()).toBe(403)
	await other.context.close()
})
