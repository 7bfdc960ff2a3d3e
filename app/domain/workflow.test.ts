import { describe, expect, expectTypeOf, test } from 'vitest'
import { ASSESSMENT_STATUSES, type AssessmentStatus, type ManagingBody, ROLES, type Role, SCOPE_KINDS } from './enums'
import {
	allowedEvents,
	type Effect,
	isEditable,
	REFUSAL_REASONS,
	statusNotice,
	type RefusalReason,
	transition,
	type TransitionResult,
	verdictRoundShown,
	type WorkflowActor,
	type WorkflowContext,
	type WorkflowEvent,
	type WorkflowEventType,
	WORKFLOW_EVENTS,
} from './workflow'

const director: WorkflowActor = { userId: 1, role: 'facility_director', scopeKind: 'facility' }
const editor: WorkflowActor = { userId: 2, role: 'facility_editor', scopeKind: 'facility' }
const provEval: WorkflowActor = { userId: 10, role: 'evaluator', scopeKind: 'province' }
const provEval2: WorkflowActor = { userId: 11, role: 'evaluator', scopeKind: 'province' }
const natEval: WorkflowActor = { userId: 20, role: 'evaluator', scopeKind: 'national' }
const natEval2: WorkflowActor = { userId: 21, role: 'evaluator', scopeKind: 'national' }
const provPublisher: WorkflowActor = { userId: 30, role: 'publisher', scopeKind: 'province' }
const natPublisher: WorkflowActor = { userId: 31, role: 'publisher', scopeKind: 'national' }
const natAdmin: WorkflowActor = { userId: 40, role: 'admin', scopeKind: 'national' }
const provAdmin: WorkflowActor = { userId: 41, role: 'admin', scopeKind: 'province' }
const facilityEvaluator: WorkflowActor = { userId: 50, role: 'evaluator', scopeKind: 'facility' }

const ctx = (overrides: Partial<WorkflowContext> = {}): WorkflowContext => ({
	secondStage: false,
	managingBody: 'province',
	claimedBy: null,
	pastDue: false,
	acceptsLate: false,
	...overrides,
})
const twoStage = (overrides: Partial<WorkflowContext> = {}) => ctx({ secondStage: true, ...overrides })

const submit: WorkflowEvent = { type: 'submit', attested: true }
const claim: WorkflowEvent = { type: 'claim' }
const release: WorkflowEvent = { type: 'release' }
const returnTwo: WorkflowEvent = { type: 'return', requestedChanges: 2 }
const approve: WorkflowEvent = { type: 'approve' }
const publish: WorkflowEvent = { type: 'publish' }
const withdraw: WorkflowEvent = { type: 'withdraw', reason: 'wrong figures' }
const reopen: WorkflowEvent = { type: 'reopen', reason: 'audit finding' }

const ok = (next: AssessmentStatus, effects: Array<Effect> = []): TransitionResult => ({ ok: true, next, effects })
const no = (reason: RefusalReason): TransitionResult => ({ ok: false, reason })
const clearClaim: Effect = { type: 'clear_claim' }

