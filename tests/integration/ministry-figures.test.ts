// Acceptance test of the statistics (docs/STATISTICS.md): a registry imported as a hospital
// department would (CSV upload, preview, apply), 39 MOH-run hospitals and a province's 31 answering
// the inventory survey (version 3) through the answer service the forms use, reviewed, approved and
// published; then the portal page's data, the API and its CSV reproduce the ministry's published
// figures with their denominators, worded in both languages as the portal writes them.
import { execFileSync } from 'node:child_process'
import { parse } from 'csv-parse/sync'
import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { schema } from '#db/client.server'
import { type GrantInput, insertUser } from '#tests/factories'
import { cookieFor, db, makeRequest, run } from '#tests/helpers'
import { tmpFile } from '#tests/pdf-tools'
import { openWorkbook } from '#tests/spreadsheets'
import { choice, no, num, type Plan, surveyRound, yes } from '#tests/survey-round'
import { formatFigure, type IndicatorFigure } from '~/domain/indicators'
import { coverageWords, denominatorWords } from '~/i18n/figure-words'
import { makeTranslate } from '~/i18n/translate'
import * as exportRoute from '~/routes/admin.campaigns.$campaignId.export'
import * as statsApi from '~/routes/api.v1.statistics'
import * as trendsApi from '~/routes/api.v1.trends'
import * as provincePage from '~/routes/portal.$province'
import * as nationalPage from '~/routes/portal._index'
import * as facilityPortal from '~/routes/portal.facility.$code'
import { readReportBytes } from '~/services/reports.server'
import { localeCookie } from '~/utils/locale.server'

/**
 * The data set. MOH hospitals m0…m38 (Hà Nội and Hồ Chí Minh City): HIS everywhere, 3 built in-house;
 * LIS in 36; e-office in 34; m38 has no imaging department, RIS-PACS in m0…m19; film-less m0…m14 (m38
 * answers N/A); EMR in 30. Huế's 31 provincial hospitals: film-less in 8, EMR in 20, chip-ID check-in
 * in 20. Every chip-ID unit: 962 of 1,000 visits. Three private hospitals in Hồ Chí Minh City are
 * registered and never report.
 */
function dataSet(): Array<Plan> {
	const moh = Array.from({ length: 39 }, (_, i): Plan => ({
		code: `BYT${String(i).padStart(3, '0')}`,
		name: `Bệnh viện Trung ương ${i + 1}`,
		province: i < 25 ? '01' : '79',
		type: i % 3 === 0 ? 'specialty_hospital' : 'general_hospital',
		class: i < 9 ? 'special' : 'I',
		body: 'moh',
		beds: i < 10 ? 1600 : i < 30 ? 900 : 500,
		answers: {
			'INV.SYS.his': choice(i < 3 ? 'in_house' : 'vendor'),
			'INV.SYS.lis': choice(i < 36 ? 'vendor' : 'not_deployed'),
			'INV.SYS.eoffice': choice(i < 34 ? 'vendor' : 'not_deployed'),
			'INV.IMG.department': i === 38 ? no : yes,
			'INV.SYS.rispacs': choice(i < 20 ? 'vendor' : 'not_deployed'),
			'INV.IMG.filmless': i === 38 ? { kind: 'yes_no', value: 'na', naReason: 'Không có khoa chẩn đoán hình ảnh.' } : i < 15 ? yes : no,
			'INV.SYS.emr': choice(i < 30 ? 'vendor' : 'not_deployed'),
			'INV.CONN.chip_id_accepted': yes,
			'INV.CONN.visits_total': num(1000),
			'INV.CONN.visits_chip_id': num(962),
		},
	}))
	const hue = Array.from({ length: 31 }, (_, i): Plan => ({
		code: `HUE${String(i).padStart(3, '0')}`,
		name: `Bệnh viện Huế ${i + 1}`,
		province: '46',
		type: 'general_hospital',
		class: i < 5 ? 'II' : 'III',
		body: 'province',
		beds: i < 5 ? 250 : 80,
		answers: {
			'INV.IMG.department': yes,
			'INV.IMG.filmless': i < 8 ? yes : no,
			'INV.SYS.emr': choice(i < 20 ? 'vendor' : 'not_deployed'),
			'INV.CONN.chip_id_accepted': i < 20 ? yes : no,
			'INV.CONN.visits_total': num(i < 20 ? 1000 : 400),
			'INV.CONN.visits_chip_id': num(i < 20 ? 962 : 0),
		},
	}))
	const silent = Array.from({ length: 3 }, (_, i): Plan => ({
		code: `TN${String(i).padStart(3, '0')}`,
		name: `Bệnh viện Tư nhân ${i + 1}`,
		province: '79',
		type: 'private_hospital',
		class: 'unclassified',
		body: 'private',
		beds: 120,
		answers: null,
	}))
	return [...moh, ...hue, ...silent]
}

