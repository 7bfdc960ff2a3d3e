import crypto from 'node:crypto'
import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { schema } from '#db/client.server'
import { getStagedImport } from '#db/queries/imports'
import { insertFacility, insertUser } from '#tests/factories'
import { cookieFor, db, makeRequest, run, seededBytes } from '#tests/helpers'
import { fileForm, lyingZip, openWorkbook, workbookBytes, xlsxBytes } from '#tests/spreadsheets'
import * as editRoute from '~/routes/facilities.$facilityId_.edit'
import * as exportRoute from '~/routes/facilities.export'
import * as previewRoute from '~/routes/facilities.import.$importId'
import * as uploadRoute from '~/routes/facilities.import._index'
import * as newRoute from '~/routes/facilities.new'
import { applyRegistryImport } from '~/services/facilities.server'
import { discardStagedImport } from '~/services/imports.server'

const HEADER = ['Mã cơ sở', 'Tên cơ sở', 'Tỉnh/thành phố', 'Loại hình', 'Hạng', 'Cơ quan chủ quản', 'Số giường', 'Địa chỉ']

async function admin(grant: 'national' | 'province' = 'national') {
	const user = await insertUser(db(), {
		grants: [
			grant === 'national' ? { role: 'admin', scopeKind: 'national' } : { role: 'admin', scopeKind: 'province', provinceCode: '01' },
		],
	})
	return { user, cookie: (await cookieFor(user.id)).cookie }
}

/** A hash of the registry and the audit trail: "nothing written" means this does not move. */
function registryHash() {
	const h = crypto.createHash('sha256')
	for (const t of ['facilities', 'audit_events'])
		for (const row of db().$client.prepare(`select * from ${t} order by rowid`).iterate()) h.update(JSON.stringify(row))
	return h.digest('hex')
}

async function upload(cookie: string, bytes: Uint8Array, fileName: string) {
	const res = await run(uploadRoute.action, makeRequest('/facilities/import', { cookie, form: fileForm(bytes, fileName) }))
	const id = res.location?.match(/\/facilities\/import\/([0-9a-f]{32})$/)?.[1]
	return { res, id }
}

async function preview(cookie: string, id: string) {
	return run(previewRoute.loader, makeRequest(`/facilities/import/${id}`, { cookie }), { importId: id })
}

test('a file with errors is previewed with each problem at its cell, and applying it writes nothing', async () => {
	const { cookie } = await admin()
	insertFacility(db(), { code: '01001', provinceCode: '01' })
	const before = registryHash()
	const bytes = await xlsxBytes({
		'Cơ sở y tế': [
			HEADER,
			['01002', 'Bệnh viện Đa khoa Mới', 'Hà Nội', 'Bệnh viện đa khoa', 'Hạng I', 'Sở Y tế', 300, ''],
			['01002', 'Bệnh viện Trùng Mã', 'Hà Nội', 'Bệnh viện đa khoa', 'Hạng I', 'Sở Y tế', 100, ''],
			['01003', 'Bệnh viện Tỉnh Lạ', 'Hà Tây', 'Bệnh viện đa khoa', 'Hạng I', 'Sở Y tế', 100, ''],
			['01004', 'Bệnh viện Hạng Lạ', 'Hà Nội', 'Bệnh viện đa khoa', 'Hạng VII', 'Sở Y tế', 100, ''],
			['01005', { formula: 'A2&"-x"', result: '01002-x' }, 'Hà Nội', 'Bệnh viện đa khoa', 'Hạng I', 'Sở Y tế', 100, ''],
		],
	})
	const { id } = await upload(cookie, bytes, 'co-so.xlsx')
	expect(id).toBeTruthy()
	const p = await preview(cookie, id!)
	expect(p.status).toBe(200)
	expect(p.data.applicable).toBe(false)
	expect(p.data.counts).toEqual({ create: 1, update: 0, unchanged: 0, invalid: 4 })
	expect(p.data.problems.map((x: { row: number; column: string; code: string }) => `${x.column}${x.row} ${x.code}`)).toEqual([
		'A3 registry.duplicateCode',
		'C4 registry.unknownProvince',
		'E5 registry.unknownClass',
		'B6 sheet.formula',
	])
	const applied = await run(previewRoute.action, makeRequest(`/facilities/import/${id}`, { cookie, form: { intent: 'apply' } }), {
		importId: id!,
	})
	expect(applied.status).toBe(409)
	expect(applied.data.result.error['']).toEqual(['registry.notApplicable'])
	expect(registryHash()).toBe(before)
})

