// The public portal's page models (national, province, facility) and the open-data tables built on
// them: published results only, read through db/queries/portal and composed by app/domain/portal.
// Each model is memoised per publication version, so it is recomputed only when something is
// published or withdrawn; the same version gives the open-data answers their ETag.
import crypto from 'node:crypto'
import { getDb } from '#db/client.server'
import { getAnswers, getAssessmentContext } from '#db/queries/assessments'
import {
	catalogTitles,
	type PortalCampaign,
	portalCampaigns,
	portalVersion,
	type PublishedRow,
	publishedResults,
	signedReportId,
	verifiedInventory,
	withdrawnPublications,
} from '#db/queries/portal'
import { listProvinces } from '#db/queries/provinces'
import { getVerdicts } from '#db/queries/review'
import { scoreAssessment } from '~/domain/catalog/scoring'
import { sortByText } from '~/domain/collation'
import { HEADLINE_STATISTICS, levelDistribution, matchesFilters, MIN_PEER_GROUP, peerGroup } from '~/domain/portal'
import { type ProvinceFilters } from '~/domain/portal-filters'
import { buildReadiness } from '~/domain/readiness'
import { computeStatistics } from '~/domain/statistics'
import { verifiedAnswers } from '~/domain/verification'

const memo = new Map<string, { version: string; value: unknown }>()
const MEMO_LIMIT = 500

function cached<T>(key: string, compute: () => T): { value: T; etag: string } {
	const version = portalVersion(getDb())
	const hit = memo.get(key)
	if (hit && hit.version === version) return { value: hit.value as T, etag: etagOf(version, key) }
	const value = compute()
	if (memo.size >= MEMO_LIMIT) memo.clear()
	memo.set(key, { version, value })
	return { value, etag: etagOf(version, key) }
}

function etagOf(version: string, key: string) {
	return `"${crypto.createHash('sha1').update(`${version}|${key}`).digest('base64url').slice(0, 20)}"`
}

/**
 * The campaign the portal shows: the one asked for, or the newest with published results (null when
 * nothing is published). Null as a whole when the one asked for has no published result: the
 * caller answers 404.
 */
export function resolveCampaign(
	raw: string | null | undefined,
): { campaigns: Array<PortalCampaign>; campaign: PortalCampaign | null } | null {
	const campaigns = portalCampaigns(getDb())
	if (raw === null || raw === undefined || raw === '') return { campaigns, campaign: campaigns[0] ?? null }
	const id = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN
	const campaign = campaigns.find((c) => c.id === id)
	return campaign ? { campaigns, campaign } : null
}

/** The verified inventory figures of these published results. */
function statisticsOf(rows: ReadonlyArray<PublishedRow>) {
	const inventory = verifiedInventory(getDb(), rows)
	return computeStatistics(rows.map((r) => inventory.get(r.assessmentId) ?? new Map()))
}

export function nationalModel(campaignId: number | null) {
	return cached(`national:${campaignId}`, () => {
		const db = getDb()
		const rows = campaignId ? publishedResults(db, { campaignId }) : []
		const inventory = verifiedInventory(db, rows)
		const byProvince = new Map<string, Array<PublishedRow>>()
		for (const r of rows) byProvince.set(r.provinceCode, [...(byProvince.get(r.provinceCode) ?? []), r])
		return {
			published: rows.length,
			catalogs: levelDistribution(rows, catalogTitles(db)),
			statistics: computeStatistics(rows.map((r) => inventory.get(r.assessmentId) ?? new Map())),
			provinces: listProvinces(db).map((p) => {
				const mine = byProvince.get(p.code) ?? []
				const stats = computeStatistics(mine.map((r) => inventory.get(r.assessmentId) ?? new Map()))
				return {
					code: p.code,
					slug: p.slug,
					nameVi: p.nameVi,
					nameEn: p.nameEn,
					published: mine.length,
					statistics: stats.filter((s) => HEADLINE_STATISTICS.includes(s.id)),
				}
			}),
		}
	})
}

export function provinceModel(provinceCode: string, campaignId: number | null, filters: ProvinceFilters) {
	return cached(`province:${provinceCode}:${campaignId}:${JSON.stringify(filters)}`, () => {
		const db = getDb()
		const all = campaignId ? publishedResults(db, { campaignId, provinceCode }) : []
		const rows = all.filter((r) => matchesFilters(r, filters))
		const titles = catalogTitles(db)
		return {
			catalogs: levelDistribution(rows, titles),
			/** Catalogs' names by code, for column headings. */
			catalogNames: Object.fromEntries(titles),
			/** The levels a facility of this province reached in this round, by catalog: the level filter's choices. */
			levelChoices: levelDistribution(all, titles).map((c) => ({
				code: c.code,
				title: c.title,
				levels: c.levels.flatMap((lv) => (lv.id && lv.title ? [{ id: lv.id, title: lv.title }] : [])),
			})),
			statistics: statisticsOf(rows),
			// In Vietnamese order of their names (the page, /api/v1/facilities and its CSV).
			facilities: sortByText(
				rows,
				(r) => r.name,
				(r) => r.code,
			).map((r) => ({
				code: r.code,
				name: r.name,
				type: r.type,
				class: r.class,
				managingBody: r.managingBody,
				bedCount: r.bedCount,
				levels: r.levels.map((l) => ({
					code: l.code,
					level: l.achievedLevel?.id ?? null,
					title: l.achievedLevel?.title ?? null,
					percent: l.percent,
					provisional: l.provisional,
				})),
			})),
		}
	})
}

