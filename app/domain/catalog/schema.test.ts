import { expect, test } from 'vitest'
import { validateCatalog } from './schema'
import { buildCatalog, catalogInput, criterionInput, text } from './testing'

type Input = ReturnType<typeof catalogInput> & Record<string, any>

function mutated(change: (c: any) => void): Input {
	const input = structuredClone(catalogInput()) as any
	change(input)
	return input
}

test('a well-formed catalog validates and gets its defaults filled in', () => {
	const catalog = buildCatalog()
	const a1 = catalog.groups[0].criteria[0]
	expect(a1).toMatchObject({ weight: 1, mandatory: true, evidence: 'optional', provenance: 'official', informational: false, see_also: [] })
	expect(a1.answer).toEqual({ type: 'yes_no', not_applicable: false })
	expect(catalog.groups[0].tiers).toEqual([])
	expect(catalog.levels[0]).toMatchObject({ provenance: 'official', rule: { groups: ['G1'], scope: 'all', threshold: 'all' } })
})

test('criteria, tiers and levels without a provenance inherit the catalog default', () => {
	const catalog = buildCatalog(
		mutated((c) => {
			c.provenance = 'secondary'
			c.groups[0].criteria[1].provenance = 'official'
			c.groups[0].tiers = [{ id: 'basic', rank: 1, title: text('Basic') }]
		}),
	)
	expect(catalog.groups[0].criteria.map((cr) => cr.provenance)).toEqual(['secondary', 'official'])
	expect(catalog.groups[0].tiers[0]).toMatchObject({ provenance: 'secondary', rule: { scope: 'all', threshold: 'all' } })
	expect(catalog.levels.map((l) => l.provenance)).toEqual(['secondary', 'secondary', 'secondary'])
})

test('answer kinds without a met rule are marked informational', () => {
	const catalog = buildCatalog(
		mutated((c) => {
			c.groups[1].criteria.push(
				criterionInput('B3', { answer: { type: 'text' } }),
				criterionInput('B4', { answer: { type: 'number', min: 0 } }),
				criterionInput('B5', { answer: { type: 'number', met_if: { gte: 1 } } }),
				criterionInput('B6', { answer: { type: 'date' } }),
				criterionInput('B7', { answer: { type: 'percent', met_if: { gte: 50 } } }),
				criterionInput('B8', { informational: true }),
			)
		}),
	)
	const flags = Object.fromEntries(catalog.groups[1].criteria.map((cr) => [cr.id, cr.informational]))
	expect(flags).toEqual({ B1: false, B2: false, B3: true, B4: true, B5: false, B6: true, B7: false, B8: true })
	expect(catalog.groups[1].criteria[2].answer).toEqual({ type: 'text', max_length: 2000, multiline: false })
})

test('a validated catalog is deeply frozen', () => {
	const catalog = buildCatalog()
	expect(Object.isFrozen(catalog)).toBe(true)
	expect(Object.isFrozen(catalog.groups[0].criteria[0].text)).toBe(true)
	expect(Object.isFrozen(catalog.levels[0].rule)).toBe(true)
})

test('validating a normalised catalog again gives the same catalog', () => {
	const input = catalogInput() as any
	input.levels.unshift({ id: 'L0', rank: 0, title: text('Baseline') })
	input.groups[0].tiers = [{ id: 'basic', rank: 1, title: text('Basic') }]
	input.groups[1].criteria.push(criterionInput('B3', { answer: { type: 'text' } }))
	const once = buildCatalog(input)
	expect(buildCatalog(structuredClone(once) as never)).toEqual(once)
})

test('validation does not change the input object', () => {
	const input = catalogInput()
	const copy = structuredClone(input)
	buildCatalog(input)
	expect(input).toEqual(copy)
})

