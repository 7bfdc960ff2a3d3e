// The analyst's flow of catalog authoring in the browser, for tests that continue from a published
// version (a round using it, comparisons across its split criterion).
import fs from 'node:fs'
import { type Page } from 'playwright-core'
import { expect } from 'vitest'
import { listCatalogVersions } from '#db/queries/catalogs'
import { addCriterionLike, setCriterion, setHeaderField } from '#tests/catalog-books'
import { openWorkbook, workbookBytes } from '#tests/spreadsheets'
import { messages } from '~/i18n/messages'
import { withSuiteDb } from './world'

const vi = messages.vi
export const TT54 = 'IT-TT54-2017'
/**
 * The version number the next published TT54 version gets. The browser tests share one database and
 * more than one of them publishes a version based on 2, so each takes the next free number.
 */
export function nextTt54Version(): number {
	return withSuiteDb((db) => Math.max(0, ...listCatalogVersions(db).flatMap((v) => (v.code === TT54 ? [v.version] : []))) + 1)
}

/** What the flow changes: one criterion reworded, one split into two, one added. */
export const TT54_V3 = { reworded: 'TT54.LIS.80', split: 'TT54.LIS.89', splitInto: 'TT54.LIS.89b', added: 'TT54.LIS.90' } as const

/**
 * Signed in as a national admin: downloads TT54 version 2's workbook from its version page, rewords
 * LIS.80, splits LIS.89 into LIS.89 and LIS.89b (declared lineage), adds LIS.90, and uploads it as
 * `version` (3 on a fresh database, see `nextTt54Version`) based on 2. Leaves the page on the draft's preview.
 */
export async function uploadTt54Version(page: Page, version: number) {
	await page.goto(`/admin/catalogs/${TT54}/2`)
	const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: vi['catalogDraft.download'] }).click()])
	const wb = await openWorkbook(new Uint8Array(fs.readFileSync((await file.path())!)))
	setHeaderField(wb, 'version', version)
	setHeaderField(wb, 'based_on', 2)
	// A new version takes effect later than the one it continues: rounds that opened before still use version 2.
	setHeaderField(wb, 'effective_from', '2026-01-01')
	setCriterion(wb, TT54_V3.reworded, 'Nội dung (vi)', 'Phần mềm LIS nhận chỉ định xét nghiệm điện tử từ HIS (câu chữ mới)')
	setCriterion(wb, TT54_V3.split, 'Kế thừa: quan hệ', 'split')
	setCriterion(wb, TT54_V3.split, 'Kế thừa: từ tiêu chí', TT54_V3.split)
	addCriterionLike(wb, TT54_V3.split, {
		'Mã tiêu chí': TT54_V3.splitInto,
		'Nội dung (vi)': 'Phần thứ hai của tiêu chí 89, tách riêng',
		'Nội dung (en)': 'The second half of criterion 89, on its own',
	})
	addCriterionLike(wb, TT54_V3.reworded, {
		'Mã tiêu chí': TT54_V3.added,
		'Nội dung (vi)': 'LIS kết nối với máy xét nghiệm mới',
		'Nội dung (en)': 'The LIS is connected to the new analysers',
		'Kế thừa: quan hệ': null,
		'Kế thừa: từ tiêu chí': null,
	})
	const bytes = await workbookBytes(wb)
	await page.goto(`/admin/catalogs/${TT54}`)
	await page.getByLabel(vi['catalogDraft.upload.file']).setInputFiles({
		name: `tt54-v${version}.xlsx`,
		mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		buffer: Buffer.from(bytes),
	})
	await page.getByRole('button', { name: vi['import.upload.preview'] }).click()
	await page.waitForURL(`**/admin/catalogs/${TT54}/drafts/*`)
}

/** On the draft's preview: no problem, the differences from version 2 (added, reworded, split), ready to publish. */
export async function readTt54Preview(page: Page, version: number) {
	await expect
		.poll(() => page.getByRole('heading', { level: 1 }).textContent())
		.toBe(vi['catalogDraft.title'].replace('{file}', `tt54-v${version}.xlsx`))
	expect(await page.getByTestId('draft-problems').count()).toBe(0)
	const changes = page.getByTestId('draft-changes')
	expect(await changes.getByRole('heading', { level: 2 }).textContent()).toBe(vi['catalogDraft.changes.heading'].replace('{version}', '2'))
	expect(await page.getByTestId('changes-added').textContent()).toContain(TT54_V3.added)
	expect(await page.getByTestId('changes-reworded').textContent()).toContain(TT54_V3.reworded)
	expect(await page.getByTestId('changes-split').textContent()).toBe(
		vi['catalogDraft.splitInto'].replace('{from}', TT54_V3.split).replace('{into}', `${TT54_V3.split}, ${TT54_V3.splitInto}`),
	)
	expect(await page.getByRole('status').textContent()).toBe(vi['catalogDraft.ready'].replace('{version}', String(version)))
}

/** On the draft's preview: publishes it and waits for the catalog page that says it was published. */
export async function publishDraft(page: Page, version: number) {
	await page.getByRole('button', { name: vi['catalogDraft.publish'].replace('{version}', String(version)) }).click()
	await page.waitForURL(`**/admin/catalogs/${TT54}?published=${version}`)
	await expect.poll(() => page.getByRole('status').textContent()).toBe(vi['catalogDraft.published'].replace('{version}', String(version)))
}