test('a corrected file imports whole: new facilities and updates, each with an audit event', async () => {
	const { cookie } = await admin()
	const old = insertFacility(db(), { code: '01001', provinceCode: '01', name: 'Bệnh viện Cũ', class: 'II' })
	const bytes = await xlsxBytes({
		'Cơ sở y tế': [
			HEADER,
			['01001', 'Bệnh viện Cũ', 'Thành phố Hà Nội', 'general_hospital', 'I', 'province', 300, ''],
			['01002', 'Bệnh viện Đa khoa Mới', 'Hà Nội', 'Bệnh viện đa khoa', 'Hạng I', 'Sở Y tế', 300, 'Số 2 Láng'],
			['48001', 'Bệnh viện Tư nhân Đà Nẵng', 'Đà Nẵng', 'Bệnh viện tư nhân', 'Chưa xếp hạng', 'Tư nhân', 120, ''],
		],
	})
	const { id } = await upload(cookie, bytes, 'co-so.xlsx')
	const p = await preview(cookie, id!)
	expect(p.data.counts).toEqual({ create: 2, update: 1, unchanged: 0, invalid: 0 })
	expect(p.data.updates[0].changes).toEqual([{ field: 'class', from: 'II', to: 'I' }])
	const applied = await run(previewRoute.action, makeRequest(`/facilities/import/${id}`, { cookie, form: { intent: 'apply' } }), {
		importId: id!,
	})
	expect(applied.location).toBe('/facilities?imported=2-1')
	expect(db().select().from(schema.facilities).where(eq(schema.facilities.id, old.id)).get()?.class).toBe('I')
	const created = db().select().from(schema.facilities).where(eq(schema.facilities.code, '48001')).get()!
	expect(created).toMatchObject({
		name: 'Bệnh viện Tư nhân Đà Nẵng',
		provinceCode: '48',
		type: 'private_hospital',
		class: 'unclassified',
		managingBody: 'private',
		ownership: 'private',
		bedCount: 120,
	})
	const actions = db()
		.select({ action: schema.auditEvents.action })
		.from(schema.auditEvents)
		.all()
		.map((a) => a.action)
	expect(actions.sort()).toEqual(['facility.create', 'facility.create', 'facility.update', 'registry.import'])
	// The preview is used up.
	expect((await preview(cookie, id!)).status).toBe(404)
})

test('the registry exported as .xlsx imports back unchanged, and as CSV too', async () => {
	const { cookie } = await admin()
	insertFacility(db(), { code: '01001', provinceCode: '01', name: 'Bệnh viện Xanh Pôn', address: '12 Chu Văn An' })
	insertFacility(db(), { code: '79001', provinceCode: '79', name: 'Bệnh viện Chợ Rẫy', managingBody: 'moh', class: 'special' })
	insertFacility(db(), {
		code: '48001',
		provinceCode: '48',
		name: 'Bệnh viện Tư',
		managingBody: 'private',
		type: 'private_hospital',
		class: 'unclassified',
		active: false,
	})
	for (const format of ['xlsx', 'csv']) {
		const exported = await run(exportRoute.loader, makeRequest(`/facilities/export?format=${format}`, { cookie }))
		expect(exported.status).toBe(200)
		expect(exported.headers.get('Content-Disposition')).toMatch(
			new RegExp(`attachment; filename="co-so-y-te-\\d{4}-\\d{2}-\\d{2}\\.${format}"`),
		)
		const { id } = await upload(cookie, exported.bytes!, `export.${format}`)
		const p = await preview(cookie, id!)
		expect({ format, counts: p.data.counts, problems: p.data.problems }).toEqual({
			format,
			counts: { create: 0, update: 0, unchanged: 3, invalid: 0 },
			problems: [],
		})
	}
})