test.each<[string, (c: any) => void, Array<string | number>, string]>([
	[
		'a criterion ID used twice in different groups',
		(c) => (c.groups[1].criteria[0].id = 'A1'),
		['groups', 1, 'criteria', 0, 'id'],
		'duplicate criterion id "A1" (first at groups.0.criteria.0)',
	],
	['a group ID used twice', (c) => (c.groups[2].id = 'G1'), ['groups', 2, 'id'], 'duplicate group id "G1"'],
	['a level ID used twice', (c) => (c.levels[1].id = 'L1'), ['levels', 1, 'id'], 'duplicate level id "L1"'],
	['level ranks out of order', (c) => (c.levels[2].rank = 2), ['levels', 2, 'rank'], 'level ranks must increase'],
	[
		'a rule naming a missing criterion',
		(c) => (c.levels[0].rule = { criteria: ['A1', 'ZZ'] }),
		['levels', 0, 'rule', 'criteria', 1],
		'unknown criterion "ZZ"',
	],
	[
		'a rule naming a missing group',
		(c) => (c.levels[1].rule = { groups: ['G9'] }),
		['levels', 1, 'rule', 'groups', 0],
		'unknown group "G9"',
	],
	[
		'a rule listing a criterion twice',
		(c) => (c.levels[0].rule = { criteria: ['A1', 'A2', 'A1'] }),
		['levels', 0, 'rule', 'criteria', 2],
		'"A1" is listed twice',
	],
	[
		'a rule naming a tier the group lacks',
		(c) => (c.levels[0].rule = { group_tiers: [{ group: 'G1', tier: 'gold' }] }),
		['levels', 0, 'rule', 'group_tiers', 0, 'tier'],
		'group "G1" has no tier "gold"',
	],
	[
		'a rule naming an informational criterion',
		(c) => {
			c.groups[0].criteria[1].answer = { type: 'text' }
			c.levels[0].rule = { criteria: ['A2'] }
		},
		['levels', 0, 'rule', 'criteria', 0],
		'criterion "A2" is informational',
	],
	[
		'a rule that names nothing',
		(c) => (c.levels[0].rule = { threshold: 'all' }),
		['levels', 0, 'rule'],
		'a rule must name criteria, groups, group_tiers, catalogs or systems',
	],
	[
		'a rule whose scope leaves nothing to judge',
		(c) => {
			c.groups[0].criteria.forEach((cr: any) => (cr.mandatory = false))
			c.levels[0].rule = { groups: ['G1'], scope: 'mandatory' }
		},
		['levels', 0, 'rule'],
		'the rule selects no scored criteria',
	],
	[
		'a level other than the lowest without a rule',
		(c) => delete c.levels[1].rule,
		['levels', 1],
		'only the lowest level may omit its rule',
	],
	[
		"a tier rule using another group's criterion",
		(c) => (c.groups[0].tiers = [{ id: 't', rank: 1, title: text('T'), rule: { criteria: ['B1'] } }]),
		['groups', 0, 'tiers', 0, 'rule', 'criteria', 0],
		'belongs to another group',
	],
	[
		'tier ranks out of order',
		(c) =>
			(c.groups[0].tiers = [
				{ id: 'a', rank: 2, title: text('A') },
				{ id: 'b', rank: 1, title: text('B') },
			]),
		['groups', 0, 'tiers', 1, 'rank'],
		'tier ranks must increase',
	],
	[
		'a choice with the same option value twice',
		(c) =>
			(c.groups[0].criteria[0].answer = {
				type: 'choice',
				options: [
					{ value: 'x', label: text('X'), points: 1 },
					{ value: 'x', label: text('X again'), points: 2 },
				],
				met_at_points: 1,
			}),
		['groups', 0, 'criteria', 0, 'answer', 'options', 1, 'value'],
		'option value "x" is used twice',
	],
	[
		'a choice whose met_at_points no option reaches',
		(c) =>
			(c.groups[0].criteria[0].answer = {
				type: 'choice',
				options: [
					{ value: 'x', label: text('X'), points: 1 },
					{ value: 'y', label: text('Y'), points: 2 },
				],
				met_at_points: 3,
			}),
		['groups', 0, 'criteria', 0, 'answer', 'met_at_points'],
		'can never be met',
	],
	[
		'a not-applicable choice option with points',
		(c) =>
			(c.groups[0].criteria[0].answer = {
				type: 'choice',
				options: [
					{ value: 'x', label: text('X'), points: 1 },
					{ value: 'none', label: text('None'), points: 0, not_applicable: true },
				],
				met_at_points: 1,
			}),
		['groups', 0, 'criteria', 0, 'answer', 'options', 1, 'points'],
		'a not-applicable option carries no points',
	],
	[
		'a number whose met_if lies outside min and max',
		(c) => (c.groups[0].criteria[0].answer = { type: 'number', min: 0, max: 10, met_if: { gte: 11 } }),
		['groups', 0, 'criteria', 0, 'answer', 'met_if', 'gte'],
		'can never be met',
	],
	[
		'a number with max below min',
		(c) => (c.groups[0].criteria[0].answer = { type: 'number', min: 5, max: 1 }),
		['groups', 0, 'criteria', 0, 'answer', 'max'],
		'max (1) is below min (5)',
	],
	[
		'a date met_if that can never hold',
		(c) => (c.groups[0].criteria[0].answer = { type: 'date', met_if: { on_or_after: '2026-01-01', on_or_before: '2025-01-01' } }),
		['groups', 0, 'criteria', 0, 'answer', 'met_if'],
		'can never be met',
	],
	[
		'an informational criterion with a met rule',
		(c) => Object.assign(c.groups[0].criteria[0], { informational: true, answer: { type: 'percent', met_if: { gte: 50 } } }),
		['groups', 0, 'criteria', 0, 'informational'],
		'must not have met_if',
	],
	[
		'a repeal date before the effective date',
		(c) => Object.assign(c, { repealed_from: '2024-01-01', repealed_by: 'DOC-2' }),
		['repealed_from'],
		'must be after effective_from',
	],
	[
		'a group repeal date without the repealing document',
		(c) => (c.groups[1].repealed_from = '2026-01-01'),
		['groups', 1, 'repealed_by'],
		'repealed_by (the repealing document and clause) is required',
	],
	[
		'a legal document in force before its date',
		(c) => (c.legal_basis[0].in_force = '2024-01-01'),
		['legal_basis', 0, 'in_force'],
		"before the document's date",
	],
	['the same legal document twice', (c) => c.legal_basis.push({ document: 'DOC-1' }), ['legal_basis', 1, 'document'], 'already listed'],
	[
		'an applies_to list with a value twice',
		(c) => (c.groups[0].criteria[0].applies_to = { facility_types: ['polyclinic', 'polyclinic'] }),
		['groups', 0, 'criteria', 0, 'applies_to', 'facility_types', 1],
		'listed twice',
	],
])('the validator refuses %s, at its exact path', (_name, change, path, message) => {
	const result = validateCatalog(mutated(change))
	expect(result.ok).toBe(false)
	if (result.ok) return
	expect(result.problems).toContainEqual({ path, message: expect.stringContaining(message) })
})

