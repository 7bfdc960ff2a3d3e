// The readiness matrix: one row per system (HIS, LIS, RIS-PACS, EMR, information security,
// interoperability, infrastructure) built from an assessment's catalogs, answers and scores, with
// the criteria behind every cell, and the inconsistencies that must be shown rather than scored.
// Pure: the same catalogs, answers and scores always give the same matrix.
// docs/decisions/015-readiness-by-system.md; the catalog fields it reads: docs/CATALOG-FORMAT.md §4.2.
import type { Answer, AnswerLookup } from './catalog/answers'
import type { CompiledCatalog, Facility } from './catalog/compile'
import type { LocalizedText } from './catalog/schema'
import {
	criterionStates,
	operationOf,
	type CatalogScore,
	type CriterionState,
	type SystemBlockReason,
	type SystemSecurity,
} from './catalog/scoring'
import type { FactContradiction } from './catalog/security'
import { SYSTEMS, type Provenance, type System } from './enums'

export type CriterionRef = {
	catalogCode: string
	groupId: string
	criterionId: string
	text: LocalizedText
	/** Official wording, a secondary source's, or our provisional wording (docs/SOURCES.md). */
	provenance: Provenance
	state: CriterionState
	/** Claimed (met) although the catalog requires evidence and none is attached. */
	noEvidence: boolean
}

export type OperationCell = {
	/** `conflict`: one fact says in operation, another says not (see the issues). */
	status: 'operating' | 'not_operating' | 'unanswered' | 'not_asked' | 'conflict'
	/** How it is provided (the chosen option), when a fact says so. */
	how: LocalizedText | null
	refs: Array<CriterionRef>
}

export type CountCell = {
	met: number
	/** Applicable, scored and not answered "not applicable". */
	applicable: number
	/** Of `met`: claimed without the required evidence. */
	withoutEvidence: number
	refs: Array<CriterionRef>
}

export type SystemLevel = {
	catalogCode: string
	groupId: string
	title: LocalizedText
	operation: SystemSecurity['operation']
	derived: number | null
	declared: number | null
	required: number | null
	approved: boolean | null
	measures: { met: number; needed: number }
	meets: boolean
}

export type SecurityCell = { systems: Array<SystemLevel>; refs: Array<CriterionRef> }

export type NextStep =
	| {
			kind: 'criterion'
			catalogCode: string
			groupId: string
			criterionId: string
			text: LocalizedText
			reason: 'unanswered' | 'not_met' | 'na_not_allowed'
	  }
	| { kind: 'system'; catalogCode: string; groupId: string; criterionId: string; title: LocalizedText; reason: SystemBlockReason }
	| { kind: 'catalog'; catalogCode: string; requiredCode: string; requiredTitle: LocalizedText | null; levelTitle: LocalizedText | null }

export type ReadinessRow = {
	system: System
	operation: OperationCell
	coverage: CountCell
	/** Null when no security catalog of the round has a group for this system. */
	security: SecurityCell | null
	connections: CountCell
	/** What blocks the next level of each catalog, restricted to this system's criteria. */
	next: Array<NextStep>
	/** How many more steps there are than `next` lists. */
	moreNext: number
}

export type ReadinessIssue =
	| { kind: 'ignored_answer'; ref: CriterionRef }
	| { kind: 'operation_conflict'; system: System; notOperating: Array<CriterionRef>; claims: Array<CriterionRef> }
	| { kind: 'facts_contradict'; system: System; name: LocalizedText; ref: CriterionRef; contradiction: FactContradiction }
	| { kind: 'declared_below_derived'; system: System; name: LocalizedText; ref: CriterionRef; declared: number; derived: number }
	| { kind: 'approved_without_level'; system: System; name: LocalizedText; ref: CriterionRef }
	| { kind: 'evidence_missing'; ref: CriterionRef }

export type Readiness = { rows: Array<ReadinessRow>; issues: Array<ReadinessIssue> }

export type ReadinessInput = {
	catalogs: ReadonlyArray<CompiledCatalog>
	/** Scores of the same catalogs, in the same order (self-assessed or verified). */
	scores: ReadonlyArray<CatalogScore>
	answers: AnswerLookup
	facility: Facility
	asOf?: string
	/** Files attached per criterion; without it, evidence is not checked (public pages). */
	evidence?: ReadonlyMap<string, number>
}

const NEXT_STEPS = 5
const CLAIMS_SHOWN = 5

/** Issues that block submission: facts that cannot all be true must be corrected first. */
export function blocksSubmission(issue: ReadinessIssue): boolean {
	return issue.kind === 'operation_conflict' || issue.kind === 'facts_contradict'
}