test('the template is a workbook with the headings and drop-down lists, and filled in it imports', async () => {
	const { cookie } = await admin()
	const res = await run(exportRoute.loader, makeRequest('/facilities/export?template=1&format=xlsx', { cookie }))
	const wb = await openWorkbook(res.bytes!)
	const ws = wb.worksheets[0]
	expect(ws.name).toBe('Cơ sở y tế')
	expect((ws.getRow(1).values as Array<unknown>).slice(1)).toEqual([
		'Mã cơ sở',
		'Tên cơ sở',
		'Tỉnh/thành phố',
		'Loại hình',
		'Hạng',
		'Cơ quan chủ quản',
		'Hình thức sở hữu',
		'Số giường',
		'Địa chỉ',
		'Trạng thái',
	])
	expect(ws.getCell('E2').dataValidation).toMatchObject({ type: 'list', formulae: ["'_lists'!$C$1:$C$6"] })
	ws.addRow(['01010', 'Bệnh viện Từ Mẫu', 'Thành phố Hà Nội', 'Bệnh viện chuyên khoa', 'Hạng II', 'Sở Y tế', '', 150, '', ''])
	const { id } = await upload(cookie, await workbookBytes(wb), 'mau.xlsx')
	const p = await preview(cookie, id!)
	expect(p.data.counts.create).toBe(1)
	expect(p.data.problems).toEqual([])
})

test.each([
	['a CSV in a legacy encoding', Buffer.from('Mã cơ sở,Tên cơ sở\n01002,B\xe9nh vi\xean\n', 'latin1'), 'co-so.csv', 'sheet.notUtf8'],
	[
		'a password-protected workbook',
		Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]),
		'co-so.xlsx',
		'sheet.encryptedOrXls',
	],
	['a damaged workbook', Buffer.concat([Buffer.from('PK\x03\x04'), seededBytes(2000, 1)]), 'co-so.xlsx', 'sheet.corrupt'],
	['a PDF renamed', Buffer.from('%PDF-1.7\n\x00\x01\x02binary'), 'co-so.csv', 'sheet.unsupported'],
	['an empty file', Buffer.alloc(0), 'co-so.csv', 'sheet.missingFile'],
] as const)('%s is refused at upload with a clear message, and nothing is staged', async (_name, bytes, fileName, code) => {
	const { cookie } = await admin()
	const before = registryHash()
	const { res } = await upload(cookie, new Uint8Array(bytes), fileName)
	expect(res.status).toBe(400)
	expect(res.data.error).toBe(code)
	expect(db().select().from(schema.stagedImports).all()).toEqual([])
	expect(registryHash()).toBe(before)
})

test('a 100,000-row file is refused whole, naming the limit, as .xlsx and as CSV', async () => {
	const { cookie } = await admin()
	const rows = Array.from({ length: 100_000 }, (_, i) => [
		`X${i}`,
		`Bệnh viện ${i}`,
		'01',
		'general_hospital',
		'I',
		'province',
		10,
		'Số 1 phố Huế, Hai Bà Trưng, Hà Nội',
	])
	const xlsx = await upload(cookie, await xlsxBytes({ 'Cơ sở y tế': [HEADER, ...rows] }), 'lon.xlsx')
	expect(xlsx.res.status).toBe(400)
	expect(xlsx.res.data).toEqual({ error: 'sheet.tooLargeInside', params: { max: 12 } })
	const csv = await upload(cookie, new TextEncoder().encode([HEADER, ...rows].map((r) => r.slice(0, 7).join(',')).join('\n')), 'lon.csv')
	expect(csv.res.data).toEqual({ error: 'sheet.tooManyRows', params: { max: 20_000, sheet: 'CSV' } })
	expect(db().select().from(schema.facilities).all()).toEqual([])
}, 60_000)

