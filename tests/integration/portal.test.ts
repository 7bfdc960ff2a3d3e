import { parse } from 'csv-parse/sync'
import { and, eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { schema } from '#db/client.server'
import { getAssessmentContext } from '#db/queries/assessments'
import { insertFacility, insertUser } from '#tests/factories'
import { shippedCatalog } from '#tests/fixtures'
import { cookieFor, db, makeRequest, run } from '#tests/helpers'
import { type Answer } from '~/domain/catalog/answers'
import * as facilitiesApi from '~/routes/api.v1.facilities'
import * as openapi from '~/routes/api.v1.openapi[.]json'
import * as provincesApi from '~/routes/api.v1.provinces'
import * as statsApi from '~/routes/api.v1.statistics'
import * as provincePage from '~/routes/portal.$province'
import * as nationalPage from '~/routes/portal._index'
import * as facilityPage from '~/routes/portal.facility.$code'
import * as publishRoute from '~/routes/publish'
import { saveAnswers } from '~/services/answers.server'
import { createCampaign, openCampaign } from '~/services/campaigns.server'
import { importCatalog } from '~/services/catalogs.server'
import { decide } from '~/services/review.server'
import { submitAssessment } from '~/services/submission.server'

const INV = shippedCatalog('INV-DIGITAL-2026')

/** A complete, valid inventory answer sheet; `lis` decides the LIS answer. */
function inventory(lis: 'vendor' | 'not_deployed'): Array<{ criterionId: string; answer: Answer }> {
	return INV.groups.flatMap((g) =>
		g.criteria.map((c) => {
			const a = c.answer
			const answer: Answer =
				c.id === 'INV.SYS.lis'
					? { kind: 'choice', value: lis }
					: a.type === 'choice'
						? { kind: 'choice', value: a.options[1]?.value ?? a.options[0].value }
						: a.type === 'yes_no'
							? { kind: 'yes_no', value: 'yes' }
							: a.type === 'date'
								? { kind: 'date', value: '2025-09-30' }
								: a.type === 'percent'
									? { kind: 'percent', value: 50 }
									: a.type === 'number'
										? { kind: 'number', value: 3 }
										: { kind: 'text', value: 'x' }
			return { criterionId: c.id, answer }
		}),
	)
}

/** N facilities in Đà Nẵng with approved inventory results; `published` of them are published. */
async function world(lisDeployed: number, lisNot: number, opts: { publishAll?: boolean; unanswered?: number; names?: Array<string> } = {}) {
	const v = importCatalog(db(), INV)
	const versionId = v.status === 'conflict' ? 0 : v.versionId
	const admin = await insertUser(db(), { grants: [{ role: 'admin', scopeKind: 'national' }] })
	const evaluator = await insertUser(db(), {
		name: 'Thẩm định',
		grants: [{ role: 'evaluator', scopeKind: 'province', provinceCode: '48' }],
	})
	const publisher = await insertUser(db(), { grants: [{ role: 'publisher', scopeKind: 'province', provinceCode: '48' }] })
	const plan = [...Array(lisDeployed).fill('vendor'), ...Array(lisNot).fill('not_deployed')] as Array<'vendor' | 'not_deployed'>
	const facilities = plan.map((_, i) =>
		insertFacility(db(), {
			provinceCode: '48',
			code: `48${String(900 + i)}`,
			name: opts.names?.[i] ?? `Bệnh viện Mẫu ${i + 1}`,
			class: 'II',
			bedCount: 300,
		}),
	)
	const directors = []
	for (const f of facilities)
		directors.push(
			await insertUser(db(), { name: `GĐ ${f.code}`, grants: [{ role: 'facility_director', scopeKind: 'facility', facilityId: f.id }] }),
		)
	const c = createCampaign(
		db(),
		{
			title: 'Khảo sát 2026',
			year: 2026,
			catalogVersionIds: [versionId],
			provinces: ['48'],
			types: [],
			classes: [],
			managingBodies: [],
			opensOn: '2026-01-01',
			dueOn: '2099-12-31',
			acceptsLate: true,
			secondStage: false,
		},
		admin.id,
	)
	if (!c.ok) throw new Error(c.code)
	openCampaign(db(), c.id, admin.id)
	const ids: Array<number> = []
	for (let i = 0; i < facilities.length; i++) {
		const a = db()
			.select()
			.from(schema.assessments)
			.where(and(eq(schema.assessments.campaignId, c.id), eq(schema.assessments.facilityId, facilities[i].id)))
			.get()!
		ids.push(a.id)
		const ctx = getAssessmentContext(db(), a.id)!
		const saved = saveAnswers(db(), { ctx, actorId: directors[i].id, baseVersion: 1, changes: inventory(plan[i]) })
		if (!saved.ok) throw new Error(JSON.stringify(saved))
		const s = await submitAssessment(db(), {
			assessmentId: a.id,
			actor: { id: directors[i].id, role: 'facility_director', scopeKind: 'facility' },
			attestation: { name: 'GĐ', title: 'Giám đốc', accepted: true },
		})
		if (!s.ok) throw new Error(JSON.stringify(s))
		const actor = { id: evaluator.id, name: 'Thẩm định', role: 'evaluator' as const, scopeKind: 'province' as const }
		await decide(db(), { ctx: getAssessmentContext(db(), a.id)!, actor, event: { type: 'claim' } })
		const approved = await decide(db(), { ctx: getAssessmentContext(db(), a.id)!, actor, event: { type: 'approve' } })
		if (!approved.ok) throw new Error(JSON.stringify(approved))
	}
	const cookie = (await cookieFor(publisher.id)).cookie
	if (opts.publishAll !== false) {
		const res = await run(
			publishRoute.action,
			makeRequest('/publish', { cookie, form: { intent: 'publish', assessmentId: ids.map(String) } }),
		)
		expect(res.data).toEqual({ done: 'published', count: ids.length })
	}
	return { campaignId: c.id, ids, facilities, publisherCookie: cookie, publisher }
}

async function json(res: Promise<{ data: unknown; status: number; headers: Headers }>) {
	const r = await res
	return { status: r.status, headers: r.headers, body: typeof r.data === 'string' && r.data ? JSON.parse(r.data) : r.data }
}

test('the national statistics give exactly X/Y (Z %) over the published facilities', async () => {
	const w = await world(6, 1)
	const page = await run(nationalPage.loader, makeRequest('/portal'))
	expect(page.data.published).toBe(7)
	const lis = page.data.statistics.find((s: { id: string }) => s.id === 'lis')
	expect(lis).toMatchObject({ numerator: 6, denominator: 7, percent: 85.7 })
	const his = page.data.statistics.find((s: { id: string }) => s.id === 'his')
	expect(his).toMatchObject({ numerator: 7, denominator: 7, percent: 100 })
	const api = await json(run(statsApi.loader, makeRequest(`/api/v1/statistics?campaign=${w.campaignId}`)))
	expect(api.body.data.find((r: { statistic: string }) => r.statistic === 'lis')).toEqual({
		statistic: 'lis',
		label: 'Đã triển khai LIS',
		label_en: 'LIS deployed',
		kind: 'share',
		population: 'answered',
		numerator: 6,
		denominator: 7,
		percent: 85.7,
		reported: 7,
		registered: 7,
	})
	const danang = page.data.provinces.find((p: { code: string }) => p.code === '48')
	expect(danang.published).toBe(7)
})

test('only published results reach the portal: an approved but unpublished one never does', async () => {
	await world(2, 0, { publishAll: false })
	const page = await run(nationalPage.loader, makeRequest('/portal'))
	expect(page.data.campaign).toBeNull()
	const api = await json(run(facilitiesApi.loader, makeRequest('/api/v1/facilities?province=48')))
	expect(api.body.data).toEqual([])
})

test('withdrawing a result removes it from every public page and says so on the facility page', async () => {
	const w = await world(3, 0)
	const withdrawn = await run(
		publishRoute.action,
		makeRequest('/publish', {
			cookie: w.publisherCookie,
			form: { intent: 'withdraw', assessmentId: String(w.ids[0]), reason: 'Số liệu cần kiểm tra lại' },
		}),
	)
	expect(withdrawn.data).toEqual({ done: 'withdrawn' })
	const api = await json(run(facilitiesApi.loader, makeRequest('/api/v1/facilities?province=48')))
	expect(new Set(api.body.data.map((r: { facility_code: string }) => r.facility_code))).toEqual(
		new Set([w.facilities[1].code, w.facilities[2].code]),
	)
	const page = await run(facilityPage.loader, makeRequest(`/portal/facility/${w.facilities[0].code}`), { code: w.facilities[0].code })
	expect(page.data.results).toEqual([])
	expect(page.data.withdrawn[0]).toMatchObject({ campaignTitle: 'Khảo sát 2026', reason: 'Số liệu cần kiểm tra lại' })
	expect(
		db()
			.select()
			.from(schema.auditEvents)
			.all()
			.map((a) => a.action),
	).toContain('publication.withdraw')
})

test('withdrawing without a reason is refused and the result stays published', async () => {
	const w = await world(1, 0)
	const res = await run(
		publishRoute.action,
		makeRequest('/publish', { cookie: w.publisherCookie, form: { intent: 'withdraw', assessmentId: String(w.ids[0]), reason: ' ' } }),
	)
	expect(res.status).toBe(400)
	expect(res.data.error).toBe('workflow.reason_required')
	expect(db().select().from(schema.assessments).where(eq(schema.assessments.id, w.ids[0])).get()!.status).toBe('published')
})

test('a publisher of another province cannot publish or withdraw these results', async () => {
	const w = await world(1, 0, { publishAll: false })
	const other = await insertUser(db(), { grants: [{ role: 'publisher', scopeKind: 'province', provinceCode: '01' }] })
	const res = await run(
		publishRoute.action,
		makeRequest('/publish', { cookie: (await cookieFor(other.id)).cookie, form: { intent: 'publish', assessmentId: String(w.ids[0]) } }),
	)
	expect(res.status).toBe(403)
	expect(db().select().from(schema.assessments).where(eq(schema.assessments.id, w.ids[0])).get()!.status).toBe('approved')
})

test('the province page filters by type, class and level, and the facility list and CSV match', async () => {
	const w = await world(2, 1)
	const page = await run(provincePage.loader, makeRequest('/portal/da-nang?class=II'), { province: 'da-nang' })
	expect(page.data.facilities).toHaveLength(3)
	const none = await run(provincePage.loader, makeRequest('/portal/da-nang?class=I'), { province: 'da-nang' })
	expect(none.data.facilities).toHaveLength(0)
	const csv = await run(facilitiesApi.loader, makeRequest(`/api/v1/facilities?province=48&campaign=${w.campaignId}&format=csv`))
	expect(csv.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
	const lines = (csv.data as string)
		.replace(/^\uFEFF/, '')
		.trim()
		.split('\n')
	expect(lines[0]).toBe(
		'facility_code,facility_name,province_code,facility_type,facility_class,managing_body,bed_count,campaign_id,catalog_code,level,level_title,percent_met,provisional',
	)
	expect(lines).toHaveLength(1 + 3)
	expect(lines[1]).toContain('Bệnh viện Mẫu 1')
})

test.each([
	['/api/v1/facilities?province=48&page=0', 400],
	['/api/v1/facilities?province=48&page=abc', 400],
	['/api/v1/facilities?province=48&pageSize=100000', 400],
	['/api/v1/facilities?province=48&format=xml', 400],
	["/api/v1/facilities?province=48' OR 1=1--", 400],
	['/api/v1/facilities?province=48&type=<script>', 400],
	['/api/v1/facilities?province=99', 404],
	['/api/v1/facilities', 400],
	['/api/v1/facilities?province=48&campaign=987654', 404],
])('the API answers %s with %i and a JSON error, never a stack trace', async (path, status) => {
	await world(1, 0)
	const res = await run(facilitiesApi.loader, makeRequest(path))
	expect(res.status).toBe(status)
	const body = JSON.parse(res.data)
	expect(Object.keys(body)).toEqual(['error'])
	expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*')
})

test('unknown provinces and facilities are 404 on the public pages; a malformed filter is 400', async () => {
	await world(1, 0)
	expect((await run(provincePage.loader, makeRequest('/portal/atlantis'), { province: 'atlantis' })).status).toBe(404)
	expect((await run(provincePage.loader, makeRequest('/portal/da-nang?type=bogus'), { province: 'da-nang' })).status).toBe(400)
	expect((await run(facilityPage.loader, makeRequest('/portal/facility/ZZ999'), { code: 'ZZ999' })).status).toBe(404)
	expect((await run(facilityPage.loader, makeRequest("/portal/facility/1'or'1"), { code: "1'or'1" })).status).toBe(404)
})

test('answers carry an ETag; asking again with it gives 304 until something is published or withdrawn', async () => {
	const w = await world(2, 0)
	const first = await run(statsApi.loader, makeRequest('/api/v1/statistics'))
	const etag = first.headers.get('ETag')!
	expect(first.headers.get('Cache-Control')).toBe('public, no-cache')
	const again = await run(statsApi.loader, makeRequest('/api/v1/statistics', { headers: { 'If-None-Match': etag } }))
	expect(again.status).toBe(304)
	await run(
		publishRoute.action,
		makeRequest('/publish', {
			cookie: w.publisherCookie,
			form: { intent: 'withdraw', assessmentId: String(w.ids[0]), reason: 'Kiểm tra lại' },
		}),
	)
	const after = await run(statsApi.loader, makeRequest('/api/v1/statistics', { headers: { 'If-None-Match': etag } }))
	expect(after.status).toBe(200)
	expect(after.headers.get('ETag')).not.toBe(etag)
})

test('peer comparison is suppressed for groups of fewer than five facilities', async () => {
	const small = await world(3, 0)
	const page = await run(facilityPage.loader, makeRequest(`/portal/facility/${small.facilities[0].code}`), {
		code: small.facilities[0].code,
	})
	expect(page.data.peers).toEqual({ suppressed: true, band: '300-699' })
})

test('the OpenAPI description lists the three read-only endpoints', async () => {
	const doc = await (await openapi.loader()).json()
	expect(Object.keys(doc.paths).sort()).toEqual(['/api/v1/facilities', '/api/v1/provinces', '/api/v1/statistics', '/api/v1/trends'])
	expect(doc.openapi).toBe('3.1.0')
})

test('every name that starts like a formula (-, @, tab, return, not only = and +) is written inert in the open-data CSV', async () => {
	const names = ["-2+3+cmd|' /C calc'!A0", '@SUM(1+1)*cmd', '\t=1+1', '\r=1+1']
	const w = await world(names.length, 0, { names })
	const res = await run(facilitiesApi.loader, makeRequest(`/api/v1/facilities?province=48&campaign=${w.campaignId}&format=csv`))
	const cells = parse(res.data.replace(/^\uFEFF/, ''), { from_line: 2 }).map((r: Array<string>) => r[1])
	expect([...cells].sort()).toEqual(names.map((n) => `'${n}`).sort())
})

test('peer comparison is shown for a group of five or more facilities of the same grade and size band', async () => {
	const w = await world(4, 1)
	const page = await run(facilityPage.loader, makeRequest(`/portal/facility/${w.facilities[0].code}`), { code: w.facilities[0].code })
	expect(page.data.peers.suppressed).toBe(false)
	expect(page.data.peers.catalogs).toEqual([])
})

test('a published name that a spreadsheet would run as a formula is written inert in the open-data CSV; numbers stay numbers', async () => {
	const w = await world(1, 1, { names: ['=HYPERLINK("http://evil")', '+cmd'] })
	const csvLines = (data: string) =>
		data
			.replace(/^\uFEFF/, '')
			.trim()
			.split('\n')

	const facilities = await run(facilitiesApi.loader, makeRequest(`/api/v1/facilities?province=48&campaign=${w.campaignId}&format=csv`))
	expect(facilities.status).toBe(200)
	const rows = csvLines(facilities.data)
	// In Vietnamese order of the names: "+" sorts before "=".
	expect(rows[1]).toBe(`48901,'+cmd,48,general_hospital,II,province,300,${w.campaignId},INV-DIGITAL-2026,,,,`)
	expect(rows[2]).toBe(`48900,"'=HYPERLINK(""http://evil"")",48,general_hospital,II,province,300,${w.campaignId},INV-DIGITAL-2026,,,,`)
	// The JSON keeps the names as they are: only the spreadsheet format needs the guard.
	const json = JSON.parse((await run(facilitiesApi.loader, makeRequest('/api/v1/facilities?province=48'))).data)
	expect(json.data.map((r: { facility_name: string }) => r.facility_name)).toEqual(['+cmd', '=HYPERLINK("http://evil")'])

	const statistics = await run(statsApi.loader, makeRequest(`/api/v1/statistics?campaign=${w.campaignId}&format=csv`))
	expect(statistics.status).toBe(200)
	const figures = csvLines(statistics.data)
	expect(figures).toContain('lis,Đã triển khai LIS,LIS deployed,share,answered,1,2,50,2,2')
	expect(figures.flatMap((line) => line.split(',')).filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([])
})

test('the publication page shows one round at a time, the newest by default, with the verified result of each row; every round on request', async () => {
	const w = await world(2, 0, { publishAll: false })
	// An older round's approved result in the same province, still waiting.
	const older = db()
		.insert(schema.campaigns)
		.values({
			title: 'Khảo sát 2025',
			year: 2025,
			status: 'closed',
			scope: {},
			opensAt: new Date('2025-01-01'),
			dueAt: new Date('2025-03-01'),
		})
		.returning()
		.get()
	db().update(schema.assessments).set({ campaignId: older.id }).where(eq(schema.assessments.id, w.ids[1])).run()
	const page = async (query = '') =>
		(await run(publishRoute.loader, makeRequest(`/publish${query}`, { cookie: w.publisherCookie }))).data as {
			rows: Array<{ id: number; campaignTitle: string; levels: Array<unknown> }>
			campaigns: Array<{ id: number; title: string }>
			campaign: string
		}
	const newest = await page()
	expect(newest.campaign).toBe(String(w.campaignId))
	expect(newest.rows.map((r) => r.id)).toEqual([w.ids[0]])
	expect(newest.campaigns.map((c) => c.title)).toEqual(['Khảo sát 2026', 'Khảo sát 2025'])
	expect((await page(`?campaign=${older.id}`)).rows.map((r) => r.id)).toEqual([w.ids[1]])
	expect((await page('?campaign=all')).rows.map((r) => r.id).sort()).toEqual([...w.ids].sort())
	// An unknown round falls back to the newest rather than showing everything.
	expect((await page('?campaign=999999')).rows.map((r) => r.id)).toEqual([w.ids[0]])
})

test('the province page, /api/v1/facilities and its CSV list facilities in Vietnamese order; /api/v1/provinces lists provinces so', async () => {
	const names = ['Bệnh viện Nguyễn Trãi', 'Bệnh viện Đống Đa', 'Bệnh viện E', 'Bệnh viện Ngô Quyền', 'Bệnh viện Da liễu']
	const ordered = ['Bệnh viện Da liễu', 'Bệnh viện Đống Đa', 'Bệnh viện E', 'Bệnh viện Ngô Quyền', 'Bệnh viện Nguyễn Trãi']
	const w = await world(5, 0, { names })
	const page = await run(provincePage.loader, makeRequest(`/portal/da-nang?campaign=${w.campaignId}`), { province: 'da-nang' })
	expect(page.data.facilities.map((f: { name: string }) => f.name)).toEqual(ordered)
	const api = await json(run(facilitiesApi.loader, makeRequest(`/api/v1/facilities?province=48&campaign=${w.campaignId}`)))
	expect([...new Set(api.body.data.map((r: { facility_name: string }) => r.facility_name))]).toEqual(ordered)
	const csv = await run(facilitiesApi.loader, makeRequest(`/api/v1/facilities?province=48&campaign=${w.campaignId}&format=csv`))
	expect([...new Set(parse(csv.data.replace(/^\uFEFF/, ''), { from_line: 2 }).map((r: Array<string>) => r[1]))]).toEqual(ordered)
	const provinces = await json(run(provincesApi.loader, makeRequest(`/api/v1/provinces?campaign=${w.campaignId}`)))
	const provinceNames = [...new Set(provinces.body.data.map((r: { province_name: string }) => r.province_name))]
	expect(provinceNames.slice(0, 3)).toEqual(['Tỉnh An Giang', 'Tỉnh Bắc Ninh', 'Tỉnh Cà Mau'])
	expect(provinceNames.indexOf('Thành phố Đà Nẵng')).toBeLessThan(provinceNames.indexOf('Tỉnh Điện Biên'))
})