export function buildReadiness(input: ReadinessInput): Readiness {
	const { catalogs, scores, facility } = input
	const get = (id: string): Answer | null => {
		const a = input.answers instanceof Map ? input.answers.get(id) : (input.answers as Record<string, Answer | null | undefined>)[id]
		return a ?? null
	}
	type Item = { compiled: CompiledCatalog; index: number; ref: CriterionRef; applicable: boolean; answered: boolean }
	const items: Array<Item> = []
	catalogs.forEach((compiled) => {
		const evaluated = criterionStates(compiled, input.answers, facility, { asOf: input.asOf })
		if (!evaluated) return
		compiled.criteria.forEach((cc, index) => {
			const id = cc.criterion.id
			const state = evaluated.states[index]
			const noEvidence =
				input.evidence !== undefined && cc.criterion.evidence === 'required' && state === 'met' && !(input.evidence.get(id) ?? 0)
			items.push({
				compiled,
				index,
				applicable: evaluated.applicable[index] === 1,
				answered: get(id) !== null,
				ref: {
					catalogCode: compiled.catalog.code,
					groupId: compiled.groups[cc.groupIndex].group.id,
					criterionId: id,
					text: cc.criterion.text,
					provenance: cc.criterion.provenance,
					state,
					noEvidence,
				},
			})
		})
	})
	const scoreOf = new Map(scores.map((s) => [s.code, s]))
	const issues: Array<ReadinessIssue> = []

	for (const s of scores) {
		for (const ig of s.ignored) {
			const item = items.find((i) => i.ref.catalogCode === s.code && i.ref.criterionId === ig.criterionId)
			if (item) issues.push({ kind: 'ignored_answer', ref: item.ref })
		}
	}

	const isCounted = (i: Item) => i.applicable && !i.compiled.criteria[i.index].criterion.informational && i.ref.state !== 'na'
	const count = (list: Array<Item>): CountCell => {
		const counted = list.filter(isCounted)
		return {
			met: counted.filter((i) => i.ref.state === 'met').length,
			applicable: counted.length,
			withoutEvidence: counted.filter((i) => i.ref.noEvidence).length,
			refs: list.filter((i) => i.applicable).map((i) => i.ref),
		}
	}

	const rows = SYSTEMS.map((system): ReadinessRow => {
		const mine = items.filter((i) => i.compiled.criteria[i.index].system === system)
		const cc = (i: Item) => i.compiled.criteria[i.index]

		// In operation / how provided: every operation fact of this system, from any catalog.
		const operationItems = mine.filter((i) => cc(i).role === 'operation' && i.applicable)
		const says = operationItems.map((i) => ({ item: i, says: operationOf(i.compiled, i.index, get) }))
		const operating = says.filter((x) => x.says === 'operating')
		const notOperating = says.filter((x) => x.says === 'not_operating')
		const status: OperationCell['status'] =
			operationItems.length === 0
				? 'not_asked'
				: operating.length && notOperating.length
					? 'conflict'
					: operating.length
						? 'operating'
						: notOperating.length
							? 'not_operating'
							: 'unanswered'
		const how = operating.map((x) => optionLabel(x.item, get(x.item.ref.criterionId))).find((l) => l !== null) ?? null

		// Functional items: this system's scored criteria that are neither facts, connections nor measures.
		const functional = mine.filter((i) => cc(i).role === null && cc(i).criterion.security_fact === undefined)
		// Connections: those of this system and those that name it; the interoperability row has them all.
		const connectionItems = items.filter(
			(i) =>
				cc(i).role === 'connection' &&
				(system === 'interop' || cc(i).system === system || (cc(i).criterion.connects ?? []).includes(system)),
		)

		// The security row's operation fact is the patient portal's: a portal not in operation says
		// nothing about the facility's security measures, so it conflicts with none of them.
		if (notOperating.length && system !== 'security') {
			// Claims about a system marked not in operation, outside the groups that leave them out.
			const claims = [...functional, ...connectionItems.filter((i) => cc(i).system === system)].filter(
				(i) => i.applicable && i.answered && i.ref.state === 'met',
			)
			const conflicting = [...operating.map((x) => x.item.ref), ...claims.map((i) => i.ref)]
			if (conflicting.length) {
				issues.push({
					kind: 'operation_conflict',
					system,
					notOperating: notOperating.map((x) => x.item.ref),
					claims: conflicting.slice(0, CLAIMS_SHOWN),
				})
			}
		}

		// Security: the systems of security groups that describe this row (all of them on the security row).
		const levels: Array<SystemLevel> = []
		const securityRefs: Array<CriterionRef> = []
		for (const compiled of catalogs) {
			const score = scoreOf.get(compiled.catalog.code)
			if (!score) continue
			for (const ss of score.systems) {
				if (system !== 'security' && ss.system !== system) continue
				const g = compiled.groups.find((x) => x.group.id === ss.groupId)!
				levels.push({
					catalogCode: compiled.catalog.code,
					groupId: ss.groupId,
					title: g.group.title,
					operation: ss.operation,
					derived: ss.derivation.level,
					declared: ss.declared,
					required: ss.required,
					approved: ss.approved,
					measures: { met: ss.measures.met, needed: ss.measures.needed },
					meets: ss.meets,
				})
				securityRefs.push(
					...items
						.filter((i) => i.ref.catalogCode === compiled.catalog.code && i.ref.groupId === ss.groupId && i.applicable)
						.map((i) => i.ref),
				)
				if (system === 'security') continue
				// Each system's problems are reported once, on its own row (the portal's on the security row).
				collectSecurityIssues(ss, compiled, items, issues)
			}
			if (system === 'security') {
				for (const ss of score.systems) if (ss.system === 'security') collectSecurityIssues(ss, compiled, items, issues)
				for (const m of compiled.measures) {
					const item = items.find((i) => i.compiled === compiled && i.index === m.index)
					if (item?.applicable) securityRefs.push(item.ref)
				}
			}
		}
		const hasSecurityGroup = catalogs.some((c) => c.securityGroups.some((sg) => system === 'security' || sg.system === system))

		return {
			system,
			operation: { status, how, refs: operationItems.map((i) => i.ref) },
			coverage: count(functional),
			security: hasSecurityGroup ? { systems: levels, refs: securityRefs } : null,
			connections: count(connectionItems),
			...nextSteps(system, catalogs, scores),
		}
	})

	if (input.evidence) {
		for (const i of items) if (i.applicable && i.ref.noEvidence) issues.push({ kind: 'evidence_missing', ref: i.ref })
	}
	return { rows, issues }
}

