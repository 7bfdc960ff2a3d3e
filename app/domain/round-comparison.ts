// A facility's result in one round beside its result in the previous round: the level per catalog,
// the readiness by system, and each criterion that changed, read through the criterion lineage
// between the two catalog versions (docs/CATALOG-FORMAT.md §4.3). A criterion without a
// predecessor is reported as new and not compared; what nothing continues is listed as dropped.
// Pure: the caller loads the rounds and the catalog versions.
import { canonicalJson } from './canonical-json'
import type { Answer } from './catalog/answers'
import type { CompiledCatalog, Facility } from './catalog/compile'
import { catalogLineage, type CatalogLineage, type CriterionLineage, type LineageRelation } from './catalog/lineage'
import type { AnswerSpec, Catalog, LocalizedText } from './catalog/schema'
import { criterionStates, type CatalogScore, type CriterionState, type LevelRef } from './catalog/scoring'
import type { System } from './enums'
import { buildReadiness, type OperationCell } from './readiness'

/** One round's result as the comparison reads it (scores of the same catalogs, in the same order). */
export type RoundSide = {
	catalogs: ReadonlyArray<CompiledCatalog>
	scores: ReadonlyArray<CatalogScore>
	answers: ReadonlyMap<string, Answer>
	facility: Facility
	asOf?: string
}

/** A criterion in one round: its state, and its answer with the answer's form (to show an informational value). */
export type CriterionSide = { id: string; text: LocalizedText; state: CriterionState; answer: Answer | null; spec: AnswerSpec }

export type ChangeKind = 'now_met' | 'no_longer_met' | 'answer_changed'

export type CriterionChange =
	| {
			kind: 'changed'
			change: ChangeKind
			relation: Exclude<LineageRelation, 'new'>
			/** Its predecessors in the previous round (one; several for a merged criterion). */
			before: Array<CriterionSide>
			after: CriterionSide
	  }
	/** No predecessor: not compared. */
	| { kind: 'new'; after: CriterionSide }
	/** A criterion of the previous version that nothing in this one continues. */
	| { kind: 'dropped'; before: CriterionSide }

export type LevelSide = { version: number; level: LevelRef | null; percent: number | null; provisional: boolean }

export type CatalogComparison = {
	code: string
	title: LocalizedText
	/** Null when the catalog was not part of that round. */
	before: LevelSide | null
	after: LevelSide | null
	/** Both rounds used the same catalog version. */
	sameVersion: boolean
	changes: Array<CriterionChange>
	/** Criteria compared with their predecessors and found unchanged. */
	unchanged: number
	/**
	 * Criteria answered in the previous round and not (yet) in this one: counted, not listed as
	 * changes, since a round being filled in has not changed its answers, it has not given them.
	 */
	unansweredNow: number
}

export type CountSide = { met: number; applicable: number }
export type SystemSide = { operation: OperationCell['status']; coverage: CountSide; connections: CountSide }
export type SystemComparison = { system: System; before: SystemSide; after: SystemSide; changed: boolean }

export type RoundComparison = { catalogs: Array<CatalogComparison>; systems: Array<SystemComparison> }

/**
 * The lineage from the version a previous round used to the one this round uses: identity when
 * they are the same version; otherwise the lineages along the `based_on` chain from `after` back to
 * `before`, composed; when the chain does not reach `before`, criteria are matched by id.
 * `versions` holds the catalog's versions by number (at least those on the chain).
 */
export function lineageAcross(before: Catalog, after: Catalog, versions: ReadonlyMap<number, Catalog>): CatalogLineage {
	if (before.version === after.version) return catalogLineage(before, before)
	const chain: Array<Catalog> = [after]
	let cursor: Catalog | undefined = after
	while (cursor && cursor.version !== before.version) {
		cursor = cursor.based_on !== undefined && cursor.based_on < cursor.version ? versions.get(cursor.based_on) : undefined
		if (cursor) chain.push(cursor)
	}
	if (!cursor) return catalogLineage(before, after)
	chain.reverse()
	let composed = catalogLineage(chain[0], chain[1])
	for (let i = 2; i < chain.length; i++) composed = composeLineage(composed, catalogLineage(chain[i - 1], chain[i]))
	return composed
}

const RANK: Record<Exclude<LineageRelation, 'new'>, number> = { same: 0, reworded: 1, split: 2, merged: 3 }

/** `first` (A → B) followed by `second` (B → C): the lineage A → C. */
export function composeLineage(first: CatalogLineage, second: CatalogLineage): CatalogLineage {
	const firstOf = new Map(first.criteria.map((c) => [c.id, c]))
	const reached = new Set<string>()
	const criteria = second.criteria.map((c): CriterionLineage => {
		const steps = c.from.map((id) => firstOf.get(id)).filter((x): x is CriterionLineage => x !== undefined)
		const from = [...new Set(steps.flatMap((s) => s.from))]
		for (const id of from) reached.add(id)
		if (from.length === 0) return { id: c.id, relation: 'new', from: [], declared: c.declared }
		if (from.length > 1) return { id: c.id, relation: 'merged', from, declared: c.declared }
		const relations = [c.relation, ...steps.map((s) => s.relation)].filter((r): r is Exclude<LineageRelation, 'new'> => r !== 'new')
		const worst = relations.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), 'same')
		return { id: c.id, relation: worst === 'merged' ? 'reworded' : worst, from, declared: c.declared }
	})
	const baseIds = new Set([...first.criteria.flatMap((c) => c.from), ...first.dropped])
	return {
		criteria,
		dropped: [...baseIds].filter((id) => !reached.has(id)),
		problems: [...first.problems, ...second.problems],
	}
}

