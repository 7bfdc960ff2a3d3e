// The scoring engine: answers × catalog → levels, group tiers, percentages and the blockers to
// the next level. One engine for every catalog (docs/CATALOG-FORMAT.md). Pure and deterministic: the result
// depends only on the catalog, the answers (never their order), the facility and `asOf`.
import type { Provenance } from '../enums'
import { answerIssue, type Answer, type AnswerCheckOptions, type AnswerIssueCode, type AnswerLookup } from './answers'
import {
	applicabilityFor,
	appliesTo,
	compileCatalog,
	type CompiledCatalog,
	type CompiledCriterion,
	type CompiledRule,
	type Facility,
} from './compile'
import type { Catalog, LocalizedText } from './schema'

export { answerIssue, ANSWER_ISSUE_CODES } from './answers'
export { AnswerSchema, answerSchemaFor } from './answer-schema'
export type { Answer, AnswerLookup, AnswerIssue, AnswerIssueCode, AnswerCheckOptions } from './answers'
export { compileCatalog, applicabilityFor } from './compile'
export type { CompiledCatalog, Facility } from './compile'

export type ScoreOptions = {
	/**
	 * The assessment's reference date (yyyy-mm-dd). Groups and criteria repealed on or before it
	 * are left out. Without it, every repeal written in the catalog applies.
	 */
	asOf?: string
}

export type LevelRef = {
	id: string
	rank: number
	title: LocalizedText
	provenance: Provenance
}
export type LevelStatus = LevelRef & {
	/** The level's own rule holds (ignoring the levels below it). */
	ruleMet: boolean
	/** The rule holds and every lower level is achieved. */
	achieved: boolean
}
export type TierRef = LevelRef

export type Requirement = { kind: 'level'; levelId: string } | { kind: 'group_tier'; groupId: string; tierId: string }
export type CriterionBlockReason = 'unanswered' | 'not_met' | 'na_not_allowed'
export type Blocker =
	| {
			kind: CriterionBlockReason
			criterionId: string
			groupId: string
			mandatory: boolean
			requirement: Requirement
	  }
	| {
			kind: 'below_threshold'
			requirement: Requirement
			minPercent: number
			/** Weighted percent met of the rule's criteria now. */
			percent: number
			/** The fewest further criteria that must become met to reach minPercent. */
			moreNeeded: number
			candidates: Array<{ criterionId: string; groupId: string; reason: CriterionBlockReason }>
	  }

export type GroupScore = {
	id: string
	title: LocalizedText
	/** Criteria that apply to this facility (not hidden by applies_to, not repealed). */
	applicable: number
	/** Applicable criteria with an answer (N/A included). */
	answered: number
	/** Applicable criteria answered N/A where N/A is allowed: left out of `scored`. */
	notApplicable: number
	/** Applicable, scored (not informational) criteria not answered N/A: the denominator. */
	scored: number
	met: number
	weightMet: number
	weightTotal: number
	/** weightMet / weightTotal × 100, or null when nothing is scored. */
	percent: number | null
	hasTiers: boolean
	/** Highest tier reached (tiers are cumulative), or null (none reached, or the group does not apply). */
	tier: TierRef | null
}

export type Completion = {
	applicable: number
	answered: number
	mandatoryApplicable: number
	mandatoryAnswered: number
}

export type CatalogScore = {
	code: string
	version: number
	title: LocalizedText
	/** False when the catalog's applies_to excludes this facility: nothing below counts. */
	applicable: boolean
	/** Some level or tier rule is provisional; show the result as provisional. */
	provisional: boolean
	achievedLevel: LevelRef | null
	nextLevel: LevelRef | null
	/** What stands between the facility and nextLevel. */
	blockers: Array<Blocker>
	levels: Array<LevelStatus>
	groups: Array<GroupScore>
	/** Weighted percent met over every scored criterion, or null when nothing is scored. */
	percent: number | null
	completion: Completion
}

export type ScoreIssue = { catalogCode: string; criterionId: string; code: AnswerIssueCode; params?: Record<string, string | number> }
export type ScoreError = { kind: 'invalid_answers'; issues: Array<ScoreIssue> } | { kind: 'duplicate_criterion_ids'; ids: Array<string> }
export type ScoreResult = { ok: true; score: CatalogScore } | { ok: false; error: ScoreError }
export type AssessmentScoreResult =
	{ ok: true; scores: Array<CatalogScore>; ignoredAnswerIds: Array<string> } | { ok: false; error: ScoreError }