test.each<[string, AssessmentStatus, WorkflowEvent, WorkflowActor, WorkflowContext, TransitionResult]>([
	['a director submits a draft', 'draft', submit, director, ctx(), ok('submitted', [{ type: 'freeze_snapshot' }])],
	['a director resubmits a returned assessment', 'returned', submit, director, ctx(), ok('submitted', [{ type: 'freeze_snapshot' }])],
	['a director resubmits a reopened assessment', 'reopened', submit, director, ctx(), ok('submitted', [{ type: 'freeze_snapshot' }])],
	[
		'a late submission is accepted and marked when the campaign accepts late work',
		'draft',
		submit,
		director,
		ctx({ pastDue: true, acceptsLate: true }),
		ok('submitted', [{ type: 'freeze_snapshot' }, { type: 'mark_late' }]),
	],
	['a provincial evaluator claims a submission', 'submitted', claim, provEval, ctx(), ok('in_review', [{ type: 'set_claim', userId: 10 }])],
	[
		'a national evaluator may take the only stage of a single-stage campaign',
		'submitted',
		claim,
		natEval,
		ctx(),
		ok('in_review', [{ type: 'set_claim', userId: 20 }]),
	],
	[
		'a national evaluator claims an MOH-run submission',
		'submitted',
		claim,
		natEval,
		ctx({ managingBody: 'moh' }),
		ok('in_review', [{ type: 'set_claim', userId: 20 }]),
	],
	[
		'a national evaluator claims an MOH-run submission in a two-stage campaign',
		'submitted',
		claim,
		natEval,
		twoStage({ managingBody: 'moh' }),
		ok('in_review', [{ type: 'set_claim', userId: 20 }]),
	],
	[
		'a national evaluator claims a provincially verified assessment',
		'provincially_verified',
		claim,
		natEval,
		twoStage(),
		ok('in_review', [{ type: 'set_claim', userId: 20 }]),
	],
	['the claimant releases a submission', 'in_review', release, provEval, ctx({ claimedBy: 10 }), ok('submitted', [clearClaim])],
	[
		'the provincial claimant in a two-stage campaign releases to submitted',
		'in_review',
		release,
		provEval,
		twoStage({ claimedBy: 10 }),
		ok('submitted', [clearClaim]),
	],
	[
		'the national claimant in a two-stage campaign releases to provincially verified',
		'in_review',
		release,
		natEval,
		twoStage({ claimedBy: 20 }),
		ok('provincially_verified', [clearClaim]),
	],
	[
		'the national claimant of an MOH-run facility releases to submitted',
		'in_review',
		release,
		natEval,
		twoStage({ managingBody: 'moh', claimedBy: 20 }),
		ok('submitted', [clearClaim]),
	],
	[
		'the claimant returns for revision, starting a new round',
		'in_review',
		returnTwo,
		provEval,
		ctx({ claimedBy: 10 }),
		ok('returned', [clearClaim, { type: 'start_new_round' }]),
	],
	[
		'the national claimant may return in the second stage',
		'in_review',
		returnTwo,
		natEval,
		twoStage({ claimedBy: 20 }),
		ok('returned', [clearClaim, { type: 'start_new_round' }]),
	],
	[
		'a provincial evaluator approves finally in a single-stage campaign',
		'in_review',
		approve,
		provEval,
		ctx({ claimedBy: 10 }),
		ok('approved', [clearClaim, { type: 'freeze_verified' }]),
	],
	[
		'a provincial evaluator only verifies in a two-stage campaign',
		'in_review',
		approve,
		provEval,
		twoStage({ claimedBy: 10 }),
		ok('provincially_verified', [clearClaim]),
	],
	[
		'a national evaluator approves finally in the second stage',
		'in_review',
		approve,
		natEval,
		twoStage({ claimedBy: 20 }),
		ok('approved', [clearClaim, { type: 'freeze_verified' }]),
	],
	[
		'a national evaluator approves an MOH-run facility finally, second stage or not',
		'in_review',
		approve,
		natEval,
		twoStage({ managingBody: 'moh', claimedBy: 20 }),
		ok('approved', [clearClaim, { type: 'freeze_verified' }]),
	],
	['a provincial publisher publishes an approved assessment', 'approved', publish, provPublisher, ctx(), ok('published')],
	['a national publisher publishes an approved assessment', 'approved', publish, natPublisher, ctx(), ok('published')],
	['a publisher withdraws with a reason', 'published', withdraw, provPublisher, ctx(), ok('approved', [{ type: 'unpublish' }])],
	[
		'a national evaluator reopens an approved assessment',
		'approved',
		reopen,
		natEval,
		ctx(),
		ok('reopened', [{ type: 'start_new_round' }]),
	],
	[
		'a national admin reopens a published assessment, taking it off the portal',
		'published',
		reopen,
		natAdmin,
		ctx(),
		ok('reopened', [{ type: 'unpublish' }, { type: 'start_new_round' }]),
	],

	['an editor cannot submit', 'draft', submit, editor, ctx(), no('role_not_allowed')],
	['a submitted assessment cannot be submitted again', 'submitted', submit, director, ctx(), no('wrong_state')],
	['an approved assessment cannot be submitted', 'approved', submit, director, ctx(), no('wrong_state')],
	['submitting needs the attestation', 'draft', { type: 'submit', attested: false }, director, ctx(), no('attestation_required')],
	[
		'a late submission is refused when the campaign does not accept late work',
		'draft',
		submit,
		director,
		ctx({ pastDue: true }),
		no('late_not_accepted'),
	],
	['a director cannot claim', 'submitted', claim, director, ctx(), no('role_not_allowed')],
	['a publisher cannot approve', 'in_review', approve, provPublisher, ctx({ claimedBy: 30 }), no('role_not_allowed')],
	['an admin cannot approve', 'in_review', approve, natAdmin, ctx({ claimedBy: 40 }), no('role_not_allowed')],
	['an evaluator cannot publish', 'approved', publish, natEval, ctx(), no('role_not_allowed')],
	['an evaluator with a malformed facility grant is refused', 'submitted', claim, facilityEvaluator, ctx(), no('role_not_allowed')],
	[
		'a second evaluator cannot claim an assessment under review',
		'in_review',
		claim,
		provEval2,
		ctx({ claimedBy: 10 }),
		no('already_claimed'),
	],
	['the claimant cannot claim again', 'in_review', claim, provEval, ctx({ claimedBy: 10 }), no('already_claimed')],
	['a stale claim by someone else blocks a claim', 'submitted', claim, provEval2, ctx({ claimedBy: 10 }), no('already_claimed')],
	['a draft cannot be claimed', 'draft', claim, provEval, ctx(), no('wrong_state')],
	[
		'a provincial evaluator cannot claim an MOH-run facility',
		'submitted',
		claim,
		provEval,
		ctx({ managingBody: 'moh' }),
		no('national_stage_required'),
	],
	[
		'a provincial evaluator cannot take the second stage',
		'provincially_verified',
		claim,
		provEval,
		twoStage(),
		no('national_stage_required'),
	],
	[
		'a national evaluator cannot take the first stage of a two-stage campaign',
		'submitted',
		claim,
		natEval,
		twoStage(),
		no('provincial_stage_required'),
	],
	['provincially verified is claimable only on the two-stage path', 'provincially_verified', claim, natEval, ctx(), no('wrong_state')],
	['someone else cannot release the claim', 'in_review', release, provEval2, ctx({ claimedBy: 10 }), no('not_claimed_by_actor')],
	['an unclaimed review cannot be approved', 'in_review', approve, provEval, ctx(), no('not_claimed_by_actor')],
	['someone else cannot return', 'in_review', returnTwo, natEval2, twoStage({ claimedBy: 20 }), no('not_claimed_by_actor')],
	[
		'a provincial claimant of an MOH-run facility (inconsistent data) cannot approve',
		'in_review',
		approve,
		provEval,
		ctx({ managingBody: 'moh', claimedBy: 10 }),
		no('national_stage_required'),
	],
	[
		'returning needs at least one requested change',
		'in_review',
		{ type: 'return', requestedChanges: 0 },
		provEval,
		ctx({ claimedBy: 10 }),
		no('changes_required'),
	],
	[
		'returning needs a whole number of requested changes',
		'in_review',
		{ type: 'return', requestedChanges: Number.NaN },
		provEval,
		ctx({ claimedBy: 10 }),
		no('changes_required'),
	],
	['a submitted assessment must be claimed before approval', 'submitted', approve, provEval, ctx(), no('wrong_state')],
	['a provincially verified assessment cannot be published', 'provincially_verified', publish, natPublisher, twoStage(), no('wrong_state')],
	['a published assessment cannot be published again', 'published', publish, provPublisher, ctx(), no('wrong_state')],
	['withdrawing needs a reason', 'published', { type: 'withdraw', reason: '' }, provPublisher, ctx(), no('reason_required')],
	['a blank reason is no reason', 'published', { type: 'withdraw', reason: ' \n\t' }, provPublisher, ctx(), no('reason_required')],
	['only a published assessment can be withdrawn', 'approved', withdraw, provPublisher, ctx(), no('wrong_state')],
	['a provincial evaluator cannot reopen', 'approved', reopen, provEval, ctx(), no('national_only')],
	['a provincial admin cannot reopen', 'published', reopen, provAdmin, ctx(), no('national_only')],
	['a publisher cannot reopen', 'published', reopen, natPublisher, ctx(), no('role_not_allowed')],
	['reopening needs a reason', 'approved', { type: 'reopen', reason: '   ' }, natEval, ctx(), no('reason_required')],
	['an assessment under review cannot be reopened', 'in_review', reopen, natAdmin, ctx(), no('wrong_state')],

	// Precedence: actor, then status, then review/claim, then deadline, then payload.
	[
		'precedence: a role that never approves hears role_not_allowed even on a draft',
		'draft',
		approve,
		editor,
		ctx(),
		no('role_not_allowed'),
	],
	[
		'precedence: a provincial reopen of a draft hears national_only, not wrong_state',
		'draft',
		reopen,
		provEval,
		ctx(),
		no('national_only'),
	],
	[
		'precedence: wrong_state comes before lateness and attestation',
		'submitted',
		{ type: 'submit', attested: false },
		director,
		ctx({ pastDue: true }),
		no('wrong_state'),
	],
	[
		'precedence: lateness comes before attestation',
		'draft',
		{ type: 'submit', attested: false },
		director,
		ctx({ pastDue: true }),
		no('late_not_accepted'),
	],
	[
		'precedence: the claim comes before the requested changes',
		'in_review',
		{ type: 'return', requestedChanges: 0 },
		provEval2,
		ctx({ claimedBy: 10 }),
		no('not_claimed_by_actor'),
	],
	['precedence: wrong_state comes before the missing reason', 'draft', { type: 'reopen', reason: '' }, natEval, ctx(), no('wrong_state')],
	['precedence: already_claimed comes before the stage', 'submitted', claim, natEval, twoStage({ claimedBy: 10 }), no('already_claimed')],
])('%s', (_name, status, event, actor, context, expected) => {
	expect(transition(status, event, actor, context)).toEqual(expected)
})

