// The scoring engine: answers × catalog → levels, group tiers, percentages and the blockers to
// the next level. One engine for every catalog (docs/CATALOG-FORMAT.md). Pure and deterministic: the result
// depends only on the catalog, the answers (never their order), the facility and `asOf`.
import type { Provenance, System, SystemCondition } from '../enums'
import { answerIssue, type Answer, type AnswerCheckOptions, type AnswerIssueCode, type AnswerLookup } from './answers'
import {
	applicabilityFor,
	appliesTo,
	compileCatalog,
	type CompiledCatalog,
	type CompiledCriterion,
	type CompiledRule,
	type CompiledSecurityGroup,
	type Facility,
} from './compile'
import type { Catalog, LocalizedText } from './schema'
import { deriveSecurityLevel, type Derivation, type SecurityFacts } from './security'

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
	/**
	 * Scores of the other catalogs of the assessment, by code, for levels that require another
	 * catalog's level (scoreAssessment passes them; a code missing here counts as not reached).
	 */
	others?: ReadonlyMap<string, CatalogScore>
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
/** Why a system does not meet a security condition; `criterionId` says which answer to look at. */
export type SystemBlockReason =
	| 'unanswered'
	| 'facts_missing'
	| 'facts_contradict'
	| 'unclassified'
	| 'declared_below_derived'
	| 'approved_without_level'
	| 'not_approved'
export type Blocker =
	| {
			kind: 'system'
			requirement: Requirement
			groupId: string
			system: System
			criterionId: string
			reason: SystemBlockReason
	  }
	| {
			kind: 'catalog'
			requirement: Requirement
			catalogCode: string
			levelId: string
			/** `missing`: the assessment does not include that catalog. */
			reason: 'missing' | 'not_reached'
			catalogTitle: LocalizedText | null
			levelTitle: LocalizedText | null
	  }
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

