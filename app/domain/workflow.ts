// The assessment workflow as one pure transition function. Scope (which facility a grant
// reaches) is checked by the caller with `permissions.ts`; this module decides only what the
// actor's role, the assessment's status and the campaign/facility context allow. Refusals are
// stable codes; the UI translates them.
//
// Precedence of refusals, most fundamental first (the tests pin it):
//   1. the actor: 'role_not_allowed' (this role never performs this event, or the grant's scope
//      kind is not one the role may hold), then 'national_only' (reopen below national level).
//      These do not depend on the assessment, so the same actor always gets the same answer;
//      'wrong_state' would instead suggest that retrying later could succeed.
//   2. the status: 'wrong_state' (the assessment is not where this event applies, typically a
//      stale page).
//   3. the review: 'already_claimed', 'not_claimed_by_actor', 'national_stage_required',
//      'provincial_stage_required'.
//   4. the deadline: 'late_not_accepted'.
//   5. the payload: 'attestation_required', 'changes_required', 'reason_required'.
// `allowedEvents` applies 1–4 and ignores 5, which is exactly what a button needs.
//
// Review stages. A facility's direct superior reviews it: the ministry (a national evaluator)
// for MOH-run facilities, otherwise the province. The ministry is the superior of everyone, so
// in a single-stage campaign a national evaluator may also do the (only) review of a provincial
// facility. In a two-stage campaign (`secondStage`) the first stage belongs to the province and
// the second to the ministry; a national evaluator may not take the first stage there, because
// that would collapse the two independent reviews the campaign asked for into one. A
// consequence is that the stage of an `in_review` assessment is determined by the claimant's
// scope kind, and since only the claimant can release, return or approve, by the actor's:
// a national claimant on the two-stage path is reviewing a provincially verified assessment,
// and releasing gives it back to 'provincially_verified'. No extra context is needed.
// 'provincially_verified' exists only on the two-stage path; the campaign service must not
// switch `secondStage` while assessments are in flight.
import { type AssessmentStatus, type CampaignStatus, type ManagingBody, ROLE_SCOPES, type Role, type ScopeKind } from './enums'
import { type Grant } from './permissions'

export const WORKFLOW_EVENTS = ['submit', 'claim', 'release', 'return', 'approve', 'publish', 'withdraw', 'reopen'] as const
export type WorkflowEventType = (typeof WORKFLOW_EVENTS)[number]

export type WorkflowEvent =
	/** `attested`: the director's personal attestation is present. */
	| { type: 'submit'; attested: boolean }
	| { type: 'claim' }
	| { type: 'release' }
	/** `requestedChanges`: how many changes the evaluator requests; at least one. */
	| { type: 'return'; requestedChanges: number }
	| { type: 'approve' }
	| { type: 'publish' }
	| { type: 'withdraw'; reason: string }
	| { type: 'reopen'; reason: string }

export type WorkflowActor = { userId: number; role: Role; scopeKind: ScopeKind }

export type WorkflowContext = {
	/** The campaign requires ministry approval after provincial verification. */
	secondStage: boolean
	managingBody: ManagingBody
	/** Who holds the in_review claim. */
	claimedBy: number | null
	pastDue: boolean
	acceptsLate: boolean
}

export const REFUSAL_REASONS = [
	'role_not_allowed',
	'national_only',
	'wrong_state',
	'already_claimed',
	'not_claimed_by_actor',
	'national_stage_required',
	'provincial_stage_required',
	'late_not_accepted',
	'attestation_required',
	'changes_required',
	'reason_required',
] as const
export type RefusalReason = (typeof REFUSAL_REASONS)[number]

/** What the service must do besides changing the status, in the same transaction. */
export type Effect =
	/** Freeze the submitted answers and scores. */
	| { type: 'freeze_snapshot' }
	| { type: 'mark_late' }
	| { type: 'set_claim'; userId: number }
	| { type: 'clear_claim' }
	/** The facility revises; the next submission is reviewed as a new round. */
	| { type: 'start_new_round' }
	/** Freeze the verified values as the final result. */
	| { type: 'freeze_verified' }
	/** Take the result off the public portal. */
	| { type: 'unpublish' }