test.each<[AssessmentStatus, boolean]>([
	['draft', true],
	['submitted', false],
	['in_review', false],
	['returned', true],
	['provincially_verified', false],
	['approved', false],
	['published', false],
	['reopened', true],
])('isEditable(%s) is %s', (status, expected) => {
	expect(isEditable(status)).toBe(expected)
})

test('WORKFLOW_EVENTS names exactly the event union', () => {
	expectTypeOf<WorkflowEvent['type']>().toEqualTypeOf<WorkflowEventType>()
	expect(new Set(WORKFLOW_EVENTS).size).toBe(WORKFLOW_EVENTS.length)
})

// The exhaustive space: every status × event × role × scope kind × campaign/facility context ×
// claim holder × deadline. The actor is always user 7; user 8 is "someone else".
const ACTOR_ID = 7
const OTHER_ID = 8

const validEvent: Record<WorkflowEventType, WorkflowEvent> = {
	submit,
	claim,
	release,
	return: returnTwo,
	approve,
	publish,
	withdraw,
	reopen,
}
const invalidEvent: Partial<Record<WorkflowEventType, WorkflowEvent>> = {
	submit: { type: 'submit', attested: false },
	return: { type: 'return', requestedChanges: 0 },
	withdraw: { type: 'withdraw', reason: ' ' },
	reopen: { type: 'reopen', reason: '' },
}

