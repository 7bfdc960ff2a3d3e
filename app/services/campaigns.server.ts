import { and, count, eq, inArray, type SQL, sql } from 'drizzle-orm'
import { type Db, schema } from '#db/client.server'
import { type CampaignInput, type CampaignScope, reminderOccasion } from '~/domain/campaign'
import { vnDayInstant, vnIsoDate } from '~/domain/dates'
import { formatDate, translate } from '~/i18n/translate'
import { appendAudit } from './audit.server'
import { facilityRecipients, notify, type Outgoing } from './notifications.server'

export type ServiceError = { ok: false; code: string; status: number }

function scopeOf(input: CampaignInput): CampaignScope {
	return { provinces: input.provinces, types: input.types, classes: input.classes, managingBodies: input.managingBodies }
}

/** The chosen catalog versions exist, and no catalog is chosen twice; the refusal's code otherwise. */
function catalogsProblem(tx: Pick<Db, 'select'>, ids: ReadonlyArray<number>): string | null {
	const found = tx
		.select({ id: schema.catalogVersions.id, code: schema.catalogVersions.catalogCode })
		.from(schema.catalogVersions)
		.where(inArray(schema.catalogVersions.id, [...ids]))
		.all()
	if (found.length !== new Set(ids).size) return 'campaign.unknownCatalog'
	if (new Set(found.map((f) => f.code)).size !== found.length) return 'campaign.twoVersionsOfOneCatalog'
	return null
}

