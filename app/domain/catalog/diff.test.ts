import { expect, test } from 'vitest'
import { diffCatalogs } from './diff'
import { buildCatalog, catalogInput, criterionInput, text } from './testing'

const before = buildCatalog()

function after(change: (c: any) => void) {
	const input = structuredClone(catalogInput()) as any
	input.version = 2
	change(input)
	return buildCatalog(input)
}

test('a catalog compared with itself has no differences', () => {
	expect(diffCatalogs(before, before)).toEqual({
		added: [],
		removed: [],
		changed: [],
		header: [],
		groups: { added: [], removed: [], changed: [] },
		levels: { added: [], removed: [], changed: [] },
	})
})

test('added, removed and changed criteria are listed by ID with the fields that changed', () => {
	const b = after((c) => {
		c.groups[0].criteria[0].text = text('A1 reworded')
		c.groups[0].criteria[0].evidence = 'required'
		c.groups[1].criteria.splice(1, 1)
		c.groups[2].criteria.push(criterionInput('C3', { mandatory: true }))
		c.groups[2].criteria[0].answer = { type: 'yes_no', not_applicable: true }
	})
	const diff = diffCatalogs(before, b)
	expect(diff.added).toEqual(['C3'])
	expect(diff.removed).toEqual(['B2'])
	expect(diff.changed).toEqual([
		{ id: 'A1', fields: ['evidence', 'text'] },
		{ id: 'C1', fields: ['answer'] },
	])
	expect(diff.header).toEqual(['version'])
	expect(diff.groups.changed).toEqual([
		{ id: 'G2', fields: ['criteria'] },
		{ id: 'G3', fields: ['criteria'] },
	])
})

test('a criterion moved to another group shows the group field', () => {
	const b = after((c) => {
		const [moved] = c.groups[0].criteria.splice(1, 1)
		c.groups[1].criteria.push(moved)
	})
	expect(diffCatalogs(before, b).changed).toEqual([{ id: 'A2', fields: ['group'] }])
})

test('groups and levels added, removed or changed are listed too', () => {
	const b = after((c) => {
		c.groups.push({ id: 'G4', title: text('Group 4'), criteria: [criterionInput('D1')] })
		c.levels[2].rule = { groups: ['G3'], threshold: { min_percent: 50 } }
		c.levels.push({ id: 'L4', rank: 4, title: text('Level 4'), rule: { groups: ['G4'] } })
		c.levels[0].title = text('Entry level')
		c.legal_basis.push({ document: 'DOC-2' })
	})
	const diff = diffCatalogs(before, b)
	expect(diff.groups.added).toEqual(['G4'])
	expect(diff.levels).toEqual({
		added: ['L4'],
		removed: [],
		changed: [
			{ id: 'L1', fields: ['title'] },
			{ id: 'L3', fields: ['rule'] },
		],
	})
	expect(diff.header).toEqual(['legal_basis', 'version'])
	expect(diff.added).toEqual(['D1'])
})

test('an optional field that appears or disappears counts as changed', () => {
	const b = after((c) => (c.groups[0].criteria[1].guidance = text('How to check')))
	expect(diffCatalogs(before, b).changed).toEqual([{ id: 'A2', fields: ['guidance'] }])
	expect(diffCatalogs(b, before).changed).toEqual([{ id: 'A2', fields: ['guidance'] }])
})
