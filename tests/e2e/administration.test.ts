import fs from 'node:fs'
import { type Page } from 'playwright-core'
import { expect, inject, test } from 'vitest'
import { openDatabase } from '#db/client.server'
import { getAssessmentContext } from '#db/queries/assessments'
import { openWorkbook, workbookBytes, xlsxBytes } from '#tests/spreadsheets'
import { applicabilityFor } from '~/domain/catalog/compile'
import { DEMO_DOMAIN } from '~/services/demo-seed.server'
import { expectAccessible, jsErrors, signIn, setupBrowser } from './browser'
import { createAndOpenCampaign, nav, openAssessment, signInAs, vi } from './flows'
import { addFacility, answerAs, openRound } from './world'

const browser = setupBrowser()
const HEADER = ['Mã cơ sở', 'Tên cơ sở', 'Tỉnh/thành phố', 'Loại hình', 'Hạng', 'Cơ quan chủ quản', 'Số giường']

/** The browser suite's database, read beside the running server (WAL lets both in). */
function db() {
	return openDatabase(inject('e2eDbFile'))
}

function facilityCount(code: string) {
	const d = db()
	const n = (d.$client.prepare('select count(*) as n from facilities where code like ?').get(`${code}%`) as { n: number }).n
	d.$client.close()
	return n
}

async function download(page: Page, click: () => Promise<void>) {
	const [file] = await Promise.all([page.waitForEvent('download'), click()])
	return new Uint8Array(fs.readFileSync((await file.path())!))
}

test('an admin imports a registry file with errors (the preview shows them, nothing is written), fixes it and imports it', async () => {
	const { page, context } = await browser.newPage()
	await signInAs(page, 'admin')
	await nav(page, 'nav.facilities').click()
	await page.getByRole('link', { name: vi['import.registry.title'] }).click()
	await expectAccessible(page)

	const rows = [
		['99001', 'Bệnh viện Thử Nhập Một', 'Hà Nội', 'Bệnh viện đa khoa', 'Hạng II', 'Sở Y tế', 200],
		['99001', 'Bệnh viện Thử Nhập Trùng', 'Hà Nội', 'Bệnh viện đa khoa', 'Hạng II', 'Sở Y tế', 100],
		['99002', 'Bệnh viện Thử Nhập Hai', 'Hà Tây', 'Bệnh viện đa khoa', 'Hạng II', 'Sở Y tế', 100],
		['99003', 'Bệnh viện Thử Nhập Ba', 'Đà Nẵng', 'Bệnh viện đa khoa', 'Hạng VIII', 'Sở Y tế', 100],
	]
	await page.getByLabel(vi['import.upload.file']).setInputFiles({
		name: 'co-so.xlsx',
		mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		buffer: Buffer.from(await xlsxBytes({ 'Cơ sở y tế': [HEADER, ...rows] })),
	})
	await page.getByRole('button', { name: vi['import.upload.preview'] }).click()
	await page.waitForURL(/\/facilities\/import\/[0-9a-f]{32}$/)
	await expect.poll(() => page.getByRole('alert').textContent()).toBe(vi['import.blocked'])
	const problems = page.getByTestId('import-problems')
	await expect.poll(() => problems.locator('tbody tr').count()).toBe(3)
	expect(await problems.textContent()).toContain('A3')
	expect(await problems.textContent()).toContain('Mã 99001 đã có ở dòng 2 của tệp.')
	expect(await problems.textContent()).toContain('C4')
	expect(await problems.textContent()).toContain('E5')
	expect(await page.getByRole('button', { name: vi['import.apply'] }).count()).toBe(0)
	await expectAccessible(page)
	expect(facilityCount('990')).toBe(0)

	// Corrected: the duplicate gets its own code, the province and the grade are fixed.
	await page.getByRole('link', { name: `← ${vi['import.registry.title']}` }).click()
	rows[1][0] = '99004'
	rows[2][2] = 'Thành phố Hà Nội'
	rows[3][4] = 'Hạng I'
	await page.getByLabel(vi['import.upload.file']).setInputFiles({
		name: 'co-so.xlsx',
		mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		buffer: Buffer.from(await xlsxBytes({ 'Cơ sở y tế': [HEADER, ...rows] })),
	})
	await page.getByRole('button', { name: vi['import.upload.preview'] }).click()
	await page.waitForURL(/\/facilities\/import\/[0-9a-f]{32}$/)
	await expect.poll(() => page.getByRole('status').textContent()).toBe('Sẵn sàng nhập: 4 cơ sở mới, 0 cơ sở được cập nhật.')
	expect(await page.getByTestId('import-creates').locator('tbody tr').count()).toBe(4)
	await page.getByRole('button', { name: vi['import.apply'] }).click()
	await page.waitForURL('**/facilities?imported=4-0')
	// The address changes as soon as the import is applied; the page follows once its data has loaded.
	await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Đã nhập: 4 cơ sở mới, 0 cơ sở được cập nhật.')
	expect(facilityCount('990')).toBe(4)
	await page.getByLabel(vi['facilities.search']).fill('Thử Nhập')
	await page.getByRole('button', { name: vi['facilities.searchButton'] }).click()
	await expect.poll(() => page.getByTestId('facilities-table').locator('tbody tr').count()).toBe(4)

	// The same file again with one bed count changed and a look-alike of a facility now registered:
	// the preview lists the change in words and holds the look-alike as a likely duplicate.
	await page.goto('/facilities/import')
	await page.getByLabel(vi['import.upload.file']).setInputFiles({
		name: 'co-so-2.xlsx',
		mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		buffer: Buffer.from(
			await xlsxBytes({
				'Cơ sở y tế': [HEADER, ['99001', ...rows[0].slice(1, 6), 250], ['99005', 'Bệnh viện thử nhập  một', ...rows[0].slice(2)]],
			}),
		),
	})
	await page.getByRole('button', { name: vi['import.upload.preview'] }).click()
	await page.waitForURL(/\/facilities\/import\/[0-9a-f]{32}$/)
	const updates = page.getByTestId('import-updates')
	await expect.poll(() => updates.locator('tbody tr').count()).toBe(1)
	expect(await updates.textContent()).toContain(`${vi['registry.col.beds']}: 200 → 250`)
	const duplicates = page.getByTestId('import-duplicates')
	// Each of the two look-alike rows points at the other: the registered facility, and the file's row.
	const [updated, lookAlike] = await duplicates.locator('tbody tr').allTextContents()
	expect(lookAlike).toContain('Bệnh viện Thử Nhập Một (99001)')
	expect(updated).toContain(vi['registry.duplicate.row'].replace('{row}', '3'))
	await expectAccessible(page)
	expect(jsErrors(page)).toEqual([])
	await context.close()
})

