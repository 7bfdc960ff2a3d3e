import { describe, expect, it } from 'vitest'
import { catalogLineage, predecessors, successors } from './lineage'
import { validateCatalog } from './schema'
import { buildCatalog, catalogInput, criterionInput, text } from './testing'

const base = buildCatalog()

function nextVersion(groups: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) {
	return buildCatalog(catalogInput({ version: 2, based_on: 1, groups, ...extra }))
}
const g = (id: string, criteria: Array<Record<string, unknown>>) => ({ id, title: text(id), criteria })

describe('catalog lineage between two versions', () => {
	it('continues a criterion with the same id and wording as "same", and a reworded one as "reworded"', () => {
		const next = nextVersion([
			g('G1', [criterionInput('A1', { mandatory: true }), criterionInput('A2', { mandatory: true, text: text('A2 said better') })]),
			g('G2', [criterionInput('B1', { mandatory: true }), criterionInput('B2')]),
			g('G3', [criterionInput('C1', { mandatory: true }), criterionInput('C2', { mandatory: true })]),
		])
		const lineage = catalogLineage(base, next)
		expect(lineage.criteria.find((c) => c.id === 'A1')).toMatchObject({ relation: 'same', from: ['A1'], declared: false })
		expect(lineage.criteria.find((c) => c.id === 'A2')).toMatchObject({ relation: 'reworded', from: ['A2'] })
		expect(lineage.dropped).toEqual([])
	})

	it('reads a declared split and merge, marks unknown ids as new and what nothing continues as dropped', () => {
		const next = nextVersion([
			g('G1', [
				criterionInput('A1a', { lineage: { relation: 'split', from: ['A1'] } }),
				criterionInput('A1b', { lineage: { relation: 'split', from: ['A1'] } }),
				criterionInput('A9'),
			]),
			g('G2', [criterionInput('B12', { mandatory: true, lineage: { relation: 'merged', from: ['B1', 'B2'] } })]),
			g('G3', [criterionInput('C1')]),
		])
		const lineage = catalogLineage(base, next)
		expect(lineage.criteria.map((c) => [c.id, c.relation])).toEqual([
			['A1a', 'split'],
			['A1b', 'split'],
			['A9', 'new'],
			['B12', 'merged'],
			['C1', 'same'],
		])
		expect(lineage.dropped).toEqual(['A2', 'C2'])
		expect(successors(lineage).get('A1')).toEqual(['A1a', 'A1b'])
		expect(predecessors(lineage).get('B12')).toEqual(['B1', 'B2'])
		expect(predecessors(lineage).has('A9')).toBe(false)
		expect(lineage.problems).toEqual([])
	})

	it('reports a declared predecessor that the base version does not have', () => {
		const next = nextVersion([g('G1', [criterionInput('X', { lineage: { relation: 'reworded', from: ['NOPE'] } })])], {
			levels: [],
		})
		expect(catalogLineage(base, next).problems).toEqual([{ id: 'X', message: 'continues "NOPE", which version 1 does not have' }])
	})
})

describe('lineage declarations in a catalog file', () => {
	const problemsOf = (input: Record<string, unknown>) => {
		const result = validateCatalog(input)
		return result.ok ? [] : result.problems.map((p) => `${p.path.join('.')}: ${p.message}`)
	}
	const withLineage = (lineage: unknown, extra: Record<string, unknown> = { version: 2, based_on: 1 }) =>
		catalogInput({ ...extra, levels: [], groups: [g('G1', [criterionInput('A1', { lineage })])] })

	it('refuses a lineage without the version it is based on', () => {
		expect(problemsOf(withLineage({ relation: 'reworded', from: ['A1'] }, { version: 2 }))).toEqual([
			'groups.0.criteria.0.lineage: a lineage needs the catalog header to say which version it is based_on',
		])
	})

	it('refuses a merge of one criterion and a split from several', () => {
		expect(problemsOf(withLineage({ relation: 'merged', from: ['A1'] }))).toEqual([
			'groups.0.criteria.0.lineage.from: a merged criterion continues at least two criteria',
		])
		expect(problemsOf(withLineage({ relation: 'split', from: ['A1', 'A2'] }))).toEqual([
			'groups.0.criteria.0.lineage.from: a split criterion continues exactly one criterion (use "merged" for several)',
		])
	})

	it('refuses a based_on that is not an earlier version', () => {
		expect(problemsOf(catalogInput({ version: 2, based_on: 2 }))).toEqual(['based_on: must be an earlier version than 2'])
	})
})