function optionLabel(item: { compiled: CompiledCatalog; index: number }, answer: Answer | null): LocalizedText | null {
	const spec = item.compiled.criteria[item.index].criterion.answer
	if (answer?.kind !== 'choice' || spec.type !== 'choice') return null
	return spec.options.find((o) => o.value === answer.value)?.label ?? null
}

function collectSecurityIssues(
	ss: SystemSecurity,
	compiled: CompiledCatalog,
	items: ReadonlyArray<{ ref: CriterionRef }>,
	issues: Array<ReadinessIssue>,
) {
	if (ss.operation === 'not_operating') return
	const name = compiled.groups.find((g) => g.group.id === ss.groupId)!.group.title
	const refOf = (id: string) => items.find((i) => i.ref.catalogCode === compiled.catalog.code && i.ref.criterionId === id)?.ref
	// The engine lists one facts_contradict problem per contradiction, in the same order.
	const contradictions = [...ss.derivation.contradictions]
	for (const p of ss.problems) {
		const ref = refOf(p.criterionId)
		if (p.reason === 'facts_contradict') {
			const contradiction = contradictions.shift()
			if (ref && contradiction) issues.push({ kind: 'facts_contradict', system: ss.system, name, ref, contradiction })
		} else if (!ref) continue
		else if (p.reason === 'declared_below_derived' && ss.declared !== null && ss.derivation.level !== null) {
			issues.push({ kind: 'declared_below_derived', system: ss.system, name, ref, declared: ss.declared, derived: ss.derivation.level })
		} else if (p.reason === 'approved_without_level') {
			issues.push({ kind: 'approved_without_level', system: ss.system, name, ref })
		}
	}
}

/** The next level's blockers of every catalog that concern this system. */
function nextSteps(
	system: System,
	catalogs: ReadonlyArray<CompiledCatalog>,
	scores: ReadonlyArray<CatalogScore>,
): { next: Array<NextStep>; moreNext: number } {
	const steps: Array<NextStep> = []
	const seen = new Set<string>()
	scores.forEach((score, ci) => {
		const compiled = catalogs[ci]
		if (!compiled) return
		const systemOf = (id: string) => {
			const i = compiled.indexOf.get(id)
			return i === undefined ? null : compiled.criteria[i].system
		}
		const add = (id: string, groupId: string, reason: 'unanswered' | 'not_met' | 'na_not_allowed') => {
			if (systemOf(id) !== system || seen.has(`${score.code}|${id}`)) return
			seen.add(`${score.code}|${id}`)
			const i = compiled.indexOf.get(id)!
			steps.push({
				kind: 'criterion',
				catalogCode: score.code,
				groupId,
				criterionId: id,
				text: compiled.criteria[i].criterion.text,
				reason,
			})
		}
		for (const b of score.blockers) {
			switch (b.kind) {
				case 'below_threshold':
					for (const c of b.candidates) add(c.criterionId, c.groupId, c.reason)
					break
				case 'system': {
					const owner = b.system === system || (system === 'security' && b.system === 'security')
					if (!owner) break
					const g = compiled.groups.find((x) => x.group.id === b.groupId)!
					steps.push({
						kind: 'system',
						catalogCode: score.code,
						groupId: b.groupId,
						criterionId: b.criterionId,
						title: g.group.title,
						reason: b.reason,
					})
					break
				}
				case 'catalog': {
					const required = catalogs.find((c) => c.catalog.code === b.catalogCode)
					const systems = new Set(required ? required.criteria.map((c) => c.system) : [])
					if (systems.size === 1 && systems.has(system)) {
						steps.push({
							kind: 'catalog',
							catalogCode: score.code,
							requiredCode: b.catalogCode,
							requiredTitle: b.catalogTitle,
							levelTitle: b.levelTitle,
						})
					}
					break
				}
				default:
					add(b.criterionId, b.groupId, b.kind)
			}
		}
	})
	return { next: steps.slice(0, NEXT_STEPS), moreNext: Math.max(0, steps.length - NEXT_STEPS) }
}
