// Catalog authoring in the app: download a version's workbook, edit it, upload it as a draft, read
// the problems at their cells and the changes, accept suggested lineage, publish a new immutable
// version. Every refusal of the issue publishes nothing.
import { count, eq } from 'drizzle-orm'
import type ExcelJS from 'exceljs'
import { expect, test } from 'vitest'
import { schema } from '#db/client.server'
import { getCatalogVersion } from '#db/queries/catalogs'
import { addCriterionLike, columnOf, rowOf, setCriterion, setHeaderField, sheetOf } from '#tests/catalog-books'
import { insertUser } from '#tests/factories'
import { cookieFor, db, makeRequest, run } from '#tests/helpers'
import { fileForm, openWorkbook, workbookBytes } from '#tests/spreadsheets'
import * as workbookRoute from '~/routes/admin.catalogs.$code.$version_.workbook'
import * as catalogRoute from '~/routes/admin.catalogs.$code._index'
import * as draftRoute from '~/routes/admin.catalogs.$code.drafts.$draftId'
import { verifyAuditChain } from '~/services/audit.server'
import { importCatalog } from '~/services/catalogs.server'
import { loadAllCatalogFiles } from '../../scripts/catalog-validate'

const TT54 = 'IT-TT54-2017'
const shipped = loadAllCatalogFiles().flatMap((l) => (l.ok ? [l.catalog] : []))

function importAllShipped() {
	for (const c of shipped) importCatalog(db(), c)
}

async function admin() {
	const user = await insertUser(db(), { grants: [{ role: 'admin', scopeKind: 'national' }] })
	return { user, cookie: (await cookieFor(user.id)).cookie }
}

async function download(cookie: string, code = TT54, version = 2) {
	const res = await run(workbookRoute.loader, makeRequest(`/admin/catalogs/${code}/${version}/workbook`, { cookie }), {
		code,
		version: String(version),
	})
	expect(res.status).toBe(200)
	expect(res.headers.get('Content-Type')).toContain('spreadsheetml')
	return openWorkbook(res.bytes!)
}

/** Uploads the workbook to the catalog page and opens its draft preview. */
async function upload(cookie: string, wb: ExcelJS.Workbook, code = TT54, replaces?: string) {
	const form = fileForm(await workbookBytes(wb), 'tt54.xlsx', replaces ? { replaces } : {})
	const res = await run(catalogRoute.action, makeRequest(`/admin/catalogs/${code}`, { cookie, form }), { code })
	expect(res.status).toBe(302)
	const draftId = res.location!.split('/').pop()!
	const preview = await run(draftRoute.loader, makeRequest(res.location!, { cookie }), { code, draftId })
	return { draftId, preview: preview.data as Awaited<ReturnType<typeof draftRoute.loader>>, status: preview.status }
}

const post = (cookie: string, code: string, draftId: string, form: Record<string, string | Array<string>>) =>
	run(draftRoute.action, makeRequest(`/admin/catalogs/${code}/drafts/${draftId}`, { cookie, form }), { code, draftId })

const versions = () => db().select({ n: count() }).from(schema.catalogVersions).get()!.n

/** TT54 version 3 based on 2: its version number and base, as an analyst writes them. */
function asVersion3(wb: ExcelJS.Workbook) {
	setHeaderField(wb, 'version', 3)
	setHeaderField(wb, 'based_on', 2)
}

test('an analyst downloads TT54, rewords, splits and adds criteria, reads the changes and publishes version 3', async () => {
	importAllShipped()
	const { user, cookie } = await admin()
	const v2Hash = getCatalogVersion(db(), TT54, 2)!.hash
	const wb = await download(cookie)
	asVersion3(wb)
	setCriterion(wb, 'TT54.LIS.80', 'Nội dung (vi)', 'Phần mềm LIS quản lý chỉ định xét nghiệm điện tử (câu chữ mới)')
	setCriterion(wb, 'TT54.LIS.89', 'Kế thừa: quan hệ', 'split')
	setCriterion(wb, 'TT54.LIS.89', 'Kế thừa: từ tiêu chí', 'TT54.LIS.89')
	addCriterionLike(wb, 'TT54.LIS.89', { 'Mã tiêu chí': 'TT54.LIS.89b', 'Nội dung (vi)': 'Phần thứ hai của tiêu chí 89' })
	addCriterionLike(wb, 'TT54.LIS.80', {
		'Mã tiêu chí': 'TT54.LIS.90',
		'Nội dung (vi)': 'Kết nối LIS với máy xét nghiệm mới',
		'Nội dung (en)': 'LIS connected to new analysers',
		'Kế thừa: quan hệ': null,
		'Kế thừa: từ tiêu chí': null,
	})
	const { draftId, preview } = await upload(cookie, wb)
	expect(preview.problems).toEqual([])
	expect(preview.publishable).toBe(true)
	expect(preview.base).toBe(2)
	expect(preview.changes!.added.map((c) => c.id)).toEqual(['TT54.LIS.90'])
	expect(preview.changes!.reworded.map((c) => c.id)).toEqual(['TT54.LIS.80'])
	expect(preview.changes!.split).toEqual([{ from: 'TT54.LIS.89', into: ['TT54.LIS.89', 'TT54.LIS.89b'] }])
	expect(preview.changes!.removed).toEqual([])

	const published = await post(cookie, TT54, draftId, { intent: 'publish' })
	expect(published.location).toBe(`/admin/catalogs/${TT54}?published=3`)
	const v3 = getCatalogVersion(db(), TT54, 3)!
	expect(v3.catalog.based_on).toBe(2)
	expect(v3.catalog.groups.flatMap((g) => g.criteria).find((c) => c.id === 'TT54.LIS.89b')?.lineage).toEqual({
		relation: 'split',
		from: ['TT54.LIS.89'],
	})
	// Version 2 is untouched, the draft is gone, and the publication is audited.
	expect(getCatalogVersion(db(), TT54, 2)!.hash).toBe(v2Hash)
	expect(
		(await run(draftRoute.loader, makeRequest(`/admin/catalogs/${TT54}/drafts/${draftId}`, { cookie }), { code: TT54, draftId })).status,
	).toBe(404)
	const audit = db().select().from(schema.auditEvents).where(eq(schema.auditEvents.action, 'catalog.publish')).all()
	expect(audit).toHaveLength(1)
	expect(audit[0]).toMatchObject({ actorId: user.id, entityType: 'catalog_version', entityId: String(v3.id) })
	expect(verifyAuditChain(db()).ok).toBe(true)
	const page = await run(catalogRoute.loader, makeRequest(`/admin/catalogs/${TT54}?published=3`, { cookie }), { code: TT54 })
	expect(page.data.published).toBe(3)
	expect(page.data.versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1])
})

