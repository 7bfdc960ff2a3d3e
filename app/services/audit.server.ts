import crypto from 'node:crypto'
import { sql } from 'drizzle-orm'
import { type Db, schema } from '#db/client.server'
import { prepared } from '#db/prepared'
import { auditRowsInOrder, lastAuditHash } from '#db/queries/audit'
import { canonicalJson } from '~/domain/canonical-json'

type Tx = Pick<Db, 'select' | 'insert'>

export type AuditInput = {
	actorId: number | null
	action: string
	entityType: string
	entityId: string | number
	before?: unknown
	after?: unknown
	at: Date
}

export const GENESIS_HASH = '0'.repeat(64)

function hashEvent(
	prevHash: string,
	e: {
		at: Date
		actorId: number | null
		action: string
		entityType: string
		entityId: string
		before: string | null
		after: string | null
	},
) {
	return crypto
		.createHash('sha256')
		.update(prevHash)
		.update('\n')
		.update(
			canonicalJson({
				at: e.at.getTime(),
				actorId: e.actorId,
				action: e.action,
				entityType: e.entityType,
				entityId: e.entityId,
				before: e.before,
				after: e.after,
			}),
		)
		.digest('hex')
}

/**
 * Appends one audit event, chained to the previous one. Must be called inside the transaction
 * that makes the change, so a failed audit write rolls the change back.
 */
export function appendAudit(tx: Tx, input: AuditInput) {
	const prevHash = lastAuditHash(tx) ?? GENESIS_HASH
	const row = {
		at: input.at,
		actorId: input.actorId,
		action: input.action,
		entityType: input.entityType,
		entityId: String(input.entityId),
		before: input.before === undefined ? null : canonicalJson(input.before),
		after: input.after === undefined ? null : canonicalJson(input.after),
	}
	const hash = hashEvent(prevHash, row)
	// Every write appends one: built and prepared once per connection (db/prepared.ts).
	prepared(tx, 'audit.append', (d) =>
		d
			.insert(schema.auditEvents)
			.values({
				at: sql.placeholder('at'),
				actorId: sql.placeholder('actorId'),
				action: sql.placeholder('action'),
				entityType: sql.placeholder('entityType'),
				entityId: sql.placeholder('entityId'),
				before: sql.placeholder('before'),
				after: sql.placeholder('after'),
				prevHash: sql.placeholder('prevHash'),
				hash: sql.placeholder('hash'),
			})
			.prepare(),
	).run({ ...row, prevHash, hash })
	return hash
}

export type ChainReport =
	| { ok: true; count: number; lastHash: string }
	| { ok: false; count: number; brokenAtId: number; reason: 'prev_hash_mismatch' | 'hash_mismatch' }

/** Recomputes the whole chain in id order; reports the first row that does not match. */
export function verifyAuditChain(db: Db): ChainReport {
	let prev = GENESIS_HASH
	let count = 0
	for (const row of auditRowsInOrder(db)) {
		count++
		if (row.prevHash !== prev) return { ok: false, count, brokenAtId: row.id, reason: 'prev_hash_mismatch' }
		const expected = hashEvent(prev, row)
		if (expected !== row.hash) return { ok: false, count, brokenAtId: row.id, reason: 'hash_mismatch' }
		prev = row.hash
	}
	return { ok: true, count, lastHash: prev }
}
