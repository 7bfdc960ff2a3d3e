import { describe, expect, it } from 'vitest'
import type { Answer } from './catalog/answers'
import { compileCatalog } from './catalog/compile'
import { catalogLineage } from './catalog/lineage'
import type { Catalog } from './catalog/schema'
import { scoreAssessment } from './catalog/scoring'
import {
	answersFor,
	buildCatalog,
	catalogInput,
	catalogV2Input,
	criterionInput,
	groupInput,
	hospital,
	NO,
	text,
	YES,
} from './catalog/testing'
import { compareRounds, composeLineage, criterionChange, lineageAcross, type CriterionSide, type RoundSide } from './round-comparison'

const v1 = buildCatalog()
/** v2 based on v1: A1 split into A1a and A1b, B1 and B2 merged into B12, A9 new, C2 dropped. */
const v2 = buildCatalog(catalogV2Input())

function side(catalog: Catalog, answers: Map<string, Answer>): RoundSide {
	const compiled = compileCatalog(catalog)
	const scored = scoreAssessment([compiled], answers, hospital)
	if (!scored.ok) throw new Error('does not score')
	return { catalogs: [compiled], scores: scored.scores, answers, facility: hospital }
}

const byLineage = (b: { catalog: Catalog }, a: { catalog: Catalog }) => lineageAcross(b.catalog, a.catalog, new Map([[1, v1]]))
const s = (id: string, state: CriterionSide['state'], answer: Answer | null = null): CriterionSide => ({
	id,
	text: text(id),
	state,
	answer,
	spec: { type: 'yes_no', not_applicable: true },
})

describe('how one criterion changed from its predecessors', () => {
	it.each([
		['not met → met', [s('X', 'not_met', NO)], s('X', 'met', YES), 'now_met'],
		['unanswered → met', [s('X', 'unanswered')], s('X', 'met', YES), 'now_met'],
		['met → not met', [s('X', 'met', YES)], s('X', 'not_met', NO), 'no_longer_met'],
		['met → not applicable', [s('X', 'met', YES)], s('X', 'na'), 'no_longer_met'],
		['not met → unanswered', [s('X', 'not_met', NO)], s('X', 'unanswered'), 'answer_changed'],
		['met → met, same answer', [s('X', 'met', YES)], s('X', 'met', YES), null],
		['merged: every predecessor met, still met', [s('B1', 'met', YES), s('B2', 'met', YES)], s('B12', 'met', YES), null],
		['merged: one predecessor was not met, now met', [s('B1', 'met', YES), s('B2', 'not_met', NO)], s('B12', 'met', YES), 'now_met'],
		['merged: both met, now not met', [s('B1', 'met', YES), s('B2', 'met', YES)], s('B12', 'not_met', NO), 'no_longer_met'],
	] as const)('%s', (_name, before, after, expected) => {
		expect(criterionChange(before, after)).toBe(expected)
	})

	it('sees a changed number as a change even when both are met', () => {
		const before = [s('N', 'met', { kind: 'number', value: 3 })]
		expect(criterionChange(before, s('N', 'met', { kind: 'number', value: 5 }))).toBe('answer_changed')
	})
})

