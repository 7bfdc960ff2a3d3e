// Test worlds built through the real services: shipped catalogs, a campaign, its assessments.
import { and, eq } from 'drizzle-orm'
import { schema } from '#db/client.server'
import { insertFacility, insertUser } from '#tests/factories'
import { type Catalog } from '~/domain/catalog/schema'
import { vnIsoDate } from '~/domain/dates'
import { createCampaign, openCampaign } from '~/services/campaigns.server'
import { importCatalog } from '~/services/catalogs.server'
import { loadAllCatalogFiles } from '../scripts/catalog-validate'
import { cookieFor, db } from './helpers'

let shipped: Array<Catalog> | null = null

/** Every shipped catalog version (db/catalogs/*.yaml), parsed once per test file. */
export function shippedCatalogs(): Array<Catalog> {
	shipped ??= loadAllCatalogFiles().map((l) => {
		if (!l.ok) throw new Error(`shipped catalog does not validate: ${l.file}`)
		return l.catalog
	})
	return shipped
}

/**
 * One shipped catalog version: version 1 unless asked (the workflow tests were written against
 * version 1, which old rounds keep); `currentCatalog` is the newest, what new rounds use.
 */
export function shippedCatalog(code: string, version = 1): Catalog {
	const found = shippedCatalogs().find((c) => c.code === code && c.version === version)
	if (!found) throw new Error(`no shipped catalog ${code} v${version}`)
	return found
}

/** The newest shipped version of a catalog (in force on `asOf`, yyyy-mm-dd, when given). */
export function currentCatalog(code: string, asOf?: string): Catalog {
	const versions = shippedCatalogs().filter((c) => c.code === code && (asOf === undefined || c.effective_from <= asOf))
	if (!versions.length) throw new Error(`no shipped catalog ${code}${asOf ? ` in force on ${asOf}` : ''}`)
	return versions.reduce((a, b) => (b.version > a.version ? b : a))
}

const DAY = 86_400_000

/**
 * A facility with an editor and a director, a second facility with its own editor, and an open
 * campaign over both with the given catalogs (version 1 of each, or the newest with `current`). Returns
 * the assessment of the first facility.
 */
export async function assessmentWorld(
	opts: { catalogs?: Array<string>; acceptsLate?: boolean; dueInDays?: number; secondStage?: boolean; current?: boolean } = {},
) {
	const codes = opts.catalogs ?? ['INV-DIGITAL-2026', 'HIMSS-EMRAM-2008', 'ATTT-CAPDO-2026']
	const now = Date.now()
	const opensOn = vnIsoDate(now - 10 * DAY)
	const versionIds = codes.map((code) => {
		// `current`: the newest version a round opening on `opensOn` may use (docs/CATALOG-FORMAT.md §2).
		const r = importCatalog(db(), opts.current ? currentCatalog(code, opensOn) : shippedCatalog(code))
		if (r.status === 'conflict') throw new Error(r.message)
		return r.versionId
	})
	const facility = insertFacility(db(), { provinceCode: '48', name: 'Bệnh viện Thử Đà Nẵng' })
	const other = insertFacility(db(), { provinceCode: '48', name: 'Bệnh viện Khác' })
	const editor = await insertUser(db(), {
		name: 'Cán bộ CNTT',
		grants: [{ role: 'facility_editor', scopeKind: 'facility', facilityId: facility.id }],
	})
	const editor2 = await insertUser(db(), {
		name: 'Cán bộ thứ hai',
		grants: [{ role: 'facility_editor', scopeKind: 'facility', facilityId: facility.id }],
	})
	const director = await insertUser(db(), {
		name: 'Giám đốc Thử',
		jobTitle: 'Giám đốc',
		grants: [{ role: 'facility_director', scopeKind: 'facility', facilityId: facility.id }],
	})
	const outsider = await insertUser(db(), {
		name: 'Người ngoài',
		grants: [{ role: 'facility_editor', scopeKind: 'facility', facilityId: other.id }],
	})
	const evaluator = await insertUser(db(), {
		name: 'Thẩm định',
		grants: [{ role: 'evaluator', scopeKind: 'province', provinceCode: '48' }],
	})
	const admin = await insertUser(db(), { name: 'Quản trị', grants: [{ role: 'admin', scopeKind: 'national' }] })
	const created = createCampaign(
		db(),
		{
			title: 'Đợt thử nghiệm',
			year: 2026,
			catalogVersionIds: versionIds,
			provinces: ['48'],
			types: [],
			classes: [],
			managingBodies: [],
			opensOn,
			dueOn: vnIsoDate(now + (opts.dueInDays ?? 30) * DAY),
			acceptsLate: opts.acceptsLate ?? true,
			secondStage: opts.secondStage ?? false,
		},
		admin.id,
	)
	if (!created.ok) throw new Error(created.code)
	openCampaign(db(), created.id, admin.id)
	const assessment = db()
		.select()
		.from(schema.assessments)
		.where(and(eq(schema.assessments.campaignId, created.id), eq(schema.assessments.facilityId, facility.id)))
		.get()!
	const otherAssessment = db()
		.select()
		.from(schema.assessments)
		.where(and(eq(schema.assessments.campaignId, created.id), eq(schema.assessments.facilityId, other.id)))
		.get()!
	return {
		campaignId: created.id,
		facility,
		assessment,
		otherAssessment,
		users: { editor, editor2, director, outsider, evaluator, admin },
		cookie: async (user: { id: number }) => (await cookieFor(user.id)).cookie,
	}
}
