import { and, eq } from 'drizzle-orm'
import { type Db, schema } from '#db/client.server'
import { type AssessmentContext, getAnswers } from '#db/queries/assessments'
import { getVerdicts } from '#db/queries/review'
import { type Answer } from '~/domain/catalog/answers'
import { scoreAssessment } from '~/domain/catalog/scoring'
import { vnIsoDate } from '~/domain/dates'
import { type Role, type ScopeKind, type Verdict } from '~/domain/enums'
import { verdictIssue, verifiedAnswer } from '~/domain/verification'
import { type Effect, transition, type WorkflowEvent } from '~/domain/workflow'
import { appendAudit } from './audit.server'
import { evaluatorRecipients, facilityRecipients, notify, type Outgoing } from './notifications.server'
import { endPublication } from './publication.server'

export type Actor = { id: number; name: string; role: Role; scopeKind: ScopeKind }

export type ReviewResult =
	| { ok: true; mail: Array<Outgoing> }
	| { ok: false; status: 400 | 403 | 404 | 409; code: string; field?: string; params?: Record<string, string | number> }

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

function current(tx: Tx, id: number) {
	return tx.select().from(schema.assessments).where(eq(schema.assessments.id, id)).get()
}

const REFUSAL_STATUS: Record<string, 400 | 403 | 409> = {
	role_not_allowed: 403,
	national_only: 403,
	national_stage_required: 403,
	provincial_stage_required: 403,
	attestation_required: 400,
	changes_required: 400,
	reason_required: 400,
}

/** The verified answers of a round: self-assessed values with the evaluator's verdicts applied. */
export function verifiedAnswers(db: Db, ctx: AssessmentContext, round: number) {
	const self = getAnswers(db, ctx.assessment.id)
	const verdicts = getVerdicts(db, ctx.assessment.id, round)
	const keys = new Set([...self.keys(), ...verdicts.keys()])
	const out = new Map<string, Answer>()
	for (const key of keys) {
		const v = verifiedAnswer(self.get(key)?.answer ?? null, verdicts.get(key))
		if (v) out.set(key, v)
	}
	return { self, verdicts, verified: out }
}

export function scoreVerified(db: Db, ctx: AssessmentContext, round: number) {
	const { verified } = verifiedAnswers(db, ctx, round)
	return scoreAssessment(
		ctx.catalogs.map((c) => c.compiled),
		verified,
		ctx.facilityProfile,
		{ asOf: ctx.asOf },
	)
}

/**
 * Applies one workflow event: the pure transition decides, then its effects are carried out and
 * the audit row written in the same transaction. Notifications go to the people concerned.
 */
