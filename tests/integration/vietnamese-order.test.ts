// Lists of facilities, people and provinces in Vietnamese order (Đ after D, "Ngô" before
// "Nguyễn"), where SQLite's byte order would put Đ after Z and "Nguyễn" before "Ngô".
import { parse } from 'csv-parse/sync'
import { expect, test } from 'vitest'
import { schema } from '#db/client.server'
import { refreshSortKeys } from '#db/migrate'
import { insertFacility, insertUser } from '#tests/factories'
import { shippedCatalog } from '#tests/fixtures'
import { cookieFor, db, makeRequest, run } from '#tests/helpers'
import { importVersion, openTestRound } from '#tests/rounds'
import { openWorkbook } from '#tests/spreadsheets'
import { collationKey } from '~/domain/collation'
import * as roundExportRoute from '~/routes/admin.campaigns.$campaignId.export'
import * as usersRoute from '~/routes/admin.users._index'
import * as assessmentsRoute from '~/routes/assessments._index'
import * as dashboardRoute from '~/routes/dashboard'
import * as editRoute from '~/routes/facilities.$facilityId_.edit'
import * as listRoute from '~/routes/facilities._index'
import * as exportRoute from '~/routes/facilities.export'
import * as newRoute from '~/routes/facilities.new'

const NAMES = ['Bệnh viện Nguyễn Trãi', 'Bệnh viện Đống Đa', 'Bệnh viện E', 'Bệnh viện Ngô Quyền', 'Bệnh viện Da liễu']
const ORDERED = ['Bệnh viện Da liễu', 'Bệnh viện Đống Đa', 'Bệnh viện E', 'Bệnh viện Ngô Quyền', 'Bệnh viện Nguyễn Trãi']

async function admin() {
	const user = await insertUser(db(), { name: 'Quản trị', grants: [{ role: 'admin', scopeKind: 'national' }] })
	return (await cookieFor(user.id)).cookie
}

/** A round of the EMRAM catalog over these provinces, opened: one draft assessment per facility. */
async function openRound(provinces: Array<string>) {
	const user = await insertUser(db(), { grants: [{ role: 'admin', scopeKind: 'national' }] })
	return openTestRound(db(), user.id, {
		title: 'Đợt thứ tự',
		versionIds: [importVersion(db(), shippedCatalog('HIMSS-EMRAM-2008'))],
		provinces,
	})
}

test('the registry list and its export are in Vietnamese order of names', async () => {
	const cookie = await admin()
	NAMES.forEach((name, i) => insertFacility(db(), { code: `01${800 + i}`, provinceCode: '01', name }))
	const page = await run(listRoute.loader, makeRequest('/facilities?province=01', { cookie }))
	expect(page.data.rows.map((r: { name: string }) => r.name)).toEqual(ORDERED)
	const csv = await run(exportRoute.loader, makeRequest('/facilities/export?format=csv&province=01', { cookie }))
	const names = parse(
		Buffer.from(csv.bytes!)
			.toString('utf8')
			.replace(/^\uFEFF/, ''),
		{ from_line: 2 },
	).map((r: Array<string>) => r[1])
	expect(names).toEqual(ORDERED)
})

test('the registry list pages through the Vietnamese order: the second page goes on where the first stopped', async () => {
	const cookie = await admin()
	const many = Array.from({ length: 55 }, (_, i) => `${i % 2 ? 'Đ' : 'D'}ơn vị ${String(i).padStart(2, '0')}`)
	many.forEach((name, i) => insertFacility(db(), { code: `02${100 + i}`, provinceCode: '04', name }))
	const first = await run(listRoute.loader, makeRequest('/facilities?province=04', { cookie }))
	const second = await run(listRoute.loader, makeRequest('/facilities?province=04&page=2', { cookie }))
	expect(first.data.total).toBe(55)
	const shown = [...first.data.rows, ...second.data.rows].map((r: { name: string }) => r.name)
	expect(shown).toHaveLength(55)
	expect(shown.slice(0, 28).every((n: string) => n.startsWith('D'))).toBe(true)
	expect(shown.slice(28).every((n: string) => n.startsWith('Đ'))).toBe(true)
})

test('people are listed in Vietnamese order of their names', async () => {
	const cookie = await admin()
	for (const name of ['Nguyễn Văn An', 'Đặng Thu Hà', 'Ngô Thị Bình', 'Dương Minh Châu'])
		await insertUser(db(), { name, grants: [{ role: 'facility_editor', scopeKind: 'province', provinceCode: '01' }] })
	const page = await run(usersRoute.loader, makeRequest('/admin/users', { cookie }))
	const names = page.data.rows.map((r: { name: string }) => r.name).filter((n: string) => n !== 'Quản trị')
	expect(names).toEqual(['Dương Minh Châu', 'Đặng Thu Hà', 'Ngô Thị Bình', 'Nguyễn Văn An'])
})

test('the province choices are in Vietnamese order, without "Tỉnh" / "Thành phố"', async () => {
	const cookie = await admin()
	const page = await run(newRoute.loader, makeRequest('/facilities/new', { cookie }))
	const names = page.data.options.provinces.map((p: { nameVi: string }) => p.nameVi)
	expect(names).toHaveLength(34)
	expect(names.slice(0, 3)).toEqual(['Tỉnh An Giang', 'Tỉnh Bắc Ninh', 'Tỉnh Cà Mau'])
	expect(names.indexOf('Thành phố Đà Nẵng')).toBeGreaterThan(names.indexOf('Tỉnh Cao Bằng'))
	expect(names.indexOf('Tỉnh Điện Biên')).toBeLessThan(names.indexOf('Tỉnh Gia Lai'))
	expect(names.indexOf('Thành phố Hà Nội')).toBeLessThan(names.indexOf('Tỉnh Hà Tĩnh'))
})

