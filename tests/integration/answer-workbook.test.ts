import { eq } from 'drizzle-orm'
import type ExcelJS from 'exceljs'
import { expect, test } from 'vitest'
import { schema } from '#db/client.server'
import { getAnswers, getAssessmentContext } from '#db/queries/assessments'
import { assessmentWorld } from '#tests/fixtures'
import { db, makeRequest, run } from '#tests/helpers'
import { fileForm, openWorkbook, workbookBytes, xlsxBytes } from '#tests/spreadsheets'
import * as previewRoute from '~/routes/assessments.$assessmentId.excel.$importId'
import * as uploadRoute from '~/routes/assessments.$assessmentId.excel._index'
import * as templateRoute from '~/routes/assessments.$assessmentId.excel.template'
import { saveAnswers } from '~/services/answers.server'
import { closeCampaign } from '~/services/campaigns.server'

type World = Awaited<ReturnType<typeof assessmentWorld>>

const CATALOGS = ['INV-DIGITAL-2026', 'HIMSS-EMRAM-2008']

async function download(w: World, who = w.users.editor, assessmentId = w.assessment.id) {
	const res = await run(templateRoute.loader, makeRequest(`/assessments/${assessmentId}/excel/template`, { cookie: await w.cookie(who) }), {
		assessmentId: String(assessmentId),
	})
	expect(res.status).toBe(200)
	return openWorkbook(res.bytes!)
}

/** Sets the Answer (and reason) cell of a criterion, as a person would in Excel. */
function fill(wb: ExcelJS.Workbook, sheet: string, criterionId: string, answer: ExcelJS.CellValue, naReason?: string) {
	const ws = wb.getWorksheet(sheet)!
	let found = false
	ws.eachRow((row) => {
		if (row.getCell(1).value === criterionId) {
			row.getCell(7).value = answer
			if (naReason !== undefined) row.getCell(8).value = naReason
			found = true
		}
	})
	if (!found) throw new Error(`no row for ${criterionId}`)
}

async function upload(w: World, bytes: Uint8Array, who = w.users.editor) {
	const res = await run(
		uploadRoute.action,
		makeRequest(`/assessments/${w.assessment.id}/excel`, { cookie: await w.cookie(who), form: fileForm(bytes, 'danh-gia.xlsx') }),
		{ assessmentId: String(w.assessment.id) },
	)
	const importId = res.location?.match(/\/excel\/([0-9a-f]{32})$/)?.[1]

	return { res, importId }
}

async function preview(w: World, importId: string, who = w.users.editor) {
	return run(previewRoute.loader, makeRequest(`/assessments/${w.assessment.id}/excel/${importId}`, { cookie: await w.cookie(who) }), {
		assessmentId: String(w.assessment.id),
		importId,
	})
}

async function apply(w: World, importId: string, who = w.users.editor) {
	return run(
		previewRoute.action,
		makeRequest(`/assessments/${w.assessment.id}/excel/${importId}`, { cookie: await w.cookie(who), form: { intent: 'apply' } }),
		{ assessmentId: String(w.assessment.id), importId },
	)
}

function answers(w: World) {
	return Object.fromEntries([...getAnswers(db(), w.assessment.id)].map(([k, v]) => [k, v.answer]))
}