test.each([
	['lies about its size (declares 1 KB)', 1000, 'sheet.corrupt'],
	['says honestly that it unpacks to 200 MB', 200 * 1024 * 1024, 'sheet.tooLargeInside'],
] as const)(
	'a zip bomb that %s is stopped while it is inflated, before any parsing, and nothing is written',
	async (_name, declared, code) => {
		const { cookie } = await admin()
		const bomb = lyingZip('xl/worksheets/sheet1.xml', 200 * 1024 * 1024, declared)
		const before = registryHash()
		const { res } = await upload(cookie, bomb, 'bom.xlsx')
		expect(res.status).toBe(400)
		expect(res.data.error).toBe(code)
		expect(db().select().from(schema.stagedImports).all()).toEqual([])
		expect(registryHash()).toBe(before)
		// The memory the server holds while it inflates one is measured by bench/zip-bomb.ts.
	},
)

test('a CSV separated by semicolons with a byte-order mark, as Excel saves it, is read', async () => {
	const { cookie } = await admin()
	const csv =
		'\uFEFFMã cơ sở;Tên cơ sở;Tỉnh/thành phố;Loại hình;Hạng;Cơ quan chủ quản\n01002;"Bệnh viện; có dấu chấm phẩy";01;general_hospital;I;province\n'
	const { id } = await upload(cookie, new TextEncoder().encode(csv), 'co-so.csv')
	const p = await preview(cookie, id!)
	expect(p.data.creates).toEqual([{ row: 2, code: '01002', name: 'Bệnh viện; có dấu chấm phẩy' }])
})

test('a CSV cell a spreadsheet would run as a formula (=, +, -, @ with more than a number, tab, return) is refused at its cell', async () => {
	const { cookie } = await admin()
	const header = 'Mã cơ sở,Tên cơ sở,Tỉnh/thành phố,Loại hình,Hạng,Cơ quan chủ quản,Số giường'
	const rows = [
		'01002,"+cmd|\' /C calc\'!A0",01,general_hospital,I,province,10',
		'01003,-2+3+cmd,01,general_hospital,I,province,10',
		'01004,@SUM(1+1),01,general_hospital,I,province,10',
		'01005,"\t=1+1",01,general_hospital,I,province,10',
		'01006,"\r=1+1",01,general_hospital,I,province,10',
		'01007,Bệnh viện Thường,01,general_hospital,I,province,+12',
	]
	const { id } = await upload(cookie, new TextEncoder().encode([header, ...rows].join('\n')), 'co-so.csv')
	const p = await preview(cookie, id!)
	expect(p.data.problems.map((x: { row: number; column: string; code: string }) => `${x.column}${x.row} ${x.code}`)).toEqual([
		'B2 sheet.formula',
		'B3 sheet.formula',
		'B4 sheet.formula',
		'B5 sheet.formula',
		'B6 sheet.formula',
		// A number with its sign is not taken for a formula: it gets the column's own message.
		'G7 registry.badBeds',
	])
})

test('a preview discarded in another tab while this one applies it writes nothing', async () => {
	const { user, cookie } = await admin()
	const { id } = await upload(
		cookie,
		await xlsxBytes({ s: [HEADER, ['01002', 'Bệnh viện A', '01', 'general_hospital', 'I', 'province', 1, '']] }),
		'a.xlsx',
	)
	// This tab has passed the guard with the staged upload; the other tab discards it meanwhile.
	const staged = getStagedImport(db(), id!, user.id, 'registry')!
	discardStagedImport(db(), id!, user.id)
	const before = registryHash()
	const actor = { id: user.id, grants: [{ role: 'admin' as const, scopeKind: 'national' as const, facilityId: null, provinceCode: null }] }
	expect(applyRegistryImport(db(), { staged, actor })).toEqual({ ok: false, code: 'import.gone', status: 410 })
	expect(registryHash()).toBe(before)
})

