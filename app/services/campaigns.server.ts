import { eq, sql } from 'drizzle-orm'
import { type Db, schema } from '#db/client.server'
import {
	awaitingFacilities,
	type Campaign,
	campaignById,
	campaignCatalogVersionIds,
	campaignScopeCondition,
	countNeverSubmitted,
	openCampaigns,
} from '#db/queries/campaigns'
import { catalogVersionCodes, catalogVersionDates } from '#db/queries/catalogs'
import { type CampaignInput, type CampaignScope, reminderOccasion } from '~/domain/campaign'
import { versionRefusal } from '~/domain/catalog/versions'
import { vnDayInstant, vnIsoDate } from '~/domain/dates'
import { cleanName, cleanText } from '~/domain/safe-text'
import { formatDate, translate } from '~/i18n/translate'
import { appendAudit } from './audit.server'
import { facilityRecipients, notify, type Outgoing, sendMail } from './notifications.server'

export type ServiceError = { ok: false; code: string; status: number }

function scopeOf(input: CampaignInput): CampaignScope {
	return { provinces: input.provinces, types: input.types, classes: input.classes, managingBodies: input.managingBodies }
}

/**
 * The chosen catalog versions exist, no catalog is chosen twice, and each is the version in force
 * on the round's opening day (docs/CATALOG-FORMAT.md §2); the refusal's code otherwise, with its
 * parameters (`key|{json}`, as the forms show it).
 */
function catalogsProblem(tx: Pick<Db, 'select'>, ids: ReadonlyArray<number>, opensOn: string): string | null {
	const found = catalogVersionCodes(tx, ids)
	if (found.length !== new Set(ids).size) return 'campaign.unknownCatalog'
	if (new Set(found.map((f) => f.code)).size !== found.length) return 'campaign.twoVersionsOfOneCatalog'
	const dates = catalogVersionDates(
		tx,
		found.map((f) => f.code),
	)
	for (const id of ids) {
		const v = dates.find((d) => d.id === id)!
		const refusal = versionRefusal(v, dates, opensOn)
		if (refusal) return `${refusal.code}|${JSON.stringify(refusal.params)}`
	}
	return null
}