test('the template holds one sheet per catalog with the applicable criteria, drop-downs, and the current answers', async () => {
	const w = await assessmentWorld({ catalogs: CATALOGS })
	const ctx = getAssessmentContext(db(), w.assessment.id)!
	saveAnswers(db(), {
		ctx,
		actorId: w.users.editor.id,
		baseVersion: 1,
		changes: [
			{ criterionId: 'INV.SYS.his', answer: { kind: 'choice', value: 'vendor' } },
			{ criterionId: 'INV.INFRA.it_staff', answer: { kind: 'number', value: 7 } },
		],
	})
	const wb = await download(w)
	expect(wb.worksheets.map((s) => [s.name, s.state])).toEqual([
		['Hướng dẫn', 'visible'],
		['INV-DIGITAL-2026', 'visible'],
		['HIMSS-EMRAM-2008', 'visible'],
		['_lists', 'veryHidden'],
		['_meta', 'veryHidden'],
	])
	const inv = wb.getWorksheet('INV-DIGITAL-2026')!
	expect((inv.getRow(1).values as Array<unknown>).slice(1, 10)).toEqual([
		'Mã tiêu chí',
		'Nhóm',
		'Tiêu chí',
		'Hướng dẫn',
		'Căn cứ',
		'Giá trị được phép',
		'Trả lời',
		'Lý do không áp dụng',
		'Minh chứng',
	])
	expect(inv.rowCount).toBe(1 + 18)
	const his = inv.getRow(2)
	expect(his.getCell(1).value).toBe('INV.SYS.his')
	expect(his.getCell(7).value).toBe('Phần mềm của nhà cung cấp')
	expect(his.getCell(7).dataValidation).toMatchObject({ type: 'list' })
	expect(his.getCell(10).value).toBe('vendor')
	expect(inv.getColumn(10).hidden).toBe(true)
	const staff = inv.getRows(2, 18)!.find((r) => r.getCell(1).value === 'INV.INFRA.it_staff')!
	expect(staff.getCell(7).value).toBe(7)
	expect(staff.getCell(6).value).toBe('Số nguyên, không nhỏ hơn 0, Đơn vị: người')
	expect(wb.getWorksheet('_meta')!.getRow(1).values).toEqual([undefined, 'format', '"hit-answers/1"'])
})

test('a facility fills the workbook in Excel, uploads it, previews the changes, applies them, and the answers match', async () => {
	const w = await assessmentWorld({ catalogs: CATALOGS })
	const wb = await download(w)
	fill(wb, 'INV-DIGITAL-2026', 'INV.SYS.his', 'Tự phát triển')
	fill(wb, 'INV-DIGITAL-2026', 'INV.SYS.lis', 'vendor')
	fill(wb, 'INV-DIGITAL-2026', 'INV.EMR.decision_date', new Date(Date.UTC(2025, 8, 30)))
	fill(wb, 'INV-DIGITAL-2026', 'INV.EMR.announced', 'Có / Đạt')
	fill(wb, 'INV-DIGITAL-2026', 'INV.EMR.inpatient_share', 62.5)
	fill(wb, 'INV-DIGITAL-2026', 'INV.CONN.cashless', 'không')
	fill(wb, 'INV-DIGITAL-2026', 'INV.INFRA.it_staff', 12)
	fill(wb, 'INV-DIGITAL-2026', 'INV.INFRA.it_training', '4')
	fill(wb, 'HIMSS-EMRAM-2008', 'EMRAM.S1.lab', 'Yes / Met')
	const { importId } = await upload(w, await workbookBytes(wb))
	expect(importId).toBeTruthy()
	const p = await preview(w, importId!)
	expect(p.data.problems).toEqual([])
	expect(p.data.counts).toMatchObject({ change: 9, invalid: 0, conflict: 0 })
	expect(p.data.applicable).toBe(true)
	const applied = await apply(w, importId!)
	expect(applied.location).toBe(`/assessments/${w.assessment.id}/excel?applied=9&conflicts=0`)
	expect(answers(w)).toEqual({
		'INV.SYS.his': { kind: 'choice', value: 'in_house' },
		'INV.SYS.lis': { kind: 'choice', value: 'vendor' },
		'INV.EMR.decision_date': { kind: 'date', value: '2025-09-30' },
		'INV.EMR.announced': { kind: 'yes_no', value: 'yes' },
		'INV.EMR.inpatient_share': { kind: 'percent', value: 62.5 },
		'INV.CONN.cashless': { kind: 'yes_no', value: 'no' },
		'INV.INFRA.it_staff': { kind: 'number', value: 12 },
		'INV.INFRA.it_training': { kind: 'number', value: 4 },
		'EMRAM.S1.lab': { kind: 'yes_no', value: 'yes' },
	})
	const audit = db().select({ action: schema.auditEvents.action, after: schema.auditEvents.after }).from(schema.auditEvents).all()
	expect(audit.find((a) => a.action === 'answers.import')?.after).toMatch(/"saved":9/)
	// The downloaded workbook now carries those answers, and uploading it unchanged changes nothing.
	const again = await download(w)
	const { importId: second } = await upload(w, await workbookBytes(again))
	expect((await preview(w, second!)).data.counts).toMatchObject({ change: 0, unchanged: 37 })
})

