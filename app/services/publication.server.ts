import { and, eq, isNull } from 'drizzle-orm'
import { type Db, schema } from '#db/client.server'
import { publicationSubject, publishable } from '#db/queries/publication'
import { type ScopeKind } from '~/domain/enums'
import { type Grant } from '~/domain/permissions'
import { cleanText } from '~/domain/safe-text'
import { transition } from '~/domain/workflow'
import { appendAudit } from './audit.server'

export type PublishResult = { ok: true } | { ok: false; status: 400 | 403 | 404 | 409; code: string }

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
type Actor = { id: number; scopeKind: ScopeKind }

/** Ends the active publication of an assessment, if any (withdrawal, or a reopened result). */
export function endPublication(tx: Tx, assessmentId: number, actorId: number, reason: string, now: Date) {
	tx.update(schema.publications)
		.set({ withdrawnAt: now, withdrawnBy: actorId, withdrawReason: reason })
		.where(and(eq(schema.publications.assessmentId, assessmentId), isNull(schema.publications.withdrawnAt)))
		.run()
}

function apply(
	db: Db,
	assessmentId: number,
	actor: Actor,
	typed: { type: 'publish' } | { type: 'withdraw'; reason: string },
	now: Date,
): PublishResult {
	// A withdrawal's reason is shown publicly: stored as `cleanText` keeps typed text (NFC).
	const event = typed.type === 'withdraw' ? { ...typed, reason: cleanText(typed.reason) } : typed
	return db.transaction((tx) => {
		const row = publicationSubject(tx, assessmentId)
		if (!row) return { ok: false, status: 404, code: 'assessment.not_found' }
		const decision = transition(
			row.status,
			event,
			{ userId: actor.id, role: 'publisher', scopeKind: actor.scopeKind },
			{ secondStage: false, managingBody: row.managingBody, claimedBy: row.claimedBy, pastDue: false, acceptsLate: true },
		)
		if (!decision.ok)
			return {
				ok: false,
				status: decision.reason === 'reason_required' ? 400 : decision.reason === 'role_not_allowed' ? 403 : 409,
				code: `workflow.${decision.reason}`,
			}
		tx.update(schema.assessments)
			.set({ status: decision.next, version: row.version + 1, updatedAt: now })
			.where(eq(schema.assessments.id, assessmentId))
			.run()
		if (event.type === 'publish') tx.insert(schema.publications).values({ assessmentId, publishedBy: actor.id, publishedAt: now }).run()
		else endPublication(tx, assessmentId, actor.id, event.reason.trim(), now)
		appendAudit(tx, {
			actorId: actor.id,
			action: `publication.${event.type}`,
			entityType: 'assessment',
			entityId: assessmentId,
			before: { status: row.status },
			after: { status: decision.next, reason: event.type === 'withdraw' ? event.reason.trim() : undefined },
			at: now,
		})
		return { ok: true }
	})
}

/** Publishes an approved result on the public portal. */
export function publish(db: Db, input: { assessmentId: number; actor: Actor }, now = new Date()) {
	return apply(db, input.assessmentId, input.actor, { type: 'publish' }, now)
}

/** Takes a published result off the portal, with a reason kept in the audit trail and shown publicly. */
export function withdraw(db: Db, input: { assessmentId: number; actor: Actor; reason: string }, now = new Date()) {
	if (input.reason.trim().length > 2000) return { ok: false as const, status: 400 as const, code: 'form.tooLong' }
	return apply(db, input.assessmentId, input.actor, { type: 'withdraw', reason: input.reason }, now)
}

type Publisher = { actor: Actor; grants: ReadonlyArray<Grant> }

/** Whether every one of these results is one the publisher may act on (approved or published, in their jurisdiction). */
function allInScope(db: Db, grants: ReadonlyArray<Grant>, assessmentIds: ReadonlyArray<number>) {
	const inScope = new Set(publishable(db, grants, { ids: assessmentIds, limit: assessmentIds.length }).map((r) => r.id))
	return assessmentIds.every((id) => inScope.has(id))
}

/**
 * Publishes the results a publisher chose on the publication page. Every one must lie in their
 * jurisdiction, or nothing is done (403). A single result that cannot be published is refused with
 * its reason; in a batch, those are skipped and the count says how many were published.
 */
export function publishResults(
	db: Db,
	input: Publisher & { assessmentIds: ReadonlyArray<number> },
	now = new Date(),
): { ok: true; count: number } | Extract<PublishResult, { ok: false }> {
	if (!allInScope(db, input.grants, input.assessmentIds)) return { ok: false, status: 403, code: 'error.403.body' }
	let count = 0
	for (const assessmentId of input.assessmentIds) {
		const result = publish(db, { assessmentId, actor: input.actor }, now)
		if (result.ok) count++
		else if (input.assessmentIds.length === 1) return result
	}
	return { ok: true, count }
}

/** Takes a published result in the publisher's jurisdiction off the portal, with a reason (see `withdraw`). */
export function withdrawResult(db: Db, input: Publisher & { assessmentId: number; reason: string }, now = new Date()): PublishResult {
	if (!allInScope(db, input.grants, [input.assessmentId])) return { ok: false, status: 403, code: 'error.403.body' }
	return withdraw(db, { assessmentId: input.assessmentId, actor: input.actor, reason: input.reason }, now)
}
