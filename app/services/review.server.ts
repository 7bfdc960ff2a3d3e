// Review: an evaluator's decisions on a submitted assessment (claim, release, return, approve,
// reopen), verdicts per criterion and comment threads. Each verb commits its change with its audit
// row in one transaction, then does what follows the commit: it sends its e-mails, and the final
// approval issues the signed report (ADR 008).
import { eq } from 'drizzle-orm'
import { type Db, schema } from '#db/client.server'
import { type AssessmentContext, getAnswers } from '#db/queries/assessments'
import { criterionRowId, currentAssessment, getVerdicts, verdictRow } from '#db/queries/review'
import { conversionMessage, fieldsToAnswer, type AnswerFields } from '~/domain/answer-form'
import { type Answer } from '~/domain/catalog/answers'
import { scoreAssessment } from '~/domain/catalog/scoring'
import { vnIsoDate } from '~/domain/dates'
import { type Role, type ScopeKind, type Verdict } from '~/domain/enums'
import { cleanText } from '~/domain/safe-text'
import { verdictIssue, verifiedAnswers } from '~/domain/verification'
import { type Effect, transition, type WorkflowEvent } from '~/domain/workflow'
import { appendAudit } from './audit.server'
import { evaluatorRecipients, facilityRecipients, notify, type Outgoing, sendMail } from './notifications.server'
import { endPublication } from './publication.server'
import { issueSignedReport } from './reports.server'

export type Actor = { id: number; name: string; role: Role; scopeKind: ScopeKind }

export type Refusal = { ok: false; status: 400 | 403 | 404 | 409; code: string; field?: string; params?: Record<string, string | number> }
export type ReviewResult = { ok: true } | Refusal
/** A decision committed: the e-mails still to send, and whether it was the final approval (a signed report follows). */
export type RecordedDecision = { ok: true; mail: Array<Outgoing>; final: boolean } | Refusal

const REFUSAL_STATUS: Record<string, 400 | 403 | 409> = {
	role_not_allowed: 403,
	national_only: 403,
	national_stage_required: 403,
	provincial_stage_required: 403,
	attestation_required: 400,
	changes_required: 400,
	reason_required: 400,
}

type DecisionInput = { ctx: AssessmentContext; actor: Actor; event: WorkflowEvent; requestedChanges?: ReadonlyArray<string> }

/**
 * A workflow decision on a submitted assessment (claim, release, return, approve, reopen), with
 * everything that follows: the change and its audit row in one transaction, the e-mails to the
 * people concerned, and for the final approval the signed report, issued in the approver's name.
 * A report that fails to render or sign never undoes the approval (ADR 008): the failure is logged,
 * the review page offers to issue it, and `npm run reports:batch` catches up.
 */
export async function decide(db: Db, input: DecisionInput, now = new Date()): Promise<ReviewResult> {
	const recorded = recordDecision(db, input, now)
	if (!recorded.ok) return recorded
	await sendMail(recorded.mail)
	if (recorded.final) {
		const assessmentId = input.ctx.assessment.id
		try {
			const issued = await issueSignedReport(db, { assessmentId, actorId: input.actor.id }, now)
			if (!issued.ok)
				console.error(`report of assessment ${assessmentId} not issued: ${issued.code}${'detail' in issued ? ` (${issued.detail})` : ''}`)
		} catch (error) {
			console.error(`report of assessment ${assessmentId} not issued:`, error)
		}
	}
	return { ok: true }
}

/**
 * The transaction of a decision, alone: the pure transition decides, its effects are carried out,
 * the audit row and the in-app notifications written; the e-mails are returned, not sent, and no
 * report is issued. `decide` is the verb; only bulk generators of synthetic data (bench/) call this
 * directly, inside their own transaction.
 */
export function recordDecision(db: Db, typed: DecisionInput, now = new Date()): RecordedDecision {
	// Reasons and requested changes are stored as `cleanText` keeps typed text (NFC).
	const input = { ...typed, requestedChanges: typed.requestedChanges?.map(cleanText).filter((c) => c !== '') }
	const event = 'reason' in typed.event ? { ...typed.event, reason: cleanText(typed.event.reason) } : typed.event
	const { ctx, actor } = input
	return db.transaction((tx): RecordedDecision => {
		const row = currentAssessment(tx, ctx.assessment.id)
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
			const verified = verifiedAnswers(getAnswers(tx as unknown as Db, row.id), getVerdicts(tx, row.id, row.round))
			const scored = scoreAssessment(
				ctx.catalogs.map((c) => c.compiled),
				verified,
				ctx.facilityProfile,
				{ asOf: ctx.asOf },
			)
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
		const final = event.type === 'approve' && decision.next === 'approved'
		let mail: Array<Outgoing> = []
		if (event.type === 'return') mail = notify(tx, facilityRecipients(tx, ctx.facility.id), 'assessment.returned', payload, now)
		else if (final) mail = notify(tx, facilityRecipients(tx, ctx.facility.id), 'assessment.approved', payload, now)
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
		return { ok: true, mail, final }
	})
}

