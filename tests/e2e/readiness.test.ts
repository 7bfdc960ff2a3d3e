import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { expect, test } from 'vitest'
import { type Answer } from '~/domain/catalog/answers'
import { type Criterion } from '~/domain/catalog/schema'
import { latestCatalogs, loadAllCatalogFiles } from '../../scripts/catalog-validate'
import { expectAccessible, jsErrors, setupBrowser } from './browser'
import { answerPage, openAssessment, signInAs, vi } from './flows'
import { answerAs, openRound } from './world'

const browser = setupBrowser()
const ROUND = 'Đợt kiểm thử mức sẵn sàng theo hệ thống'
const CATALOGS = ['INV-DIGITAL-2026', 'HIS-LIS-RIS-2026', 'ATTT-CAPDO-2026', 'INTEROP-2026']

/** The parts the person fills in the browser; the rest is answered beforehand. */
const IN_BROWSER = /^(INV\.SYS\.his|FUNC\.HIS\..*|ATTT\.HIS\..*|INT\.BHXH\..*)$/

/**
 * The rest of the hospital's answers: it runs a HIS only (LIS, RIS-PACS, EMR and the portal are
 * "not deployed" and not in operation), every security measure is in place, and its other answers
 * are plain facts.
 */
function backgroundAnswers(): Record<string, Answer> {
	const out: Record<string, Answer> = {}
	const catalogs = latestCatalogs(loadAllCatalogFiles()).flatMap((l) => (l.ok && CATALOGS.includes(l.catalog.code) ? [l.catalog] : []))
	for (const c of catalogs)
		for (const g of c.groups)
			for (const cr of g.criteria) {
				if (IN_BROWSER.test(cr.id) || /^ATTT\.(LIS|RISPACS|EMR|PORTAL)\.(?!operated$)/.test(cr.id)) continue
				const a = background(cr)
				if (a) out[cr.id] = a
			}
	return out
}

function background(c: Criterion): Answer | null {
	if (/^ATTT\.\w+\.operated$/.test(c.id) || /^FUNC\.(LIS|RISPACS)\./.test(c.id)) return { kind: 'yes_no', value: 'no' }
	switch (c.answer.type) {
		case 'yes_no':
			return { kind: 'yes_no', value: 'yes' }
		case 'choice':
			return { kind: 'choice', value: c.answer.options[0].value }
		case 'number':
			return { kind: 'number', value: 12 }
		case 'percent':
			return { kind: 'percent', value: 80 }
		case 'date':
			return { kind: 'date', value: '2025-09-30' }
		default:
			return null
	}
}

test('a hospital fills its HIS, security and interoperability parts and sees the readiness matrix change, in the app and in the PDF report', async () => {
	const roundId = openRound(ROUND, CATALOGS, ['48'])
	const answers = backgroundAnswers()
	// Criteria that do not apply to this hospital are refused by name: leave them out.
	for (;;) {
		try {
			answerAs('cntt.danang', roundId, 'Bệnh viện Đà Nẵng', answers)
			break
		} catch (error) {
			const refused = JSON.parse((error as Error).message) as { problems?: Array<{ criterionId: string; code: string }> }
			const gone = (refused.problems ?? []).filter((p) => p.code === 'answer.not_applicable_here')
			if (!gone.length) throw error
			for (const p of gone) delete answers[p.criterionId]
		}
	}

	const editor = await browser.newPage()
	const page = editor.page
	await signInAs(page, 'cntt.danang')
	const overview = await openAssessment(page, ROUND)
	const his = page.getByTestId('readiness').locator('tr[data-system="his"]')
	const interop = page.getByTestId('readiness').locator('tr[data-system="interop"]')
	expect(await his.locator('[data-cell="operation"]').textContent()).toContain(vi['readiness.operation.unanswered'])
	const before = (await his.locator('[data-cell="coverage"] [data-testid="count"]').textContent())!
	expect(before).toMatch(/^0\/\d+$/)
	const n = before.split('/')[1]
	expect(await his.locator('[data-cell="security"]').textContent()).toContain('yêu cầu chưa xác định')
	const interopBefore = await interop.locator('[data-cell="connections"] [data-testid="count"]').textContent()
	// The criteria behind a cell are listed by name and open the criterion on its form.
	await his.locator('[data-cell="coverage"] summary').click()
	const first = his.locator('[data-cell="coverage"] details a').first()
	expect(await first.textContent()).not.toMatch(/^FUNC\./)
	expect(await first.getAttribute('href')).toMatch(/\/HIS-LIS-RIS-2026\/HIS#FUNC\.HIS\./)
	await expectAccessible(page)

	// HIS: how it is provided, then its functions.
	await page.goto(`${overview}/INV-DIGITAL-2026/SYS`)
	const how = page.locator('fieldset[data-criterion="INV.SYS.his"]')
	await how.locator('input[type=radio][value=vendor]').check()
	await expect.poll(() => how.locator('[data-save-state]').getAttribute('data-save-state'), { timeout: 10_000 }).toBe('saved')
	await page.goto(`${overview}/HIS-LIS-RIS-2026/HIS`)
	await answerPage(page, { js: true })

	// Security: the HIS's classification facts, its proposed and approved level, the measures.
	await page.goto(`${overview}/ATTT-CAPDO-2026/HIS`)
	const fact = (id: string) => page.locator(`fieldset[data-criterion="ATTT.HIS.${id}"]`)
	const choose = async (id: string, value: string) => {
		await fact(id).locator(`input[type=radio][value="${value}"]`).check()
		await expect.poll(() => fact(id).locator('[data-save-state]').getAttribute('data-save-state'), { timeout: 10_000 }).toBe('saved')
	}
	await choose('operated', 'yes')
	await choose('serves', 'internal')
	await choose('data', 'personal')
	await fact('people').locator('input[type=text]').fill('5000')
	await fact('people').locator('input[type=text]').blur()
	await expect.poll(() => fact('people').locator('[data-save-state]').getAttribute('data-save-state'), { timeout: 10_000 }).toBe('saved')
	await choose('conditional', 'no')
	await choose('level', '2')
	await choose('approved', 'yes')
	// Interoperability: the insurance data gateway.
	await page.goto(`${overview}/INTEROP-2026/BHXH`)
	await answerPage(page, { js: true })

	await page.goto(overview)
	expect(await his.locator('[data-cell="operation"]').textContent()).toContain(
		`${vi['readiness.operation.operating']} · Phần mềm của nhà cung cấp`,
	)
	expect(await his.locator('[data-cell="coverage"] [data-testid="count"]').textContent()).toBe(`${n}/${n}`)
	const security = await his.locator('[data-cell="security"]').textContent()
	expect(security).toContain('yêu cầu cấp 2 · đề xuất cấp 2 · đã phê duyệt')
	expect(security).toContain(vi['readiness.security.meets'])
	expect(await interop.locator('[data-cell="connections"] [data-testid="count"]').textContent()).not.toBe(interopBefore)
	await expectAccessible(page)
	expect(jsErrors(page)).toEqual([])

	// The report prints the same matrix (the draft here; a signed report is the same layout, signed).
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('draft-report-link').click()])
	const pdf = (await download.path())!
	expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-')
	const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
	expect(text).toContain('MỨC SẴN SÀNG THEO HỆ THỐNG')
	expect(text).toContain('Vận hành / cách triển khai: Đang vận hành · Phần mềm của nhà cung cấp')
	expect(text).toContain(`Chức năng đạt / áp dụng: ${n}/${n}`)
	expect(text).toContain('yêu cầu cấp 2 · đề xuất cấp 2 · đã phê duyệt')
	await editor.context.close()
}, 240_000)