test('a preview belongs to the person who uploaded it', async () => {
	const a = await admin()
	const b = await admin()
	const { id } = await upload(
		a.cookie,
		await xlsxBytes({ s: [HEADER, ['01002', 'Bệnh viện A', '01', 'general_hospital', 'I', 'province', 1, '']] }),
		'a.xlsx',
	)
	expect((await preview(b.cookie, id!)).status).toBe(404)
	expect(
		(
			await run(previewRoute.action, makeRequest(`/facilities/import/${id}`, { cookie: b.cookie, form: { intent: 'apply' } }), {
				importId: id!,
			})
		).status,
	).toBe(404)
})

test('a province admin imports its own province only: other provinces and MOH hospitals are refused by row', async () => {
	const { cookie } = await admin('province')
	const bytes = await xlsxBytes({
		s: [
			HEADER,
			['01002', 'Bệnh viện Hà Nội', '01', 'general_hospital', 'I', 'province', 1, ''],
			['48002', 'Bệnh viện Đà Nẵng', '48', 'general_hospital', 'I', 'province', 1, ''],
			['01003', 'Bệnh viện Bộ', '01', 'general_hospital', 'I', 'moh', 1, ''],
		],
	})
	const { id } = await upload(cookie, bytes, 'a.xlsx')
	const p = await preview(cookie, id!)
	expect(p.data.problems.map((x: { row: number; code: string }) => `${x.row} ${x.code}`)).toEqual([
		'3 registry.outOfScope',
		'4 registry.outOfScope',
	])
})

test('creating a facility checks every field on the server, and a taken code is refused on its field', async () => {
	const { cookie } = await admin()
	insertFacility(db(), { code: '01001' })
	const bad = await run(
		newRoute.action,
		makeRequest('/facilities/new', {
			cookie,
			form: {
				code: 'a b',
				name: 'X',
				provinceCode: '99',
				type: 'castle',
				class: 'I',
				managingBody: 'private',
				ownership: 'public',
				bedCount: '-1',
			},
		}),
	)
	expect(bad.status).toBe(400)
	const errors = bad.data.result.error
	expect(Object.keys(errors).sort()).toEqual(['bedCount', 'code', 'name', 'type'])
	const unknownProvince = await run(
		newRoute.action,
		makeRequest('/facilities/new', {
			cookie,
			form: {
				code: '99001',
				name: 'Bệnh viện Lạ',
				provinceCode: '99',
				type: 'general_hospital',
				class: 'I',
				managingBody: 'province',
				ownership: 'public',
				bedCount: '10',
			},
		}),
	)
	expect(unknownProvince.data.result.error.provinceCode).toEqual(['registry.unknownProvince'])
	const taken = await run(
		newRoute.action,
		makeRequest('/facilities/new', {
			cookie,
			form: {
				code: '01001',
				name: 'Bệnh viện Khác',
				provinceCode: '01',
				type: 'general_hospital',
				class: 'I',
				managingBody: 'province',
				ownership: 'public',
				bedCount: '10',
			},
		}),
	)
	expect(taken.status).toBe(409)
	expect(taken.data.result.error.code).toEqual(['registry.codeTaken'])
	const ok = await run(
		newRoute.action,
		makeRequest('/facilities/new', {
			cookie,
			form: {
				code: '01002',
				name: 'Bệnh viện Mới',
				provinceCode: '01',
				type: 'general_hospital',
				class: 'I',
				managingBody: 'province',
				ownership: 'public',
				bedCount: '10',
			},
		}),
	)
	expect(ok.location).toMatch(/^\/facilities\/\d+\?saved=created$/)
})

test('a province admin cannot create a facility elsewhere or an MOH-run one', async () => {
	const { cookie } = await admin('province')
	const base = { code: '48002', name: 'Bệnh viện Đà Nẵng', type: 'general_hospital', class: 'I', ownership: 'public', bedCount: '10' }
	expect(
		(
			await run(
				newRoute.action,
				makeRequest('/facilities/new', { cookie, form: { ...base, provinceCode: '48', managingBody: 'province' } }),
			)
		).status,
	).toBe(403)
	expect(
		(
			await run(
				newRoute.action,
				makeRequest('/facilities/new', { cookie, form: { ...base, code: '01009', provinceCode: '01', managingBody: 'moh' } }),
			)
		).status,
	).toBe(403)
	expect(db().select().from(schema.facilities).all()).toEqual([])
})