export function createCampaign(db: Db, input: CampaignInput, actorId: number, now = new Date()) {
	const scope = scopeOf(input)
	return db.transaction((tx) => {
		const problem = catalogsProblem(tx, input.catalogVersionIds, input.opensOn)
		if (problem) return { ok: false as const, code: problem, status: 400 }
		const campaign = tx
			.insert(schema.campaigns)
			.values({
				title: cleanName(input.title),
				year: input.year,
				scope,
				opensAt: vnDayInstant(input.opensOn),
				dueAt: vnDayInstant(input.dueOn, true),
				acceptsLate: input.acceptsLate,
				secondStage: input.secondStage,
				directorSignature: input.directorSignature ?? false,
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

/** Opens a draft campaign: one assessment per facility in scope, in one transaction. */
export function openCampaign(db: Db, campaignId: number, actorId: number, now = new Date()) {
	return db.transaction((tx) => {
		const campaign = campaignById(tx, campaignId)
		if (!campaign) return { ok: false as const, code: 'campaign.notFound', status: 404 }
		if (campaign.status !== 'draft') return { ok: false as const, code: 'campaign.notDraft', status: 409 }
		// A later version may have been imported since the round was drafted.
		const problem = catalogsProblem(tx, campaignCatalogVersionIds(tx, campaignId), vnIsoDate(campaign.opensAt))
		if (problem) return { ok: false as const, code: problem, status: 409 }
		const where = campaignScopeCondition(campaign.scope as CampaignScope)
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
		const before = campaignById(tx, campaignId)
		if (!before) return { ok: false as const, code: 'campaign.notFound', status: 404 }
		if (before.status !== 'draft') return { ok: false as const, code: 'campaign.notDraft', status: 409 }
		const problem = catalogsProblem(tx, input.catalogVersionIds, input.opensOn)
		if (problem) return { ok: false as const, code: problem, status: 400 }
		const beforeCatalogs = campaignCatalogVersionIds(tx, campaignId)
		tx.update(schema.campaigns)
			.set({
				title: cleanName(input.title),
				year: input.year,
				scope: scopeOf(input),
				opensAt: vnDayInstant(input.opensOn),
				dueAt: vnDayInstant(input.dueOn, true),
				acceptsLate: input.acceptsLate,
				secondStage: input.secondStage,
				directorSignature: input.directorSignature ?? false,
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
				directorSignature: before.directorSignature,
				catalogVersionIds: beforeCatalogs,
			},
			after: { ...input },
			at: now,
		})
		return { ok: true as const }
	})
}

/** What a verb that notifies reports once its e-mails are out: those it sent, and how many went through SMTP. */
type Mailed = { mail: Array<Outgoing>; mailed: number }

/** Sends a committed change's e-mails (none without SMTP: the in-app notifications written with the change suffice). */
async function mailAfterCommit<T extends { ok: true; mail: Array<Outgoing> }>(
	result: T | ServiceError,
): Promise<(T & Mailed) | ServiceError> {
	if (!result.ok) return result
	const { sent } = await sendMail(result.mail)
	return { ...result, mailed: sent }
}

export type ExtendResult = ({ ok: true; notified: number } & Mailed) | ServiceError

/** Moves an open round's due date later and tells the facilities still working on it (in the app, and by e-mail after the commit). */
export async function extendDeadline(
	db: Db,
	input: { campaignId: number; dueOn: string; reason?: string; actor: { id: number; name: string } },
	now = new Date(),
): Promise<ExtendResult> {
	const result: { ok: true; notified: number; mail: Array<Outgoing> } | ServiceError = db.transaction((tx) => {
		const campaign = campaignById(tx, input.campaignId)
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
			after: {
				dueOn: input.dueOn,
				reason: input.reason === undefined ? null : cleanText(input.reason),
				notifiedFacilities: waiting.length,
			},
			at: now,
		})
		return { ok: true as const, notified: waiting.length, mail }
	})
	return mailAfterCommit(result)
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
		const campaign = campaignById(tx, campaignId)
		if (!campaign) return { ok: false as const, code: 'campaign.notFound', status: 404 }
		if (campaign.status !== 'open') return { ok: false as const, code: 'campaign.notOpen', status: 409 }
		const notSubmitted = countNeverSubmitted(tx, campaignId)
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

type Reminded = { reminded: number; mail: Array<Outgoing> }
export type ReminderResult = { reminded: number } & Mailed

/**
 * Reminds the facilities of one round that have not submitted, once per occasion (`key`): the
 * unique index on (assessment, due date, occasion) makes a second run, or a second server,
 * a no-op, and an extended due date a fresh cycle.
 */
function remind(tx: Pick<Db, 'select' | 'insert'>, campaign: Campaign, key: string, by: string, now: Date): Reminded {
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

/** The scheduled job: every open round whose due date is near gets its reminders (see `reminderOccasion`), e-mailed after the commit. */
export async function sendDueReminders(db: Db, daysBefore: ReadonlyArray<number>, now = new Date()): Promise<ReminderResult> {
	const total = db.transaction((tx) => {
		const total: Reminded = { reminded: 0, mail: [] }
		for (const campaign of openCampaigns(tx)) {
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
	const { sent } = await sendMail(total.mail)
	return { ...total, mailed: sent }
}

/** An admin's "remind now": at most once a day per round, so a double click does not spam; e-mailed after the commit. */
export async function remindNow(
	db: Db,
	campaignId: number,
	actor: { id: number; name: string },
	now = new Date(),
): Promise<(ReminderResult & { ok: true }) | ServiceError> {
	const result: (Reminded & { ok: true }) | ServiceError = db.transaction((tx) => {
		const campaign = campaignById(tx, campaignId)
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
	return mailAfterCommit(result)
}