const UNANSWERED = 0
const MET = 1
const NOT_MET = 2
/** N/A where allowed: out of every denominator. */
const NA = 3
/** N/A where not allowed: counts as not met. */
const NA_NOT_ALLOWED = 4
/** Answered, informational: counts for completion only. */
const INFO = 5

const SCORING: AnswerCheckOptions = { mode: 'scoring' }
/** Tolerance for weighted sums of fractional weights. */
const EPSILON = 1e-9

/** Scores one catalog. Refuses (with the offending criterion IDs) rather than score bad answers. */
export function scoreCatalog(
	catalog: Catalog | CompiledCatalog,
	answers: AnswerLookup,
	facility: Facility,
	options: ScoreOptions = {},
): ScoreResult {
	const compiled = toCompiled(catalog)
	const issues: Array<ScoreIssue> = []
	const score = scoreCompiled(compiled, lookup(answers), facility, options.asOf, issues)
	if (issues.length > 0) return { ok: false, error: { kind: 'invalid_answers', issues } }
	return { ok: true, score }
}

/**
 * Scores every catalog of an assessment from one answer lookup. Criterion IDs must be unique
 * across the catalogs; answers to IDs in none of them are reported in ignoredAnswerIds.
 */
export function scoreAssessment(
	catalogs: ReadonlyArray<Catalog | CompiledCatalog>,
	answers: AnswerLookup,
	facility: Facility,
	options: ScoreOptions = {},
): AssessmentScoreResult {
	const compiled = catalogs.map(toCompiled)
	const owner = new Map<string, number>()
	const duplicates: Array<string> = []
	compiled.forEach((c, ci) => {
		for (const id of c.indexOf.keys()) {
			const first = owner.get(id)
			if (first === undefined) owner.set(id, ci)
			else if (first !== ci) duplicates.push(id)
		}
	})
	if (duplicates.length > 0) return { ok: false, error: { kind: 'duplicate_criterion_ids', ids: duplicates } }

	const get = lookup(answers)
	const issues: Array<ScoreIssue> = []
	const scores = compiled.map((c) => scoreCompiled(c, get, facility, options.asOf, issues))
	if (issues.length > 0) return { ok: false, error: { kind: 'invalid_answers', issues } }

	const ignoredAnswerIds: Array<string> = []
	const keys = answers instanceof Map ? answers.keys() : Object.keys(answers)
	for (const id of keys) if (!owner.has(id) && get(id) != null) ignoredAnswerIds.push(id)
	ignoredAnswerIds.sort()
	return { ok: true, scores, ignoredAnswerIds }
}

function toCompiled(catalog: Catalog | CompiledCatalog): CompiledCatalog {
	return 'kind' in catalog && catalog.kind === 'compiled-catalog' ? catalog : compileCatalog(catalog as Catalog)
}

type Get = (id: string) => unknown

function lookup(answers: AnswerLookup): Get {
	if (answers instanceof Map) return (id) => answers.get(id)
	const record = answers as Readonly<Record<string, unknown>>
	// Own properties only: a criterion called "constructor" must not find Object.prototype's.
	return (id) => (Object.hasOwn(record, id) ? record[id] : undefined)
}

