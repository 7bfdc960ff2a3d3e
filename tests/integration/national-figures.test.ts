// Acceptance test of the national figures at the ministry's own scale (docs/STATISTICS.md): a national
// round over a registry of 1,650 hospitals in every province, 1,402 of which report; the figures the
// ministry published for that population — EMR in 1,128 of 1,650 registered hospitals, the insurance
// gateway in 99,7 % of those reporting, chip-ID check-in accepted by 123 units for 96,2 % of their
// visits — are read back from the portal page, the API and its CSV, worded in both languages.
import { parse } from 'csv-parse/sync'
import { expect, test } from 'vitest'
import { listProvinces } from '#db/queries/provinces'
import { db, makeRequest, run } from '#tests/helpers'
import { choice, no, num, type Plan, surveyRound, yes } from '#tests/survey-round'
import { type Answer } from '~/domain/catalog/answers'
import { FACILITY_CLASSES, MANAGING_BODIES } from '~/domain/enums'
import { formatFigure, type IndicatorFigure } from '~/domain/indicators'
import { coverageWords, denominatorWords } from '~/i18n/figure-words'
import { makeTranslate } from '~/i18n/translate'
import * as statsApi from '~/routes/api.v1.statistics'
import * as nationalPage from '~/routes/portal._index'

const REGISTERED = 1650
const REPORTING = 1402
const EMR = 1128
const INSURANCE = 1398
const CHIP_ID = 123

/**
 * Hospital i of the registry: spread over every province, managing body, grade and bed band. The
 * first 1,402 report: EMR in the first 1,128, the insurance gateway in all but the last four, chip-ID
 * check-in in the first 123 (100 of them with 1,925 of 2,000 visits, 23 with 480 of 500: 203,540 of
 * 211,500 visits, 96,2 %); the others answer no and count their visits without a chip ID.
 */
function plan(i: number, provinces: ReadonlyArray<string>): Plan {
	const chip = i < CHIP_ID
	const answers: Record<string, Answer> = {
		'INV.SYS.emr': choice(i < EMR ? 'vendor' : 'not_deployed'),
		'INV.CONN.insurance_gateway': i < INSURANCE ? yes : no,
		'INV.CONN.chip_id_accepted': chip ? yes : no,
		'INV.CONN.visits_total': num(chip ? (i < 100 ? 2000 : 500) : 800),
		'INV.CONN.visits_chip_id': num(chip ? (i < 100 ? 1925 : 480) : 0),
	}
	return {
		code: `BV${String(i).padStart(5, '0')}`,
		name: `Bệnh viện ${i + 1}`,
		province: provinces[i % provinces.length],
		type: i % 4 === 0 ? 'specialty_hospital' : 'general_hospital',
		class: FACILITY_CLASSES[i % 5],
		body: MANAGING_BODIES.filter((b) => b !== 'other_ministry')[i % 3] as Plan['body'],
		beds: [60, 150, 400, 900, 1600][i % 5],
		answers: i < REPORTING ? answers : null,
	}
}

const figureOf = (statistics: ReadonlyArray<IndicatorFigure>, id: string) => statistics.find((s) => s.id === id)!

function worded(f: IndicatorFigure, locale: 'vi' | 'en') {
	const t = makeTranslate(locale)
	return `${formatFigure(f, locale)} · ${denominatorWords(t, locale, f)} · ${coverageWords(t, locale, f)}`
}

test("a national round of 1,650 registered hospitals reproduces the ministry's EMR, insurance gateway and chip-ID figures on the portal, in the API and its CSV, in both languages", async () => {
	const provinces = listProvinces(db()).map((p) => p.code)
	expect(provinces).toHaveLength(34)
	const { campaignId } = await surveyRound(
		Array.from({ length: REGISTERED }, (_, i) => plan(i, provinces)),
		[],
	)

	const page = await run(nationalPage.loader, makeRequest(`/portal?campaign=${campaignId}`))
	expect(page.status).toBe(200)
	expect(page.data).toMatchObject({ published: REPORTING, registered: REGISTERED })
	const fig = (id: string) => figureOf(page.data.statistics, id)
	expect(worded(fig('emr'), 'vi')).toBe('1.128/1.650 (68,4 %) · 1.650 cơ sở đã đăng ký, 1.402 đã báo cáo · 1.402/1.650 cơ sở đã báo cáo')
	expect(worded(fig('emr'), 'en')).toBe(
		'1,128/1,650 (68.4%) · 1,650 registered facilities, 1,402 reported · 1,402/1,650 facilities reported',
	)
	expect(worded(fig('insurance'), 'vi')).toBe(
		'1.398/1.402 (99,7 %) · 1.402 cơ sở đã báo cáo có trả lời câu hỏi · 1.402/1.650 cơ sở đã báo cáo',
	)
	expect(worded(fig('insurance'), 'en')).toBe(
		'1,398/1,402 (99.7%) · 1,402 reporting facilities that answered the question · 1,402/1,650 facilities reported',
	)
	expect(formatFigure(fig('chip_id'), 'vi')).toBe('123/1.402 (8,8 %)')
	expect(worded(fig('chip_id_visits'), 'vi')).toBe(
		'96,2 % · 211.500 lượt khám tại các cơ sở tiếp nhận bằng căn cước gắn chip · 1.402/1.650 cơ sở đã báo cáo',
	)
	expect(worded(fig('chip_id_visits'), 'en')).toBe(
		'96.2% · 211,500 visits at facilities accepting chip-ID check-in · 1,402/1,650 facilities reported',
	)
	expect(fig('chip_id_visits')).toMatchObject({ numerator: 203_540, denominator: 211_500, facilities: CHIP_ID })
	// Every province is on the page with its own reporting rate: 1,650 over 34 provinces is 48 or 49 each.
	expect(page.data.provinces).toHaveLength(34)
	expect(page.data.provinces.reduce((n: number, p: { registered: number }) => n + p.registered, 0)).toBe(REGISTERED)
	expect(page.data.provinces.reduce((n: number, p: { published: number }) => n + p.published, 0)).toBe(REPORTING)

	// The API and its CSV: the same numbers, the same populations.
	const want: Array<[string, Array<string | number>]> = [
		['emr', [EMR, REGISTERED, 68.4, 'registered', REPORTING, REGISTERED]],
		['insurance', [INSURANCE, REPORTING, 99.7, 'answered', REPORTING, REGISTERED]],
		['chip_id', [CHIP_ID, REPORTING, 8.8, 'answered', REPORTING, REGISTERED]],
		['chip_id_visits', [203_540, 211_500, 96.2, 'applicable', REPORTING, REGISTERED]],
	]
	const pick = (rows: Array<Record<string, string | number>>, id: string) => {
		const r = rows.find((x) => x.statistic === id)!
		return [r.numerator, r.denominator, r.percent, r.population, r.reported, r.registered]
	}
	const api = JSON.parse((await run(statsApi.loader, makeRequest(`/api/v1/statistics?campaign=${campaignId}`))).data)
	expect(api).toMatchObject({ published: REPORTING, registered: REGISTERED })
	for (const [id, figures] of want) expect(pick(api.data, id), id).toEqual(figures)
	const csv = await run(statsApi.loader, makeRequest(`/api/v1/statistics?campaign=${campaignId}&format=csv`))
	const rows = parse(String(csv.data).replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>
	for (const [id, figures] of want) expect(pick(rows, id), id).toEqual(figures.map(String))
}, 600_000)
