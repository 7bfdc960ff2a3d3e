import { and, eq, inArray, type SQL, sql } from 'drizzle-orm'
import { type Db, schema } from '#db/client.server'
import { type CampaignInput, type CampaignScope } from '~/domain/campaign'
import { vnDayInstant } from '~/domain/dates'
import { appendAudit } from './audit.server'

export type ServiceError = { ok: false; code: string; status: number }

export function createCampaign(db: Db, input: CampaignInput, actorId: number, now = new Date()) {
	const scope: CampaignScope = {
		provinces: input.provinces,
		types: input.types,
		classes: input.classes,
		managingBodies: input.managingBodies,
	}
	return db.transaction((tx) => {
		const found = tx
			.select({ id: schema.catalogVersions.id, code: schema.catalogVersions.catalogCode })
			.from(schema.catalogVersions)
			.where(inArray(schema.catalogVersions.id, input.catalogVersionIds))
			.all()
		if (found.length !== new Set(input.catalogVersionIds).size) return { ok: false as const, code: 'campaign.unknownCatalog', status: 400 }
		if (new Set(found.map((f) => f.code)).size !== found.length) return { ok: false as const, code: 'campaign.twoVersionsOfOneCatalog', status: 400 }
		const campaign = tx
			.insert(schema.campaigns)
			.values({
				title: input.title,
				year: input.year,
				scope,
				opensAt: vnDayInstant(input.opensOn),
				dueAt: vnDayInstant(input.dueOn, true),
				acceptsLate: input.acceptsLate,
				secondStage: input.secondStage,
				createdBy: actorId,
				createdAt: now,
			})
			.returning()
			.get()
		tx.insert(schema.campaignCatalogs)
			.values(input.catalogVersionIds.map((catalogVersionId) => ({ campaignId: campaign.id, catalogVersionId })))
			.run()
		appendAudit(tx, { actorId, action: 'campaign.create', entityType: 'campaign', entityId: campaign.id, after: { ...input }, at: now })
		return { ok: true as const, id: campaign.id }
	})
}

/** The active facilities a campaign's scope selects (an empty list means "no restriction"). */
export function scopeCondition(scope: CampaignScope): SQL {
	const f = schema.facilities
	const parts: Array<SQL> = [eq(f.active, true)]
	if (scope.provinces.length) parts.push(inArray(f.provinceCode, scope.provinces))
	if (scope.types.length) parts.push(inArray(f.type, scope.types as Array<typeof f.type._.data>))
	if (scope.classes.length) parts.push(inArray(f.class, scope.classes as Array<typeof f.class._.data>))
	if (scope.managingBodies.length) parts.push(inArray(f.managingBody, scope.managingBodies as Array<typeof f.managingBody._.data>))
	return and(...parts)!
}

/** Opens a draft campaign: one assessment per facility in scope, in one transaction. */
export function openCampaign(db: Db, campaignId: number, actorId: number, now = new Date()) {
	return db.transaction((tx) => {
		const campaign = tx.select().from(schema.campaigns).where(eq(schema.campaigns.id, campaignId)).get()
		if (!campaign) return { ok: false as const, code: 'campaign.notFound', status: 404 }
		if (campaign.status !== 'draft') return { ok: false as const, code: 'campaign.notDraft', status: 409 }
		const where = scopeCondition(campaign.scope as CampaignScope)
		const created = tx.run(sql`
			insert into assessments (campaign_id, facility_id, status, version, round, created_at)
			select ${campaignId}, id, 'draft', 1, 1, ${now.getTime()} from facilities where ${where}
		`)
		tx.update(schema.campaigns).set({ status: 'open', openedAt: now }).where(eq(schema.campaigns.id, campaignId)).run()
		appendAudit(tx, {
			actorId,
			action: 'campaign.open',
			entityType: 'campaign',
			entityId: campaignId,
			before: { status: 'draft' },
			after: { status: 'open', assessments: created.changes },
			at: now,
		})
		return { ok: true as const, assessments: created.changes }
	})
}