/** Uploads an edited TT54 v3 (`edit` returns the cell to be refused) and expects publishing it refused too. */
async function refused(edit: (wb: ExcelJS.Workbook) => string, code: string, page = TT54) {
	importAllShipped()
	const { cookie } = await admin()
	const wb = await download(cookie)
	asVersion3(wb)
	const cell = edit(wb)
	const before = versions()
	const { draftId, preview } = await upload(cookie, wb, page)
	expect(preview.publishable).toBe(false)
	expect(preview.problems).toContainEqual(expect.objectContaining({ cell, code }))
	const res = await post(cookie, page, draftId, { intent: 'publish' })
	expect(res.status).toBe(409)
	expect(versions()).toBe(before)
	return preview.problems
}

const criteriaCell = (wb: ExcelJS.Workbook, id: string, heading: string) => {
	const ws = sheetOf(wb, 'criteria')
	return `${ws.name}!${ws.getColumn(columnOf(ws, heading)).letter}${rowOf(ws, id).number}`
}

test('a duplicated criterion id is refused at the second one', async () => {
	const problems = await refused((wb) => {
		const at = criteriaCell(wb, 'TT54.LIS.81', 'Mã tiêu chí')
		setCriterion(wb, 'TT54.LIS.81', 'Mã tiêu chí', 'TT54.LIS.80')
		return at
	}, 'catalogBook.invalid')
	expect(problems.find((p) => p.code === 'catalogBook.invalid')!.params!.message).toMatch(/duplicate criterion id "TT54.LIS.80"/)
})

test('a criterion moved to a group that does not exist is refused at its group cell', async () => {
	await refused((wb) => {
		setCriterion(wb, 'TT54.LIS.82', 'Mã nhóm', 'NOPE')
		return criteriaCell(wb, 'TT54.LIS.82', 'Mã nhóm')
	}, 'catalogBook.unknownGroup')
})

test('a level rule naming a missing criterion is refused at the level cell', async () => {
	await refused((wb) => {
		const ws = sheetOf(wb, 'levels')
		const row = rowOf(ws, 'L4', 'Mã mức')
		const col = columnOf(ws, 'Tiêu chí')
		row.getCell(col).value = 'TT54.NOPE'
		return `${ws.name}!${ws.getColumn(col).letter}${row.number}`
	}, 'catalogBook.invalid')
})

test('a continuing criterion whose answer type changes from yes/no to number is refused', async () => {
	await refused((wb) => {
		setCriterion(wb, 'TT54.LIS.83', 'Kiểu trả lời', 'number')
		setCriterion(wb, 'TT54.LIS.83', 'Cho phép "không áp dụng"', null)
		setCriterion(wb, 'TT54.LIS.83', 'Đạt khi ≥ (hoặc từ ngày)', 1)
		return criteriaCell(wb, 'TT54.LIS.83', 'Kiểu trả lời')
	}, 'catalogBook.typeChanged')
})

test('a choice that loses an option value earlier answers may hold is refused', async () => {
	const choice = shipped
		.find((c) => c.code === TT54 && c.version === 2)!
		.groups.flatMap((g) => g.criteria)
		.find((c) => c.answer.type === 'choice')!
	await refused((wb) => {
		const ws = sheetOf(wb, 'options')
		const rows: Array<number> = []
		ws.eachRow((row, n) => n > 1 && row.getCell(1).value === choice.id && rows.push(n))
		ws.spliceRows(rows[rows.length - 1], 1)
		return criteriaCell(wb, choice.id, 'Kiểu trả lời')
	}, 'catalogBook.optionRemoved')
})