/** The specification of who may ever perform each event, independent of the implementation. */
const mayEver: Record<WorkflowEventType, ReadonlyArray<Role>> = {
	submit: ['facility_director'],
	claim: ['evaluator'],
	release: ['evaluator'],
	return: ['evaluator'],
	approve: ['evaluator'],
	publish: ['publisher'],
	withdraw: ['publisher'],
	reopen: ['evaluator', 'admin'],
}

type Case = {
	status: AssessmentStatus
	type: WorkflowEventType
	actor: WorkflowActor
	context: WorkflowContext
	result: TransitionResult
}

const MANAGING: ReadonlyArray<ManagingBody> = ['moh', 'province']
const CASES: Array<Case> = []
for (const status of ASSESSMENT_STATUSES)
	for (const type of WORKFLOW_EVENTS)
		for (const role of ROLES)
			for (const scopeKind of SCOPE_KINDS)
				for (const secondStage of [false, true])
					for (const managingBody of MANAGING)
						for (const claimedBy of [null, ACTOR_ID, OTHER_ID])
							for (const pastDue of [false, true])
								for (const acceptsLate of [false, true]) {
									const actor: WorkflowActor = { userId: ACTOR_ID, role, scopeKind }
									const context: WorkflowContext = { secondStage, managingBody, claimedBy, pastDue, acceptsLate }
									CASES.push({ status, type, actor, context, result: transition(status, validEvent[type], actor, context) })
								}
