// Which criteria of a review need the evaluator's attention, and what the facility changed since
// the previous review round. Pure: the review page model (app/pages/review.server.ts) reads the
// previous round's verdicts and submission snapshot and asks these functions.
import { canonicalJson } from './canonical-json'
import { type Answer } from './catalog/answers'
import { type AssessmentStatus, type Verdict } from './enums'

/**
 * The states in which a review is still to be done (submitted, being reviewed, or verified by the
 * province and awaiting the ministry). Only then does a criterion "need attention": once the
 * assessment is approved, published, or back with the facility, the page shows what was decided.
 */
const REVIEW_OPEN_STATUSES: ReadonlyArray<AssessmentStatus> = ['submitted', 'in_review', 'provincially_verified']

export const isReviewOpen = (status: AssessmentStatus) => REVIEW_OPEN_STATUSES.includes(status)

/** Why a criterion needs attention, in the order the page names them. */
export type AttentionReason = 'no_verdict' | 'changed' | 'previously_rejected'

/** What the previous round left on one criterion, as far as attention goes. */
export type AttentionInput = {
	/** The assessment's state: attention applies only while its review is open. */
	status: AssessmentStatus
	/** A verdict is recorded in the round under review. */
	hasVerdict: boolean
	/** There was an earlier review round (the assessment was returned or reopened, and resubmitted). */
	hasPreviousRound: boolean
	/** The earlier round's verdict on this criterion, if it had one. */
	previousVerdict: Verdict | null
	/** The facility changed the answer or the evidence since the earlier round's submission. */
	changed: boolean
}

/**
 * While the review is open, a criterion needs attention while it has no verdict in this round,
 * unless the earlier round accepted it in so many words and the facility has not touched it since.
 * The reasons say why: no verdict yet (first round, or not reviewed before), changed since, or not
 * accepted before (not met or adjusted, which a new round does not carry over). A verdict in this
 * round settles it; so does the end of the review.
 */
export function attentionReasons(c: AttentionInput): Array<AttentionReason> {
	if (!isReviewOpen(c.status) || c.hasVerdict) return []
	const reasons: Array<AttentionReason> = []
	if (c.changed) reasons.push('changed')
	if (c.previousVerdict === 'not_met' || c.previousVerdict === 'adjust') reasons.push('previously_rejected')
	if (!c.hasPreviousRound || c.previousVerdict === null) reasons.push('no_verdict')
	return reasons
}

/**
 * Whether the facility changed a criterion between two states: its answer (value, N/A reason) or
 * note differs, its count of evidence files differs, or a file was uploaded after the earlier
 * submission (a file replaced by another keeps the count).
 */
export function changedSince(
	before: { answer: Answer | null; note: string | null; evidence: number },
	after: { answer: Answer | null; note: string | null; evidence: number; uploadedAfter: boolean },
): boolean {
	if (after.uploadedAfter || before.evidence !== after.evidence) return true
	if ((before.note ?? '') !== (after.note ?? '')) return true
	return canonicalJson(before.answer ?? null) !== canonicalJson(after.answer ?? null)
}

/** The attention filter of the review page's query string: every criterion, or those needing attention. */
export type ReviewFilter = 'all' | 'attention'
export const parseReviewFilter = (value: string | null): ReviewFilter => (value === 'attention' ? 'attention' : 'all')
