import { expect, test } from 'vitest'
import { expectAccessible, jsErrors, setupBrowser } from './browser'
import { createAndOpenCampaign, fillWholeAssessment, nav, openAssessment, signInAs, submitAsDirector, vi } from './flows'

const browser = setupBrowser()
const CAMPAIGN = 'Đợt kiểm thử thẩm định'

test('the whole loop: the hospital submits, the province reviews group by group and returns, the hospital fixes and resubmits, the province sees its previous verdicts and the changes, filters to what needs looking at, and approves', async () => {
	const admin = await browser.newPage()
	await signInAs(admin.page, 'admin')
	await createAndOpenCampaign(admin.page, CAMPAIGN, ['HIMSS-EMRAM-2008'], ['48'])
	await admin.context.close()

	const editor = await browser.newPage()
	await signInAs(editor.page, 'cntt.danang')
	const overview = await openAssessment(editor.page, CAMPAIGN)
	expect(await fillWholeAssessment(editor.page, overview, { js: true })).toBe(19)
	await editor.page.goto(overview)
	await expect.poll(() => editor.page.getByTestId('score-HIMSS-EMRAM-2008').getByTestId('achieved-level').textContent()).toBe('Giai đoạn 7')

	const director = await browser.newPage()
	await signInAs(director.page, 'giamdoc.danang')
	await submitAsDirector(director.page, overview)

	// The province's evaluator finds it in the queue, claims it, and adjusts two criteria with reasons.
	const evaluator = await browser.newPage()
	const ev = evaluator.page
	await signInAs(ev, 'thamdinh.danang')
	await nav(ev, 'nav.review').click()
	await ev.getByLabel(vi['review.filter.campaign']).selectOption({ label: CAMPAIGN })
	await ev.getByRole('button', { name: vi['review.filter.apply'] }).click()
	await ev.waitForURL(/campaign=\d+/)
	// The filtered list replaces the full one once its data has loaded.
	const queueLink = ev.getByTestId('review-queue-table').getByRole('link', { name: 'Bệnh viện Đà Nẵng', exact: true })
	await expect.poll(() => queueLink.count()).toBe(1)
	await queueLink.click()
	await ev.waitForURL(/\/review\/\d+$/)
	await expectAccessible(ev)
	await ev.getByRole('button', { name: vi['review.claim'] }).click()
	await expect.poll(() => ev.getByTestId('claim-state').textContent()).toBe(vi['review.claimedByYou'])

	const groupNav = ev.getByTestId('group-nav')
	const shownGroup = () => ev.getByTestId('review-group').getAttribute('data-group')
	// One group per screen: the first, marked as current in the group list, with its criteria only.
	await expect.poll(shownGroup).toBe('HIMSS-EMRAM-2008:S1')
	expect(await groupNav.locator('li[data-group="HIMSS-EMRAM-2008:S1"] a').getAttribute('aria-current')).toBe('page')
	expect(await ev.locator('article[data-criterion]').count()).toBe(3)
	expect(await ev.locator('article[data-criterion="EMRAM.S7.ccd"]').count()).toBe(0)
	// The keyboard moves to the next group, and the focus lands on the new group's heading.
	const pager = ev.getByRole('navigation', { name: vi['review.groups.nav'] })
	await pager.getByRole('link', { name: vi['form.nextGroup'] }).focus()
	await ev.keyboard.press('Enter')
	await ev.waitForURL(/group=HIMSS-EMRAM-2008(:|%3A)S2/)
	await expect.poll(shownGroup).toBe('HIMSS-EMRAM-2008:S2')
	await expect.poll(() => ev.evaluate(() => document.activeElement?.id)).toBe('group-heading')
	// From the heading, the next stop is the previous-group link above the criteria.
	await ev.keyboard.press('Tab')
	await expect.poll(() => ev.evaluate(() => document.activeElement?.textContent)).toContain(vi['form.prevGroup'].replace('← ', ''))
	await ev.keyboard.press('Enter')
	await expect.poll(shownGroup).toBe('HIMSS-EMRAM-2008:S1')

	const openGroup = async (group: string) => {
		await groupNav.locator(`li[data-group="HIMSS-EMRAM-2008:${group}"] a`).click()
		await expect.poll(shownGroup).toBe(`HIMSS-EMRAM-2008:${group}`)
	}
	const verdict = async (criterionId: string, kind: 'accept' | 'not_met' | 'adjust', reason: string, value?: string) => {
		const card = ev.locator(`article[data-criterion="${criterionId}"]`)
		await card.locator(`input[name=verdict][value=${kind}]`).check()
		if (value) await card.locator(`input[name=value][value=${value}]`).check()
		await card.getByLabel(vi['review.reason']).fill(reason)
		await card.getByRole('button', { name: vi['review.saveVerdict'] }).click()
		await expect.poll(() => card.getByTestId('verdict').count()).toBe(1)
	}
	await openGroup('S7')
	await verdict('EMRAM.S7.ccd', 'not_met', 'Chưa trao đổi bản tóm tắt CCD với cơ sở khác')
	await verdict('EMRAM.S7.fully_electronic', 'accept', '')
	await verdict('EMRAM.S7.data_warehouse', 'accept', '')
	// Saving a verdict keeps the evaluator on the group, which now counts three verdicts.
	expect(await shownGroup()).toBe('HIMSS-EMRAM-2008:S7')
	await expect
		.poll(() => groupNav.locator('li[data-group="HIMSS-EMRAM-2008:S7"]').getByTestId('group-counts').textContent())
		.toBe('0 cần xem · 3/3 đã kết luận')
	await openGroup('S6')
	await verdict('EMRAM.S6.full_rpacs', 'adjust', 'PACS chưa triển khai toàn viện', 'no')
	const row = ev.getByTestId('score-compare').locator('tr[data-catalog="HIMSS-EMRAM-2008"]')
	await expect.poll(() => row.getByTestId('self-level').textContent()).toMatch(/^Giai đoạn 7/)
	await expect.poll(() => row.getByTestId('verified-level').textContent()).toMatch(/^Giai đoạn 5/)
	await ev.getByLabel(vi['review.changes']).fill('Bổ sung minh chứng triển khai PACS toàn viện')
	await ev.getByRole('button', { name: vi['review.return'] }).click()
	await expect.poll(() => ev.getByRole('status').textContent()).toBe(vi['review.done.return'])

	// The hospital sees what was asked, and the evaluator's verdicts beside the criteria.
	await editor.page.goto(overview)
	await expect
		.poll(() => editor.page.getByTestId('requested-changes').textContent())
		.toContain('Bổ sung minh chứng triển khai PACS toàn viện')
	await editor.page.goto(`${overview}/HIMSS-EMRAM-2008/S7`)
	const ccd = editor.page.locator('fieldset[data-criterion="EMRAM.S7.ccd"]')
	expect(await ccd.getByTestId('evaluator-verdict').textContent()).toContain('Chưa trao đổi bản tóm tắt CCD')
	await ccd.locator('input[type=radio][value=no]').check()
	await expect.poll(() => ccd.locator('[data-save-state]').getAttribute('data-save-state')).toBe('saved')
	await submitAsDirector(director.page, overview)

	// Round 2: the evaluator sees the verdicts of the first submission and what the facility changed since.
	await ev.reload()
	await ev.getByRole('button', { name: vi['review.claim'] }).click()
	await expect.poll(() => ev.getByTestId('claim-state').textContent()).toBe(vi['review.claimedByYou'])
	await openGroup('S7')
	const ccdCard = ev.locator('article[data-criterion="EMRAM.S7.ccd"]')
	expect(await ccdCard.getByTestId('previous-verdict').textContent()).toContain('Kết luận lần nộp 1 (')
	expect(await ccdCard.getByTestId('previous-verdict').textContent()).toContain('Không đạt — Chưa trao đổi bản tóm tắt CCD')
	expect(await ccdCard.locator('[data-attention=changed]').textContent()).toBe('Cơ sở đã sửa từ lần nộp 1')
	expect(await ccdCard.locator('[data-attention=previously_rejected]').count()).toBe(1)
	expect(await ccdCard.getByTestId('self-value').textContent()).toBe(vi['form.no'])
	const unchanged = ev.locator('article[data-criterion="EMRAM.S7.fully_electronic"]')
	expect(await unchanged.locator('[data-attention=unchanged]').textContent()).toBe('Không thay đổi từ lần nộp 1')
	// Filtered to what needs looking at: in this group, only the changed criterion; the page stays accessible.
	await ev.getByTestId('filter-attention').click()
	await ev.waitForURL(/filter=attention/)
	await expect.poll(() => ev.locator('article[data-criterion]').count()).toBe(1)
	expect(await ev.locator('article[data-criterion]').getAttribute('data-criterion')).toBe('EMRAM.S7.ccd')
	await expectAccessible(ev)
	// In S6 the first round decided one criterion only: the other two still need a verdict.
	await openGroup('S6')
	expect(await ev.locator('article[data-criterion]').count()).toBe(3)
	expect(await ev.locator('article [data-attention=no_verdict]').count()).toBe(2)
	const rpacs = ev.locator('article[data-criterion="EMRAM.S6.full_rpacs"]')
	expect(await rpacs.locator('[data-attention=previously_rejected]').textContent()).toBe('Lần nộp 1 chưa được chấp nhận')
	expect(await rpacs.getByTestId('previous-verdict').textContent()).toContain('PACS chưa triển khai toàn viện')
	await verdict('EMRAM.S6.full_rpacs', 'adjust', 'PACS chưa triển khai toàn viện', 'no')
	// Approving asks first what it does: without the confirmation, nothing happens.
	await ev.getByRole('button', { name: vi['review.approve'] }).click()
	expect(await ev.getByTestId('claim-state').textContent()).toBe(vi['review.claimedByYou'])
	expect(await ev.getByTestId('signed-report-link').count()).toBe(0)
	await ev.getByLabel(vi['review.approveConfirm.signs']).check()
	await ev.getByRole('button', { name: vi['review.approve'] }).click()
	// The final approval renders and signs the report before it answers (ADR 008): on a busy machine, give it time.
	await expect.poll(() => ev.getByRole('status').textContent(), { timeout: 30_000 }).toBe(vi['review.done.approve'])
	await expect.poll(() => ev.getByTestId('signed-report-link').count()).toBe(1)
	await expect.poll(() => row.getByTestId('self-level').textContent()).toMatch(/^Giai đoạn 6/)
	await expect.poll(() => row.getByTestId('verified-level').textContent()).toMatch(/^Giai đoạn 5/)
	// Settled: the page says who approved it, and no criterion is flagged as needing a look.
	await expect.poll(() => ev.getByTestId('claim-state').textContent()).toMatch(/^Đã phê duyệt ngày \d{2}\/\d{2}\/\d{4}, người phê duyệt: /)
	expect(await ev.locator('[data-attention]:not([data-attention=unchanged])').count()).toBe(0)
	expect(await ev.getByTestId('filter-attention').count()).toBe(0)
	expect(jsErrors(ev)).toEqual([])

	// The hospital sees both levels and was notified.
	await editor.page.goto(overview)
	await expect.poll(() => editor.page.getByTestId('verified-HIMSS-EMRAM-2008').textContent()).toContain('Giai đoạn 5')
	expect(await editor.page.getByTestId('score-HIMSS-EMRAM-2008').getByTestId('achieved-level').textContent()).toBe('Giai đoạn 6')
	await editor.page.goto('/dashboard')
	expect(await editor.page.getByTestId('notifications').textContent()).toContain('đã được phê duyệt')
	await expectAccessible(editor.page)
	for (const p of [admin, editor, director, evaluator]) await p.context.close()
})