const world = () => surveyRound(dataSet(), ['01', '79', '46'])

type Row = Record<string, string | number>

/** A figure as the portal's statistics table writes it: the figure, its denominator in words, its reporting rate. */
function worded(f: IndicatorFigure, locale: 'vi' | 'en') {
	const t = makeTranslate(locale)
	return `${formatFigure(f, locale)} · ${denominatorWords(t, locale, f)} · ${coverageWords(t, locale, f)}`
}

test("the ministry's published figures are reproduced exactly, with their denominators, on the portal, in the API and its CSV, in both languages", async () => {
	const w = await world()
	const q = `campaign=${w.campaignId}`

	// The portal's national page, MOH-run hospitals only.
	const page = await run(nationalPage.loader, makeRequest(`/portal?${q}&managingBody=moh`))
	expect(page.status).toBe(200)
	const fig = (id: string) => page.data.statistics.find((s: IndicatorFigure) => s.id === id) as IndicatorFigure
	const expected: Array<[string, string, string]> = [
		[
			'his',
			'39/39 (100 %) · 39 cơ sở đã báo cáo có trả lời câu hỏi · 39/39 cơ sở đã báo cáo',
			'39/39 (100%) · 39 reporting facilities that answered the question · 39/39 facilities reported',
		],
		['his_provision.in_house', '3/39 (7,7 %)', '3/39 (7.7%)'],
		['his_provision.vendor', '36/39 (92,3 %)', '36/39 (92.3%)'],
		['his_provision.service', '0/39 (0 %)', '0/39 (0%)'],
		['lis', '36/39 (92,3 %)', '36/39 (92.3%)'],
		['eoffice', '34/39 (87,2 %)', '34/39 (87.2%)'],
		[
			'rispacs',
			'20/38 (52,6 %) · 38 cơ sở có khoa chẩn đoán hình ảnh đã báo cáo · 39/39 cơ sở đã báo cáo',
			'20/38 (52.6%) · 38 reporting facilities with an imaging department · 39/39 facilities reported',
		],
		['filmless', '15/38 (39,5 %)', '15/38 (39.5%)'],
		['cashless', '39/39 (100 %)', '39/39 (100%)'],
		[
			'chip_id_visits',
			'96,2 % · 39.000 lượt khám tại các cơ sở tiếp nhận bằng căn cước gắn chip',
			'96.2% · 39,000 visits at facilities accepting chip-ID check-in',
		],
	]
	for (const [id, vi, en] of expected) {
		expect(worded(fig(id), 'vi').startsWith(vi), `${id}: ${worded(fig(id), 'vi')}`).toBe(true)
		expect(worded(fig(id), 'en').startsWith(en), `${id}: ${worded(fig(id), 'en')}`).toBe(true)
	}

	// Nationally: 23 film-less hospitals; EMR over every registered facility, the non-reporters stated.
	const national = await run(nationalPage.loader, makeRequest(`/portal?${q}`))
	const nat = (id: string) => national.data.statistics.find((s: IndicatorFigure) => s.id === id) as IndicatorFigure
	expect(nat('filmless')).toMatchObject({ numerator: 23, denominator: 69 })
	expect(worded(nat('emr'), 'vi')).toBe('50/73 (68,5 %) · 73 cơ sở đã đăng ký, 70 đã báo cáo · 70/73 cơ sở đã báo cáo')
	expect(worded(nat('emr'), 'en')).toBe('50/73 (68.5%) · 73 registered facilities, 70 reported · 70/73 facilities reported')
	expect(nat('chip_id')).toMatchObject({ numerator: 59, denominator: 70 })
	expect(worded(nat('chip_id_visits'), 'en')).toBe(
		'96.2% · 59,000 visits at facilities accepting chip-ID check-in · 70/73 facilities reported',
	)
	// The breakdown by managing body says the same, beside the others.
	const byBody = national.data.breakdowns.find((b: { key: string }) => b.key === 'managingBody')
	expect(byBody.rows.map((r: { value: string; reported: number; registered: number }) => [r.value, r.reported, r.registered])).toEqual([
		['moh', 39, 39],
		['province', 31, 31],
		['private', 0, 3],
	])
	// Huế: 31 of 31 hospitals assessed and published.
	const hue = await run(provincePage.loader, makeRequest(`/portal/hue?${q}`), { province: 'hue' })
	expect(hue.status).toBe(200)
	const hueHis = hue.data.statistics.find((s: IndicatorFigure) => s.id === 'his')
	expect(coverageWords(makeTranslate('vi'), 'vi', hueHis)).toBe('31/31 cơ sở đã báo cáo')
	expect(coverageWords(makeTranslate('en'), 'en', hueHis)).toBe('31/31 facilities reported')

	// The API says the same figures with the same denominators.
	const api = await run(statsApi.loader, makeRequest(`/api/v1/statistics?${q}&managingBody=moh`))
	expect(api.status).toBe(200)
	const body = JSON.parse(api.data)
	expect(body).toMatchObject({ published: 39, registered: 39, filters: { managingBody: 'moh' } })
	const pick = (rows: Array<Row>, id: string) => {
		const r = rows.find((x) => x.statistic === id)!
		return [r.numerator, r.denominator, r.percent, r.population]
	}
	const figures: Array<[string, Array<string | number>]> = [
		['his', [39, 39, 100, 'answered']],
		['his_provision.in_house', [3, 39, 7.7, 'answered']],
		['his_provision.vendor', [36, 39, 92.3, 'answered']],
		['lis', [36, 39, 92.3, 'answered']],
		['eoffice', [34, 39, 87.2, 'answered']],
		['rispacs', [20, 38, 52.6, 'applicable']],
		['cashless', [39, 39, 100, 'answered']],
		['chip_id_visits', [37518, 39000, 96.2, 'applicable']],
	]
	for (const [id, want] of figures) expect(pick(body.data, id), id).toEqual(want)

	// And its CSV, cell for cell.
	const csv = await run(statsApi.loader, makeRequest(`/api/v1/statistics?${q}&managingBody=moh&format=csv`))
	expect(csv.headers.get('Content-Type')).toMatch(/^text\/csv/)
	const rows = parse(String(csv.data).replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>
	for (const [id, want] of figures) expect(pick(rows, id), id).toEqual(want.map(String))
	expect(rows.find((r) => r.statistic === 'rispacs')).toMatchObject({
		label: 'Đã triển khai RIS-PACS',
		label_en: 'RIS-PACS deployed',
		reported: '39',
	})

	// Nationally through the API, EMR over the registered facilities.
	const all = JSON.parse((await run(statsApi.loader, makeRequest(`/api/v1/statistics?${q}`))).data)
	expect(pick(all.data, 'emr')).toEqual([50, 73, 68.5, 'registered'])
	expect(all.data.find((r: Row) => r.statistic === 'emr')).toMatchObject({ reported: 70, registered: 73 })
}, 240_000)

test("the analysts' workbook of the round has the portal's figures, nationally and per province, with their denominators in words; a province's evaluator gets their province's", async () => {
	const w = await world()
	const workbook = async (grant: GrantInput, locale: 'vi' | 'en') => {
		const user = await insertUser(db(), { grants: [grant] })
		const res = await run(
			exportRoute.loader,
			makeRequest(`/admin/campaigns/${w.campaignId}/export`, {
				cookie: `${(await cookieFor(user.id)).cookie}; ${(await localeCookie.serialize(locale)).split(';')[0]}`,
			}),
			{ campaignId: String(w.campaignId) },
		)
		expect(res.status).toBe(200)
		const wb = await openWorkbook(res.bytes!)
		const sheet = wb.worksheets[1]
		return {
			name: sheet.name,
			rows: sheet.getRows(3, sheet.rowCount - 2)!.map((r) => (r.values as Array<unknown>).slice(1)),
		}
	}
	const national = await workbook({ role: 'admin', scopeKind: 'national' }, 'vi')
	expect(national.name).toBe('Thống kê')
	const line = (scope: string, id: string) => national.rows.find((r) => r[0] === scope && r[1] === id)
	// Scope, code, indicator, figure, numerator, denominator, percent, denominator and reporting in words, reported, registered.
	expect(line('Toàn quốc', 'emr')).toEqual([
		'Toàn quốc',
		'emr',
		'Đã triển khai bệnh án điện tử',
		'50/73 (68,5 %)',
		50,
		73,
		0.685,
		'73 cơ sở đã đăng ký, 70 đã báo cáo · 70/73 cơ sở đã báo cáo',
		70,
		73,
	])
	expect(line('Toàn quốc', 'filmless')?.slice(3, 6)).toEqual(['23/69 (33,3 %)', 23, 69])
	expect(line('Thành phố Huế', 'emr')?.slice(3, 6)).toEqual(['20/31 (64,5 %)', 20, 31])
	expect(line('Thành phố Hồ Chí Minh', 'his')?.slice(3, 10)).toEqual(['14/14 (100 %)', 14, 14, 1, expect.any(String), 14, 17])
	// Only the three provinces of the round, after the national lines, in Vietnamese order.
	expect([...new Set(national.rows.map((r) => r[0]))]).toEqual(['Toàn quốc', 'Thành phố Hà Nội', 'Thành phố Hồ Chí Minh', 'Thành phố Huế'])

	const hue = await workbook({ role: 'evaluator', scopeKind: 'province', provinceCode: '46' }, 'en')
	expect(hue.name).toBe('Statistics')
	expect([...new Set(hue.rows.map((r) => r[0]))]).toEqual(['Hue City'])
	expect(hue.rows.find((r) => r[1] === 'rispacs')?.slice(2, 4)).toEqual(['RIS-PACS deployed', '31/31 (100%)'])
}, 240_000)

test("each hospital's signed report states the national indicators as its own verified answers give them, by the portal's definitions", async () => {
	await world()
	const reportOf = async (code: string) => {
		const row = db()
			.select({ report: schema.reports })
			.from(schema.reports)
			.innerJoin(schema.assessments, eq(schema.assessments.id, schema.reports.assessmentId))
			.innerJoin(schema.facilities, eq(schema.facilities.id, schema.assessments.facilityId))
			.where(eq(schema.facilities.code, code))
			.get()!
		const file = tmpFile(`${code}.pdf`, await readReportBytes(row.report))
		return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
	}
	const line = (text: string, label: string) =>
		text
			.split('\n')
			.find((l) => l.trimStart().startsWith(label))
			?.trim()
			.split(/\s{2,}/)
	// A hospital with an imaging department, RIS-PACS from a vendor, HIS built in-house, chip-ID check-in.
	const first = await reportOf('BYT000')
	expect(first).toContain('CHỈ TIÊU THỐNG KÊ')
	expect(first).toContain('Theo kết quả thẩm định, tính theo định nghĩa chỉ tiêu của cổng thông tin công khai.')
	expect(line(first, 'Đã triển khai HIS')).toEqual(['Đã triển khai HIS', 'Có'])
	expect(line(first, 'Đã triển khai RIS-PACS')).toEqual(['Đã triển khai RIS-PACS', 'Có'])
	expect(line(first, 'Lượt khám tiếp nhận bằng căn cước gắn chip')).toEqual(['Lượt khám tiếp nhận bằng căn cước gắn chip', '96,2 %'])
	// No imaging department: RIS-PACS and film-less imaging do not apply; no LIS, no e-office.
	const last = await reportOf('BYT038')
	expect(line(last, 'Đã triển khai RIS-PACS')).toEqual(['Đã triển khai RIS-PACS', '—'])
	expect(line(last, 'Không in phim')).toEqual(['Không in phim', '—'])
	expect(line(last, 'Đã triển khai LIS')).toEqual(['Đã triển khai LIS', 'Không'])
}, 240_000)

test('each breakdown (managing body, type, grade, bed band) and their combinations narrow the figures and the registered population alike', async () => {
	const w = await world()
	const figures = async (query: string) => {
		const res = await run(statsApi.loader, makeRequest(`/api/v1/statistics?campaign=${w.campaignId}&${query}`))
		expect(res.status, query).toBe(200)
		const body = JSON.parse(res.data)
		const his = body.data.find((r: Row) => r.statistic === 'his')
		return [body.published, body.registered, his.numerator, his.denominator]
	}
	expect(await figures('managingBody=province')).toEqual([31, 31, 31, 31])
	expect(await figures('managingBody=private')).toEqual([0, 3, 0, 0])
	expect(await figures('type=specialty_hospital')).toEqual([13, 13, 13, 13])
	expect(await figures('class=special')).toEqual([9, 9, 9, 9])
	expect(await figures(`beds=${encodeURIComponent('1500+')}`)).toEqual([10, 10, 10, 10])
	expect(await figures(`beds=${encodeURIComponent('<100')}`)).toEqual([26, 26, 26, 26])
	expect(await figures('beds=100-299')).toEqual([5, 8, 5, 5])
	// Combined: MOH hospitals of 300–699 beds; general hospitals of grade I.
	expect(await figures('managingBody=moh&beds=300-699')).toEqual([9, 9, 9, 9])
	expect(await figures('type=general_hospital&class=I')).toEqual([20, 20, 20, 20])
	// A province's figures within a breakdown.
	expect(await figures('province=79&managingBody=moh')).toEqual([14, 14, 14, 14])
	expect(await figures('province=79')).toEqual([14, 17, 14, 14])
	// The national page shows the same breakdown, each value with its reporting rate.
	const page = await run(nationalPage.loader, makeRequest(`/portal?campaign=${w.campaignId}&managingBody=moh`))
	expect(page.data.registered).toBe(39)
	const byBeds = page.data.breakdowns.find((b: { key: string }) => b.key === 'beds')
	expect(byBeds.rows.map((r: { value: string; reported: number }) => [r.value, r.reported])).toEqual([
		['300-699', 9],
		['700-1499', 20],
		['1500+', 10],
	])
	// A province page's bed filter.
	const hue = await run(provincePage.loader, makeRequest(`/portal/hue?campaign=${w.campaignId}&beds=100-299`), { province: 'hue' })
	expect(hue.data.facilities).toHaveLength(5)
	expect(hue.data.registered).toBe(5)
}, 240_000)

test.each([
	['managingBody=ministry', 'Invalid filter: managingBody (one of moh, province, other_ministry, private)'],
	['managingbody=moh', 'Unknown parameter: managingbody (accepted: format, campaign, province, type, class, managingBody, beds)'],
	['bedBand=1500%2B', 'Unknown parameter: bedBand (accepted: format, campaign, province, type, class, managingBody, beds)'],
	['beds=1500', 'Invalid filter: beds (one of <100, 100-299, 300-699, 700-1499, 1500+)'],
	[
		'type=hospital',
		'Invalid filter: type (one of general_hospital, specialty_hospital, traditional_medicine_hospital, district_health_centre, private_hospital, polyclinic)',
	],
	['class=V', 'Invalid filter: class (one of special, I, II, III, IV, unclassified)'],
	['province=1', 'Invalid filter: province (a two-digit province code)'],
	['province=99', 'Invalid filter: province (no province has the code 99)'],
])('/api/v1/statistics?%s is refused with 400 and a message naming the filter', async (query, message) => {
	const res = await run(statsApi.loader, makeRequest(`/api/v1/statistics?${query}`))
	expect(res.status).toBe(400)
	expect(JSON.parse(res.data)).toEqual({ error: message })
})

test('the national page refuses an unknown breakdown value with 400 instead of showing every facility', async () => {
	const res = await run(nationalPage.loader, makeRequest('/portal?managingBody=ministry'))
	expect(res.status).toBe(400)
})

test('the trend of an indicator across rounds is on the national, province and facility pages and in the API, with its denominator', async () => {
	const w = await world()
	const page = await run(nationalPage.loader, makeRequest(`/portal?campaign=${w.campaignId}&managingBody=moh&trend=rispacs`))
	expect(page.data.trend.chosen).toBe('rispacs')
	expect(page.data.trend.rounds).toEqual([
		expect.objectContaining({
			campaignId: w.campaignId,
			figure: expect.objectContaining({ numerator: 20, denominator: 38, percent: 52.6 }),
		}),
	])
	const hue = await run(provincePage.loader, makeRequest('/portal/hue?trend=emr'), { province: 'hue' })
	expect(hue.data.trend.rounds[0].figure).toMatchObject({ numerator: 20, denominator: 31, reported: 31, registered: 31 })
	const facility = await run(facilityPortal.loader, makeRequest('/portal/facility/BYT038'), { code: 'BYT038' })
	const mine = facility.data.indicatorTrend[0].statistics
	expect(mine.find((s: IndicatorFigure) => s.id === 'his')).toMatchObject({ numerator: 1, denominator: 1 })
	// No imaging department: RIS-PACS does not apply to this hospital.
	expect(mine.find((s: IndicatorFigure) => s.id === 'rispacs')).toMatchObject({ numerator: 0, denominator: 0 })
	const api = await run(trendsApi.loader, makeRequest('/api/v1/trends?indicator=lis&managingBody=moh'))
	expect(JSON.parse(api.data).data).toEqual([
		expect.objectContaining({
			campaign_id: w.campaignId,
			statistic: 'lis',
			numerator: 36,
			denominator: 39,
			percent: 92.3,
			reported: 39,
			registered: 39,
		}),
	])
	const csv = await run(trendsApi.loader, makeRequest('/api/v1/trends?indicator=lis&format=csv'))
	expect(
		String(csv.data)
			.replace(/^\uFEFF/, '')
			.split('\n')[0],
	).toBe('campaign_id,campaign_title,year,statistic,label,label_en,kind,population,numerator,denominator,percent,reported,registered')
	expect((await run(trendsApi.loader, makeRequest('/api/v1/trends?indicator=bogus'))).status).toBe(400)
	expect((await run(nationalPage.loader, makeRequest('/portal?trend=bogus'))).status).toBe(400)
}, 240_000)
