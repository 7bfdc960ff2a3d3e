import { expect, test } from 'vitest'
import { expectAccessible, jsErrors, setupBrowser } from './browser'
import { createAndOpenCampaign, fillWholeAssessment, nav, openAssessment, signInAs, submitAsDirector, vi } from './flows'

const browser = setupBrowser()
const CAMPAIGN = 'Đợt kiểm thử thẩm định'

test('the whole loop: the hospital submits, the province adjusts two criteria and returns, the hospital fixes and resubmits, the province approves', async () => {
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

	const verdict = async (criterionId: string, kind: 'not_met' | 'adjust', reason: string, value?: string) => {
		const card = ev.locator(`article[data-criterion="${criterionId}"]`)
		await card.locator(`input[name=verdict][value=${kind}]`).check()
		if (value) await card.locator(`input[name=value][value=${value}]`).check()
		await card.getByLabel(vi['review.reason']).fill(reason)
		await card.getByRole('button', { name: vi['review.saveVerdict'] }).click()
		await expect.poll(() => card.getByTestId('verdict').count()).toBe(1)
	}
	await verdict('EMRAM.S7.ccd', 'not_met', 'Chưa trao đổi bản tóm tắt CCD với cơ sở khác')
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

	// Round 2: the evaluator approves; the verified level stays below the self-assessed one.
	await ev.reload()
	await ev.getByRole('button', { name: vi['review.claim'] }).click()
	await expect.poll(() => ev.getByTestId('claim-state').textContent()).toBe(vi['review.claimedByYou'])
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