function scoreCompiled(
	compiled: CompiledCatalog,
	get: Get,
	facility: Facility,
	asOf: string | undefined,
	issues: Array<ScoreIssue>,
): CatalogScore {
	const { catalog, criteria } = compiled
	const applicable = applicabilityFor(compiled, facility, asOf)
	const n = criteria.length
	const state = new Uint8Array(n)
	const issuesBefore = issues.length

	for (let i = 0; i < n; i++) {
		// Criteria that do not apply are excluded entirely, stale answers to them included.
		if (applicable[i] === 0) continue
		const cc = criteria[i]
		const answer = get(cc.criterion.id)
		if (answer === undefined || answer === null) continue
		const issue = answerIssue(cc.criterion.answer, answer, SCORING)
		if (issue) {
			issues.push({ catalogCode: catalog.code, criterionId: cc.criterion.id, code: issue.code, params: issue.params })
			continue
		}
		state[i] = evaluate(cc, answer as Answer)
	}

	const catalogApplies = appliesTo(catalog.applies_to, facility)
	const completion: Completion = { applicable: 0, answered: 0, mandatoryApplicable: 0, mandatoryAnswered: 0 }
	let weightMetAll = 0
	let weightTotalAll = 0
	/** Index of the highest consecutive tier reached per group; tiers.length - 1 when the group does not apply. */
	const tierReached = new Int32Array(compiled.groups.length)
	const groups: Array<GroupScore> = compiled.groups.map((g, gi) => {
		let applicableCount = 0
		let answered = 0
		let notApplicable = 0
		let scored = 0
		let met = 0
		let weightMet = 0
		let weightTotal = 0
		for (let i = g.first; i < g.end; i++) {
			if (applicable[i] === 0) continue
			const cc = criteria[i]
			const s = state[i]
			applicableCount++
			if (s !== UNANSWERED) answered++
			if (cc.mandatory) {
				completion.mandatoryApplicable++
				if (s !== UNANSWERED) completion.mandatoryAnswered++
			}
			if (s === NA) notApplicable++
			if (!cc.scored || s === NA) continue
			scored++
			weightTotal += cc.weight
			if (s === MET) {
				met++
				weightMet += cc.weight
			}
		}
		completion.applicable += applicableCount
		completion.answered += answered
		weightMetAll += weightMet
		weightTotalAll += weightTotal

		let reached = -1
		if (applicableCount === 0) {
			// A requirement on a group that does not apply (or is repealed) is skipped.
			reached = g.tiers.length - 1
		} else {
			for (let t = 0; t < g.tiers.length; t++) {
				if (!criteriaPass(g.tiers[t].rule, state, applicable, criteria)) break
				reached = t
			}
		}
		tierReached[gi] = reached
		const tier = applicableCount > 0 && reached >= 0 ? g.tiers[reached].tier : null
		return {
			id: g.group.id,
			title: g.group.title,
			applicable: applicableCount,
			answered,
			notApplicable,
			scored,
			met,
			weightMet,
			weightTotal,
			percent: weightTotal > 0 ? (weightMet / weightTotal) * 100 : null,
			hasTiers: g.tiers.length > 0,
			tier: tier ? { id: tier.id, rank: tier.rank, title: tier.title, provenance: tier.provenance } : null,
		}
	})

	let achieved = -1
	let next = -1
	const levels: Array<LevelStatus> = compiled.levels.map((cl, li) => {
		const ruleMet = catalogApplies && (cl.rule === null || ruleHolds(cl.rule, state, applicable, criteria, tierReached))
		const isAchieved = ruleMet && achieved === li - 1
		if (isAchieved) achieved = li
		else if (next === -1) next = li
		return { ...levelRef(cl.level), ruleMet, achieved: isAchieved }
	})

	const blockers =
		catalogApplies && next !== -1 && issues.length === issuesBefore ? blockersFor(compiled, next, state, applicable, tierReached) : []

	return {
		code: catalog.code,
		version: catalog.version,
		title: catalog.title,
		applicable: catalogApplies,
		provisional: compiled.provisional,
		achievedLevel: achieved >= 0 ? levelRef(compiled.levels[achieved].level) : null,
		nextLevel: catalogApplies && next >= 0 ? levelRef(compiled.levels[next].level) : null,
		blockers,
		levels,
		groups,
		percent: weightTotalAll > 0 ? (weightMetAll / weightTotalAll) * 100 : null,
		completion,
	}
}

function levelRef(l: { id: string; rank: number; title: LocalizedText; provenance: Provenance }): LevelRef {
	return { id: l.id, rank: l.rank, title: l.title, provenance: l.provenance }
}

function evaluate(cc: CompiledCriterion, answer: Answer): number {
	const spec = cc.criterion.answer
	switch (answer.kind) {
		case 'yes_no':
			if (answer.value === 'na') return cc.naAllowed ? NA : cc.scored ? NA_NOT_ALLOWED : INFO
			if (!cc.scored) return INFO
			return answer.value === 'yes' ? MET : NOT_MET
		case 'choice': {
			if (spec.type !== 'choice') return INFO
			// answerIssue has already checked that the value is one of the options.
			let option = spec.options[0]
			for (const o of spec.options) {
				if (o.value === answer.value) {
					option = o
					break
				}
			}
			if (option.not_applicable) return NA
			if (!cc.scored || spec.met_at_points === undefined) return INFO
			return option.points !== undefined && option.points >= spec.met_at_points ? MET : NOT_MET
		}
		case 'number':
		case 'percent': {
			if (!cc.scored || (spec.type !== 'number' && spec.type !== 'percent') || !spec.met_if) return INFO
			const { gte, lte } = spec.met_if
			return (gte === undefined || answer.value >= gte) && (lte === undefined || answer.value <= lte) ? MET : NOT_MET
		}
		case 'date': {
			if (!cc.scored || spec.type !== 'date' || !spec.met_if) return INFO
			const { on_or_after, on_or_before } = spec.met_if
			// ISO dates compare correctly as strings.
			return (on_or_after === undefined || answer.value >= on_or_after) && (on_or_before === undefined || answer.value <= on_or_before)
				? MET
				: NOT_MET
		}
		case 'text':
			return INFO
	}
}