describe('comparing two rounds of one facility', () => {
	it('on the same catalog version lists only the criteria whose state or answer changed, and the levels before and after', () => {
		const before = side(v1, answersFor(['A1', 'A2', 'B1']))
		const after = side(v1, new Map([...answersFor(['A1', 'B1', 'B2']), ['A2', NO]]))
		const result = compareRounds(before, after, byLineage)
		const c = result.catalogs[0]
		expect(c.sameVersion).toBe(true)
		expect(c.before?.level?.id).toBe('L2')
		expect(c.after?.level ?? null).toBeNull()
		expect(c.changes.map((x) => (x.kind === 'changed' ? [x.after.id, x.change] : [x.kind]))).toEqual([
			['A2', 'no_longer_met'],
			['B2', 'now_met'],
		])
		expect(c.unchanged).toBe(4)
	})

	it('counts the criteria answered before and not yet in a round being filled in, without listing them as changes', () => {
		const before = side(v1, new Map([...answersFor(['A1', 'A2', 'B1']), ['B2', NO]]))
		const after = side(v1, answersFor(['A1', 'B2']))
		const c = compareRounds(before, after, byLineage).catalogs[0]
		expect(c.changes.map((x) => (x.kind === 'changed' ? [x.after.id, x.change] : [x.kind]))).toEqual([['B2', 'now_met']])
		// A2 and B1 have no answer yet; A1 is as before, and C1, C2 were unanswered both times.
		expect(c.unansweredNow).toBe(2)
		expect(c.unchanged).toBe(3)
	})

	it('carries the answer form of each side, so that an informational value can be shown as it was given', () => {
		const before = side(v1, answersFor(['A1']))
		const after = side(v1, new Map([...answersFor(['A1']), ['A2', NO]]))
		const change = compareRounds(before, after, byLineage).catalogs[0].changes[0]
		expect(change.kind === 'changed' && change.after.spec).toEqual(v1.groups[0].criteria.find((c) => c.id === 'A2')!.answer)
	})

	it('compares each part of a split criterion with its one predecessor, a merged one with all of its predecessors, and does not compare a new one', () => {
		const before = side(v1, new Map([...answersFor(['A1', 'A2', 'B1', 'C1', 'C2']), ['B2', NO]]))
		const after = side(v2, new Map([...answersFor(['A1a', 'A2', 'B12', 'C1']), ['A1b', NO]]))
		const c = compareRounds(before, after, byLineage).catalogs[0]
		expect(c.sameVersion).toBe(false)
		const summary = c.changes.map((x) =>
			x.kind === 'changed'
				? { id: x.after.id, relation: x.relation, change: x.change, from: x.before.map((b) => b.id) }
				: x.kind === 'new'
					? { id: x.after.id, new: true }
					: { id: x.before.id, dropped: true },
		)
		expect(summary).toEqual([
			{ id: 'A1b', relation: 'split', change: 'no_longer_met', from: ['A1'] },
			{ id: 'A9', new: true },
			{ id: 'B12', relation: 'merged', change: 'now_met', from: ['B1', 'B2'] },
			{ id: 'C2', dropped: true },
		])
		// A1a (split, met as A1 was), A2 and C1 are unchanged.
		expect(c.unchanged).toBe(3)
	})

	it('reports the readiness of every system before and after, and which changed', () => {
		const before = side(v1, answersFor(['A1']))
		const after = side(v1, answersFor(['A1']))
		const result = compareRounds(before, after, byLineage)
		expect(result.systems.length).toBeGreaterThan(0)
		expect(result.systems.every((x) => !x.changed)).toBe(true)
	})

	it('shows a catalog that only one of the rounds used, with nothing to compare', () => {
		const other = buildCatalog(catalogInput({ code: 'OTHER', groups: [groupInput('G1', [criterionInput('Z1')])], levels: [] }))
		const before = side(v1, answersFor(['A1']))
		const compiled = [compileCatalog(v1), compileCatalog(other)]
		const scored = scoreAssessment(compiled, answersFor(['A1', 'Z1']), hospital)
		if (!scored.ok) throw new Error('does not score')
		const after: RoundSide = { catalogs: compiled, scores: scored.scores, answers: answersFor(['A1', 'Z1']), facility: hospital }
		const result = compareRounds(before, after, byLineage)
		const o = result.catalogs.find((c) => c.code === 'OTHER')!
		expect(o.before).toBeNull()
		expect(o.after?.version).toBe(1)
		expect(o.changes).toEqual([])
	})
})

describe('lineage across versions', () => {
	it('is the identity for the same version', () => {
		const l = lineageAcross(v1, v1, new Map())
		expect(l.criteria.every((c) => c.relation === 'same' && c.from[0] === c.id)).toBe(true)
		expect(l.dropped).toEqual([])
	})

	it('follows based_on through an intermediate version and composes the steps', () => {
		const v3 = buildCatalog(
			catalogInput({
				version: 3,
				based_on: 2,
				groups: [
					groupInput('G1', [
						criterionInput('A1a', { mandatory: true, text: text('A1a reworded') }),
						criterionInput('A1b', { mandatory: true }),
						criterionInput('A2', { mandatory: true }),
					]),
					groupInput('G2', [criterionInput('B12', { mandatory: true })]),
					groupInput('G3', [criterionInput('C1', { mandatory: true })]),
				],
			}),
		)
		const l = lineageAcross(
			v1,
			v3,
			new Map([
				[1, v1],
				[2, v2],
			]),
		)
		expect(l.criteria.map((c) => [c.id, c.relation, c.from])).toEqual([
			['A1a', 'split', ['A1']],
			['A1b', 'split', ['A1']],
			['A2', 'same', ['A2']],
			['B12', 'merged', ['B1', 'B2']],
			['C1', 'same', ['C1']],
		])
		expect(l.dropped).toEqual(['C2'])
	})

	it('matches by id when the based_on chain does not reach the earlier version', () => {
		const orphan = buildCatalog(catalogInput({ version: 4 }))
		const l = lineageAcross(v1, orphan, new Map([[1, v1]]))
		expect(l.criteria.every((c) => c.relation === 'same')).toBe(true)
	})

	it('composes a reworded step after a same step as reworded', () => {
		const a = catalogLineage(v1, v1)
		const reworded = buildCatalog(
			catalogInput({
				version: 2,
				based_on: 1,
				groups: [
					groupInput('G1', [criterionInput('A1', { mandatory: true, text: text('new words') }), criterionInput('A2', { mandatory: true })]),
					groupInput('G2', [criterionInput('B1', { mandatory: true }), criterionInput('B2')]),
					groupInput('G3', [criterionInput('C1', { mandatory: true }), criterionInput('C2', { mandatory: true })]),
				],
			}),
		)
		const c = composeLineage(a, catalogLineage(v1, reworded))
		expect(c.criteria.find((x) => x.id === 'A1')?.relation).toBe('reworded')
		expect(c.criteria.find((x) => x.id === 'A2')?.relation).toBe('same')
	})
})