export function decide(
	db: Db,
	input: { ctx: AssessmentContext; actor: Actor; event: WorkflowEvent; requestedChanges?: ReadonlyArray<string> },
	now = new Date(),
): ReviewResult {
	const { ctx, actor, event } = input
	return db.transaction((tx) => {
		const row = current(tx, ctx.assessment.id)
		if (!row) return { ok: false, status: 404, code: 'assessment.not_found' }
		const decision = transition(
			row.status,
			event,
			{ userId: actor.id, role: actor.role, scopeKind: actor.scopeKind },
			{
				secondStage: ctx.campaign.secondStage,
				managingBody: ctx.facility.managingBody,
				claimedBy: row.claimedBy,
				pastDue: now > ctx.campaign.dueAt,
				acceptsLate: ctx.campaign.acceptsLate,
			},
		)
		if (!decision.ok) return { ok: false, status: REFUSAL_STATUS[decision.reason] ?? 409, code: `workflow.${decision.reason}` }

		const has = (type: Effect['type']) => decision.effects.some((e) => e.type === type)
		const set: Partial<typeof schema.assessments.$inferInsert> = { status: decision.next, version: row.version + 1, updatedAt: now }
		if (has('clear_claim')) set.claimedBy = null
		const claim = decision.effects.find((e) => e.type === 'set_claim')
		if (claim && claim.type === 'set_claim') set.claimedBy = claim.userId
		if (has('start_new_round')) set.round = row.round + 1
		let verifiedLevels: unknown = undefined
		if (has('freeze_verified')) {
			const scored = scoreVerified(tx as unknown as Db, ctx, row.round)
			if (!scored.ok) return { ok: false, status: 409, code: 'review.invalid_verified_answers' }
			const summary = scored.scores.map((s) => ({
				code: s.code,
				version: s.version,
				achievedLevel: s.achievedLevel,
				nextLevel: s.nextLevel,
				percent: s.percent,
				provisional: s.provisional,
			}))
			set.verifiedScore = summary
			set.approvedAt = now
			verifiedLevels = summary.map((s) => [s.code, s.achievedLevel?.id ?? null])
		}
		if (event.type === 'return') {
			for (const body of input.requestedChanges ?? []) {
				tx.insert(schema.comments)
					.values({ assessmentId: row.id, authorId: actor.id, body, requestsChange: true, round: row.round, createdAt: now })
					.run()
			}
		}
		tx.update(schema.assessments).set(set).where(eq(schema.assessments.id, row.id)).run()
		if (has('unpublish')) endPublication(tx, row.id, actor.id, 'reason' in event ? event.reason.trim() : '', now)
		const reason = 'reason' in event ? event.reason : undefined
		appendAudit(tx, {
			actorId: actor.id,
			action: `review.${event.type}`,
			entityType: 'assessment',
			entityId: row.id,
			before: { status: row.status, round: row.round, claimedBy: row.claimedBy },
			after: {
				status: decision.next,
				round: set.round ?? row.round,
				claimedBy: set.claimedBy === undefined ? row.claimedBy : set.claimedBy,
				reason,
				requestedChanges: input.requestedChanges,
				verifiedLevels,
			},
			at: now,
		})

		const payload = { assessmentId: row.id, facilityName: ctx.facility.name, campaignTitle: ctx.campaign.title, by: actor.name }
		let mail: Array<Outgoing> = []
		if (event.type === 'return') mail = notify(tx, facilityRecipients(tx, ctx.facility.id), 'assessment.returned', payload, now)
		else if (event.type === 'approve' && decision.next === 'approved')
			mail = notify(tx, facilityRecipients(tx, ctx.facility.id), 'assessment.approved', payload, now)
		else if (event.type === 'approve') {
			mail = [
				...notify(tx, facilityRecipients(tx, ctx.facility.id), 'assessment.verified', payload, now),
				...notify(
					tx,
					evaluatorRecipients(tx, { provinceCode: ctx.facility.provinceCode, managingBody: 'moh' }),
					'assessment.verified',
					payload,
					now,
				),
			]
		} else if (event.type === 'reopen') mail = notify(tx, facilityRecipients(tx, ctx.facility.id), 'assessment.reopened', payload, now)
		return { ok: true, mail }
	})
}