test('text with a formula, or beginning with "=", is refused at its cell', async () => {
	const problems = await refused((wb) => {
		setCriterion(wb, 'TT54.LIS.84', 'Nội dung (vi)', { formula: 'A1&"x"', result: 'x' } as ExcelJS.CellFormulaValue)
		setCriterion(wb, 'TT54.LIS.85', 'Nội dung (en)', '=HYPERLINK("http://example.com")')
		return criteriaCell(wb, 'TT54.LIS.84', 'Nội dung (vi)')
	}, 'catalogBook.formula')
	expect(problems.filter((p) => p.code === 'catalogBook.formula')).toHaveLength(2)
})

test('a workbook of another catalog is refused on this catalog page', async () => {
	await refused(() => 'Danh mục!C2', 'catalogBook.otherCatalog', 'EMR-TT13-2025')
})

test('a version number already published is refused: published versions never change', async () => {
	await refused((wb) => {
		setHeaderField(wb, 'version', 2)
		setCriterion(wb, 'TT54.LIS.80', 'Nội dung (en)', 'Changed in place')
		return 'Danh mục!C3'
	}, 'catalogBook.versionExists')
})

test('a new id worded like a dropped criterion is suggested as its rewording, and accepting writes the lineage', async () => {
	importAllShipped()
	const { cookie } = await admin()
	const wb = await download(cookie)
	asVersion3(wb)
	setHeaderField(wb, 'based_on', null)
	const ws = sheetOf(wb, 'tiers')
	const tier = columnOf(ws, 'Tiêu chí của quy tắc')
	ws.eachRow((row, n) => {
		const v = row.getCell(tier).value
		if (n > 1 && typeof v === 'string') row.getCell(tier).value = v.replace('TT54.LIS.86', 'TT54.LIS.86-new')
	})
	setCriterion(wb, 'TT54.LIS.86', 'Mã tiêu chí', 'TT54.LIS.86-new')
	const first = await upload(cookie, wb)
	expect(first.preview.problems).toEqual([])
	expect(first.preview.changes!.added.map((c) => c.id)).toEqual(['TT54.LIS.86-new'])
	expect(first.preview.suggestions).toEqual([
		expect.objectContaining({ id: 'TT54.LIS.86-new', relation: 'reworded', from: ['TT54.LIS.86'] }),
	])

	expect((await post(cookie, TT54, first.draftId, { intent: 'lineage' })).status).toBe(400)
	const accepted = await post(cookie, TT54, first.draftId, { intent: 'lineage', accept: ['TT54.LIS.86-new'] })
	expect(accepted.status).toBe(302)
	const again = await run(draftRoute.loader, makeRequest(accepted.location!, { cookie }), { code: TT54, draftId: first.draftId })
	expect(again.data.problems).toEqual([])
	expect(again.data.suggestions).toEqual([])
	expect(again.data.changes.added).toEqual([])
	expect(again.data.changes.reworded).toEqual([expect.objectContaining({ id: 'TT54.LIS.86-new', from: 'TT54.LIS.86', declared: true })])
})

test('a draft can be uploaded again: the new upload replaces it', async () => {
	importAllShipped()
	const { cookie } = await admin()
	const wb = await download(cookie)
	const first = await upload(cookie, wb)
	expect(first.preview.problems).toContainEqual(expect.objectContaining({ code: 'catalogBook.versionExists' }))
	asVersion3(wb)
	const second = await upload(cookie, wb, TT54, first.draftId)
	expect(second.preview.publishable).toBe(true)
	const old = await run(draftRoute.loader, makeRequest(`/admin/catalogs/${TT54}/drafts/${first.draftId}`, { cookie }), {
		code: TT54,
		draftId: first.draftId,
	})
	expect(old.status).toBe(404)
})

test('only a national administrator downloads, uploads or sees a draft', async () => {
	importAllShipped()
	const { cookie } = await admin()
	const { draftId } = await upload(cookie, await download(cookie))
	const other = await insertUser(db(), { grants: [{ role: 'evaluator', scopeKind: 'national' }] })
	const evaluator = (await cookieFor(other.id)).cookie
	const get = await run(workbookRoute.loader, makeRequest(`/admin/catalogs/${TT54}/2/workbook`, { cookie: evaluator }), {
		code: TT54,
		version: '2',
	})
	expect(get.status).toBe(403)
	const draft = await run(draftRoute.loader, makeRequest(`/admin/catalogs/${TT54}/drafts/${draftId}`, { cookie: evaluator }), {
		code: TT54,
		draftId,
	})
	expect(draft.status).toBe(403)
	// Another administrator does not see someone else's draft.
	const { cookie: second } = await admin()
	const foreign = await run(draftRoute.loader, makeRequest(`/admin/catalogs/${TT54}/drafts/${draftId}`, { cookie: second }), {
		code: TT54,
		draftId,
	})
	expect(foreign.status).toBe(404)
})