/** The rule's criteria part: every selected criterion met, or at least minPercent of their weight. */
function criteriaPass(rule: CompiledRule, state: Uint8Array, applicable: Uint8Array, criteria: ReadonlyArray<CompiledCriterion>): boolean {
	const ids = rule.criteria
	if (rule.minPercent === null) {
		for (let k = 0; k < ids.length; k++) {
			const i = ids[k]
			if (applicable[i] === 1 && state[i] !== MET && state[i] !== NA) return false
		}
		return true
	}
	let total = 0
	let met = 0
	for (let k = 0; k < ids.length; k++) {
		const i = ids[k]
		if (applicable[i] === 0 || state[i] === NA) continue
		total += criteria[i].weight
		if (state[i] === MET) met += criteria[i].weight
	}
	// Nothing left to judge (all hidden or N/A): the requirement does not apply, so it holds.
	return total === 0 || met * 100 >= rule.minPercent * total - EPSILON * total
}

function ruleHolds(
	rule: CompiledRule,
	state: Uint8Array,
	applicable: Uint8Array,
	criteria: ReadonlyArray<CompiledCriterion>,
	tierReached: Int32Array,
): boolean {
	for (const ref of rule.tiers) if (tierReached[ref.group] < ref.tier) return false
	return criteriaPass(rule, state, applicable, criteria)
}

function reasonOf(s: number): CriterionBlockReason {
	return s === UNANSWERED ? 'unanswered' : s === NA_NOT_ALLOWED ? 'na_not_allowed' : 'not_met'
}

function blockersFor(
	compiled: CompiledCatalog,
	levelIndex: number,
	state: Uint8Array,
	applicable: Uint8Array,
	tierReached: Int32Array,
): Array<Blocker> {
	const { criteria } = compiled
	const rule = compiled.levels[levelIndex].rule!
	const out: Array<Blocker> = []
	const listed = new Set<number>()

	const collect = (r: CompiledRule, requirement: Requirement) => {
		if (criteriaPass(r, state, applicable, criteria)) return
		const unmet: Array<number> = []
		let total = 0
		let met = 0
		for (let k = 0; k < r.criteria.length; k++) {
			const i = r.criteria[k]
			if (applicable[i] === 0 || state[i] === NA) continue
			total += criteria[i].weight
			if (state[i] === MET) met += criteria[i].weight
			else unmet.push(i)
		}
		if (r.minPercent === null) {
			for (const i of unmet) {
				if (listed.has(i)) continue
				listed.add(i)
				const cc = criteria[i]
				out.push({
					kind: reasonOf(state[i]),
					criterionId: cc.criterion.id,
					groupId: compiled.groups[cc.groupIndex].group.id,
					mandatory: cc.mandatory,
					requirement,
				})
			}
			return
		}
		// The heaviest unmet criteria first give the fewest that must still be met.
		const byWeight = [...unmet].sort((a, b) => criteria[b].weight - criteria[a].weight || a - b)
		let moreNeeded = 0
		let reached = met
		while (reached * 100 < r.minPercent * total - EPSILON * total && moreNeeded < byWeight.length) {
			reached += criteria[byWeight[moreNeeded]].weight
			moreNeeded++
		}
		out.push({
			kind: 'below_threshold',
			requirement,
			minPercent: r.minPercent,
			percent: (met / total) * 100,
			moreNeeded,
			candidates: unmet.map((i) => ({
				criterionId: criteria[i].criterion.id,
				groupId: compiled.groups[criteria[i].groupIndex].group.id,
				reason: reasonOf(state[i]),
			})),
		})
	}

	collect(rule, { kind: 'level', levelId: compiled.levels[levelIndex].level.id })
	for (const ref of rule.tiers) {
		const g = compiled.groups[ref.group]
		// Tiers are cumulative: every tier up to the required one must hold.
		for (let t = tierReached[ref.group] + 1; t <= ref.tier; t++) {
			collect(g.tiers[t].rule, { kind: 'group_tier', groupId: g.group.id, tierId: g.tiers[t].tier.id })
		}
	}
	return out
}
