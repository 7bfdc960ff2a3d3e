import { and, asc, count, desc, eq, inArray, isNull } from 'drizzle-orm'
import { type AssessmentStatus } from '../../app/domain/enums'
import { isNotificationKind, type NotificationKind, type NotificationPayload } from '../../app/domain/notifications'
import { type Grant, type Permission } from '../../app/domain/permissions'
import { type Db } from '../client.server'
import { assessments, campaigns, catalogVersions, facilities, notifications, users } from '../schema/index'
import { facilityScopeCondition } from './scope'
import { manageableCondition } from './users'

export type AssessmentRow = {
	id: number
	status: AssessmentStatus
	facilityId: number
	facilityName: string
	campaignTitle: string
	dueAt: Date
	submittedAt: Date | null
}

/** In the round's order, then by facility name in Vietnamese order (the stored sort key, docs/decisions/017). */
function assessmentsInScope(
	db: Db,
	grants: ReadonlyArray<Grant>,
	permission: Permission,
	statuses: ReadonlyArray<AssessmentStatus>,
	limit = 50,
) {
	const order = [asc(campaigns.dueAt), asc(facilities.sortKey), asc(facilities.code)] as const
	// The first `limit` ids from assessments_queue_idx alone, then their rows (docs/PERFORMANCE.md, "Long lists").
	const first = db
		.select({ id: assessments.id })
		.from(assessments)
		.innerJoin(facilities, eq(facilities.id, assessments.facilityId))
		.innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
		.where(and(inArray(assessments.status, [...statuses]), facilityScopeCondition(grants, permission)))
		.orderBy(...order)
		.limit(limit)
	return db
		.select({
			id: assessments.id,
			status: assessments.status,
			facilityId: facilities.id,
			facilityName: facilities.name,
			campaignTitle: campaigns.title,
			dueAt: campaigns.dueAt,
			submittedAt: assessments.submittedAt,
		})
		.from(assessments)
		.innerJoin(facilities, eq(facilities.id, assessments.facilityId))
		.innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
		.where(inArray(assessments.id, first))
		.orderBy(...order)
		.all()
}

/** What a facility user has to work on: open drafts and returned assessments of its facilities. */
export function facilityWork(db: Db, grants: ReadonlyArray<Grant>): Array<AssessmentRow> {
	return assessmentsInScope(
		db,
		grants.filter((g) => g.scopeKind === 'facility'),
		'assessment:edit',
		// Every state: after approval the facility still reads its result and its signed report here.
		['draft', 'returned', 'reopened', 'submitted', 'in_review', 'provincially_verified', 'approved', 'published'],
	)
}

/** Approved results a publisher may publish. */
export function publicationQueue(db: Db, grants: ReadonlyArray<Grant>): Array<AssessmentRow> {
	return assessmentsInScope(db, grants, 'publication:manage', ['approved'])
}

/** An admin's figures, within its reach: a province admin counts its province's facilities and staff. */
export function systemCounts(db: Db, grants: ReadonlyArray<Grant>) {
	const one = <T extends { n: number }>(row: T | undefined) => row?.n ?? 0
	return {
		facilities: one(
			db
				.select({ n: count() })
				.from(facilities)
				.where(and(eq(facilities.active, true), facilityScopeCondition(grants, 'facility:manage')))
				.get(),
		),
		users: one(db.select({ n: count() }).from(users).where(manageableCondition(grants)).get()),
		catalogVersions: one(db.select({ n: count() }).from(catalogVersions).get()),
		openCampaigns: one(db.select({ n: count() }).from(campaigns).where(eq(campaigns.status, 'open')).get()),
	}
}

export type UnreadNotification = { id: number; kind: NotificationKind; payload: NotificationPayload; createdAt: Date }

/** The user's unread notifications, newest first (kinds the application no longer knows are left out). */
export function unreadNotifications(db: Db, userId: number, limit = 10): Array<UnreadNotification> {
	return db
		.select({ id: notifications.id, kind: notifications.kind, payload: notifications.payload, createdAt: notifications.createdAt })
		.from(notifications)
		.where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
		.orderBy(desc(notifications.createdAt))
		.limit(limit)
		.all()
		.flatMap((n) =>
			isNotificationKind(n.kind) ? [{ id: n.id, kind: n.kind, payload: n.payload as NotificationPayload, createdAt: n.createdAt }] : [],
		)
}
