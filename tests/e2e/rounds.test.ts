import { inject, expect, test } from 'vitest'
import { openDatabase } from '#db/client.server'
import { answered, importVersion, NO, roundFacility, roundPeople, runRound } from '#tests/rounds'
import { buildCatalog, catalogInput, catalogV2Input } from '~/domain/catalog/testing'
import { expectAccessible, jsErrors, setupBrowser } from './browser'
import { signInAs, vi } from './flows'

const browser = setupBrowser()
const CODE = 'E2E-ROUNDS'
const V1 = buildCatalog(catalogInput({ code: CODE, effective_from: '2023-01-01' }))
/** Version 2 (app/domain/catalog/testing.ts): A1 split into A1a and A1b, B1 and B2 merged into B12, A9 new, C2 dropped. */
const V2 = buildCatalog(catalogV2Input({ code: CODE, effective_from: '2026-01-01' }))
/** Two published rounds of one facility (in a province without demo facilities), across a split criterion. */
async function twoRounds() {
	const db = openDatabase(inject('e2eDbFile'))
	try {
		const people = await roundPeople(db, 'rounds')
		const f = await roundFacility(db, { provinceCode: '86', code: '86901', name: 'Bệnh viện So sánh Đợt' })
		const v1 = importVersion(db, V1)
		const v2 = importVersion(db, V2)
		await runRound(db, people, {
			title: 'Đợt so sánh 2025',
			opensOn: '2025-03-01',
			province: '86',
			versionIds: [v1],
			facilities: [{ facility: f, answers: { ...answered(['A1', 'A2']), ...answered(['B1', 'B2', 'C1', 'C2'], NO) }, upTo: 'published' }],
		})
		const r2 = await runRound(db, people, {
			title: 'Đợt so sánh 2026',
			opensOn: '2026-03-01',
			province: '86',
			versionIds: [v2],
			facilities: [{ facility: f, answers: { ...answered(['A1a', 'A2', 'A9', 'B12', 'C1']), A1b: NO }, upTo: 'published' }],
		})
		return { facility: f, assessmentId: r2.assessmentIds[0] }
	} finally {
		db.$client.close()
	}
}

test("the facility overview shows the previous round beside this one across a split criterion, and the portal's trend table lists both rounds", async () => {
	const w = await twoRounds()
	const { page, context } = await browser.newPage()
	await signInAs(page, 'admin')
	await page.goto(`/assessments/${w.assessmentId}`)
	const section = page.getByTestId('round-comparison')
	await expect.poll(() => section.getByRole('heading', { level: 2 }).textContent()).toBe(vi['rounds.title'])
	expect(await section.textContent()).toContain('Đợt so sánh 2025')
	const levels = await section.getByTestId('round-levels').textContent()
	expect(levels).toContain('phiên bản 1')
	expect(levels).toContain('phiên bản 2')
	const criteria = section.getByTestId(`round-criteria-${CODE}`)
	expect(await criteria.locator('tr[data-change="no_longer_met"]').textContent()).toContain('tách từ A1')
	expect(await criteria.locator('tr[data-change="new"]').textContent()).toContain(vi['rounds.new'])
	await expectAccessible(page)

	await page.goto(`/portal/facility/${w.facility.code}`)
	const trend = page.getByTestId(`trend-${CODE}`)
	const rows = await trend.locator('tbody tr').allTextContents()
	expect(rows.map((r) => r.slice(0, 16))).toEqual(['Đợt so sánh 2025', 'Đợt so sánh 2026'])
	expect(await page.getByTestId('facility-trend').locator('svg title').first().textContent()).toContain(V1.title.vi)
	await expectAccessible(page)
	expect(jsErrors(page)).toEqual([])
	await context.close()
})