test('a facility downloads its workbook, fills it in, uploads it, previews, applies, and the answers match', async () => {
	const round = 'Đợt kiểm thử bảng tính của cơ sở'
	const admin = await browser.newPage()
	await signInAs(admin.page, 'admin')
	await createAndOpenCampaign(admin.page, round, ['INV-DIGITAL-2026', 'HIMSS-EMRAM-2008'], ['01'])
	await admin.context.close()

	const { page, context } = await browser.newPage()
	await signInAs(page, 'cntt.xanhpon')
	const overview = await openAssessment(page, round)
	await page.getByRole('link', { name: vi['assessment.excelLink'] }).click()
	await page.waitForURL(/\/excel$/)
	await expectAccessible(page)
	const bytes = await download(page, () => page.getByRole('link', { name: vi['excel.download.button'] }).click())

	// The hospital works in Excel (the test writes the cells with the same library).
	const wb = await openWorkbook(bytes)
	const fills: Record<string, Array<[string, unknown]>> = {
		'INV-DIGITAL-2026': [
			['INV.SYS.his', 'Phần mềm của nhà cung cấp'],
			['INV.EMR.announced', 'Có / Đạt'],
			['INV.EMR.inpatient_share', 75],
			['INV.EMR.decision_date', new Date(Date.UTC(2025, 5, 15))],
			['INV.INFRA.it_staff', 9],
		],
		'HIMSS-EMRAM-2008': [
			['EMRAM.S1.lab', 'Có / Đạt'],
			['EMRAM.S1.rad', 'Không / Chưa đạt'],
		],
	}
	for (const [sheet, cells] of Object.entries(fills)) {
		wb.getWorksheet(sheet)!.eachRow((row) => {
			const hit = cells.find(([id]) => id === row.getCell(1).value)
			if (hit) row.getCell(7).value = hit[1] as never
		})
	}
	await page.getByLabel(vi['excel.upload.file']).setInputFiles({
		name: 'danh-gia.xlsx',
		mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		buffer: Buffer.from(await workbookBytes(wb)),
	})
	await page.getByRole('button', { name: vi['import.upload.preview'] }).click()
	await page.waitForURL(/\/excel\/[0-9a-f]{32}$/)
	await expect.poll(() => page.getByRole('status').textContent()).toBe('Sẵn sàng lưu 7 câu trả lời.')
	const changes = page.getByTestId('import-changes')
	expect(await changes.locator('tbody tr').count()).toBe(7)
	expect(await changes.textContent()).toContain('15/06/2025')
	await expectAccessible(page)
	await page.getByRole('button', { name: vi['excel.apply'] }).click()
	await page.waitForURL(/\/excel\?applied=7&conflicts=0$/)
	await expect.poll(() => page.getByRole('status').textContent()).toContain('Đã lưu 7 câu trả lời từ bảng tính.')

	// The web form shows what the workbook said.
	await page.goto(`${overview}/INV-DIGITAL-2026/SYS`)
	expect(await page.locator('fieldset[data-criterion="INV.SYS.his"] input[type=radio][value=vendor]').isChecked()).toBe(true)
	await page.goto(`${overview}/INV-DIGITAL-2026/EMR`)
	expect(await page.locator('fieldset[data-criterion="INV.EMR.inpatient_share"] input[type=text]').inputValue()).toBe('75')
	expect(await page.locator('fieldset[data-criterion="INV.EMR.decision_date"] input[type=date]').inputValue()).toBe('2025-06-15')
	await page.goto(`${overview}/HIMSS-EMRAM-2008/S1`)
	expect(await page.locator('fieldset[data-criterion="EMRAM.S1.lab"] input[type=radio][value=yes]').isChecked()).toBe(true)
	expect(await page.locator('fieldset[data-criterion="EMRAM.S1.rad"] input[type=radio][value=no]').isChecked()).toBe(true)
	expect(jsErrors(page)).toEqual([])
	await context.close()
})