test('the assessments list and the dashboard queue, ordered in SQL, put facilities in Vietnamese order, also after one is renamed', async () => {
	const cookie = await admin()
	const fields = {
		provinceCode: '08',
		type: 'general_hospital',
		class: 'II',
		managingBody: 'province',
		ownership: 'public',
		bedCount: '200',
	}
	// Created through the registry form, as a health department would.
	for (const [i, name] of NAMES.entries()) {
		const created = await run(newRoute.action, makeRequest('/facilities/new', { cookie, form: { ...fields, code: `08${700 + i}`, name } }))
		expect(created.location).toMatch(/saved=created$/)
	}
	const ids = db()
		.select()
		.from(schema.facilities)
		.all()
		.filter((f) => f.provinceCode === '08')
	await openRound(['08'])
	const director = await insertUser(db(), {
		grants: ids.map((f) => ({ role: 'facility_director' as const, scopeKind: 'facility' as const, facilityId: f.id })),
	})
	const directorCookie = (await cookieFor(director.id)).cookie
	const listed = async () =>
		(await run(assessmentsRoute.loader, makeRequest('/assessments', { cookie }))).data.rows.map(
			(r: { facilityName: string }) => r.facilityName,
		)
	const queue = async () =>
		(await run(dashboardRoute.loader, makeRequest('/dashboard', { cookie: directorCookie }))).data.facility.rows.map(
			(r: { facilityName: string }) => r.facilityName,
		)
	expect(await listed()).toEqual(ORDERED)
	expect(await queue()).toEqual(ORDERED)

	// Renamed through the edit form: "Bệnh viện E" becomes "Bệnh viện Đa khoa", between Da liễu and Đống Đa.
	const e = ids.find((f) => f.name === 'Bệnh viện E')!
	const page = await run(editRoute.loader, makeRequest(`/facilities/${e.id}/edit`, { cookie }), { facilityId: String(e.id) })
	const saved = await run(
		editRoute.action,
		makeRequest(`/facilities/${e.id}/edit`, {
			cookie,
			form: { ...fields, intent: 'save', basedOn: String(page.data.basedOn), code: e.code, name: 'Bệnh viện Đa khoa' },
		}),
		{ facilityId: String(e.id) },
	)
	expect(saved.location).toMatch(/saved=updated$/)
	const renamed = ['Bệnh viện Da liễu', 'Bệnh viện Đa khoa', 'Bệnh viện Đống Đa', 'Bệnh viện Ngô Quyền', 'Bệnh viện Nguyễn Trãi']
	expect(await listed()).toEqual(renamed)
	expect(await queue()).toEqual(renamed)
})

test("upgrading a database writes every facility's sort key once, and a later start finds nothing to rewrite", () => {
	NAMES.forEach((name, i) => insertFacility(db(), { code: `01${900 + i}`, provinceCode: '01', name }))
	// As a database from before the column: every key empty.
	db().update(schema.facilities).set({ sortKey: '' }).run()
	const total = db().select().from(schema.facilities).all().length
	expect(refreshSortKeys(db())).toBe(total)
	for (const f of db().select().from(schema.facilities).all()) expect(f.sortKey).toBe(collationKey(f.name))
	expect(refreshSortKeys(db())).toBe(0)
})

test("the analysts' workbook lists provinces in the order of their names and each province's facilities in Vietnamese order", async () => {
	const cookie = await admin()
	for (const [province, offset] of [
		['01', 0],
		['48', 10],
		['11', 20],
	] as const)
		NAMES.forEach((name, i) => insertFacility(db(), { code: `${province}${900 + offset + i}`, provinceCode: province, name }))
	const id = await openRound(['01', '48', '11'])
	const res = await run(roundExportRoute.loader, makeRequest(`/admin/campaigns/${id}/export`, { cookie }), { campaignId: String(id) })
	const data = (await openWorkbook(res.bytes!)).getWorksheet('Dữ liệu')!
	const seen: Array<string> = []
	for (const row of data.getRows(2, data.rowCount - 1)!) {
		const line = `${row.getCell(2).value} · ${row.getCell(4).value}`
		if (seen.at(-1) !== line) seen.push(line)
	}
	expect(seen).toEqual(
		['Thành phố Đà Nẵng', 'Tỉnh Điện Biên', 'Thành phố Hà Nội'].flatMap((province) => ORDERED.map((name) => `${province} · ${name}`)),
	)
	// The summary's reporting table: the same order of provinces, then the total.
	const summary = (await openWorkbook(res.bytes!)).getWorksheet('Tổng hợp')!
	const names = summary
		.getRows(1, summary.rowCount)!
		.map((r) => String(r.getCell(1).value))
		.filter((v) => /^(Thành phố|Tỉnh) /.test(v))
	expect(names).toEqual(['Thành phố Đà Nẵng', 'Tỉnh Điện Biên', 'Thành phố Hà Nội'])
})
