import { expect, test } from 'vitest'
import { versionEnd, versionRefusal, versionsInForce, type VersionDates } from './versions'

const v = (code: string, version: number, effectiveFrom: string, repealedFrom: string | null = null): VersionDates => ({
	code,
	version,
	effectiveFrom,
	repealedFrom,
})
const tt54v1 = v('IT-TT54-2017', 1, '2018-02-26')
const tt54v2 = v('IT-TT54-2017', 2, '2025-06-06')
const attt = v('ATTT-CAPDO-2026', 1, '2026-08-19')
const repealed = v('OLD', 1, '2018-01-01', '2025-01-01')
const all = [tt54v1, tt54v2, attt, repealed]

test.each<[string, VersionDates, string, string | null]>([
	['a version in force on the opening day', tt54v2, '2026-11-05', null],
	['the day a version takes effect', attt, '2026-08-19', null],
	['a round opening before the version takes effect', attt, '2026-08-18', 'campaign.catalogNotYetInForce'],
	['an older version after a newer one took effect', tt54v1, '2025-06-06', 'campaign.catalogSuperseded'],
	['the older version the day before the newer one took effect', tt54v1, '2025-06-05', null],
	['a repealed version on its repeal day', repealed, '2025-01-01', 'campaign.catalogRepealed'],
])('%s: %s on %s → %s', (_name, version, opensOn, code) => {
	expect(versionRefusal(version, all, opensOn)?.code ?? null).toBe(code)
})

test('a refusal names the version, the dates in dd/mm/yyyy and the newer version', () => {
	expect(versionRefusal(tt54v1, all, '2026-11-05')).toEqual({
		code: 'campaign.catalogSuperseded',
		params: { catalog: 'IT-TT54-2017 v1', until: '06/06/2025', opens: '05/11/2026', newer: 2 },
	})
})

test('a later version in force from the same day replaces the earlier one entirely', () => {
	const fixed = v('EMR-TT13-2025', 2, '2025-07-21')
	const first = v('EMR-TT13-2025', 1, '2025-07-21')
	expect(versionEnd(first, [first, fixed])).toEqual({ until: '2025-07-21', by: { version: 2 } })
	expect(versionRefusal(first, [first, fixed], '2025-08-01')?.code).toBe('campaign.catalogSuperseded')
})

test('the versions in force on a day: one per catalog, none for a catalog not yet in force', () => {
	const inForce = versionsInForce(all, '2026-03-02')
	expect([...inForce.values()]).toEqual([tt54v2])
})