test('an analyst\u2019s export of the round opens, and its rows are the facilities \u00d7 their applicable criteria', async () => {
	// A round of Hà Nội in which one hospital has said it has 9 IT staff.
	const round = 'Đợt kiểm thử xuất dữ liệu phân tích'
	const roundId = openRound(round, ['INV-DIGITAL-2026', 'HIMSS-EMRAM-2008'], ['01'])
	answerAs('cntt.xanhpon', roundId, 'Bệnh viện Đa khoa Xanh Pôn', { 'INV.INFRA.it_staff': { kind: 'number', value: 9 } })
	const { page, context } = await browser.newPage()
	await signInAs(page, 'thamdinh.hanoi')
	await nav(page, 'nav.campaigns').click()
	await page.getByRole('link', { name: round, exact: true }).click()
	await page.waitForURL(/\/admin\/campaigns\/\d+$/)
	expect(Number(page.url().split('/').at(-1))).toBe(roundId)
	await expect.poll(() => page.getByTestId('reporting-table').isVisible()).toBe(true)
	await expectAccessible(page)
	const bytes = await download(page, () => page.getByRole('link', { name: vi['export.download'] }).click())
	const wb = await openWorkbook(bytes)
	expect(wb.worksheets.map((s) => s.name)).toEqual(['Tổng hợp', 'Thống kê', 'Dữ liệu'])
	// Nothing of this round is published: its statistics sheet says so.
	expect(String(wb.getWorksheet('Thống kê')!.getRow(2).getCell(1).value)).toMatch(/^Đợt này chưa có kết quả nào được công bố/)

	// Expected rows, from the database: every assessment of the round this evaluator follows (Hà Nội, not MOH-run).
	const d = db()
	const ids = d.$client
		.prepare(
			"select a.id from assessments a join facilities f on f.id = a.facility_id where a.campaign_id = ? and f.province_code = '01' and f.managing_body != 'moh'",
		)
		.all(roundId) as Array<{ id: number }>
	let expected = 0
	for (const { id } of ids) {
		const ctx = getAssessmentContext(d, id)!
		for (const c of ctx.catalogs) expected += applicabilityFor(c.compiled, ctx.facilityProfile, ctx.asOf).reduce((n, x) => n + x, 0)
	}
	d.$client.close()
	expect(ids.length).toBeGreaterThan(5)
	expect(wb.getWorksheet('Dữ liệu')!.rowCount - 1).toBe(expected)
	const answered = wb
		.getWorksheet('Dữ liệu')!
		.getRows(2, expected)!
		.filter((r) => r.getCell(16).value === 'INV.INFRA.it_staff' && r.getCell(19).value === 9)
	expect(answered.map((r) => r.getCell(4).value)).toEqual(['Bệnh viện Đa khoa Xanh Pôn'])
	expect(jsErrors(page)).toEqual([])
	await context.close()
})