/** One system of a security catalog: whether it meets its level, and why not. */
export type SystemSecurity = {
	groupId: string
	system: System
	operation: 'operating' | 'not_operating' | 'unanswered'
	derivation: Derivation
	/** The declared level: 0 = not yet classified, null = unanswered. */
	declared: number | null
	/** The higher of the derived and the declared level; null while the derivation is incomplete. */
	required: number | null
	approved: boolean | null
	/** The measures the required level needs (role: measure, from_level ≤ required). */
	measures: { met: number; needed: number; missing: Array<string> }
	classified: boolean
	isApproved: boolean
	/** Meets its level: classified, approved and every measure its required level needs in place. */
	meets: boolean
	problems: Array<{ reason: SystemBlockReason; criterionId: string }>
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
	/** Security groups' systems (empty for catalogs without security groups). */
	systems: Array<SystemSecurity>
	/** Answers left out because their system is marked not in operation (a group's when_operated). */
	ignored: Array<{ criterionId: string; groupId: string }>
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
const EMPTY_SCORES: ReadonlyMap<string, CatalogScore> = new Map()
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
	const score = scoreCompiled(compiled, lookup(answers), facility, options.asOf, issues, options.others ?? EMPTY_SCORES)
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
	const scores = new Array<CatalogScore>(compiled.length)
	const byCode = new Map<string, CatalogScore>()
	// A catalog whose levels require another catalog's level is scored after it; a cycle (or a
	// code the assessment lacks) leaves the requirement unmet rather than failing.
	const pending = compiled.map((_, i) => i)
	while (pending.length > 0) {
		const ready = pending.filter((i) =>
			compiled[i].dependsOn.every((code) => byCode.has(code) || !compiled.some((c) => c.catalog.code === code)),
		)
		const batch = ready.length > 0 ? ready : [pending[0]]
		for (const i of batch) {
			scores[i] = scoreCompiled(compiled[i], get, facility, options.asOf, issues, byCode)
			byCode.set(compiled[i].catalog.code, scores[i])
			pending.splice(pending.indexOf(i), 1)
		}
	}
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

type Evaluated = {
	state: Uint8Array
	/** Applicability for this assessment: the facility's, minus groups whose system is not in operation. */
	applicable: Uint8Array
	ignored: Array<{ criterionId: string; groupId: string }>
}

/**
 * Each criterion's state (met, not met, N/A …) and its applicability for this assessment: a
 * group with when_operated whose system is marked not in operation keeps only its operation fact,
 * and the answers to its other criteria are reported in `ignored`, never scored.
 */
function evaluateCriteria(
	compiled: CompiledCatalog,
	get: Get,
	facility: Facility,
	asOf: string | undefined,
	issues: Array<ScoreIssue>,
): Evaluated {
	const { catalog, criteria } = compiled
	let applicable = applicabilityFor(compiled, facility, asOf)
	const n = criteria.length
	const state = new Uint8Array(n)
	const ignored: Array<{ criterionId: string; groupId: string }> = []

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
	for (const gate of compiled.gates) {
		if (gate.operation < 0 || applicable[gate.operation] === 0) continue
		if (operationOf(compiled, gate.operation, get) !== 'not_operating') continue
		if (applicable === applicabilityFor(compiled, facility, asOf)) applicable = applicable.slice()
		const g = compiled.groups[gate.group]
		for (let i = g.first; i < g.end; i++) {
			if (i === gate.operation || applicable[i] === 0) continue
			applicable[i] = 0
			if (state[i] !== UNANSWERED && claims(get(criteria[i].criterion.id))) {
				ignored.push({ criterionId: criteria[i].criterion.id, groupId: g.group.id })
			}
			state[i] = UNANSWERED
		}
	}
	return { state, applicable, ignored }
}

/** An answer that says something is there (not "no", not N/A). */
function claims(answer: unknown): boolean {
	if (!answer || typeof answer !== 'object') return false
	const a = answer as Answer
	return a.kind === 'yes_no' ? a.value === 'yes' : true
}

/** What a `role: operation` criterion's answer says about its system. */
export function operationOf(compiled: CompiledCatalog, index: number, get: (id: string) => unknown): SystemSecurity['operation'] {
	const cc = compiled.criteria[index]
	const answer = get(cc.criterion.id) as Answer | null | undefined
	if (!answer) return 'unanswered'
	if (answer.kind === 'yes_no') return answer.value === 'yes' ? 'operating' : 'not_operating'
	if (answer.kind === 'choice' && cc.criterion.answer.type === 'choice') {
		const option = cc.criterion.answer.options.find((o) => o.value === answer.value)
		if (!option) return 'unanswered'
		return option.operating === false || option.not_applicable ? 'not_operating' : 'operating'
	}
	return 'unanswered'
}

export type CriterionState = 'unanswered' | 'met' | 'not_met' | 'na' | 'na_not_allowed' | 'info'
const STATE_NAMES: ReadonlyArray<CriterionState> = ['unanswered', 'met', 'not_met', 'na', 'na_not_allowed', 'info']

/**
 * Every criterion's state and applicability for this assessment (what the scorer counts), for
 * views that list criteria one by one, such as the readiness matrix. Null when an answer is invalid.
 */
export function criterionStates(
	catalog: Catalog | CompiledCatalog,
	answers: AnswerLookup,
	facility: Facility,
	options: ScoreOptions = {},
): { states: Array<CriterionState>; applicable: Uint8Array } | null {
	const compiled = toCompiled(catalog)
	const issues: Array<ScoreIssue> = []
	const evaluated = evaluateCriteria(compiled, lookup(answers), facility, options.asOf, issues)
	if (issues.length > 0) return null
	return { states: Array.from(evaluated.state, (s) => STATE_NAMES[s]), applicable: evaluated.applicable }
}

function scoreCompiled(
	compiled: CompiledCatalog,
	get: Get,
	facility: Facility,
	asOf: string | undefined,
	issues: Array<ScoreIssue>,
	others: ReadonlyMap<string, CatalogScore>,
): CatalogScore {
	const { catalog, criteria } = compiled
	const issuesBefore = issues.length
	const { state, applicable, ignored } = evaluateCriteria(compiled, get, facility, asOf, issues)

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

	const systems = compiled.securityGroups
		.filter((sg) => applicable[sg.operation] === 1)
		.map((sg) => systemSecurity(compiled, sg, get, state, applicable))
	const ctx: RuleContext = { state, applicable, criteria, tierReached, systems, others }

	let achieved = -1
	let next = -1
	const levels: Array<LevelStatus> = compiled.levels.map((cl, li) => {
		const ruleMet = catalogApplies && (cl.rule === null || ruleHolds(cl.rule, ctx))
		const isAchieved = ruleMet && achieved === li - 1
		if (isAchieved) achieved = li
		else if (next === -1) next = li
		return { ...levelRef(cl.level), ruleMet, achieved: isAchieved }
	})

	const blockers = catalogApplies && next !== -1 && issues.length === issuesBefore ? blockersFor(compiled, next, ctx) : []

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
		systems,
		ignored,
	}
}