/** The catalog version of a campaign that holds a criterion, with the criterion's answer spec; null for an unknown criterion. */
function criterionOf(ctx: AssessmentContext, criterionId: string) {
	const owner = ctx.catalogs.find((c) => c.compiled.indexOf.has(criterionId))
	if (!owner) return null
	return { versionId: owner.id, spec: owner.compiled.criteria[owner.compiled.indexOf.get(criterionId)!].criterion.answer }
}

/**
 * Records the evaluator's verdict on one criterion for the current round (only while holding the
 * claim). An adjusted value comes as the answer form's fields and is read with the criterion's own
 * answer rules.
 */
export function recordVerdict(
	db: Db,
	input: { ctx: AssessmentContext; actor: Actor; criterionId: string; verdict: Verdict; fields: Partial<AnswerFields>; reason: string },
	now = new Date(),
): ReviewResult {
	const { ctx, actor } = input
	const criterion = criterionOf(ctx, input.criterionId)
	if (!criterion) return { ok: false, status: 400, code: 'answer.unknown_criterion', field: 'criterionId' }
	const today = vnIsoDate(now)
	let value: Answer | null = null
	if (input.verdict === 'adjust') {
		const converted = fieldsToAnswer(criterion.spec, input.fields, { today })
		if (!converted.ok) return { ok: false, status: 400, code: conversionMessage(converted), field: 'value' }
		value = converted.answer
	}
	const reason = cleanText(input.reason)
	const issue = verdictIssue(criterion.spec, { verdict: input.verdict, value, reason }, today)
	if (issue) return { ok: false, status: 400, code: issue.code, field: issue.field, params: issue.params }
	return db.transaction((tx): ReviewResult => {
		const row = currentAssessment(tx, ctx.assessment.id)
		if (!row) return { ok: false, status: 404, code: 'assessment.not_found' }
		if (row.status !== 'in_review') return { ok: false, status: 409, code: 'workflow.wrong_state' }
		if (row.claimedBy !== actor.id) return { ok: false, status: 409, code: 'workflow.not_claimed_by_actor' }
		const criterionRow = criterionRowId(tx, criterion.versionId, input.criterionId)!
		const previous = verdictRow(tx, row.id, criterionRow, row.round)
		const values = {
			verdict: input.verdict,
			value: input.verdict === 'adjust' ? value : null,
			reason: reason || null,
			evaluatorId: actor.id,
			decidedAt: now,
		}
		tx.insert(schema.reviewVerdicts)
			.values({ assessmentId: row.id, criterionId: criterionRow, round: row.round, ...values })
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
		return { ok: true }
	})
}

/**
 * Adds a comment to a criterion's thread (or the assessment's, without a criterion) and tells the
 * other side: the facility of an evaluator's comment, the evaluators of a facility's.
 */
export async function addComment(
	db: Db,
	input: { ctx: AssessmentContext; actor: Actor; criterionId: string | null; body: string; fromFacility: boolean },
	now = new Date(),
): Promise<ReviewResult> {
	const { ctx, actor } = input
	const body = cleanText(input.body)
	if (!body) return { ok: false, status: 400, code: 'form.required', field: 'body' }
	if (body.length > 4000) return { ok: false, status: 400, code: 'form.tooLong', field: 'body', params: { max: 4000 } }
	let criterionRow: number | null = null
	if (input.criterionId) {
		const criterion = criterionOf(ctx, input.criterionId)
		if (!criterion) return { ok: false, status: 400, code: 'answer.unknown_criterion', field: 'criterionId' }
		criterionRow = criterionRowId(db, criterion.versionId, input.criterionId)!
	}
	const recorded = db.transaction((tx): { ok: true; mail: Array<Outgoing> } | Refusal => {
		const row = currentAssessment(tx, ctx.assessment.id)
		if (!row) return { ok: false, status: 404, code: 'assessment.not_found' }
		const comment = tx
			.insert(schema.comments)
			.values({ assessmentId: row.id, criterionId: criterionRow, authorId: actor.id, body, round: row.round, createdAt: now })
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
	if (!recorded.ok) return recorded
	await sendMail(recorded.mail)
	return { ok: true }
}