test('an admin invites someone without SMTP; the one-time link lets them set a password and sign in', async () => {
	const { page, context } = await browser.newPage()
	await signInAs(page, 'quantri.hanoi')
	await nav(page, 'nav.users').click()
	await expect.poll(() => page.getByTestId('users-table').textContent()).toContain(`cntt.xanhpon${DEMO_DOMAIN}`)
	expect(await page.getByTestId('users-table').textContent()).not.toContain(`thamdinh.hanoi${DEMO_DOMAIN}`)
	await page.getByRole('link', { name: vi['users.invite'] }).click()
	await page.getByLabel(vi['users.col.email'], { exact: true }).fill('moi.xanhpon@benhvien.vn')
	await page.getByLabel(vi['users.col.name'], { exact: true }).fill('Lý Thị Mới')
	await page.getByLabel(vi['users.col.role'], { exact: true }).selectOption('facility_editor')
	await page.getByLabel(vi['users.facilityCode']).fill('01007')
	await expectAccessible(page)
	await page.getByRole('button', { name: vi['users.invite.send'] }).click()
	const link = await page.getByLabel(vi['users.link.label']).inputValue()
	expect(link).toMatch(/\/password\/[A-Za-z0-9_-]{43}$/)
	await context.close()

	const invitee = await browser.newPage()
	await invitee.page.goto(new URL(link).pathname)
	expect(await invitee.page.getByRole('heading', { level: 1 }).textContent()).toBe(vi['password.welcome'])
	await expectAccessible(invitee.page)
	await invitee.page.getByLabel(vi['password.new'], { exact: true }).fill('ngắn')
	await invitee.page.getByLabel(vi['password.confirm'], { exact: true }).fill('ngắn')
	await invitee.page.getByRole('button', { name: vi['password.set'] }).click()
	await expect.poll(() => invitee.page.locator('.error-list').first().textContent()).toBe('Mật khẩu phải có ít nhất 10 ký tự.')
	await invitee.page.getByLabel(vi['password.new'], { exact: true }).fill('bệnh viện xanh pôn 2026')
	await invitee.page.getByLabel(vi['password.confirm'], { exact: true }).fill('bệnh viện xanh pôn 2026')
	await invitee.page.getByRole('button', { name: vi['password.set'] }).click()
	await invitee.page.waitForURL('**/login?password=set')
	await signIn(invitee.page, 'moi.xanhpon@benhvien.vn', 'bệnh viện xanh pôn 2026')
	await invitee.page.waitForURL('**/dashboard')
	await expect.poll(() => invitee.page.getByTestId('user-badge').textContent()).toContain('Bệnh viện Đa khoa Xanh Pôn')
	expect(jsErrors(invitee.page)).toEqual([])
	await invitee.context.close()
})

test('with JavaScript off, the registry search, a facility edit and the account page still work', async () => {
	addFacility({
		code: 'T-KHONG-JS',
		name: 'Bệnh viện Thử Không Kịch Bản',
		provinceCode: '01',
		type: 'general_hospital',
		class: 'II',
		managingBody: 'province',
		ownership: 'public',
		bedCount: 200,
	})
	const { page, context } = await browser.newPage({ javaScriptEnabled: false })
	page.setDefaultTimeout(10_000)
	await signIn(page, `admin${DEMO_DOMAIN}`)
	await page.waitForURL('**/dashboard')
	await page.goto('/facilities?q=T-KHONG-JS')
	await page.getByRole('link', { name: 'Bệnh viện Thử Không Kịch Bản' }).click()
	await page.getByRole('link', { name: vi['registry.editButton'] }).click()
	await page.getByLabel(vi['registry.col.beds']).fill('250')
	await page.getByRole('button', { name: vi['registry.save'] }).click()
	await page.waitForURL(/\/facilities\/\d+\?saved=updated$/)
	expect(await page.getByRole('status').textContent()).toBe(vi['registry.saved.updated'])
	expect(await page.locator('dl.facts').textContent()).toContain('250')
	await page.goto('/account')
	expect(await page.getByTestId('sessions-table').locator('tbody tr').count()).toBeGreaterThan(0)
	// axe needs scripts, so the pages are checked with JavaScript on, in the journeys above.
	await context.close()
})
