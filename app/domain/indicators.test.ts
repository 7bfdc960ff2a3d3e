import { expect, test } from 'vitest'
import { type Answer } from './catalog/answers'
import {
	computeIndicators,
	facilityReading,
	formatFigure,
	HEADLINE_INDICATORS,
	INDICATORS,
	type IndicatorFigure,
	percentOf,
} from './indicators'

const sheet = (entries: Record<string, Answer>) => new Map(Object.entries(entries))
const choice = (value: string): Answer => ({ kind: 'choice', value })
const yesNo = (value: 'yes' | 'no' | 'na'): Answer =>
	value === 'na' ? { kind: 'yes_no', value, naReason: 'không có' } : { kind: 'yes_no', value }
const num = (value: number): Answer => ({ kind: 'number', value })
const times = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i))
const figure = (all: Array<IndicatorFigure>, id: string) => all.find((f) => f.id === id)!

test('answered: X/Y counts the facilities that answered, and the percentage is rounded to one decimal', () => {
	const sheets = [
		...times(36, () => sheet({ 'INV.SYS.lis': choice('vendor') })),
		...times(3, () => sheet({ 'INV.SYS.lis': choice('not_deployed') })),
		sheet({}),
	]
	const lis = figure(computeIndicators(sheets, 45), 'lis')
	expect(lis).toMatchObject({ numerator: 36, denominator: 39, percent: 92.3, reported: 40, registered: 45, population: 'answered' })
	expect(formatFigure(lis, 'vi')).toBe('36/39 (92,3 %)')
	expect(formatFigure(lis, 'en')).toBe('36/39 (92.3%)')
})

test('a distribution by option gives one figure per option over the same denominator, adding up to it', () => {
	const sheets = [
		...times(3, () => sheet({ 'INV.SYS.his': choice('in_house') })),
		...times(36, () => sheet({ 'INV.SYS.his': choice('vendor') })),
	]
	const all = computeIndicators(sheets, 39)
	expect(figure(all, 'his')).toMatchObject({ numerator: 39, denominator: 39, percent: 100 })
	expect(figure(all, 'his_provision.in_house')).toMatchObject({
		numerator: 3,
		denominator: 39,
		percent: 7.7,
		distribution: 'his_provision',
	})
	expect(figure(all, 'his_provision.vendor')).toMatchObject({ numerator: 36, denominator: 39, percent: 92.3 })
	expect(figure(all, 'his_provision.service')).toMatchObject({ numerator: 0, denominator: 39, percent: 0 })
	const parts = all.filter((f) => f.distribution === 'his_provision')
	expect(parts.reduce((n, f) => n + f.numerator, 0)).toBe(39)
	expect(formatFigure(figure(all, 'his'), 'vi')).toBe('39/39 (100 %)')
	expect(formatFigure(figure(all, 'his_provision.in_house'), 'en')).toBe('3/39 (7.7%)')
})

test('applicable: a facility without an imaging department, or answering N/A, leaves the denominator', () => {
	const sheets = [
		...times(20, () =>
			sheet({ 'INV.IMG.department': yesNo('yes'), 'INV.SYS.rispacs': choice('vendor'), 'INV.IMG.filmless': yesNo('yes') }),
		),
		...times(18, () =>
			sheet({ 'INV.IMG.department': yesNo('yes'), 'INV.SYS.rispacs': choice('not_deployed'), 'INV.IMG.filmless': yesNo('no') }),
		),
		sheet({ 'INV.IMG.department': yesNo('no'), 'INV.SYS.rispacs': choice('not_deployed'), 'INV.IMG.filmless': yesNo('no') }),
		sheet({ 'INV.IMG.department': yesNo('yes'), 'INV.SYS.rispacs': choice('vendor'), 'INV.IMG.filmless': yesNo('na') }),
	]
	const all = computeIndicators(sheets, 40)
	expect(figure(all, 'rispacs')).toMatchObject({ numerator: 21, denominator: 39, population: 'applicable' })
	expect(figure(all, 'filmless')).toMatchObject({ numerator: 20, denominator: 38, percent: 52.6 })
})

test('applicable on a survey without the imaging question keeps every answering facility', () => {
	const all = computeIndicators([sheet({ 'INV.SYS.rispacs': choice('vendor') }), sheet({ 'INV.SYS.rispacs': choice('not_deployed') })], 2)
	expect(figure(all, 'rispacs')).toMatchObject({ numerator: 1, denominator: 2, percent: 50 })
})

test('registered: every registered facility is in the denominator, the non-reporters counted as not meeting', () => {
	const sheets = [
		...times(1128, () => sheet({ 'INV.SYS.emr': choice('vendor') })),
		...times(274, () => sheet({ 'INV.SYS.emr': choice('not_deployed') })),
	]
	const emr = figure(computeIndicators(sheets, 1650), 'emr')
	expect(emr).toMatchObject({
		numerator: 1128,
		denominator: 1650,
		percent: 68.4,
		reported: 1402,
		registered: 1650,
		population: 'registered',
	})
	expect(formatFigure(emr, 'vi')).toBe('1.128/1.650 (68,4 %)')
	expect(formatFigure(emr, 'en')).toBe('1,128/1,650 (68.4%)')
})

