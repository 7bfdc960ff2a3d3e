import { and, count, desc, eq, sql } from 'drizzle-orm'
import { type Grant } from '../../app/domain/permissions'
import { type ReportingCount } from '../../app/domain/reporting'
import { type Db } from '../client.server'
import { assessments, campaignCatalogs, campaigns, catalogVersions, facilities, provinces, reminders } from '../schema/index'
import { listCatalogVersions } from './catalogs'
import { facilityScopeCondition } from './scope'

/** Every round, with how many of its assessments the user's grants reach. */
export function listCampaigns(db: Db, grants: ReadonlyArray<Grant>) {
	const rows = db.select().from(campaigns).orderBy(desc(campaigns.createdAt)).all()
	const counts = db
		.select({ id: assessments.campaignId, n: count() })
		.from(assessments)
		.innerJoin(facilities, eq(facilities.id, assessments.facilityId))
		.where(facilityScopeCondition(grants, 'campaign:monitor'))
		.groupBy(assessments.campaignId)
		.all()
	const n = new Map(counts.map((c) => [c.id, c.n]))
	return rows.map((r) => ({ ...r, assessments: n.get(r.id) ?? 0 }))
}

export function getCampaign(db: Db, id: number) {
	const campaign = db.select().from(campaigns).where(eq(campaigns.id, id)).get()
	if (!campaign) return null
	const catalogs = db
		.select({
			id: catalogVersions.id,
			code: catalogVersions.catalogCode,
			version: catalogVersions.version,
			titleVi: catalogVersions.titleVi,
			titleEn: catalogVersions.titleEn,
		})
		.from(campaignCatalogs)
		.innerJoin(catalogVersions, eq(catalogVersions.id, campaignCatalogs.catalogVersionId))
		.where(eq(campaignCatalogs.campaignId, id))
		.all()
	const byStatus = db
		.select({ status: assessments.status, n: count() })
		.from(assessments)
		.where(eq(assessments.campaignId, id))
		.groupBy(assessments.status)
		.all()
	return { campaign, catalogs, byStatus }
}

/** A round's assessments in the user's reach, grouped for `summariseReporting` (one GROUP BY). */
export function reportingCounts(db: Db, campaignId: number, grants: ReadonlyArray<Grant>): Array<ReportingCount> {
	return db
		.select({
			provinceCode: facilities.provinceCode,
			status: assessments.status,
			submitted: sql<number>`${assessments.submittedAt} is not null`,
			late: assessments.late,
			n: count(),
		})
		.from(assessments)
		.innerJoin(facilities, eq(facilities.id, assessments.facilityId))
		.where(and(eq(assessments.campaignId, campaignId), facilityScopeCondition(grants, 'campaign:monitor')))
		.groupBy(facilities.provinceCode, assessments.status, sql`3`, assessments.late)
		.all()
		.map((r) => ({ ...r, submitted: Boolean(r.submitted) }))
}

/** The latest reminder sent for a round, and how many facilities it reached. */
export function lastReminder(db: Db, campaignId: number) {
	const last = db
		.select({ sentAt: reminders.sentAt, key: reminders.key })
		.from(reminders)
		.where(eq(reminders.campaignId, campaignId))
		.orderBy(desc(reminders.sentAt))
		.limit(1)
		.get()
	if (!last) return null
	const n =
		db
			.select({ n: count() })
			.from(reminders)
			.where(and(eq(reminders.campaignId, campaignId), eq(reminders.key, last.key)))
			.get()?.n ?? 0
	return { sentAt: last.sentAt, key: last.key, facilities: n }
}

/** What the round form offers: catalog versions still in force, and the provinces. */
export function campaignFormChoices(db: Db) {
	return {
		catalogs: listCatalogVersions(db).filter((v) => !v.repealedFrom),
		provinces: db
			.select({ code: provinces.code, nameVi: provinces.nameVi, nameEn: provinces.nameEn })
			.from(provinces)
			.orderBy(provinces.code)
			.all(),
	}
}
