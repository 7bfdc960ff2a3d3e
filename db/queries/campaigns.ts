import { and, count, desc, eq, inArray, ne, type SQL, sql } from 'drizzle-orm'
import { type CampaignScope } from '../../app/domain/campaign'
import { type Grant } from '../../app/domain/permissions'
import { type ReportingCount } from '../../app/domain/reporting'
import { type Db } from '../client.server'
import { assessments, campaignCatalogs, campaigns, catalogVersions, facilities, reminders } from '../schema/index'
import { listCatalogVersions } from './catalogs'
import { provinceOptions } from './provinces'
import { facilityScopeCondition } from './scope'

type Reader = Pick<Db, 'select'>

export type Campaign = typeof campaigns.$inferSelect

/** Every round, with how many of its assessments the user's grants reach. */
export function listCampaigns(db: Db, grants: ReadonlyArray<Grant>, opts: { drafts: boolean }) {
	const rows = db
		.select()
		.from(campaigns)
		.where(opts.drafts ? undefined : ne(campaigns.status, 'draft'))
		.orderBy(desc(campaigns.createdAt))
		.all()
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

/** One round's row (also inside a writing transaction). */
export function campaignById(db: Reader, id: number): Campaign | null {
	return db.select().from(campaigns).where(eq(campaigns.id, id)).get() ?? null
}

/** The rounds now open, for the scheduled reminders. */
export function openCampaigns(db: Reader): Array<Campaign> {
	return db.select().from(campaigns).where(eq(campaigns.status, 'open')).all()
}

/** The catalog versions a round pins, by id (the edit form's "before"). */
export function campaignCatalogVersionIds(db: Reader, campaignId: number): Array<number> {
	return db
		.select({ id: campaignCatalogs.catalogVersionId })
		.from(campaignCatalogs)
		.where(eq(campaignCatalogs.campaignId, campaignId))
		.all()
		.map((r) => r.id)
}

/** The active facilities a round's scope selects (an empty list means "no restriction"), as SQL on `facilities`. */
export function campaignScopeCondition(scope: CampaignScope): SQL {
	const parts: Array<SQL> = [eq(facilities.active, true)]
	if (scope.provinces.length) parts.push(inArray(facilities.provinceCode, scope.provinces))
	if (scope.types.length) parts.push(inArray(facilities.type, scope.types as Array<typeof facilities.type._.data>))
	if (scope.classes.length) parts.push(inArray(facilities.class, scope.classes as Array<typeof facilities.class._.data>))
	if (scope.managingBodies.length)
		parts.push(inArray(facilities.managingBody, scope.managingBodies as Array<typeof facilities.managingBody._.data>))
	return and(...parts)!
}

/** How many facilities a round would open assessments for, were it opened now. */
export function countFacilitiesInScope(db: Reader, scope: CampaignScope): number {
	return db.select({ n: count() }).from(facilities).where(campaignScopeCondition(scope)).get()?.n ?? 0
}

/** Facilities whose assessment of the round is not submitted (drafts; returned or reopened ones wait to be resubmitted). */
export function awaitingFacilities(db: Reader, campaignId: number) {
	return db
		.select({ assessmentId: assessments.id, facilityId: facilities.id, facilityName: facilities.name })
		.from(assessments)
		.innerJoin(facilities, eq(facilities.id, assessments.facilityId))
		.where(and(eq(assessments.campaignId, campaignId), inArray(assessments.status, ['draft', 'returned', 'reopened'])))
		.all()
}

/** How many assessments of a round were never submitted (still drafts). */
export function countNeverSubmitted(db: Reader, campaignId: number): number {
	return (
		db
			.select({ n: count() })
			.from(assessments)
			.where(and(eq(assessments.campaignId, campaignId), eq(assessments.status, 'draft')))
			.get()?.n ?? 0
	)
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
		provinces: provinceOptions(db),
	}
}