const SUCCESSES = CASES.filter((c) => c.result.ok)
const nextOf = (c: Case) => (c.result.ok ? c.result.next : null)
const effectsOf = (c: Case) => (c.result.ok ? c.result.effects : [])

test('the exhaustive space covers every combination and has both outcomes', () => {
	expect(CASES.length).toBe(8 * 8 * 5 * 3 * 2 * 2 * 3 * 2 * 2)
	expect(SUCCESSES.length).toBeGreaterThan(0)
	expect(SUCCESSES.length).toBeLessThan(CASES.length)
})

test('every result is a known next status with effects, or a known refusal code', () => {
	const unknown = CASES.filter((c) =>
		c.result.ok
			? !ASSESSMENT_STATUSES.includes(c.result.next) || !Array.isArray(c.result.effects)
			: !REFUSAL_REASONS.includes(c.result.reason),
	)
	expect(unknown).toEqual([])
})

test('the transition never throws, whatever the payload', () => {
	const odd: Array<WorkflowEvent> = [
		{ type: 'return', requestedChanges: Number.POSITIVE_INFINITY },
		{ type: 'return', requestedChanges: -1 },
		{ type: 'withdraw', reason: undefined as unknown as string },
		{ type: 'reopen', reason: null as unknown as string },
		{ type: 'submit', attested: 'yes' as unknown as boolean },
	]
	const thrown: Array<unknown> = []
	for (const c of CASES)
		for (const event of [invalidEvent[c.type] ?? validEvent[c.type], ...odd]) {
			try {
				transition(c.status, event, c.actor, c.context)
			} catch (error) {
				thrown.push([c.status, event, c.actor, c.context, error])
			}
		}
	expect(thrown).toEqual([])
	for (const event of odd) expect(transition('in_review', event, natEval, ctx({ claimedBy: 20 })).ok).toBe(false)
})

test('a facility editor never causes any transition', () => {
	expect(SUCCESSES.filter((c) => c.actor.role === 'facility_editor')).toEqual([])
})

test('only a facility director ever submits, and a director does nothing else', () => {
	for (const c of SUCCESSES) expect(c.type === 'submit').toBe(c.actor.role === 'facility_director')
})

test('a role that never performs an event is refused with role_not_allowed in every status', () => {
	const others = CASES.filter((c) => !mayEver[c.type].includes(c.actor.role) && (c.result.ok || c.result.reason !== 'role_not_allowed'))
	expect(others).toEqual([])
})

test('only the facility acts on an editable assessment, and it acts only there', () => {
	for (const c of SUCCESSES) expect(isEditable(c.status)).toBe(c.type === 'submit')
})

test('only national evaluators and admins reopen, and only reopen leads to reopened', () => {
	for (const c of SUCCESSES) {
		if (c.type === 'reopen') {
			expect(c.actor.scopeKind).toBe('national')
			expect(['evaluator', 'admin']).toContain(c.actor.role)
		}
		expect(nextOf(c) === 'reopened').toBe(c.type === 'reopen')
	}
})