test.each<[string, (c: any) => void, Array<string | number>]>([
	['a version that is a string', (c) => (c.version = '1'), ['version']],
	['a version of 0', (c) => (c.version = 0), ['version']],
	['a weight of 0', (c) => (c.groups[0].criteria[0].weight = 0), ['groups', 0, 'criteria', 0, 'weight']],
	['a negative weight', (c) => (c.groups[0].criteria[1].weight = -2), ['groups', 0, 'criteria', 1, 'weight']],
	['an unknown answer type', (c) => (c.groups[0].criteria[0].answer = { type: 'scale' }), ['groups', 0, 'criteria', 0, 'answer', 'type']],
	['a misspelt key', (c) => (c.groups[0].criteria[0].mandatroy = true), ['groups', 0, 'criteria', 0]],
	[
		'a text without its English',
		(c) => (c.groups[0].criteria[0].text = { vi: 'Chỉ tiếng Việt' }),
		['groups', 0, 'criteria', 0, 'text', 'en'],
	],
	['an empty Vietnamese text', (c) => (c.groups[0].title = { vi: '  ', en: 'Group' }), ['groups', 0, 'title', 'vi']],
	['a date that is not on the calendar', (c) => (c.effective_from = '2025-02-30'), ['effective_from']],
	['an unknown provenance', (c) => (c.groups[0].criteria[0].provenance = 'hearsay'), ['groups', 0, 'criteria', 0, 'provenance']],
	[
		'an unknown facility type',
		(c) => (c.groups[0].criteria[0].applies_to = { facility_types: ['clinic'] }),
		['groups', 0, 'criteria', 0, 'applies_to', 'facility_types', 0],
	],
	['an empty applies_to', (c) => (c.groups[0].applies_to = {}), ['groups', 0, 'applies_to']],
	['a criterion ID with spaces', (c) => (c.groups[0].criteria[0].id = 'A 1'), ['groups', 0, 'criteria', 0, 'id']],
	[
		'a threshold above 100 %',
		(c) => (c.levels[0].rule.threshold = { min_percent: 120 }),
		['levels', 0, 'rule', 'threshold', 'min_percent'],
	],
	[
		'a basis without a clause',
		(c) => (c.groups[0].criteria[0].basis = { document: 'DOC-1' }),
		['groups', 0, 'criteria', 0, 'basis', 'clause'],
	],
	['a group without criteria', (c) => (c.groups[0].criteria = []), ['groups', 0, 'criteria']],
	[
		'a percent met_if above 100',
		(c) => (c.groups[0].criteria[0].answer = { type: 'percent', met_if: { gte: 101 } }),
		['groups', 0, 'criteria', 0, 'answer', 'met_if', 'gte'],
	],
])('the schema refuses %s, at its exact path', (_name, change, path) => {
	const result = validateCatalog(mutated(change))
	expect(result.ok).toBe(false)
	if (result.ok) return
	expect(result.problems.map((p) => p.path)).toContainEqual(path)
	for (const p of result.problems) expect(p.message.length).toBeGreaterThan(0)
})

test('every semantic problem is reported at once, not only the first', () => {
	const result = validateCatalog(
		mutated((c) => {
			c.groups[1].criteria[0].id = 'A1'
			c.levels[0].rule = { criteria: ['NOPE'] }
			c.levels[2].id = 'L1'
		}),
	)
	expect(result.ok).toBe(false)
	if (result.ok) return
	expect(result.problems.map((p) => p.path.join('.'))).toEqual(
		expect.arrayContaining(['groups.1.criteria.0.id', 'levels.0.rule.criteria.0', 'levels.2.id']),
	)
})

test('a catalog may have no levels, and its lowest level may be a baseline without a rule', () => {
	expect(validateCatalog(mutated((c) => delete c.levels)).ok).toBe(true)
	const result = validateCatalog(mutated((c) => c.levels.unshift({ id: 'L0', rank: 0, title: text('Stage 0') })))
	expect(result.ok && result.catalog.levels[0].rule).toBe(null)
})

test('something other than an object is refused with a problem at the root', () => {
	const result = validateCatalog('code: X')
	expect(result).toEqual({ ok: false, problems: [expect.objectContaining({ path: [] })] })
})