test('an edit based on a page someone else has since saved is refused; deactivating keeps the facility', async () => {
	const { cookie } = await admin()
	const f = insertFacility(db(), { code: '01001', provinceCode: '01', name: 'Bệnh viện Cũ' })
	const page = await run(editRoute.loader, makeRequest(`/facilities/${f.id}/edit`, { cookie }), { facilityId: String(f.id) })
	const form = {
		intent: 'save',
		basedOn: String(page.data.basedOn),
		code: '01001',
		name: 'Bệnh viện Đổi Tên',
		provinceCode: '01',
		type: 'general_hospital',
		class: 'II',
		managingBody: 'province',
		ownership: 'public',
		bedCount: '300',
	}
	const first = await run(editRoute.action, makeRequest(`/facilities/${f.id}/edit`, { cookie, form }), { facilityId: String(f.id) })
	expect(first.location).toBe(`/facilities/${f.id}?saved=updated`)
	const stale = await run(editRoute.action, makeRequest(`/facilities/${f.id}/edit`, { cookie, form: { ...form, name: 'Tên Khác' } }), {
		facilityId: String(f.id),
	})
	expect(stale.status).toBe(409)
	expect(stale.data.result.error['']).toEqual(['registry.changedMeanwhile'])
	expect(db().select().from(schema.facilities).where(eq(schema.facilities.id, f.id)).get()?.name).toBe('Bệnh viện Đổi Tên')
	const off = await run(editRoute.action, makeRequest(`/facilities/${f.id}/edit`, { cookie, form: { intent: 'deactivate' } }), {
		facilityId: String(f.id),
	})
	expect(off.location).toBe(`/facilities/${f.id}?saved=deactivated`)
	expect(db().select().from(schema.facilities).where(eq(schema.facilities.id, f.id)).get()?.active).toBe(false)
})

test('an exported name that a spreadsheet would run as a formula is written inert', async () => {
	const { cookie } = await admin()
	insertFacility(db(), { code: '01001', name: '=HYPERLINK("http://evil")' })
	const csv = await run(exportRoute.loader, makeRequest('/facilities/export?format=csv', { cookie }))
	expect(csv.data).toContain(`"'=HYPERLINK(""http://evil"")"`)
})

test('an upload that does not say how long it is stops at the size limit', async () => {
	const { cookie } = await admin()
	const boundary = 'grenzeXYZ'
	const head = new TextEncoder().encode(
		`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="lon.csv"\r\nContent-Type: text/csv\r\n\r\n`,
	)
	const chunk = new Uint8Array(1024 * 1024).fill(0x41)
	let sent = 0
	const body = new ReadableStream<Uint8Array>({
		pull(controller) {
			if (sent === 0) controller.enqueue(head)
			// 64 MB promised, never a Content-Length: the reader must give up long before.
			if (sent++ < 64) controller.enqueue(chunk)
			else controller.close()
		},
	})
	const request = new Request('http://localhost/facilities/import', {
		method: 'POST',
		body,
		headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, Cookie: cookie, 'x-client-ip': '127.0.0.1' },
		duplex: 'half',
	} as RequestInit)
	const res = await run(uploadRoute.action, request)
	expect(res.status).toBe(413)
	expect(res.data.error).toBe('sheet.fileTooLarge')
	expect(sent).toBeLessThan(20)
})