test('a weighted ratio sums the parts and the wholes over the facilities where it applies', () => {
	const sheets = [
		sheet({ 'INV.CONN.chip_id_accepted': yesNo('yes'), 'INV.CONN.visits_chip_id': num(900), 'INV.CONN.visits_total': num(1000) }),
		sheet({ 'INV.CONN.chip_id_accepted': yesNo('yes'), 'INV.CONN.visits_chip_id': num(9100), 'INV.CONN.visits_total': num(9400) }),
		sheet({ 'INV.CONN.chip_id_accepted': yesNo('no'), 'INV.CONN.visits_chip_id': num(0), 'INV.CONN.visits_total': num(50000) }),
	]
	const all = computeIndicators(sheets, 3)
	const visits = figure(all, 'chip_id_visits')
	expect(visits).toMatchObject({ kind: 'ratio', numerator: 10000, denominator: 10400, percent: 96.2, facilities: 2 })
	expect(formatFigure(visits, 'vi')).toBe('96,2 %')
	expect(formatFigure(visits, 'en')).toBe('96.2%')
	expect(figure(all, 'chip_id')).toMatchObject({ numerator: 2, denominator: 3 })
})

test('a sum is a total with no denominator, over the facilities that answered', () => {
	const it = figure(
		computeIndicators([sheet({ 'INV.INFRA.it_staff': num(1200) }), sheet({ 'INV.INFRA.it_staff': num(3) }), sheet({})], 3),
		'it_staff',
	)
	expect(it).toMatchObject({ kind: 'sum', numerator: 1203, denominator: null, percent: null, facilities: 2 })
	expect(formatFigure(it, 'vi')).toBe('1.203')
	expect(formatFigure(it, 'en')).toBe('1,203')
})

test('a figure with nothing to count reads as no data (—), not 0/0', () => {
	const his = figure(computeIndicators([], 0), 'his')
	expect(his).toMatchObject({ numerator: 0, denominator: 0, percent: null })
	expect(formatFigure(his, 'vi')).toBe('—')
})

test.each([
	[36, 39, 92.3],
	[3, 39, 7.7],
	[34, 39, 87.2],
	[20, 38, 52.6],
	[39, 39, 100],
	[1, 3, 33.3],
	[2, 3, 66.7],
	[997, 1000, 99.7],
	[0, 5, 0],
	[1999, 2000, 99.9],
	[19999, 20000, 99.9],
])('%i/%i rounds to %d %%', (x, y, p) => {
	expect(percentOf(x, y)).toBe(p)
})

test('every indicator has a unique id and both labels; the headline ones exist', () => {
	const ids = INDICATORS.map((d) => d.id)
	expect(new Set(ids).size).toBe(ids.length)
	for (const d of INDICATORS) expect(d.label.vi && d.label.en).toBeTruthy()
	expect(HEADLINE_INDICATORS).toEqual(['his', 'lis', 'rispacs', 'emr'])
})

test("one facility's reading of each indicator: met or not, its own figure, or not counted when it did not answer or the question does not apply", () => {
	const read = (entries: Record<string, Answer>, id: string, locale: 'vi' | 'en' = 'vi') =>
		facilityReading(figure(computeIndicators([sheet(entries)], 1), id), locale)
	expect(read({ 'INV.SYS.lis': choice('vendor') }, 'lis')).toEqual({ met: true })
	expect(read({ 'INV.SYS.lis': choice('not_deployed') }, 'lis')).toEqual({ met: false })
	expect(read({}, 'lis')).toBeNull()
	// No imaging department: RIS-PACS does not apply; an N/A answer takes the facility out too.
	expect(read({ 'INV.IMG.department': yesNo('no'), 'INV.SYS.rispacs': choice('not_deployed') }, 'rispacs')).toBeNull()
	expect(read({ 'INV.IMG.department': yesNo('yes'), 'INV.IMG.filmless': yesNo('na') }, 'filmless')).toBeNull()
	// Over the registered population a facility that has not answered does not meet the indicator.
	expect(read({}, 'emr')).toEqual({ met: false })
	// A weighted ratio reads as the facility's own percentage, in the reader's format.
	const chip = { 'INV.CONN.chip_id_accepted': yesNo('yes'), 'INV.CONN.visits_chip_id': num(962), 'INV.CONN.visits_total': num(1000) }
	expect(read(chip, 'chip_id_visits')).toEqual({ figure: '96,2 %' })
	expect(read(chip, 'chip_id_visits', 'en')).toEqual({ figure: '96.2%' })
	expect(read({ ...chip, 'INV.CONN.chip_id_accepted': yesNo('no') }, 'chip_id_visits')).toBeNull()
	// A total reads as the facility's own number; without an answer it is not counted, not zero.
	expect(read({ 'INV.INFRA.it_staff': num(1200) }, 'it_staff')).toEqual({ figure: '1.200' })
	expect(read({}, 'it_staff')).toBeNull()
})