/** One system's facts, level, approval and measures (docs/decisions/015-readiness-by-system.md). */
function systemSecurity(
	compiled: CompiledCatalog,
	sg: CompiledSecurityGroup,
	get: Get,
	state: Uint8Array,
	applicable: Uint8Array,
): SystemSecurity {
	const idOf = (i: number | undefined) => (i === undefined ? null : compiled.criteria[i].criterion.id)
	const answerOf = (i: number | undefined): Answer | null => {
		if (i === undefined || applicable[i] === 0) return null
		return (get(compiled.criteria[i].criterion.id) as Answer | null | undefined) ?? null
	}
	const operation = operationOf(compiled, sg.operation, get)
	const f = sg.facts
	const facts: SecurityFacts = {}
	const serves = answerOf(f.serves)
	if (serves?.kind === 'choice') facts.serves = serves.value as SecurityFacts['serves']
	const data = answerOf(f.data)
	if (data?.kind === 'choice') facts.data = data.value as SecurityFacts['data']
	const people = answerOf(f.people)
	if (people?.kind === 'number') facts.people = people.value
	const conditional = answerOf(f.conditional_service)
	if (conditional?.kind === 'yes_no') {
		// N/A (not an online service) is as good as "no" for this criterion.
		facts.conditionalService = conditional.value === 'yes'
	}
	const derivation = deriveSecurityLevel(facts)
	const declaredAnswer = answerOf(f.declared_level)
	const declared = declaredAnswer?.kind === 'choice' ? (declaredAnswer.value === 'unclassified' ? 0 : Number(declaredAnswer.value)) : null
	const approvedAnswer = answerOf(f.approved)
	const approved = approvedAnswer?.kind === 'yes_no' ? approvedAnswer.value === 'yes' : null
	const required = derivation.level === null ? null : Math.max(derivation.level, declared ?? 0)

	const problems: SystemSecurity['problems'] = []
	const add = (reason: SystemBlockReason, index: number | undefined) => {
		const id = idOf(index) ?? idOf(f.serves) ?? compiled.criteria[sg.operation].criterion.id
		problems.push({ reason, criterionId: id })
	}
	if (operation === 'unanswered') add('unanswered', sg.operation)
	for (const m of derivation.missing) add('facts_missing', f[m])
	for (const c of derivation.contradictions)
		add('facts_contradict', c === 'people_without_personal_data' ? f.people : f.conditional_service)
	if (declared === null) add('unanswered', f.declared_level)
	else if (declared === 0) add(approved ? 'approved_without_level' : 'unclassified', f.declared_level)
	else if (derivation.level !== null && declared < derivation.level) add('declared_below_derived', f.declared_level)
	const classified = operation === 'operating' && problems.length === 0
	if (approved === null) add('unanswered', f.approved)
	else if (!approved) add('not_approved', f.approved)
	const isApproved = classified && approved === true

	const missing: Array<string> = []
	let needed = 0
	let met = 0
	if (required !== null) {
		for (const m of compiled.measures) {
			if (m.fromLevel > required || applicable[m.index] === 0 || state[m.index] === NA) continue
			needed++
			if (state[m.index] === MET) met++
			else missing.push(compiled.criteria[m.index].criterion.id)
		}
	}
	return {
		groupId: compiled.groups[sg.group].group.id,
		system: sg.system,
		operation,
		derivation,
		declared,
		required,
		approved,
		measures: { met, needed, missing },
		classified,
		isApproved,
		meets: isApproved && missing.length === 0,
		problems,
	}
}