export type TransitionResult = { ok: true; next: AssessmentStatus; effects: Array<Effect> } | { ok: false; reason: RefusalReason }

const EDITABLE: ReadonlyArray<AssessmentStatus> = ['draft', 'returned', 'reopened']

/** The facility may change answers and evidence only in these statuses. */
export function isEditable(status: AssessmentStatus): boolean {
	return EDITABLE.includes(status)
}

/**
 * Why the facility may not change (or submit) the assessment now, or null if it may. Closing a
 * round ends the work of facilities that never submitted; an assessment returned for revision
 * or reopened by the ministry was already in the reviewers' hands and may still be revised.
 */
export function editRefusal(status: AssessmentStatus, campaignStatus: CampaignStatus): 'assessment.locked' | 'campaign.closed' | null {
	if (!isEditable(status)) return 'assessment.locked'
	if (campaignStatus === 'closed' && status === 'draft') return 'campaign.closed'
	return null
}

const EVENT_ROLES: Record<WorkflowEventType, ReadonlyArray<Role>> = {
	submit: ['facility_director'],
	claim: ['evaluator'],
	release: ['evaluator'],
	return: ['evaluator'],
	approve: ['evaluator'],
	publish: ['publisher'],
	withdraw: ['publisher'],
	reopen: ['evaluator', 'admin'],
}

export function transition(
	status: AssessmentStatus,
	event: WorkflowEvent,
	actor: WorkflowActor,
	context: WorkflowContext,
): TransitionResult {
	const decided = decide(status, event.type, actor, context)
	if (!decided.ok) return decided
	const payloadRefusal = checkPayload(event)
	return payloadRefusal ? refuse(payloadRefusal) : decided
}

/** Event types this actor could perform now, given a valid payload (for rendering actions). */
export function allowedEvents(status: AssessmentStatus, actor: WorkflowActor, context: WorkflowContext): Array<WorkflowEventType> {
	return WORKFLOW_EVENTS.filter((type) => decide(status, type, actor, context).ok)
}

/** The grant a user acts with in a role: the national one when there is one (it reaches furthest), else the first. */
export function actingGrant(grants: ReadonlyArray<Grant>, role: Role): Grant | null {
	const mine = grants.filter((g) => g.role === role)
	return mine.find((g) => g.scopeKind === 'national') ?? mine[0] ?? null
}

type ReviewPath = 'ministry' | 'two_stage' | 'single'

function reviewPath(context: WorkflowContext): ReviewPath {
	if (context.managingBody === 'moh') return 'ministry'
	return context.secondStage ? 'two_stage' : 'single'
}

