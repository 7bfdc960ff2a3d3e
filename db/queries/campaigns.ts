import { count, desc, eq } from 'drizzle-orm'
import { type Db } from '../client.server'
import { assessments, campaignCatalogs, campaigns, catalogVersions } from '../schema/index'

export function listCampaigns(db: Db) {
	const rows = db.select().from(campaigns).orderBy(desc(campaigns.createdAt)).all()
	const counts = db.select({ id: assessments.campaignId, n: count() }).from(assessments).groupBy(assessments.campaignId).all()
	const n = new Map(counts.map((c) => [c.id, c.n]))
	return rows.map((r) => ({ ...r, assessments: n.get(r.id) ?? 0 }))
}

export function getCampaign(db: Db, id: number) {
	const campaign = db.select().from(campaigns).where(eq(campaigns.id, id)).get()
	if (!campaign) return null
	const catalogs = db
		.select({ id: catalogVersions.id, code: catalogVersions.catalogCode, version: catalogVersions.version, titleVi: catalogVersions.titleVi, titleEn: catalogVersions.titleEn })
		.from(campaignCatalogs)
		.innerJoin(catalogVersions, eq(catalogVersions.id, campaignCatalogs.catalogVersionId))
		.where(eq(campaignCatalogs.campaignId, id))
		.all()
	const byStatus = db.select({ status: assessments.status, n: count() }).from(assessments).where(eq(assessments.campaignId, id)).groupBy(assessments.status).all()
	return { campaign, catalogs, byStatus }
}