/** Whether a system in operation (or not yet said) fails the condition; systems not in operation never do. */
function systemFails(s: SystemSecurity, condition: SystemCondition): boolean {
	if (s.operation === 'not_operating') return false
	if (condition === 'classified') return !s.classified
	if (condition === 'approved') return !s.isApproved
	return !s.meets
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

type RuleContext = {
	state: Uint8Array
	applicable: Uint8Array
	criteria: ReadonlyArray<CompiledCriterion>
	tierReached: Int32Array
	systems: ReadonlyArray<SystemSecurity>
	others: ReadonlyMap<string, CatalogScore>
}

function otherReached(others: ReadonlyMap<string, CatalogScore>, ref: { code: string; level: string }): boolean {
	return others.get(ref.code)?.levels.find((l) => l.id === ref.level)?.achieved === true
}

function ruleHolds(rule: CompiledRule, ctx: RuleContext): boolean {
	for (const ref of rule.tiers) if (ctx.tierReached[ref.group] < ref.tier) return false
	for (const ref of rule.catalogs) if (!otherReached(ctx.others, ref)) return false
	if (rule.systems !== null) for (const s of ctx.systems) if (systemFails(s, rule.systems)) return false
	return criteriaPass(rule, ctx.state, ctx.applicable, ctx.criteria)
}

/** The "approval unanswered" problem, which a classification condition does not ask about. */
function isApprovalUnanswered(compiled: CompiledCatalog, s: SystemSecurity, p: { reason: SystemBlockReason; criterionId: string }) {
	if (p.reason !== 'unanswered') return false
	const sg = compiled.securityGroups.find((g) => compiled.groups[g.group].group.id === s.groupId)
	const approved = sg?.facts.approved
	return approved !== undefined && compiled.criteria[approved].criterion.id === p.criterionId
}

function reasonOf(s: number): CriterionBlockReason {
	return s === UNANSWERED ? 'unanswered' : s === NA_NOT_ALLOWED ? 'na_not_allowed' : 'not_met'
}

function blockersFor(compiled: CompiledCatalog, levelIndex: number, ctx: RuleContext): Array<Blocker> {
	const { criteria } = compiled
	const { state, applicable, tierReached } = ctx
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

	const levelRequirement: Requirement = { kind: 'level', levelId: compiled.levels[levelIndex].level.id }
	collect(rule, levelRequirement)
	for (const ref of rule.catalogs) {
		if (otherReached(ctx.others, ref)) continue
		const other = ctx.others.get(ref.code)
		out.push({
			kind: 'catalog',
			requirement: levelRequirement,
			catalogCode: ref.code,
			levelId: ref.level,
			reason: other ? 'not_reached' : 'missing',
			catalogTitle: other?.title ?? null,
			levelTitle: other?.levels.find((l) => l.id === ref.level)?.title ?? null,
		})
	}
	if (rule.systems !== null) {
		const condition = rule.systems
		for (const s of ctx.systems) {
			if (!systemFails(s, condition)) continue
			const relevant = s.problems.filter(
				(p) => condition !== 'classified' || (p.reason !== 'not_approved' && !isApprovalUnanswered(compiled, s, p)),
			)
			for (const p of relevant) {
				out.push({
					kind: 'system',
					requirement: levelRequirement,
					groupId: s.groupId,
					system: s.system,
					criterionId: p.criterionId,
					reason: p.reason,
				})
			}
			if (condition === 'protected' && s.isApproved) {
				for (const id of s.measures.missing) {
					const i = compiled.indexOf.get(id)!
					if (listed.has(i)) continue
					listed.add(i)
					out.push({
						kind: reasonOf(state[i]),
						criterionId: id,
						groupId: compiled.groups[criteria[i].groupIndex].group.id,
						mandatory: criteria[i].mandatory,
						requirement: levelRequirement,
					})
				}
			}
		}
	}
	for (const ref of rule.tiers) {
		const g = compiled.groups[ref.group]
		// Tiers are cumulative: every tier up to the required one must hold.
		for (let t = tierReached[ref.group] + 1; t <= ref.tier; t++) {
			collect(g.tiers[t].rule, { kind: 'group_tier', groupId: g.group.id, tierId: g.tiers[t].tier.id })
		}
	}
	return out
}