/** A facility's published results, newest first. */
function facilityResults(facilityId: number) {
	return cached(`facility:${facilityId}`, () => publishedResults(getDb(), { facilityId })).value
}

/** Peer group of a facility in a campaign: same grade and bed-size band. Groups under MIN_PEER_GROUP are suppressed. */
function peerComparison(facility: { id: number; class: string; bedCount: number }, campaignId: number) {
	return cached(`peers:${facility.id}:${campaignId}`, () => {
		const { band, peers } = peerGroup(publishedResults(getDb(), { campaignId }), facility)
		if (peers.length < MIN_PEER_GROUP) return { suppressed: true as const, band }
		return { suppressed: false as const, size: peers.length, band, catalogs: levelDistribution(peers, catalogTitles(getDb())) }
	}).value
}

/** The facility page: its published results with their signed reports, its withdrawn ones, and its peers in the latest round. */
export function facilityPage(facility: { id: number; class: string; bedCount: number }) {
	const db = getDb()
	const results = facilityResults(facility.id)
	const latest = results[0]
	return {
		catalogNames: Object.fromEntries(catalogTitles(db)),
		results: results.map((r) => ({ ...r, reportId: signedReportId(db, r.assessmentId) })),
		withdrawn: withdrawnPublications(db, facility.id),
		peers: latest ? peerComparison(facility, latest.campaignId) : null,
		readiness: latest ? publishedReadiness(latest.assessmentId) : null,
	}
}

/** The readiness matrix of a published result, from its verified answers (no evidence shown in public). */
function publishedReadiness(assessmentId: number) {
	return cached(`readiness:${assessmentId}`, () => {
		const db = getDb()
		const ctx = getAssessmentContext(db, assessmentId)
		if (!ctx) return null
		const answers = verifiedAnswers(getAnswers(db, assessmentId), getVerdicts(db, assessmentId, ctx.assessment.round))
		const catalogs = ctx.catalogs.map((c) => c.compiled)
		const scored = scoreAssessment(catalogs, answers, ctx.facilityProfile, { asOf: ctx.asOf })
		if (!scored.ok) return null
		return buildReadiness({ catalogs, scores: scored.scores, answers, facility: ctx.facilityProfile, asOf: ctx.asOf })
	}).value
}

// ---------------------------------------------------------------------------------------------
// Open-data tables (app/domain/open-data-columns describes their columns)

/** The national figures, one row per statistic (/api/v1/statistics). */
export function statisticsTable(campaignId: number | null) {
	const { value, etag } = nationalModel(campaignId)
	const rows = value.statistics.map((s) => ({
		statistic: s.id,
		label: s.label.vi,
		numerator: s.numerator,
		denominator: s.denominator,
		percent: s.percent ?? '',
	}))
	return { etag, published: value.published, rows }
}

/** The per-province figures of the national page, one row per province × statistic (/api/v1/provinces). */
export function provincesTable(campaignId: number | null) {
	const { value, etag } = nationalModel(campaignId)
	const rows = value.provinces.flatMap((p) =>
		p.statistics.map((s) => ({
			province_code: p.code,
			province_name: p.nameVi,
			facilities_published: p.published,
			statistic: s.id,
			numerator: s.numerator,
			denominator: s.denominator,
			percent: s.percent ?? '',
		})),
	)
	return { etag, rows }
}

/** A province's published results, one row per facility × catalog (/api/v1/facilities). */
export function facilitiesTable(provinceCode: string, campaignId: number | null, filters: ProvinceFilters) {
	const { value, etag } = provinceModel(provinceCode, campaignId, filters)
	const rows = value.facilities.flatMap((f) =>
		f.levels.map((l) => ({
			facility_code: f.code,
			facility_name: f.name,
			province_code: provinceCode,
			facility_type: f.type,
			facility_class: f.class,
			managing_body: f.managingBody,
			bed_count: f.bedCount,
			campaign_id: campaignId ?? '',
			catalog_code: l.code,
			level: l.level ?? '',
			level_title: l.title?.vi ?? '',
			percent_met: l.percent === null ? '' : Math.round(l.percent * 10) / 10,
			provisional: l.provisional,
		})),
	)
	return { etag, rows }
}