test('published is reached only by publish, by a publisher', () => {
	for (const c of SUCCESSES) {
		expect(nextOf(c) === 'published').toBe(c.type === 'publish')
		if (c.type === 'publish') expect(c.actor.role).toBe('publisher')
	}
})

test('a provincial evaluator never gives the final approval in a two-stage campaign', () => {
	for (const c of SUCCESSES)
		if (c.actor.role === 'evaluator' && c.actor.scopeKind !== 'national' && c.context.secondStage) expect(nextOf(c)).not.toBe('approved')
})

test('the final approval comes from an evaluator, or from a publisher withdrawing', () => {
	for (const c of SUCCESSES)
		if (nextOf(c) === 'approved') expect(c.type === 'approve' ? c.actor.role === 'evaluator' : c.type === 'withdraw').toBe(true)
})

test('an MOH-run facility is reviewed only by national evaluators and never provincially verified', () => {
	for (const c of SUCCESSES) {
		if (c.context.managingBody !== 'moh') continue
		if (['claim', 'release', 'return', 'approve'].includes(c.type)) expect(c.actor.scopeKind).toBe('national')
		expect(nextOf(c)).not.toBe('provincially_verified')
	}
})

test('provincially verified is reached only on the two-stage path for a non-MOH facility', () => {
	for (const c of SUCCESSES)
		if (nextOf(c) === 'provincially_verified') {
			expect(c.context.secondStage).toBe(true)
			expect(c.context.managingBody).not.toBe('moh')
		}
})

test('every transition changes the status', () => {
	for (const c of SUCCESSES) expect(nextOf(c)).not.toBe(c.status)
})

test('the claim is set exactly on entering review, to the actor, and cleared exactly on leaving it', () => {
	for (const c of SUCCESSES) {
		const effects = effectsOf(c)
		const sets = effects.filter((e) => e.type === 'set_claim')
		expect(sets).toEqual(nextOf(c) === 'in_review' ? [{ type: 'set_claim', userId: ACTOR_ID }] : [])
		expect(effects.some((e) => e.type === 'clear_claim')).toBe(c.status === 'in_review')
	}
})

test('only the claimant acts on an assessment under review', () => {
	for (const c of SUCCESSES) if (c.status === 'in_review') expect(c.context.claimedBy).toBe(ACTOR_ID)
})

test('a submission freezes a snapshot, is marked late exactly when past due, and late work is accepted only when allowed', () => {
	for (const c of SUCCESSES) {
		const types = effectsOf(c).map((e) => e.type)
		expect(types.includes('freeze_snapshot')).toBe(c.type === 'submit')
		expect(types.includes('mark_late')).toBe(c.type === 'submit' && c.context.pastDue)
		if (c.type === 'submit' && c.context.pastDue) expect(c.context.acceptsLate).toBe(true)
	}
})

test('the verified result is frozen exactly when an approval becomes final', () => {
	for (const c of SUCCESSES)
		expect(effectsOf(c).some((e) => e.type === 'freeze_verified')).toBe(c.type === 'approve' && nextOf(c) === 'approved')
})

test('allowedEvents lists an event exactly when it succeeds with a valid payload', () => {
	const mismatches: Array<unknown> = []
	let situations = 0
	// Each (status, actor, context) occurs exactly once among the cases of any one event type.
	for (const c of CASES) {
		if (c.type !== WORKFLOW_EVENTS[0]) continue
		situations++
		const allowed = allowedEvents(c.status, c.actor, c.context)
		for (const type of WORKFLOW_EVENTS) {
			const succeeds = transition(c.status, validEvent[type], c.actor, c.context).ok
			if (allowed.includes(type) !== succeeds) mismatches.push([c.status, type, c.actor, c.context, allowed])
		}
	}
	expect(mismatches).toEqual([])
	expect(situations).toBe(CASES.length / WORKFLOW_EVENTS.length)
})

