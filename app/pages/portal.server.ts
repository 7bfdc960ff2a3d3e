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
	roundPopulation,
	signedReportId,
	verifiedInventory,
	withdrawnPublications,
} from '#db/queries/portal'
import { listProvinces } from '#db/queries/provinces'
import { getVerdicts } from '#db/queries/review'
import { scoreAssessment } from '~/domain/catalog/scoring'
import { sortByText } from '~/domain/collation'
import { FACILITY_CLASSES, FACILITY_TYPES, MANAGING_BODIES } from '~/domain/enums'
import { groupBy } from '~/domain/group'
import { computeIndicators, HEADLINE_INDICATORS, INDICATORS, type IndicatorFigure } from '~/domain/indicators'
import {
	BED_BANDS,
	bedBand,
	levelDistribution,
	levelShare,
	levelShareChoices,
	matchesFilters,
	MIN_PEER_GROUP,
	peerGroup,
} from '~/domain/portal'
import { type BreakdownFilters, type ProvinceFilters } from '~/domain/portal-filters'
import { buildReadiness } from '~/domain/readiness'
import { verifiedAnswers } from '~/domain/verification'
import { makeTranslate } from '~/i18n/translate'

const memo = new Map<string, { version: string; value: unknown }>()
const MEMO_LIMIT = 500

/**
 * `compute()` memoised under `key` until the next publication or withdrawal (the portal version),
 * with the ETag of that version; the portal's page models and trends (app/pages/trends.server.ts) share it.
 */
