import { describe, expect, test } from 'vitest'
import { type Answer } from './catalog/answers'
import { type AttentionInput, attentionReasons, changedSince, parseReviewFilter } from './review-attention'

const base: AttentionInput = { status: 'in_review', hasVerdict: false, hasPreviousRound: true, previousVerdict: 'accept', changed: false }

describe('which criteria need the evaluator\u2019s attention', () => {
	test.each([
		['a first round without a verdict yet', { hasPreviousRound: false, previousVerdict: null }, ['no_verdict']],
		['a first round with a verdict recorded', { hasPreviousRound: false, previousVerdict: null, hasVerdict: true }, []],
		['accepted before and untouched since', {}, []],
		['accepted before but changed since', { changed: true }, ['changed']],
		['found not met before, untouched', { previousVerdict: 'not_met' }, ['previously_rejected']],
		['adjusted before, untouched', { previousVerdict: 'adjust' }, ['previously_rejected']],
		['not met before and changed since', { previousVerdict: 'not_met', changed: true }, ['changed', 'previously_rejected']],
		['not looked at in the earlier round', { previousVerdict: null }, ['no_verdict']],
		['changed, not looked at before', { previousVerdict: null, changed: true }, ['changed', 'no_verdict']],
		['not met before, changed, and already decided in this round', { previousVerdict: 'not_met', changed: true, hasVerdict: true }, []],
		[
			'submitted and not yet claimed, a first round',
			{ status: 'submitted', hasPreviousRound: false, previousVerdict: null },
			['no_verdict'],
		],
		['verified by the province, awaiting the ministry', { status: 'provincially_verified', changed: true }, ['changed']],
		['approved without a verdict: the review is over', { status: 'approved', hasPreviousRound: false, previousVerdict: null }, []],
		['published, not met before and changed', { status: 'published', previousVerdict: 'not_met', changed: true }, []],
		['returned to the facility', { status: 'returned', changed: true }, []],
	] as const)('%s', (_, overrides, reasons) => {
		expect(attentionReasons({ ...base, ...overrides })).toEqual(reasons)
	})
})

describe('what the facility changed since the earlier submission', () => {
	const yes: Answer = { kind: 'yes_no', value: 'yes' }
	const same = { answer: yes, note: null, evidence: 1 }
	test.each([
		['nothing', same, { ...same, uploadedAfter: false }, false],
		['the answer', same, { ...same, answer: { kind: 'yes_no', value: 'no' } as Answer, uploadedAfter: false }, true],
		[
			'the N/A reason',
			{ ...same, answer: { kind: 'yes_no', value: 'na', naReason: 'a' } as Answer },
			{ ...same, answer: { kind: 'yes_no', value: 'na', naReason: 'b' } as Answer, uploadedAfter: false },
			true,
		],
		['an answer given where there was none', { ...same, answer: null }, { ...same, uploadedAfter: false }, true],
		['the note', same, { ...same, note: 'xem phụ lục', uploadedAfter: false }, true],
		['an empty note for no note', same, { ...same, note: '', uploadedAfter: false }, false],
		['a file added', same, { ...same, evidence: 2, uploadedAfter: true }, true],
		['a file removed', same, { ...same, evidence: 0, uploadedAfter: false }, true],
		['a file replaced by another', same, { ...same, uploadedAfter: true }, true],
		[
			'the same answer with its keys in another order',
			{ ...same, answer: { value: 'na', kind: 'yes_no', naReason: 'r' } as Answer },
			{ ...same, answer: { kind: 'yes_no', naReason: 'r', value: 'na' } as Answer, uploadedAfter: false },
			false,
		],
	] as const)('%s', (_, before, after, changed) => {
		expect(changedSince(before, after)).toBe(changed)
	})
})

test('the filter of the query string is every criterion unless it asks for those needing attention', () => {
	expect(parseReviewFilter('attention')).toBe('attention')
	expect(parseReviewFilter(null)).toBe('all')
	expect(parseReviewFilter('ATTENTION')).toBe('all')
	expect(parseReviewFilter('<script>')).toBe('all')
})