/** Everything but the payload; see the precedence at the top of the file. */
function decide(status: AssessmentStatus, type: WorkflowEventType, actor: WorkflowActor, context: WorkflowContext): TransitionResult {
	if (!EVENT_ROLES[type].includes(actor.role) || !ROLE_SCOPES[actor.role].includes(actor.scopeKind)) return refuse('role_not_allowed')
	const national = actor.scopeKind === 'national'
	const path = reviewPath(context)

	switch (type) {
		case 'submit': {
			if (!isEditable(status)) return refuse('wrong_state')
			if (context.pastDue && !context.acceptsLate) return refuse('late_not_accepted')
			const effects: Array<Effect> = [{ type: 'freeze_snapshot' }]
			if (context.pastDue) effects.push({ type: 'mark_late' })
			return allow('submitted', effects)
		}
		case 'claim': {
			// Two evaluators racing for the same submission: the loser learns why.
			if (status === 'in_review') return refuse('already_claimed')
			if (status === 'submitted') {
				if (heldByOther(actor, context)) return refuse('already_claimed')
				if (path === 'ministry' && !national) return refuse('national_stage_required')
				if (path === 'two_stage' && national) return refuse('provincial_stage_required')
				return allow('in_review', [{ type: 'set_claim', userId: actor.userId }])
			}
			if (status === 'provincially_verified' && path === 'two_stage') {
				if (heldByOther(actor, context)) return refuse('already_claimed')
				if (!national) return refuse('national_stage_required')
				return allow('in_review', [{ type: 'set_claim', userId: actor.userId }])
			}
			return refuse('wrong_state')
		}
		case 'release':
		case 'return':
		case 'approve': {
			if (status !== 'in_review') return refuse('wrong_state')
			if (context.claimedBy !== actor.userId) return refuse('not_claimed_by_actor')
			// Unreachable through `claim`; guards against inconsistent stored claims.
			if (path === 'ministry' && !national) return refuse('national_stage_required')
			const clear: Effect = { type: 'clear_claim' }
			if (type === 'release') return allow(path === 'two_stage' && national ? 'provincially_verified' : 'submitted', [clear])
			if (type === 'return') return allow('returned', [clear, { type: 'start_new_round' }])
			if (path === 'two_stage' && !national) return allow('provincially_verified', [clear])
			return allow('approved', [clear, { type: 'freeze_verified' }])
		}
		case 'publish':
			return status === 'approved' ? allow('published', []) : refuse('wrong_state')
		case 'withdraw':
			return status === 'published' ? allow('approved', [{ type: 'unpublish' }]) : refuse('wrong_state')
		case 'reopen': {
			if (!national) return refuse('national_only')
			if (status === 'approved') return allow('reopened', [{ type: 'start_new_round' }])
			if (status === 'published') return allow('reopened', [{ type: 'unpublish' }, { type: 'start_new_round' }])
			return refuse('wrong_state')
		}
	}
}

function checkPayload(event: WorkflowEvent): RefusalReason | null {
	switch (event.type) {
		case 'submit':
			return event.attested === true ? null : 'attestation_required'
		case 'return':
			return Number.isInteger(event.requestedChanges) && event.requestedChanges >= 1 ? null : 'changes_required'
		case 'withdraw':
		case 'reopen':
			return typeof event.reason === 'string' && event.reason.trim() !== '' ? null : 'reason_required'
		default:
			return null
	}
}

function heldByOther(actor: WorkflowActor, context: WorkflowContext): boolean {
	return context.claimedBy !== null && context.claimedBy !== actor.userId
}

function allow(next: AssessmentStatus, effects: Array<Effect>): TransitionResult {
	return { ok: true, next, effects }
}

function refuse(reason: RefusalReason): TransitionResult {
	return { ok: false, reason }
}

/**
 * What a facility's people read about their assessment in each state, and what they may still do
 * with it. Once a result is approved, the signed report is the result: the draft PDF and the
 * workbook are no longer offered beside it.
 */
export function statusNotice(
	status: AssessmentStatus,
	campaignStatus: CampaignStatus,
): {
	notice: `assessment.notice.${'closed' | 'submitted' | 'in_review' | 'provincially_verified' | 'approved' | 'published'}` | null
	draftReport: boolean
	workbook: boolean
} {
	const refusal = editRefusal(status, campaignStatus)
	const final = status === 'approved' || status === 'published'
	const notice =
		refusal === 'campaign.closed'
			? 'assessment.notice.closed'
			: refusal === null
				? null
				: status === 'submitted' || status === 'in_review' || status === 'provincially_verified' || final
					? (`assessment.notice.${status}` as const)
					: 'assessment.notice.submitted'
	return { notice, draftReport: !final, workbook: !final }
}

/**
 * Which review round's verdicts the facility's form pages show: while it revises a returned or
 * reopened assessment, the verdicts of the round it is revising; once the result is decided, the
 * verdicts of the round decided; otherwise none (a review in progress is not yet a verdict, and
 * earlier rounds belong in the history).
 */
export function verdictRoundShown(status: AssessmentStatus, round: number): number | null {
	if (status === 'returned' || status === 'reopened') return round > 1 ? round - 1 : null
	if (status === 'provincially_verified' || status === 'approved' || status === 'published') return round
	return null
}
