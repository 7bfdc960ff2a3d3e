import { and, asc, desc, eq, lt } from 'drizzle-orm'
import { type Db } from '../client.server'
import { prepared } from '../prepared'
import { auditEvents, users } from '../schema/index'

export type AuditEventView = {
	id: number
	at: Date
	actorId: number | null
	actorName: string | null
	action: string
	entityType: string
	entityId: string
	/** The stored JSON, parsed; null when the event recorded none. */
	before: unknown
	after: unknown
}

const columns = {
	id: auditEvents.id,
	at: auditEvents.at,
	actorId: auditEvents.actorId,
	actorName: users.name,
	action: auditEvents.action,
	entityType: auditEvents.entityType,
	entityId: auditEvents.entityId,
	before: auditEvents.before,
	after: auditEvents.after,
}

function parse(text: string | null): unknown {
	if (text === null) return null
	try {
		return JSON.parse(text)
	} catch {
		// A row edited by hand may no longer be JSON; the chain check reports it, the page still shows it.
		return text
	}
}

function toView(row: { before: string | null; after: string | null } & Omit<AuditEventView, 'before' | 'after'>): AuditEventView {
	return { ...row, before: parse(row.before), after: parse(row.after) }
}

/**
 * The newest events first, `limit` at a time. Paged by id (keyset) rather than offset: the trail
 * grows without bound and the newest rows are the ones read.
 */
export function listLatestAuditEvents(db: Db, opts: { limit?: number; beforeId?: number } = {}): Array<AuditEventView> {
	const limit = opts.limit ?? 50
	return db
		.select(columns)
		.from(auditEvents)
		.leftJoin(users, eq(users.id, auditEvents.actorId))
		.where(opts.beforeId === undefined ? undefined : lt(auditEvents.id, opts.beforeId))
		.orderBy(desc(auditEvents.id))
		.limit(limit)
		.all()
		.map(toView)
}

/** One event by id, or null. */
export function getAuditEvent(db: Db, id: number): AuditEventView | null {
	const row = db.select(columns).from(auditEvents).leftJoin(users, eq(users.id, auditEvents.actorId)).where(eq(auditEvents.id, id)).get()
	return row ? toView(row) : null
}

/** The history of one assessment, oldest first (uses the entity index). */
export function listAssessmentAuditEvents(db: Db, assessmentId: number): Array<AuditEventView> {
	return db
		.select(columns)
		.from(auditEvents)
		.leftJoin(users, eq(users.id, auditEvents.actorId))
		.where(and(eq(auditEvents.entityType, 'assessment'), eq(auditEvents.entityId, String(assessmentId))))
		.orderBy(asc(auditEvents.id))
		.all()
		.map(toView)
}

/** The hash of the newest event (what the next one chains to), or undefined on an empty trail. Read inside the writing transaction. */
export function lastAuditHash(tx: Pick<Db, 'select'>): string | undefined {
	return prepared(tx, 'audit.lastHash', (d) =>
		d.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1).prepare(),
	).get()?.hash
}

/** One stored audit row as the chain check reads it: the JSON as stored, not parsed. */
export type StoredAuditRow = {
	id: number
	at: Date
	actorId: number | null
	action: string
	entityType: string
	entityId: string
	before: string | null
	after: string | null
	prevHash: string
	hash: string
}

/** Every audit row in id order, streamed one at a time: the trail grows without bound. */
export function* auditRowsInOrder(db: Db): Generator<StoredAuditRow> {
	const rows = db.$client
		.prepare(
			'select id, at, actor_id as actorId, action, entity_type as entityType, entity_id as entityId, before, after, prev_hash as prevHash, hash from audit_events order by id',
		)
		.iterate() as IterableIterator<Omit<StoredAuditRow, 'at'> & { at: number }>
	for (const raw of rows) yield { ...raw, at: new Date(raw.at) }
}