export function cached<T>(key: string, compute: () => T): { value: T; etag: string } {
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

/** The rounds with published results, newest first (memoised: every portal page asks). */
function publishedCampaigns() {
	return cached('campaigns', () => portalCampaigns(getDb())).value
}

/**
 * The campaign the portal shows: the one asked for, or the newest with published results (null when
 * nothing is published). Null as a whole when the one asked for has no published result: the
 * caller answers 404.
 */
export function resolveCampaign(
	raw: string | null | undefined,
): { campaigns: Array<PortalCampaign>; campaign: PortalCampaign | null } | null {
	const campaigns = publishedCampaigns()
	if (raw === null || raw === undefined || raw === '') return { campaigns, campaign: campaigns[0] ?? null }
	const id = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN
	const campaign = campaigns.find((c) => c.id === id)
	return campaign ? { campaigns, campaign } : null
}

type Attributes = { type: string; class: string; managingBody: string; bedCount: number }

/** The dimensions the statistics break down by (docs/STATISTICS.md §3), each with its values. */
export const BREAKDOWNS = [
	{ key: 'managingBody', values: MANAGING_BODIES, of: (r: Attributes) => r.managingBody },
	{ key: 'type', values: FACILITY_TYPES, of: (r: Attributes) => r.type },
	{ key: 'class', values: FACILITY_CLASSES, of: (r: Attributes) => r.class },
	{ key: 'beds', values: BED_BANDS, of: (r: Attributes) => bedBand(r.bedCount) },
] as const

export type Breakdown = {
	key: (typeof BREAKDOWNS)[number]['key']
	rows: Array<{ value: string; reported: number; registered: number; statistics: ReturnType<typeof headline> }>
}

/** The headline figures of a row of a table (per province, per breakdown value): what the cells show, nothing more. */
const headline = (figures: Array<IndicatorFigure>) =>
	figures
		.filter((s) => HEADLINE_INDICATORS.includes(s.id))
		.map(({ id, kind, label, numerator, denominator, percent }) => ({ id, kind, label, numerator, denominator, percent }))

/**
 * The indicators over published results and the round's registered facilities (both already in
 * scope), with the headline indicators broken down by each dimension within that scope.
 */
function indicatorsOf(rows: ReadonlyArray<PublishedRow & Attributes>, population: ReadonlyArray<Attributes>, withBreakdowns: boolean) {
	const inventory = verifiedInventory(getDb(), rows)
	const sheetOf = (r: PublishedRow) => inventory.get(r.assessmentId) ?? new Map()
	const statistics = computeIndicators(rows.map(sheetOf), population.length)
	const breakdowns: Array<Breakdown> = withBreakdowns
		? BREAKDOWNS.map((b) => ({
				key: b.key,
				rows: b.values.flatMap((value) => {
					const mine = rows.filter((r) => b.of(r) === value)
					const registered = population.filter((r) => b.of(r) === value).length
					if (!registered && !mine.length) return []
					return [{ value, reported: mine.length, registered, statistics: headline(computeIndicators(mine.map(sheetOf), registered)) }]
				}),
			}))
		: []
	return { statistics, breakdowns, sheetOf }
}

/** The national page: every indicator within the breakdown filters, by province and by each breakdown. */
export function nationalModel(campaignId: number | null, filters: BreakdownFilters = {}) {
	return cached(`national:${campaignId}:${JSON.stringify(filters)}`, () => {
		const db = getDb()
		const rows = (campaignId ? publishedResults(db, { campaignId }) : []).filter((r) => matchesFilters(r, filters))
		const population = (campaignId ? roundPopulation(db, campaignId) : []).filter((r) => matchesFilters(r, filters))
		const { statistics, breakdowns, sheetOf } = indicatorsOf(rows, population, true)
		const byProvince = groupBy(rows, (r) => r.provinceCode)
		const registeredByProvince = new Map<string, number>()
		for (const r of population) registeredByProvince.set(r.provinceCode, (registeredByProvince.get(r.provinceCode) ?? 0) + 1)
		return {
			published: rows.length,
			registered: population.length,
			catalogs: levelDistribution(rows, catalogTitles(db)),
			statistics,
			breakdowns,
			provinces: listProvinces(db).map((p) => {
				const mine = byProvince.get(p.code) ?? []
				const registered = registeredByProvince.get(p.code) ?? 0
				return {
					code: p.code,
					slug: p.slug,
					nameVi: p.nameVi,
					nameEn: p.nameEn,
					published: mine.length,
					registered,
					statistics: headline(computeIndicators(mine.map(sheetOf), registered)),
				}
			}),
		}
	})
}

/** What the national page's and widget's tile map may be coloured by, with the labels of both languages. */
export type MapChoice = { id: string; label: { vi: string; en: string } }

/**
 * The tile map of the national page and its widget (?map=): a headline indicator, or the share of
 * a catalog's reporting facilities at a level or above (`level:<catalog>:<level>`, every level a
 * published facility reached); anything else shows the first headline indicator. Each province's
 * figure for it, as X/Y (Z %). The level shares are memoised like the rest of the national page.
 */
export function mapSection(
	campaignId: number | null,
	asked: string | null,
	national: ReturnType<typeof nationalModel>['value'],
	filters: BreakdownFilters = {},
) {
	// Each level share's figure per province, worked out once per publication version; the rows
	// themselves are not kept.
	const levels = cached(`map-levels:${campaignId}:${JSON.stringify(filters)}`, () => {
		const rows = campaignId ? publishedResults(getDb(), { campaignId }).filter((r) => matchesFilters(r, filters)) : []
		const byProvince = groupBy(rows, (r) => r.provinceCode)
		const vi = makeTranslate('vi')
		const en = makeTranslate('en')
		return levelShareChoices(rows, catalogTitles(getDb())).map((c) => ({
			id: c.id,
			label: {
				vi: vi('tileMap.levelShare', { catalog: c.catalogTitle.vi, level: c.levelTitle.vi }),
				en: en('tileMap.levelShare', { catalog: c.catalogTitle.en, level: c.levelTitle.en }),
			},
			byProvince: new Map([...byProvince].map(([code, mine]) => [code, levelShare(mine, c.code, c.rank)])),
		}))
	}).value
	const choices: Array<MapChoice> = [
		...national.statistics.filter((s) => HEADLINE_INDICATORS.includes(s.id)).map((s) => ({ id: s.id, label: s.label })),
		...levels.map((c) => ({ id: c.id, label: c.label })),
	]
	const chosen = choices.find((c) => c.id === asked) ?? choices[0]
	const level = levels.find((c) => c.id === chosen.id)
	return {
		chosen: chosen.id,
		label: chosen.label,
		choices,
		provinces: national.provinces.map((p) => ({
			code: p.code,
			slug: p.slug,
			nameVi: p.nameVi,
			nameEn: p.nameEn,
			figure: level ? (level.byProvince.get(p.code) ?? null) : (p.statistics.find((s) => s.id === chosen.id) ?? null),
		})),
	}
}

export function provinceModel(provinceCode: string, campaignId: number | null, filters: ProvinceFilters) {
	return cached(`province:${provinceCode}:${campaignId}:${JSON.stringify(filters)}`, () => {
		const db = getDb()
		const all = campaignId ? publishedResults(db, { campaignId, provinceCode }) : []
		const rows = all.filter((r) => matchesFilters(r, filters))
		// The level filter narrows the reporters only: a facility that has not reported has no level.
		const { level: _level, ...breakdown } = filters
		const population = (campaignId ? roundPopulation(db, campaignId, provinceCode) : []).filter((r) => matchesFilters(r, breakdown))
		const { statistics, breakdowns } = indicatorsOf(rows, population, true)
		const titles = catalogTitles(db)
		return {
			registered: population.length,
			catalogs: levelDistribution(rows, titles),
			/** Catalogs' names by code, for column headings. */
			catalogNames: Object.fromEntries(titles),
			/** The levels a facility of this province reached in this round, by catalog: the level filter's choices. */
			levelChoices: levelDistribution(all, titles).map((c) => ({
				code: c.code,
				title: c.title,
				levels: c.levels.flatMap((lv) => (lv.id && lv.title ? [{ id: lv.id, title: lv.title }] : [])),
			})),
			statistics,
			breakdowns,
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

/** A figure as an open-data row (app/domain/open-data-columns, STATISTIC_COLUMNS). */
function statisticRow(s: IndicatorFigure) {
	return {
		statistic: s.id,
		label: s.label.vi,
		label_en: s.label.en,
		kind: s.kind,
		population: s.population,
		numerator: s.numerator,
		denominator: s.denominator ?? '',
		percent: s.percent ?? '',
		reported: s.reported,
		registered: s.registered,
	}
}

/** The figures within a province (or nationally) and the breakdown filters, one row per indicator (/api/v1/statistics). */
export function statisticsTable(campaignId: number | null, filters: BreakdownFilters = {}, provinceCode?: string) {
	const { value, etag } = provinceCode ? provinceModel(provinceCode, campaignId, filters) : nationalModel(campaignId, filters)
	return { etag, published: value.statistics[0]?.reported ?? 0, registered: value.registered, rows: value.statistics.map(statisticRow) }
}

/** The per-province figures of the national page, one row per province × statistic (/api/v1/provinces). */
export function provincesTable(campaignId: number | null) {
	const { value, etag } = nationalModel(campaignId)
	const rows = value.provinces.flatMap((p) =>
		p.statistics.map((s) => ({
			province_code: p.code,
			province_name: p.nameVi,
			facilities_published: p.published,
			facilities_registered: p.registered,
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

// ---------------------------------------------------------------------------------------------
// Trends: the same indicators across the rounds with published results (docs/STATISTICS.md §8)

/**
 * Every indicator in each round with published results, oldest round first, nationally or in one
 * province, within the breakdown filters. Each round's figures come from its (memoised) page model.
 */
export function indicatorTrend(filters: BreakdownFilters = {}, provinceCode?: string) {
	const campaigns = [...publishedCampaigns()].reverse()
	return campaigns.map((c) => {
		const { value } = provinceCode ? provinceModel(provinceCode, c.id, filters) : nationalModel(c.id, filters)
		return { campaignId: c.id, title: c.title, year: c.year, statistics: value.statistics }
	})
}

/** The trend of one indicator, one row per round (/api/v1/trends). */
export function trendTable(indicator: string | undefined, filters: BreakdownFilters = {}, provinceCode?: string) {
	const rounds = indicatorTrend(filters, provinceCode)
	const rows = rounds.flatMap((r) =>
		r.statistics
			.filter((s) => !indicator || s.id === indicator)
			.map((s) => ({ campaign_id: r.campaignId, campaign_title: r.title, year: r.year, ...statisticRow(s) })),
	)
	return { etag: etagOf(portalVersion(getDb()), `trend:${indicator}:${provinceCode}:${JSON.stringify(filters)}`), rows }
}

/**
 * A facility's own indicators across its published rounds: for each round, whether it meets each
 * indicator (1 of 1), does not (0 of 1), or is not counted (no answer, or not applicable).
 */
export function facilityTrend(facilityId: number) {
	return cached(`facility-trend:${facilityId}`, () => {
		const results = [...facilityResults(facilityId)].reverse()
		const inventory = verifiedInventory(getDb(), results)
		return results.map((r) => ({
			campaignId: r.campaignId,
			title: r.campaignTitle,
			statistics: computeIndicators([inventory.get(r.assessmentId) ?? new Map()], 1).filter((s) => !s.distribution),
		}))
	}).value
}

/**
 * The trend section of a national or province page: the indicator chosen by `?trend=` (HIS by
 * default) in each round; null when the parameter names no indicator (the page answers 400).
 */
export function trendSection(raw: string | null, filters: BreakdownFilters, provinceCode?: string) {
	const chosen = raw || 'his'
	if (!INDICATORS.some((d) => d.id === chosen)) return null
	return {
		chosen,
		choices: INDICATORS.map((d) => ({ id: d.id, label: d.label })),
		rounds: indicatorTrend(filters, provinceCode).map((r) => ({
			campaignId: r.campaignId,
			title: r.title,
			figure: r.statistics.find((s) => s.id === chosen) ?? null,
		})),
	}
}