test('a new facility with the name of one already in its province is held with a warning naming it; ticking "different facility" saves it', async () => {
	const { cookie } = await admin()
	const existing = insertFacility(db(), { code: '01001', provinceCode: '01', name: 'Bệnh viện Đa khoa Hà Đông' })
	const form = {
		code: '01777',
		name: 'BVĐK Hà Đông',
		provinceCode: '01',
		type: 'general_hospital',
		class: 'II',
		managingBody: 'province',
		ownership: 'public',
		bedCount: '100',
	}
	const before = registryHash()
	const held = await run(newRoute.action, makeRequest('/facilities/new', { cookie, form }))
	expect(held.status).toBe(409)
	expect(held.data.result.error['']).toEqual(['registry.likelyDuplicate'])
	expect(held.data.duplicates).toEqual([
		{ id: existing.id, code: '01001', name: 'Bệnh viện Đa khoa Hà Đông', provinceCode: '01', reason: 'name' },
	])
	expect(registryHash()).toBe(before)
	// The same name in another province is another facility.
	const elsewhere = await run(
		newRoute.action,
		makeRequest('/facilities/new', { cookie, form: { ...form, code: '48777', provinceCode: '48' } }),
	)
	expect(elsewhere.status).toBe(302)
	const confirmed = await run(newRoute.action, makeRequest('/facilities/new', { cookie, form: { ...form, confirmDuplicate: 'on' } }))
	expect(confirmed.location).toMatch(/^\/facilities\/\d+\?saved=created$/)
	// Renaming a facility to its neighbour's name warns too; an edit that keeps the name does not.
	const other = insertFacility(db(), { code: '01002', provinceCode: '01', name: 'Bệnh viện Thanh Nhàn' })
	const page = await run(editRoute.loader, makeRequest(`/facilities/${other.id}/edit`, { cookie }), { facilityId: String(other.id) })
	const edit = { ...form, intent: 'save', code: '01002', name: 'benh vien da khoa ha dong', basedOn: String(page.data.basedOn) }
	const renamed = await run(editRoute.action, makeRequest(`/facilities/${other.id}/edit`, { cookie, form: edit }), {
		facilityId: String(other.id),
	})
	expect(renamed.status).toBe(409)
	expect(renamed.data.duplicates.map((d: { id: number }) => d.id)).toContain(existing.id)
	const beds = await run(
		editRoute.action,
		makeRequest(`/facilities/${existing.id}/edit`, {
			cookie,
			form: { ...form, code: '01001', name: 'Bệnh viện Đa khoa Hà Đông', intent: 'save', bedCount: '120' },
		}),
		{
			facilityId: String(existing.id),
		},
	)
	expect(beds.location).toBe(`/facilities/${existing.id}?saved=updated`)
})

test('the import preview marks rows that likely duplicate a registered facility or another row of the file', async () => {
	const { cookie } = await admin()
	const existing = insertFacility(db(), { code: '01001', provinceCode: '01', name: 'Trung tâm Y tế huyện Đông Anh' })
	const bytes = await xlsxBytes({
		'Cơ sở y tế': [
			HEADER,
			['01500', 'TTYT huyện Đông Anh', 'Hà Nội', 'Bệnh viện đa khoa', 'Hạng II', 'Sở Y tế', 50, ''],
			['01600', 'Bệnh viện Mới Mở', 'Hà Nội', 'Bệnh viện đa khoa', 'Hạng II', 'Sở Y tế', 50, ''],
			['01601', 'BV mới mở', 'Hà Nội', 'Bệnh viện đa khoa', 'Hạng II', 'Sở Y tế', 50, ''],
			['01602', 'Bệnh viện Khác Hẳn', 'Hà Nội', 'Bệnh viện đa khoa', 'Hạng II', 'Sở Y tế', 50, ''],
		],
	})
	const { id } = await upload(cookie, bytes, 'trung.xlsx')
	const p = await preview(cookie, id!)
	expect(p.data.applicable).toBe(true)
	expect(p.data.duplicateCount).toBe(3)
	const shown = p.data.duplicates.map((r: { row: number; of: Array<{ id?: number; row?: number }> }) => [
		r.row,
		r.of.map((d) => d.id ?? `row ${d.row}`),
	])
	expect(shown).toEqual([
		[2, [existing.id]],
		[3, ['row 4']],
		[4, ['row 3']],
	])
})
