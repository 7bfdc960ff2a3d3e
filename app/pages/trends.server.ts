// The portal's trends across rounds (docs/ROUNDS.md): a facility's level per catalog in every round
// it was published, and the distribution of levels per round for a province or the country.
// Published results only (db/queries/portal); the distributions are memoised per portal version
// (`cached` of app/pages/portal.server.ts).
import { getDb } from '#db/client.server'
import { getCatalogVersion } from '#db/queries/catalogs'
import { catalogTitles, portalCampaigns, publishedResults } from '#db/queries/portal'
import { campaignDueDates } from '#db/queries/rounds'
import { type VerifiedLevel } from '~/domain/portal'
import { distributionTrend, facilityTrend, type DistributionTrend } from '~/domain/trends'
import { cached } from './portal.server'

type Row = { campaignId: number; campaignTitle: string; levels: ReadonlyArray<VerifiedLevel> }

/** A facility's trend from its published results (newest first, as the facility page reads them). */
export function facilityTrendModel(results: ReadonlyArray<Row>) {
	const db = getDb()
	const maxRanks = new Map<string, number>()
	const versions = new Set(results.flatMap((r) => r.levels.map((l) => `${l.code}\u0000${l.version}`)))
	for (const key of versions) {
		const [code, version] = key.split('\u0000')
		const levels = getCatalogVersion(db, code, Number(version))?.catalog.levels ?? []
		maxRanks.set(code, Math.max(maxRanks.get(code) ?? 1, ...levels.map((x) => x.rank)))
	}
	// The portal's order of rounds (latest due date first, then the newest campaign), whatever the rows'.
	const due = campaignDueDates(db, [...new Set(results.map((r) => r.campaignId))])
	const newestFirst = [...results].sort(
		(a, b) => (due.get(b.campaignId) ?? 0) - (due.get(a.campaignId) ?? 0) || b.campaignId - a.campaignId,
	)
	return facilityTrend(newestFirst, catalogTitles(db), maxRanks)
}

/** The distribution of levels in every published round, for one province or (null) the country. */
export function distributionTrendModel(provinceCode: string | null): DistributionTrend {
	return cached(`distributionTrend:${provinceCode ?? 'national'}`, () => {
		const db = getDb()
		const rows = publishedResults(db, provinceCode ? { provinceCode } : {})
		const rounds = portalCampaigns(db)
			.map((c) => ({ id: c.id, title: c.title }))
			.reverse()
		return distributionTrend(rows, rounds, catalogTitles(db))
	}).value
}