test('a bad payload is refused only after every other check has passed', () => {
	const payloadReason: Partial<Record<WorkflowEventType, string>> = {
		submit: 'attestation_required',
		return: 'changes_required',
		withdraw: 'reason_required',
		reopen: 'reason_required',
	}
	const mismatches: Array<unknown> = []
	for (const c of CASES) {
		const bad = invalidEvent[c.type]
		if (!bad) continue
		const result = transition(c.status, bad, c.actor, c.context)
		const expected = c.result.ok ? payloadReason[c.type] : c.result.reason
		if (result.ok || result.reason !== expected) mismatches.push([c.status, bad, c.actor, c.context, result])
	}
	expect(mismatches).toEqual([])
})

// The full loop, as a table of steps; each row starts where the previous one ended.
type Step = [AssessmentStatus, WorkflowEvent, WorkflowActor, number | null, AssessmentStatus, Array<Effect>]

const SINGLE_STAGE_LOOP: Array<Step> = [
	['draft', submit, director, null, 'submitted', [{ type: 'freeze_snapshot' }]],
	['submitted', claim, provEval, null, 'in_review', [{ type: 'set_claim', userId: 10 }]],
	['in_review', returnTwo, provEval, 10, 'returned', [clearClaim, { type: 'start_new_round' }]],
	['returned', submit, director, null, 'submitted', [{ type: 'freeze_snapshot' }]],
	['submitted', claim, provEval2, null, 'in_review', [{ type: 'set_claim', userId: 11 }]],
	['in_review', approve, provEval2, 11, 'approved', [clearClaim, { type: 'freeze_verified' }]],
	['approved', publish, provPublisher, null, 'published', []],
	['published', withdraw, provPublisher, null, 'approved', [{ type: 'unpublish' }]],
	['approved', reopen, natEval, null, 'reopened', [{ type: 'start_new_round' }]],
]

const TWO_STAGE_LOOP: Array<Step> = [
	['draft', submit, director, null, 'submitted', [{ type: 'freeze_snapshot' }]],
	['submitted', claim, provEval, null, 'in_review', [{ type: 'set_claim', userId: 10 }]],
	['in_review', returnTwo, provEval, 10, 'returned', [clearClaim, { type: 'start_new_round' }]],
	['returned', submit, director, null, 'submitted', [{ type: 'freeze_snapshot' }]],
	['submitted', claim, provEval, null, 'in_review', [{ type: 'set_claim', userId: 10 }]],
	['in_review', approve, provEval, 10, 'provincially_verified', [clearClaim]],
	['provincially_verified', claim, natEval, null, 'in_review', [{ type: 'set_claim', userId: 20 }]],
	['in_review', approve, natEval, 20, 'approved', [clearClaim, { type: 'freeze_verified' }]],
	['approved', publish, natPublisher, null, 'published', []],
	['published', withdraw, natPublisher, null, 'approved', [{ type: 'unpublish' }]],
	['approved', reopen, natAdmin, null, 'reopened', [{ type: 'start_new_round' }]],
]

test.each(SINGLE_STAGE_LOOP)('single-stage loop: %s, %j by %j (claimed by %s) → %s', (from, event, actor, claimedBy, next, effects) => {
	expect(transition(from, event, actor, ctx({ claimedBy }))).toEqual({ ok: true, next, effects })
})

test.each(TWO_STAGE_LOOP)('two-stage loop: %s, %j by %j (claimed by %s) → %s', (from, event, actor, claimedBy, next, effects) => {
	expect(transition(from, event, actor, twoStage({ claimedBy }))).toEqual({ ok: true, next, effects })
})

test.each([
	['single-stage', SINGLE_STAGE_LOOP],
	['two-stage', TWO_STAGE_LOOP],
] as const)('the %s loop is one connected path from draft to reopened, with the claim following the effects', (_name, steps) => {
	let status: AssessmentStatus = 'draft'
	let claimedBy: number | null = null
	for (const [from, , , stepClaim, next, effects] of steps) {
		expect([from, stepClaim]).toEqual([status, claimedBy])
		status = next
		for (const e of effects) {
			if (e.type === 'set_claim') claimedBy = e.userId
			if (e.type === 'clear_claim') claimedBy = null
		}
	}
	expect(status).toBe('reopened')
})