/** Records the evaluator's verdict on one criterion for the current round (only while holding the claim). */
export function recordVerdict(
	db: Db,
	input: { ctx: AssessmentContext; actor: Actor; criterionId: string; verdict: Verdict; value: Answer | null; reason: string },
	now = new Date(),
): ReviewResult {
	const { ctx, actor } = input
	const owner = ctx.catalogs.find((c) => c.compiled.indexOf.has(input.criterionId))
	if (!owner) return { ok: false, status: 400, code: 'answer.unknown_criterion', field: 'criterionId' }
	const spec = owner.compiled.criteria[owner.compiled.indexOf.get(input.criterionId)!].criterion.answer
	const issue = verdictIssue(spec, { verdict: input.verdict, value: input.value, reason: input.reason }, vnIsoDate(now))
	if (issue) return { ok: false, status: 400, code: issue.code, field: issue.field, params: issue.params }
	return db.transaction((tx) => {
		const row = current(tx, ctx.assessment.id)
		if (!row) return { ok: false, status: 404, code: 'assessment.not_found' }
		if (row.status !== 'in_review') return { ok: false, status: 409, code: 'workflow.wrong_state' }
		if (row.claimedBy !== actor.id) return { ok: false, status: 409, code: 'workflow.not_claimed_by_actor' }
		const criterion = tx
			.select({ id: schema.criteria.id })
			.from(schema.criteria)
			.where(and(eq(schema.criteria.catalogVersionId, owner.id), eq(schema.criteria.key, input.criterionId)))
			.get()!
		const previous = tx
			.select()
			.from(schema.reviewVerdicts)
			.where(
				and(
					eq(schema.reviewVerdicts.assessmentId, row.id),
					eq(schema.reviewVerdicts.criterionId, criterion.id),
					eq(schema.reviewVerdicts.round, row.round),
				),
			)
			.get()
		const values = {
			verdict: input.verdict,
			value: input.verdict === 'adjust' ? input.value : null,
			reason: input.reason.trim() || null,
			evaluatorId: actor.id,
			decidedAt: now,
		}
		tx.insert(schema.reviewVerdicts)
			.values({ assessmentId: row.id, criterionId: criterion.id, round: row.round, ...values })
			.onConflictDoUpdate({
				target: [schema.reviewVerdicts.assessmentId, schema.reviewVerdicts.criterionId, schema.reviewVerdicts.round],
				set: values,
			})
			.run()
		appendAudit(tx, {
			actorId: actor.id,
			action: 'review.verdict',
			entityType: 'assessment',
			entityId: row.id,
			before: previous
				? { criterionId: input.criterionId, verdict: previous.verdict, value: previous.value, reason: previous.reason }
				: { criterionId: input.criterionId },
			after: { criterionId: input.criterionId, verdict: values.verdict, value: values.value, reason: values.reason, round: row.round },
			at: now,
		})
		return { ok: true, mail: [] }
	})
}

/** Adds a comment to a criterion's thread (or the assessment's, without a criterion). */
export function addComment(
	db: Db,
	input: { ctx: AssessmentContext; actor: Actor; criterionId: string | null; body: string; fromFacility: boolean },
	now = new Date(),
): ReviewResult {
	const { ctx, actor } = input
	const body = input.body.trim()
	if (!body) return { ok: false, status: 400, code: 'form.required', field: 'body' }
	if (body.length > 4000) return { ok: false, status: 400, code: 'form.tooLong', field: 'body', params: { max: 4000 } }
	let criterionRowId: number | null = null
	if (input.criterionId) {
		const owner = ctx.catalogs.find((c) => c.compiled.indexOf.has(input.criterionId!))
		if (!owner) return { ok: false, status: 400, code: 'answer.unknown_criterion', field: 'criterionId' }
		criterionRowId = db
			.select({ id: schema.criteria.id })
			.from(schema.criteria)
			.where(and(eq(schema.criteria.catalogVersionId, owner.id), eq(schema.criteria.key, input.criterionId)))
			.get()!.id
	}
	return db.transaction((tx) => {
		const row = current(tx, ctx.assessment.id)
		if (!row) return { ok: false, status: 404, code: 'assessment.not_found' }
		const comment = tx
			.insert(schema.comments)
			.values({ assessmentId: row.id, criterionId: criterionRowId, authorId: actor.id, body, round: row.round, createdAt: now })
			.returning({ id: schema.comments.id })
			.get()
		appendAudit(tx, {
			actorId: actor.id,
			action: 'comment.add',
			entityType: 'assessment',
			entityId: row.id,
			after: { commentId: comment.id, criterionId: input.criterionId, body },
			at: now,
		})
		const payload = { assessmentId: row.id, facilityName: ctx.facility.name, campaignTitle: ctx.campaign.title, by: actor.name }
		const recipients = input.fromFacility
			? evaluatorRecipients(tx, { provinceCode: ctx.facility.provinceCode, managingBody: ctx.facility.managingBody })
			: facilityRecipients(tx, ctx.facility.id)
		return {
			ok: true,
			mail: notify(
				tx,
				recipients.filter((r) => r.id !== actor.id),
				'comment.added',
				payload,
				now,
			),
		}
	})
}