test('values outside the allowed list, formulas, bad dates and numbers are reported by cell, and nothing is written', async () => {
	const w = await assessmentWorld({ catalogs: CATALOGS })
	const wb = await download(w)
	fill(wb, 'INV-DIGITAL-2026', 'INV.SYS.his', 'Mua của Microsoft')
	fill(wb, 'INV-DIGITAL-2026', 'INV.SYS.lis', { formula: 'B2', result: 'vendor' } as ExcelJS.CellFormulaValue)
	fill(wb, 'INV-DIGITAL-2026', 'INV.EMR.decision_date', '31/02/2025')
	fill(wb, 'INV-DIGITAL-2026', 'INV.EMR.inpatient_share', 140)
	fill(wb, 'INV-DIGITAL-2026', 'INV.INFRA.it_staff', 2.5)
	fill(wb, 'INV-DIGITAL-2026', 'INV.CONN.cashless', 'Có / Đạt')
	fill(wb, 'HIMSS-EMRAM-2008', 'EMRAM.S1.lab', 'Không áp dụng')
	const { importId } = await upload(w, await workbookBytes(wb))
	const p = await preview(w, importId!)
	const where = p.data.problems.map(
		(x: { sheet: string; row: number; column: string; code: string }) => `${x.sheet}!${x.column}${x.row} ${x.code.split('|')[0]}`,
	)
	expect(where).toEqual([
		'INV-DIGITAL-2026!G2 answer.choice_unknown',
		'INV-DIGITAL-2026!G3 sheet.formula',
		'INV-DIGITAL-2026!G8 answer.date_invalid',
		'INV-DIGITAL-2026!G10 answer.percent_out_of_range',
		'INV-DIGITAL-2026!G18 answer.number_not_integer',
		'HIMSS-EMRAM-2008!G2 answer.na_not_allowed',
	])
	expect(p.data.counts).toMatchObject({ invalid: 6, change: 1 })
	expect(p.data.applicable).toBe(false)
	expect((await apply(w, importId!)).status).toBe(409)
	expect(answers(w)).toEqual({})
})

test('a template of another facility, another round or another catalog version is refused as a whole', async () => {
	const w = await assessmentWorld({ catalogs: CATALOGS })
	const other = await download(w, w.users.outsider, w.otherAssessment.id)
	const { importId: a } = await upload(w, await workbookBytes(other))
	expect((await preview(w, a!)).data.problems.map((p: { code: string }) => p.code)).toEqual(['excel.otherFacility'])

	const tampered = await download(w)
	const meta = tampered.getWorksheet('_meta')!
	meta.eachRow((row) => {
		if (row.getCell(1).value === 'catalogs')
			row.getCell(2).value = String(row.getCell(2).value).replace(/"hash":"[0-9a-f]{6}/, '"hash":"000000')
	})
	const { importId: b } = await upload(w, await workbookBytes(tampered))
	expect((await preview(w, b!)).data.problems.map((p: { code: string }) => p.code)).toEqual(['excel.otherCatalogVersion'])

	const round = await download(w)
	round.getWorksheet('_meta')!.eachRow((row) => {
		if (row.getCell(1).value === 'campaignId') row.getCell(2).value = '999'
	})
	const { importId: c } = await upload(w, await workbookBytes(round))
	expect((await preview(w, c!)).data.problems.map((p: { code: string }) => p.code)).toEqual(['excel.otherCampaign'])

	const { importId: d } = await upload(
		w,
		await xlsxBytes({
			'INV-DIGITAL-2026': [
				['Mã tiêu chí', 'Trả lời'],
				['INV.SYS.his', 'vendor'],
			],
		}),
	)
	expect((await preview(w, d!)).data.problems.map((p: { code: string }) => p.code)).toEqual(['excel.notTemplate'])
	expect(answers(w)).toEqual({})
})

test('a CSV, a damaged or password-protected file is refused at upload', async () => {
	const w = await assessmentWorld({ catalogs: CATALOGS })
	for (const [bytes, code] of [
		[new TextEncoder().encode('Mã tiêu chí,Trả lời\nINV.SYS.his,vendor\n'), 'sheet.notXlsx'],
		[new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]), 'sheet.corrupt'],
		[new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), 'sheet.encryptedOrXls'],
	] as const) {
		const { res } = await upload(w, bytes)
		expect(res.status).toBe(400)
		expect(res.data.result.error['']).toEqual([code])
	}
	expect(db().select().from(schema.stagedImports).all()).toEqual([])
})

