// Flags that tell the evaluator where to look first (docs/ROUNDS.md): an answer that jumped from
// not met to met since the previous round with no new evidence, an answer unlike what most peers
// of the same type and class gave in the same round, and one an evaluator adjusted last time.
// Flags inform; they never enter a score (the scoring engine does not read them).
import type { Answer } from './catalog/answers'
import type { CriterionState } from './catalog/scoring'
import type { Verdict } from './enums'
import type { RoundComparison } from './round-comparison'

/** At least this many peers must have answered for their majority to say anything. */
export const PEER_MINIMUM = 5
/** "Most" peers: at least two thirds of those who answered. */
export const PEER_MAJORITY = 2 / 3

export type ReviewFlag =
	| { reason: 'jumped'; before: CriterionState }
	| { reason: 'differs_from_peers'; value: string; agreeing: number; peers: number }
	| { reason: 'adjusted_last_time'; verdict: Exclude<Verdict, 'accept'>; evaluatorReason: string | null }

/** The comparable value of an answer (yes/no and choice answers only), or null. */
export function answerValue(answer: Answer | null | undefined): string | null {
	if (!answer) return null
	if (answer.kind === 'yes_no' || answer.kind === 'choice') return String(answer.value)
	return null
}

/**
 * The peers' majority answer when this facility's differs from it: at least PEER_MINIMUM peers
 * answered and at least PEER_MAJORITY of them gave the same value. Null otherwise.
 */
export function peerDisagreement(
	own: string | null,
	peers: { total: number; values: ReadonlyMap<string, number> } | undefined,
): { value: string; agreeing: number; peers: number } | null {
	if (own === null || !peers || peers.total < PEER_MINIMUM) return null
	for (const [value, n] of peers.values) {
		if (n >= PEER_MAJORITY * peers.total && value !== own) return { value, agreeing: n, peers: peers.total }
	}
	return null
}

export type FlagInput = {
	/** This round's self-assessment against the previous round's result (null: no previous round). */
	comparison: RoundComparison | null
	/** Evidence files attached in this round, by criterion id. */
	evidence: ReadonlyMap<string, number>
	/** This round's self-assessed answers, by criterion id. */
	answers: ReadonlyMap<string, Answer>
	/** What submitted peers answered, by criterion id. */
	peers: ReadonlyMap<string, { total: number; values: ReadonlyMap<string, number> }>
	/** The evaluator's verdicts last time, by criterion id of this round (the caller reads them through the lineage). */
	previousVerdicts: ReadonlyMap<string, { verdict: Verdict; reason: string | null }>
}

/** Every flag, by criterion id of this round (criteria without flags are absent). */
export function reviewFlags(input: FlagInput): Map<string, Array<ReviewFlag>> {
	const out = new Map<string, Array<ReviewFlag>>()
	const add = (id: string, flag: ReviewFlag) => out.set(id, [...(out.get(id) ?? []), flag])

	for (const c of input.comparison?.catalogs ?? []) {
		for (const change of c.changes) {
			if (change.kind !== 'changed' || change.change !== 'now_met') continue
			const id = change.after.id
			if ((input.evidence.get(id) ?? 0) > 0) continue
			const before = change.before.find((b) => b.state !== 'met') ?? change.before[0]
			add(id, { reason: 'jumped', before: before.state })
		}
	}
	for (const [id, answer] of input.answers) {
		const differs = peerDisagreement(answerValue(answer), input.peers.get(id))
		if (differs) add(id, { reason: 'differs_from_peers', ...differs })
	}
	for (const [id, v] of input.previousVerdicts) {
		if (v.verdict !== 'accept') add(id, { reason: 'adjusted_last_time', verdict: v.verdict, evaluatorReason: v.reason })
	}
	return out
}
