import crypto from 'node:crypto'
import { eq } from 'drizzle-orm'
import { getDb, schema } from '#db/client.server'
import { portalCampaigns, portalVersion, type PublishedRow, publishedResults, verifiedInventory } from '#db/queries/portal'
import { FACILITY_CLASSES, FACILITY_TYPES, MANAGING_BODIES } from '~/domain/enums'
import { computeStatistics } from '~/domain/statistics'

// Public models are recomputed only when something is published or withdrawn.
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

/** The campaign the portal shows: the one asked for, or the newest with published results. 404 for an unknown one. */
export function resolveCampaign(raw: string | null) {
	const campaigns = portalCampaigns(getDb())
	if (raw === null || raw === '') return { campaigns, campaign: campaigns[0] ?? null }
	const id = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN
	const campaign = campaigns.find((c) => c.id === id)
	if (!campaign) throw new Response('Unknown campaign', { status: 404 })
	return { campaigns, campaign }
}

type Distribution = Array<{
	code: string
	title: { vi: string; en: string }
	levels: Array<{ id: string | null; title: { vi: string; en: string } | null; count: number }>
	total: number
	provisional: boolean
}>

function distribution(rows: ReadonlyArray<PublishedRow>, catalogTitles: Map<string, { vi: string; en: string }>): Distribution {
	const byCatalog = new Map<
		string,
		{
			levels: Map<string, { id: string | null; title: { vi: string; en: string } | null; rank: number; count: number }>
			total: number
			provisional: boolean
		}
	>()
	for (const r of rows) {
		for (const l of r.levels) {
			if (!l.achievedLevel && l.percent === null) continue
			let c = byCatalog.get(l.code)
			if (!c) byCatalog.set(l.code, (c = { levels: new Map(), total: 0, provisional: l.provisional }))
			const key = l.achievedLevel?.id ?? '∅'
			const entry = c.levels.get(key) ?? {
				id: l.achievedLevel?.id ?? null,
				title: l.achievedLevel?.title ?? null,
				rank: l.achievedLevel?.rank ?? -1,
				count: 0,
			}
			entry.count++
			c.levels.set(key, entry)
			c.total++
		}
	}
	return [...byCatalog]
		.map(([code, c]) => ({
			code,
			title: catalogTitles.get(code) ?? { vi: code, en: code },
			levels: [...c.levels.values()].sort((a, b) => a.rank - b.rank).map(({ rank: _r, ...x }) => x),
			total: c.total,
			provisional: c.provisional,
		}))
		.sort((a, b) => a.code.localeCompare(b.code))
}

function catalogTitles() {
	return new Map(
		getDb()
			.select({ code: schema.catalogs.code, vi: schema.catalogs.titleVi, en: schema.catalogs.titleEn })
			.from(schema.catalogs)
			.all()
			.map((c) => [c.code, { vi: c.vi, en: c.en }]),
	)
}

export function nationalModel(campaignId: number | null) {
	return cached(`national:${campaignId}`, () => {
		const db = getDb()
		const rows = campaignId ? publishedResults(db, { campaignId }) : []
		const inventory = verifiedInventory(db, rows)
		const byProvince = new Map<string, Array<PublishedRow>>()
		for (const r of rows) byProvince.set(r.provinceCode, [...(byProvince.get(r.provinceCode) ?? []), r])
		const provinces = db.select().from(schema.provinces).orderBy(schema.provinces.code).all()
		return {
			published: rows.length,
			catalogs: distribution(rows, catalogTitles()),
			statistics: computeStatistics(rows.map((r) => inventory.get(r.assessmentId) ?? new Map())),
			provinces: provinces.map((p) => {
				const mine = byProvince.get(p.code) ?? []
				const stats = computeStatistics(mine.map((r) => inventory.get(r.assessmentId) ?? new Map()))
				return {
					code: p.code,
					slug: p.slug,
					nameVi: p.nameVi,
					nameEn: p.nameEn,
					published: mine.length,
					statistics: stats.filter((s) => ['his', 'lis', 'rispacs', 'emr'].includes(s.id)),
				}
			}),
		}
	})
}

export type ProvinceFilters = { type?: string; class?: string; managingBody?: string; level?: string }

/** Query-string filters, refused (400) when they name something that does not exist. */
export function parseProvinceFilters(url: URL): ProvinceFilters {
	const pick = (name: string, allowed: ReadonlyArray<string>) => {
		const v = url.searchParams.get(name)
		if (v === null || v === '') return undefined
		if (!allowed.includes(v)) throw new Response(`Invalid filter: ${name}`, { status: 400 })
		return v
	}
	const level = url.searchParams.get('level')
	if (level && !/^[A-Za-z0-9_.-]{1,40}$/.test(level)) throw new Response('Invalid filter: level', { status: 400 })
	return {
		type: pick('type', FACILITY_TYPES),
		class: pick('class', FACILITY_CLASSES),
		managingBody: pick('managingBody', MANAGING_BODIES),
		level: level || undefined,
	}
}

export function provinceBySlug(slug: string) {
	const p = getDb().select().from(schema.provinces).where(eq(schema.provinces.slug, slug)).get()
	if (!p) throw new Response('Unknown province', { status: 404 })
	return p
}

export function provinceModel(provinceCode: string, campaignId: number | null, filters: ProvinceFilters) {
	return cached(`province:${provinceCode}:${campaignId}:${JSON.stringify(filters)}`, () => {
		const db = getDb()
		const all = campaignId ? publishedResults(db, { campaignId, provinceCode }) : []
		const rows = all.filter(
			(r) =>
				(!filters.type || r.type === filters.type) &&
				(!filters.class || r.class === filters.class) &&
				(!filters.managingBody || r.managingBody === filters.managingBody) &&
				(!filters.level || r.levels.some((l) => l.achievedLevel?.id === filters.level)),
		)
		const inventory = verifiedInventory(db, rows)
		return {
			catalogs: distribution(rows, catalogTitles()),
			statistics: computeStatistics(rows.map((r) => inventory.get(r.assessmentId) ?? new Map())),
			facilities: rows.map((r) => ({
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

/** Peer group of a facility: same grade and bed-size band. Groups under 5 facilities are suppressed. */
export const MIN_PEER_GROUP = 5
export function bedBand(beds: number) {
	return beds < 100 ? '<100' : beds < 300 ? '100-299' : beds < 700 ? '300-699' : beds < 1500 ? '700-1499' : '1500+'
}

export function facilityModel(facilityId: number) {
	return cached(`facility:${facilityId}`, () => {
		const db = getDb()
		const results = publishedResults(db, { facilityId })
		return { results }
	})
}

export function peerComparison(facility: { id: number; class: string; bedCount: number }, campaignId: number) {
	return cached(`peers:${facility.id}:${campaignId}`, () => {
		const rows = publishedResults(getDb(), { campaignId })
		const band = bedBand(facility.bedCount)
		const peers = rows.filter((r) => r.class === facility.class && bedBand(r.bedCount) === band)
		if (peers.length < MIN_PEER_GROUP) return { suppressed: true as const, band }
		return { suppressed: false as const, size: peers.length, band, catalogs: distribution(peers, catalogTitles()) }
	})
}