test('an answer changed on the web after the download is not overwritten; an untouched cell never reverts it', async () => {
	const w = await assessmentWorld({ catalogs: CATALOGS })
	const wb = await download(w)
	// Meanwhile a colleague answers two questions on the web.
	const ctx = getAssessmentContext(db(), w.assessment.id)!
	saveAnswers(db(), {
		ctx,
		actorId: w.users.editor2.id,
		baseVersion: 1,
		changes: [
			{ criterionId: 'INV.SYS.his', answer: { kind: 'choice', value: 'service' } },
			{ criterionId: 'INV.SYS.lis', answer: { kind: 'choice', value: 'in_house' } },
		],
	})
	fill(wb, 'INV-DIGITAL-2026', 'INV.SYS.his', 'vendor')
	fill(wb, 'INV-DIGITAL-2026', 'INV.INFRA.it_staff', 3)
	const { importId } = await upload(w, await workbookBytes(wb))
	const p = await preview(w, importId!)
	expect(p.data.counts).toMatchObject({ change: 1, conflict: 1, invalid: 0 })
	expect(p.data.conflicts[0]).toMatchObject({
		criterionId: 'INV.SYS.his',
		changedBy: 'Cán bộ thứ hai',
		current: { value: 'service' },
		next: { value: 'vendor' },
	})
	// The notice counts the answer left out.
	expect((await apply(w, importId!)).location).toBe(`/assessments/${w.assessment.id}/excel?applied=1&conflicts=1`)
	expect(answers(w)).toMatchObject({
		'INV.SYS.his': { value: 'service' },
		'INV.SYS.lis': { value: 'in_house' },
		'INV.INFRA.it_staff': { value: 3 },
	})
})

test('a closed round refuses an upload from a facility that never submitted; a staged file belongs to its uploader', async () => {
	const w = await assessmentWorld({ catalogs: CATALOGS })
	const wb = await download(w)
	fill(wb, 'INV-DIGITAL-2026', 'INV.INFRA.it_staff', 3)
	const bytes = await workbookBytes(wb)
	const { importId } = await upload(w, bytes)
	expect((await preview(w, importId!, w.users.editor2)).status).toBe(404)
	closeCampaign(db(), w.campaignId, w.users.admin.id)
	const { res } = await upload(w, bytes)
	expect(res.status).toBe(409)
	expect(res.data.result.error['']).toEqual(['campaign.closed'])
	expect((await apply(w, importId!)).status).toBe(409)
	expect(db().select().from(schema.answers).where(eq(schema.answers.assessmentId, w.assessment.id)).all()).toEqual([])
})

test('a 100,000-row upload is refused before it is loaded, naming the size limit, and nothing is staged', async () => {
	const w = await assessmentWorld({ catalogs: CATALOGS })
	const rows = Array.from({ length: 100_000 }, (_, i) => [`INV.X.${i}`, 'vendor'])
	const { res } = await upload(w, await xlsxBytes({ 'INV-DIGITAL-2026': [['Mã tiêu chí', 'Trả lời'], ...rows] }))
	expect(res.status).toBe(400)
	expect(res.data.result.error['']).toEqual(['sheet.tooLargeInside|{"max":10}'])
	expect(db().select().from(schema.stagedImports).all()).toEqual([])
}, 60_000)

test('an applied workbook is used up: its preview is gone and applying it again changes nothing', async () => {
	const w = await assessmentWorld({ catalogs: CATALOGS })
	const wb = await download(w)
	fill(wb, 'INV-DIGITAL-2026', 'INV.INFRA.it_staff', 3)
	const { importId } = await upload(w, await workbookBytes(wb))
	expect((await apply(w, importId!)).location).toBe(`/assessments/${w.assessment.id}/excel?applied=1&conflicts=0`)
	expect((await preview(w, importId!)).status).toBe(404)
	expect((await apply(w, importId!)).status).toBe(404)
	expect(db().select().from(schema.stagedImports).all()).toEqual([])
	expect(answers(w)).toEqual({ 'INV.INFRA.it_staff': { kind: 'number', value: 3 } })
})