type Evaluated = { compiled: CompiledCatalog; states: Array<CriterionState> | null; answers: ReadonlyMap<string, Answer> }

function sideOf(e: Evaluated, id: string): CriterionSide | null {
	const i = e.compiled.indexOf.get(id)
	if (i === undefined) return null
	const { criterion } = e.compiled.criteria[i]
	return { id, text: criterion.text, state: e.states?.[i] ?? 'unanswered', answer: e.answers.get(id) ?? null, spec: criterion.answer }
}

const isMet = (s: CriterionSide) => s.state === 'met'
const sameAnswer = (a: Answer | null, b: Answer | null) => canonicalJson(a ?? null) === canonicalJson(b ?? null)

/** How one criterion changed from its predecessors, or null when it did not. */
export function criterionChange(before: ReadonlyArray<CriterionSide>, after: CriterionSide): ChangeKind | null {
	const wasMet = before.length > 0 && before.every(isMet)
	if (isMet(after) && !wasMet) return 'now_met'
	if (!isMet(after) && wasMet) return 'no_longer_met'
	if (before.some((b) => b.state !== after.state)) return 'answer_changed'
	if (before.length === 1 && !sameAnswer(before[0].answer, after.answer)) return 'answer_changed'
	return null
}

function evaluate(side: RoundSide, compiled: CompiledCatalog): Evaluated {
	const states = criterionStates(compiled, side.answers, side.facility, { asOf: side.asOf })?.states ?? null
	return { compiled, states, answers: side.answers }
}

const levelSide = (s: CatalogScore | undefined, version: number): LevelSide => ({
	version,
	level: s?.achievedLevel ?? null,
	percent: s?.percent ?? null,
	provisional: s?.provisional ?? false,
})

/**
 * Compares two rounds of one facility. `lineageOf` gives, for a catalog present in both rounds,
 * the lineage from the previous round's version to this round's (normally `lineageAcross`).
 */
export function compareRounds(
	before: RoundSide,
	after: RoundSide,
	lineageOf: (before: CompiledCatalog, after: CompiledCatalog) => CatalogLineage,
): RoundComparison {
	const beforeByCode = new Map(before.catalogs.map((c, i) => [c.catalog.code, { compiled: c, score: before.scores[i] }]))
	const afterByCode = new Map(after.catalogs.map((c, i) => [c.catalog.code, { compiled: c, score: after.scores[i] }]))
	const codes = [...new Set([...afterByCode.keys(), ...beforeByCode.keys()])]
	const catalogs = codes.map((code): CatalogComparison => {
		const b = beforeByCode.get(code)
		const a = afterByCode.get(code)
		const title = (a ?? b)!.compiled.catalog.title
		const out: CatalogComparison = {
			code,
			title,
			before: b ? levelSide(b.score, b.compiled.catalog.version) : null,
			after: a ? levelSide(a.score, a.compiled.catalog.version) : null,
			sameVersion: !!a && !!b && a.compiled.catalog.version === b.compiled.catalog.version,
			changes: [],
			unchanged: 0,
			unansweredNow: 0,
		}
		if (!a || !b) return out
		const eb = evaluate(before, b.compiled)
		const ea = evaluate(after, a.compiled)
		const lineage = lineageOf(b.compiled, a.compiled)
		for (const l of lineage.criteria) {
			const now = sideOf(ea, l.id)
			if (!now) continue
			const was = l.from.map((id) => sideOf(eb, id)).filter((x): x is CriterionSide => x !== null)
			if (l.relation === 'new' || was.length === 0) {
				out.changes.push({ kind: 'new', after: now })
				continue
			}
			if (now.state === 'unanswered' && was.some((b) => b.state !== 'unanswered')) {
				out.unansweredNow++
				continue
			}
			const change = criterionChange(was, now)
			if (change) out.changes.push({ kind: 'changed', change, relation: l.relation, before: was, after: now })
			else out.unchanged++
		}
		for (const id of lineage.dropped) {
			const was = sideOf(eb, id)
			if (was) out.changes.push({ kind: 'dropped', before: was })
		}
		return out
	})
	return { catalogs, systems: compareSystems(before, after) }
}

function systemSides(side: RoundSide): Map<System, SystemSide> {
	const readiness = buildReadiness({
		catalogs: side.catalogs,
		scores: side.scores,
		answers: side.answers,
		facility: side.facility,
		asOf: side.asOf,
	})
	return new Map(
		readiness.rows.map((r) => [
			r.system,
			{
				operation: r.operation.status,
				coverage: { met: r.coverage.met, applicable: r.coverage.applicable },
				connections: { met: r.connections.met, applicable: r.connections.applicable },
			},
		]),
	)
}

function compareSystems(before: RoundSide, after: RoundSide): Array<SystemComparison> {
	const b = systemSides(before)
	const a = systemSides(after)
	return [...a.entries()].map(([system, now]) => {
		const was = b.get(system)!
		return { system, before: was, after: now, changed: canonicalJson(was) !== canonicalJson(now) }
	})
}
