import { type Answer, answerIssue } from './catalog/answers'
import { type AnswerSpec } from './catalog/schema'
import { type Verdict } from './enums'

export type VerdictInput = { verdict: Verdict; value: Answer | null; reason: string }

/** Why a verdict cannot be recorded, or null. A verdict that changes the result needs a reason. */
export function verdictIssue(
	spec: AnswerSpec,
	input: VerdictInput,
	today: string,
): { field: 'verdict' | 'value' | 'reason'; code: string; params?: Record<string, string | number> } | null {
	const reason = input.reason.trim()
	if (input.verdict !== 'accept' && reason === '') return { field: 'reason', code: 'review.reason_required' }
	if (reason.length > 2000) return { field: 'reason', code: 'form.tooLong', params: { max: 2000 } }
	if (input.verdict === 'adjust') {
		if (!input.value) return { field: 'value', code: 'review.value_required' }
		const issue = answerIssue(spec, input.value, { today, mode: 'input' })
		if (issue) return { field: 'value', code: issue.code, params: issue.params }
	}
	return null
}

/**
 * The verified value of a criterion: the self-assessed answer unless the evaluator adjusted it
 * (their value) or found it not met ("no" for a yes/no criterion; otherwise no creditable answer).
 */
export function verifiedAnswer(self: Answer | null, verdict: { verdict: Verdict; value: Answer | null } | undefined): Answer | null {
	if (!verdict || verdict.verdict === 'accept') return self
	if (verdict.verdict === 'adjust') return verdict.value
	return self?.kind === 'yes_no' ? { kind: 'yes_no', value: 'no' } : null
}

/**
 * The verified answers of a round: every self-assessed value with the evaluator's verdicts applied
 * (what the review page scores beside the self-assessment, what approval freezes, what the signed
 * report prints).
 */
export function verifiedAnswers(
	self: ReadonlyMap<string, { answer: Answer }>,
	verdicts: ReadonlyMap<string, { verdict: Verdict; value: Answer | null }>,
): Map<string, Answer> {
	const out = new Map<string, Answer>()
	for (const key of new Set([...self.keys(), ...verdicts.keys()])) {
		const v = verifiedAnswer(self.get(key)?.answer ?? null, verdicts.get(key))
		if (v) out.set(key, v)
	}
	return out
}