// Reachability over (status, claim holder), applying claim effects as the service would.
const EVERYONE = [director, editor, provEval, provEval2, natEval, natEval2, provPublisher, natPublisher, natAdmin, provAdmin]

function reachable(context: Omit<WorkflowContext, 'claimedBy'>, avoid: AssessmentStatus | null = null): Set<AssessmentStatus> {
	const seen = new Set<string>()
	const statuses = new Set<AssessmentStatus>(['draft'])
	const queue: Array<[AssessmentStatus, number | null]> = [['draft', null]]
	while (queue.length) {
		const [status, claimedBy] = queue.shift()!
		for (const actor of EVERYONE)
			for (const type of WORKFLOW_EVENTS) {
				const result = transition(status, validEvent[type], actor, { ...context, claimedBy })
				if (!result.ok || result.next === avoid) continue
				let claim = claimedBy
				for (const e of result.effects) {
					if (e.type === 'set_claim') claim = e.userId
					if (e.type === 'clear_claim') claim = null
				}
				const key = `${result.next}/${claim}`
				if (seen.has(key)) continue
				seen.add(key)
				statuses.add(result.next)
				queue.push([result.next, claim])
			}
	}
	return statuses
}

const base = { pastDue: false, acceptsLate: false }

test.each<[string, Omit<WorkflowContext, 'claimedBy'>, Array<AssessmentStatus>]>([
	[
		'a single-stage campaign reaches everything but provincial verification',
		{ ...base, secondStage: false, managingBody: 'province' },
		ASSESSMENT_STATUSES.filter((s) => s !== 'provincially_verified'),
	],
	['a two-stage campaign reaches every status', { ...base, secondStage: true, managingBody: 'province' }, [...ASSESSMENT_STATUSES]],
	[
		'an MOH-run facility never passes provincial verification',
		{ ...base, secondStage: true, managingBody: 'moh' },
		ASSESSMENT_STATUSES.filter((s) => s !== 'provincially_verified'),
	],
	[
		'past due without late acceptance, nothing leaves draft',
		{ secondStage: true, managingBody: 'province', pastDue: true, acceptsLate: false },
		['draft'],
	],
])('%s', (_name, context, expected) => {
	expect([...reachable(context)].sort()).toEqual([...expected].sort())
})

test('in a two-stage campaign every path to the final approval passes provincial verification', () => {
	const withoutVerification = reachable({ ...base, secondStage: true, managingBody: 'province' }, 'provincially_verified')
	expect(withoutVerification.has('approved')).toBe(false)
	expect(withoutVerification.has('in_review')).toBe(true)
})

describe('what a facility reads and may do in each state', () => {
	test.each([
		['draft', 'open', null, true],
		['returned', 'open', null, true],
		['reopened', 'closed', null, true],
		['draft', 'closed', 'assessment.notice.closed', true],
		['submitted', 'open', 'assessment.notice.submitted', true],
		['in_review', 'open', 'assessment.notice.in_review', true],
		['provincially_verified', 'open', 'assessment.notice.provincially_verified', true],
		['approved', 'open', 'assessment.notice.approved', false],
		['published', 'closed', 'assessment.notice.published', false],
	] as const)('%s in an %s round: notice %s; draft PDF and workbook offered: %s', (status, round, notice, drafts) => {
		expect(statusNotice(status, round)).toEqual({ notice, draftReport: drafts, workbook: drafts })
	})

	test.each([
		['draft', 1, null],
		['submitted', 1, null],
		['in_review', 2, null],
		['returned', 2, 1],
		['reopened', 3, 2],
		['provincially_verified', 2, 2],
		['approved', 2, 2],
		['published', 1, 1],
	] as const)('a %s assessment in round %i shows the verdicts of round %s', (status, round, shown) => {
		expect(verdictRoundShown(status, round)).toBe(shown)
	})
})