export function createCampaign(db: Db, input: CampaignInput, actorId: number, now = new Date()) {
	const scope = scopeOf(input)
	return db.transaction((tx) => {
		const problem = catalogsProblem(tx, input.catalogVersionIds)
		if (problem) return { ok: false as const, code: problem, status: 400 }
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

/** Edits a round before it opens: everything the creation form sets. */
export function updateCampaign(
	db: Db,
	campaignId: number,
	input: CampaignInput,
	actorId: number,
	now = new Date(),
): { ok: true } | ServiceError {
	return db.transaction((tx) => {
		const before = tx.select().from(schema.campaigns).where(eq(schema.campaigns.id, campaignId)).get()
		if (!before) return { ok: false as const, code: 'campaign.notFound', status: 404 }
		if (before.status !== 'draft') return { ok: false as const, code: 'campaign.notDraft', status: 409 }
		const problem = catalogsProblem(tx, input.catalogVersionIds)
		if (problem) return { ok: false as const, code: problem, status: 400 }
		const beforeCatalogs = tx
			.select({ id: schema.campaignCatalogs.catalogVersionId })
			.from(schema.campaignCatalogs)
			.where(eq(schema.campaignCatalogs.campaignId, campaignId))
			.all()
		tx.update(schema.campaigns)
			.set({
				title: input.title,
				year: input.year,
				scope: scopeOf(input),
				opensAt: vnDayInstant(input.opensOn),
				dueAt: vnDayInstant(input.dueOn, true),
				acceptsLate: input.acceptsLate,
				secondStage: input.secondStage,
			})
			.where(eq(schema.campaigns.id, campaignId))
			.run()
		tx.delete(schema.campaignCatalogs).where(eq(schema.campaignCatalogs.campaignId, campaignId)).run()
		tx.insert(schema.campaignCatalogs)
			.values(input.catalogVersionIds.map((catalogVersionId) => ({ campaignId, catalogVersionId })))
			.run()
		appendAudit(tx, {
			actorId,
			action: 'campaign.update',
			entityType: 'campaign',
			entityId: campaignId,
			before: {
				title: before.title,
				year: before.year,
				scope: before.scope,
				opensOn: vnIsoDate(before.opensAt),
				dueOn: vnIsoDate(before.dueAt),
				acceptsLate: before.acceptsLate,
				secondStage: before.secondStage,
				catalogVersionIds: beforeCatalogs.map((c) => c.id),
			},
			after: { ...input },
			at: now,
		})
		return { ok: true as const }
	})
}

/** Facilities whose assessment of the round is not submitted (drafts; returned or reopened ones wait to be resubmitted). */
function awaitingFacilities(tx: Pick<Db, 'select'>, campaignId: number) {
	return tx
		.select({ assessmentId: schema.assessments.id, facilityId: schema.facilities.id, facilityName: schema.facilities.name })
		.from(schema.assessments)
		.innerJoin(schema.facilities, eq(schema.facilities.id, schema.assessments.facilityId))
		.where(and(eq(schema.assessments.campaignId, campaignId), inArray(schema.assessments.status, ['draft', 'returned', 'reopened'])))
		.all()
}

export type ExtendResult = { ok: true; notified: number; mail: Array<Outgoing> } | ServiceError

/** Moves an open round's due date later and tells the facilities still working on it. */
export function extendDeadline(
	db: Db,
	input: { campaignId: number; dueOn: string; reason?: string; actor: { id: number; name: string } },
	now = new Date(),
): ExtendResult {
	return db.transaction((tx) => {
		const campaign = tx.select().from(schema.campaigns).where(eq(schema.campaigns.id, input.campaignId)).get()
		if (!campaign) return { ok: false as const, code: 'campaign.notFound', status: 404 }
		if (campaign.status !== 'open') return { ok: false as const, code: 'campaign.notOpen', status: 409 }
		const dueAt = vnDayInstant(input.dueOn, true)
		if (dueAt.getTime() <= campaign.dueAt.getTime()) return { ok: false as const, code: 'campaign.notLater', status: 400 }
		if (dueAt.getTime() <= now.getTime()) return { ok: false as const, code: 'campaign.dueInPast', status: 400 }
		tx.update(schema.campaigns).set({ dueAt }).where(eq(schema.campaigns.id, input.campaignId)).run()
		const mail: Array<Outgoing> = []
		const waiting = awaitingFacilities(tx, input.campaignId)
		const due = formatDate('vi', dueAt)
		for (const w of waiting) {
			mail.push(
				...notify(
					tx,
					facilityRecipients(tx, w.facilityId),
					'campaign.extended',
					{ assessmentId: w.assessmentId, facilityName: w.facilityName, campaignTitle: campaign.title, by: input.actor.name, due },
					now,
				),
			)
		}
		appendAudit(tx, {
			actorId: input.actor.id,
			action: 'campaign.extend',
			entityType: 'campaign',
			entityId: input.campaignId,
			before: { dueOn: vnIsoDate(campaign.dueAt) },
			after: { dueOn: input.dueOn, reason: input.reason ?? null, notifiedFacilities: waiting.length },
			at: now,
		})
		return { ok: true as const, notified: waiting.length, mail }
	})
}

/**
 * Closes an open round. Facilities that never submitted can no longer edit or submit; returned
 * and reopened assessments may still be revised, and reviews go on (see `editRefusal`).
 */
export function closeCampaign(
	db: Db,
	campaignId: number,
	actorId: number,
	now = new Date(),
): { ok: true; notSubmitted: number } | ServiceError {
	return db.transaction((tx) => {
		const campaign = tx.select().from(schema.campaigns).where(eq(schema.campaigns.id, campaignId)).get()
		if (!campaign) return { ok: false as const, code: 'campaign.notFound', status: 404 }
		if (campaign.status !== 'open') return { ok: false as const, code: 'campaign.notOpen', status: 409 }
		const notSubmitted =
			tx
				.select({ n: count() })
				.from(schema.assessments)
				.where(and(eq(schema.assessments.campaignId, campaignId), eq(schema.assessments.status, 'draft')))
				.get()?.n ?? 0
		tx.update(schema.campaigns).set({ status: 'closed', closedAt: now }).where(eq(schema.campaigns.id, campaignId)).run()
		appendAudit(tx, {
			actorId,
			action: 'campaign.close',
			entityType: 'campaign',
			entityId: campaignId,
			before: { status: 'open' },
			after: { status: 'closed', notSubmitted },
			at: now,
		})
		return { ok: true as const, notSubmitted }
	})
}

export type ReminderResult = { reminded: number; mail: Array<Outgoing> }

/**
 * Reminds the facilities of one round that have not submitted, once per occasion (`key`): the
 * unique index on (assessment, due date, occasion) makes a second run, or a second server,
 * a no-op, and an extended due date a fresh cycle.
 */
function remind(
	tx: Pick<Db, 'select' | 'insert'>,
	campaign: typeof schema.campaigns.$inferSelect,
	key: string,
	by: string,
	now: Date,
): ReminderResult {
	const mail: Array<Outgoing> = []
	let reminded = 0
	const due = formatDate('vi', campaign.dueAt)
	for (const w of awaitingFacilities(tx, campaign.id)) {
		const recipients = facilityRecipients(tx, w.facilityId)
		const inserted = tx
			.insert(schema.reminders)
			.values({
				campaignId: campaign.id,
				assessmentId: w.assessmentId,
				dueAt: campaign.dueAt,
				key,
				recipients: recipients.length,
				sentAt: now,
			})
			.onConflictDoNothing()
			.run()
		if (inserted.changes === 0) continue
		reminded++
		mail.push(
			...notify(
				tx,
				recipients,
				'campaign.reminder',
				{ assessmentId: w.assessmentId, facilityName: w.facilityName, campaignTitle: campaign.title, by, due },
				now,
			),
		)
	}
	return { reminded, mail }
}

/** The scheduled job: every open round whose due date is near gets its reminders (see `reminderOccasion`). */
export function sendDueReminders(db: Db, daysBefore: ReadonlyArray<number>, now = new Date()): ReminderResult {
	return db.transaction((tx) => {
		const total: ReminderResult = { reminded: 0, mail: [] }
		for (const campaign of tx.select().from(schema.campaigns).where(eq(schema.campaigns.status, 'open')).all()) {
			const key = reminderOccasion(campaign.dueAt.getTime(), now.getTime(), daysBefore)
			if (!key) continue
			const r = remind(tx, campaign, key, translate('vi', 'campaign.reminderBySystem'), now)
			if (r.reminded)
				appendAudit(tx, {
					actorId: null,
					action: 'campaign.remind',
					entityType: 'campaign',
					entityId: campaign.id,
					after: { occasion: key, reminded: r.reminded },
					at: now,
				})
			total.reminded += r.reminded
			total.mail.push(...r.mail)
		}
		return total
	})
}

/** An admin's "remind now": at most once a day per round, so a double click does not spam. */
export function remindNow(
	db: Db,
	campaignId: number,
	actor: { id: number; name: string },
	now = new Date(),
): (ReminderResult & { ok: true }) | ServiceError {
	return db.transaction((tx) => {
		const campaign = tx.select().from(schema.campaigns).where(eq(schema.campaigns.id, campaignId)).get()
		if (!campaign) return { ok: false as const, code: 'campaign.notFound', status: 404 }
		if (campaign.status !== 'open') return { ok: false as const, code: 'campaign.notOpen', status: 409 }
		const r = remind(tx, campaign, `manual:${vnIsoDate(now)}`, actor.name, now)
		appendAudit(tx, {
			actorId: actor.id,
			action: 'campaign.remind',
			entityType: 'campaign',
			entityId: campaignId,
			after: { occasion: 'manual', reminded: r.reminded },
			at: now,
		})
		return { ok: true as const, ...r }
	})
}
