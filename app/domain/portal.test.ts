import { expect, test } from 'vitest'
import { bedBand, levelDistribution, levelShare, levelShareChoices, peerGroup, type VerifiedLevel } from './portal'
import { parseProvinceFilters } from './portal-filters'

test.each([
	[0, '<100'],
	[99, '<100'],
	[100, '100-299'],
	[299, '100-299'],
	[300, '300-699'],
	[699, '300-699'],
	[700, '700-1499'],
	[1499, '700-1499'],
	[1500, '1500+'],
])('a facility of %i beds is in the %s band', (beds, band) => {
	expect(bedBand(beds)).toBe(band)
})

test('peers share the grade and the bed-size band, whatever else differs', () => {
	const rows = [
		{ code: 'a', class: 'II', bedCount: 300 },
		{ code: 'b', class: 'II', bedCount: 699 },
		{ code: 'c', class: 'II', bedCount: 700 },
		{ code: 'd', class: 'I', bedCount: 400 },
	]
	const { band, peers } = peerGroup(rows, { class: 'II', bedCount: 450 })
	expect(band).toBe('300-699')
	expect(peers.map((p) => p.code)).toEqual(['a', 'b'])
})

test.each([
	['', {}],
	['type=&class=II', { class: 'II' }],
	['type=general_hospital&managingBody=moh&level=L2', { type: 'general_hospital', managingBody: 'moh', level: 'L2' }],
])('the filters %j read as %j', (query, filters) => {
	const parsed = parseProvinceFilters(new URLSearchParams(query))
	expect(parsed.success && parsed.data).toEqual(filters)
})

test.each([
	[
		'type=bogus',
		'Invalid filter: type (one of general_hospital, specialty_hospital, traditional_medicine_hospital, district_health_centre, private_hospital, polyclinic)',
	],
	['class=V', 'Invalid filter: class (one of special, I, II, III, IV, unclassified)'],
	['managingBody=<script>', 'Invalid filter: managingBody (one of moh, province, other_ministry, private)'],
	['beds=500-999', 'Invalid filter: beds (one of <100, 100-299, 300-699, 700-1499, 1500+)'],
	['level=a b', 'Invalid filter: level'],
])('a filter that names nothing (%s) is refused with a message naming it', (query, message) => {
	const parsed = parseProvinceFilters(new URLSearchParams(query))
	expect(parsed.success).toBe(false)
	expect(parsed.error?.issues[0]?.message).toBe(message)
})

test('a distribution counts facilities per level in rank order, "no level" first, and skips catalogs without a result', () => {
	const level = (id: string, rank: number) => ({ id, rank, title: { vi: `Mức ${id}`, en: `Level ${id}` } })
	const result = (achievedLevel: VerifiedLevel['achievedLevel'], percent: number | null): VerifiedLevel => ({
		code: 'EMR',
		version: 1,
		achievedLevel,
		percent,
		provisional: false,
	})
	const rows = [
		{ levels: [result(level('2', 2), 80)] },
		{ levels: [result(level('1', 1), 60)] },
		{ levels: [result(level('2', 2), 85)] },
		{ levels: [result(null, 10)] },
		{ levels: [result(null, null)] },
	]
	const [emr] = levelDistribution(rows, new Map([['EMR', { vi: 'Bệnh án điện tử', en: 'EMR' }]]))
	expect(emr.title.en).toBe('EMR')
	expect(emr.total).toBe(4)
	expect(emr.levels.map((l) => [l.id, l.count])).toEqual([
		[null, 1],
		['1', 1],
		['2', 2],
	])
})

test('a level share counts the facilities at a level or above among those reporting on the catalog, and offers every level reached, lowest first', () => {
	const level = (id: string, rank: number) => ({ id, rank, title: { vi: `Mức ${id}`, en: `Level ${id}` } })
	const result = (code: string, achievedLevel: VerifiedLevel['achievedLevel'], percent: number | null): VerifiedLevel => ({
		code,
		version: 1,
		achievedLevel,
		percent,
		provisional: false,
	})
	const rows = [
		{ levels: [result('EMR', level('3', 3), 90), result('ATTT', level('1', 1), null)] },
		{ levels: [result('EMR', level('1', 1), 60)] },
		{ levels: [result('EMR', level('2', 2), 85)] },
		{ levels: [result('EMR', null, 10)] },
		// Neither a level nor a percentage: not reporting on the catalog, not in the denominator.
		{ levels: [result('EMR', null, null)] },
	]
	const choices = levelShareChoices(rows, new Map([['EMR', { vi: 'Bệnh án điện tử', en: 'EMR' }]]))
	expect(choices.map((c) => c.id)).toEqual(['level:ATTT:1', 'level:EMR:1', 'level:EMR:2', 'level:EMR:3'])
	expect(choices[1].catalogTitle.vi).toBe('Bệnh án điện tử')
	expect(choices[0].catalogTitle.vi).toBe('ATTT')
	expect(levelShare(rows, 'EMR', 2)).toEqual({ numerator: 2, denominator: 4, percent: 50 })
	expect(levelShare(rows, 'EMR', 1)).toEqual({ numerator: 3, denominator: 4, percent: 75 })
	expect(levelShare(rows, 'EMR', 4)).toEqual({ numerator: 0, denominator: 4, percent: 0 })
	expect(levelShare([], 'EMR', 1)).toEqual({ numerator: 0, denominator: 0, percent: null })
})
