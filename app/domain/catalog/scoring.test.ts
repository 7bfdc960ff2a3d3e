import { expect, test } from 'vitest'
import type { Answer } from './answers'
import { compileCatalog } from './compile'
import type { Facility } from './compile'
import type { Catalog } from './schema'
import { scoreAssessment, scoreCatalog, type CatalogScore, type ScoreOptions } from './scoring'
import { answersFor, buildCatalog, catalogInput, criterionInput, hospital, na, NO, polyclinic, text, YES } from './testing'

function score(
	catalog: Catalog,
	answers: Map<string, Answer> | Record<string, Answer>,
	facility: Facility = hospital,
	options: ScoreOptions = {},
): CatalogScore {
	const result = scoreCatalog(catalog, answers, facility, options)
	if (!result.ok) throw new Error(JSON.stringify(result.error))
	return result.score
}

const base = buildCatalog()

test.each<[string, Array<string>, string | null, string | null]>([
	['no answers at all', [], null, 'L1'],
	['only half of level 1', ['A1'], null, 'L1'],
	['level 1', ['A1', 'A2'], 'L1', 'L2'],
	['level 2 without the non-mandatory B2', ['A1', 'A2', 'B1'], 'L2', 'L3'],
	['everything', ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'], 'L3', null],
	['level 3 criteria alone (cumulative: nothing)', ['C1', 'C2'], null, 'L1'],
	['levels 1 and 3 but not 2', ['A1', 'A2', 'C1', 'C2'], 'L1', 'L2'],
])('%s (%j answered yes) gives achieved %s and next %s', (_name, yes, achieved, next) => {
	const s = score(base, answersFor(yes))
	expect(s.achievedLevel?.id ?? null).toBe(achieved)
	expect(s.nextLevel?.id ?? null).toBe(next)
})

test('levels 1 and 2 met but one mandatory level-3 item missing gives level 2 with exactly that item as the blocker', () => {
	const s = score(base, answersFor(['A1', 'A2', 'B1', 'B2', 'C1']))
	expect(s.achievedLevel).toEqual({ id: 'L2', rank: 2, title: text('Level 2'), provenance: 'official' })
	expect(s.nextLevel?.id).toBe('L3')
	expect(s.blockers).toEqual([
		{ kind: 'unanswered', criterionId: 'C2', groupId: 'G3', mandatory: true, requirement: { kind: 'level', levelId: 'L3' } },
	])
})

test('a blocker says whether the criterion is unanswered or answered no', () => {
	const answers = answersFor(['A1'])
	answers.set('A2', NO)
	const s = score(base, answers)
	expect(s.blockers).toEqual([expect.objectContaining({ criterionId: 'A2', kind: 'not_met' })])
	expect(score(base, answersFor(['A2'])).blockers).toEqual([expect.objectContaining({ criterionId: 'A1', kind: 'unanswered' })])
})

test('a level whose own rule holds is not achieved while a lower level is missing', () => {
	const s = score(base, answersFor(['C1', 'C2', 'B1']))
	expect(s.levels.map((l) => [l.id, l.ruleMet, l.achieved])).toEqual([
		['L1', false, false],
		['L2', true, false],
		['L3', true, false],
	])
	expect(s.blockers.map((b) => (b.kind === 'below_threshold' || b.kind === 'catalog' ? null : b.criterionId))).toEqual(['A1', 'A2'])
})

const percentCatalog = buildCatalog(
	catalogInput({
		groups: [
			{
				id: 'P',
				title: text('Percent group'),
				criteria: [
					criterionInput('P1', { weight: 3 }),
					criterionInput('P2'),
					criterionInput('P3'),
					criterionInput('P4'),
					criterionInput('P5', { weight: 2 }),
				],
			},
		],
		levels: [{ id: 'HALF', rank: 1, title: text('Half'), rule: { groups: ['P'], threshold: { min_percent: 50 } } }],
	}),
)

test.each<[Array<string>, boolean, number | null, number]>([
	[[], false, 0, 2],
	[['P2', 'P3'], false, 25, 1],
	[['P1'], false, 37.5, 1],
	[['P2', 'P3', 'P4'], false, 37.5, 1],
	[['P1', 'P2'], true, 50, 0],
	[['P5', 'P2', 'P3'], true, 50, 0],
])('with a weighted threshold of 50 percent, %j met gives achieved=%s at %s percent, %i more needed', (yes, achieved, percent, more) => {
	const s = score(percentCatalog, answersFor(yes))
	expect(s.achievedLevel !== null).toBe(achieved)
	expect(s.percent).toBe(percent)
	if (achieved) {
		expect(s.blockers).toEqual([])
		return
	}
	expect(s.blockers).toEqual([
		{
			kind: 'below_threshold',
			requirement: { kind: 'level', levelId: 'HALF' },
			minPercent: 50,
			percent,
			moreNeeded: more,
			candidates: ['P1', 'P2', 'P3', 'P4', 'P5']
				.filter((id) => !yes.includes(id))
				.map((id) => ({ criterionId: id, groupId: 'P', reason: 'unanswered' })),
		},
	])
})

const naCatalog = buildCatalog(
	catalogInput({
		groups: [
			{
				id: 'N',
				title: text('N/A group'),
				criteria: [
					criterionInput('N1', { mandatory: true }),
					criterionInput('N2', { mandatory: true, answer: { type: 'yes_no', not_applicable: true } }),
					criterionInput('N3', { mandatory: true, answer: { type: 'yes_no', not_applicable: false } }),
				],
			},
		],
		levels: [{ id: 'ALL', rank: 1, title: text('All'), rule: { groups: ['N'] } }],
	}),
)

test('N/A where allowed leaves the criterion out of rules and percentages', () => {
	const s = score(
		naCatalog,
		new Map<string, Answer>([
			['N1', YES],
			['N2', na()],
			['N3', YES],
		]),
	)
	expect(s.achievedLevel?.id).toBe('ALL')
	expect(s.groups[0]).toMatchObject({ applicable: 3, answered: 3, notApplicable: 1, scored: 2, met: 2, percent: 100 })
	expect(s.completion).toEqual({ applicable: 3, answered: 3, mandatoryApplicable: 3, mandatoryAnswered: 3 })
})

test('N/A where not allowed counts as not met, with its own blocker reason', () => {
	const s = score(
		naCatalog,
		new Map<string, Answer>([
			['N1', YES],
			['N2', YES],
			['N3', na('legacy answer')],
		]),
	)
	expect(s.achievedLevel).toBe(null)
	expect(s.groups[0]).toMatchObject({ notApplicable: 0, scored: 3, met: 2 })
	expect(s.blockers).toEqual([expect.objectContaining({ criterionId: 'N3', kind: 'na_not_allowed' })])
})

const applicabilityCatalog = buildCatalog(
	catalogInput({
		groups: [
			{
				id: 'G',
				title: text('G'),
				criteria: [
					criterionInput('ALL1', { mandatory: true }),
					criterionInput('POLY1', { mandatory: true, applies_to: { facility_types: ['polyclinic'] } }),
					criterionInput('BIG1', { applies_to: { facility_classes: ['special', 'I'], managing_bodies: ['moh', 'province'] } }),
				],
			},
			{
				id: 'MOH',
				title: text('MOH only'),
				applies_to: { managing_bodies: ['moh'] },
				criteria: [criterionInput('MOH1', { mandatory: true })],
			},
		],
		levels: [{ id: 'OK', rank: 1, title: text('OK'), rule: { groups: ['G', 'MOH'] } }],
	}),
)

test.each<[string, Facility, Array<string>]>([
	['a provincial class I hospital', hospital, ['ALL1', 'BIG1']],
	['a private polyclinic', polyclinic, ['ALL1', 'POLY1']],
	['an MOH class II hospital', { type: 'general_hospital', class: 'II', managingBody: 'moh' }, ['ALL1', 'MOH1']],
])('applies_to hides criteria: for %s only %j count', (_name, facility, visible) => {
	const result = score(applicabilityCatalog, new Map(), facility)
	expect(result.completion.applicable).toBe(visible.length)
	const blockers = result.blockers.map((b) => (b.kind === 'below_threshold' || b.kind === 'catalog' ? '' : b.criterionId))
	expect(blockers).toEqual(visible)
	// Answering the visible criteria is enough: the hidden ones never block.
	expect(score(applicabilityCatalog, answersFor(visible), facility).achievedLevel?.id).toBe('OK')
})

test('answers to criteria that do not apply are ignored entirely, even malformed ones', () => {
	const answers = answersFor(['ALL1', 'BIG1'])
	answers.set('POLY1', { kind: 'number', value: 7 })
	const s = score(applicabilityCatalog, answers)
	expect(s.achievedLevel?.id).toBe('OK')
	expect(s.completion).toEqual({ applicable: 2, answered: 2, mandatoryApplicable: 1, mandatoryAnswered: 1 })
})

test('a catalog whose applies_to excludes the facility scores as not applicable', () => {
	const catalog = buildCatalog(catalogInput({ applies_to: { facility_types: ['polyclinic'] } }))
	const s = score(catalog, answersFor(['A1', 'A2', 'B1', 'B2', 'C1', 'C2']))
	expect(s).toMatchObject({ applicable: false, achievedLevel: null, nextLevel: null, blockers: [], percent: null })
	expect(s.completion.applicable).toBe(0)
	expect(score(catalog, answersFor(['A1', 'A2']), polyclinic).achievedLevel?.id).toBe('L1')
})

const kindsCatalog = buildCatalog(
	catalogInput({
		groups: [
			{
				id: 'K',
				title: text('Answer kinds'),
				criteria: [
					criterionInput('CHOICE', {
						answer: {
							type: 'choice',
							options: [
								{ value: 'none', label: text('None'), points: 0 },
								{ value: 'some', label: text('Some'), points: 1 },
								{ value: 'most', label: text('Most'), points: 2 },
								{ value: 'all', label: text('All'), points: 3 },
								{ value: 'absent', label: text('System absent'), not_applicable: true },
							],
							met_at_points: 2,
						},
					}),
					criterionInput('NUMBER', { answer: { type: 'number', min: 0, met_if: { gte: 2, lte: 10 } } }),
					criterionInput('PERCENT', { answer: { type: 'percent', met_if: { gte: 80 } } }),
					criterionInput('DATE', { answer: { type: 'date', met_if: { on_or_before: '2025-09-30' } } }),
				],
			},
		],
		levels: [],
	}),
)

function metState(id: string, answer: Answer): 'met' | 'not_met' | 'na' {
	const s = score(kindsCatalog, new Map([[id, answer]]))
	const g = s.groups[0]
	if (g.notApplicable === 1) return 'na'
	return g.met === 1 ? 'met' : 'not_met'
}

test.each<[string, Answer, 'met' | 'not_met' | 'na']>([
	['CHOICE', { kind: 'choice', value: 'none' }, 'not_met'],
	['CHOICE', { kind: 'choice', value: 'some' }, 'not_met'],
	['CHOICE', { kind: 'choice', value: 'most' }, 'met'],
	['CHOICE', { kind: 'choice', value: 'all' }, 'met'],
	['CHOICE', { kind: 'choice', value: 'absent' }, 'na'],
	['NUMBER', { kind: 'number', value: 1 }, 'not_met'],
	['NUMBER', { kind: 'number', value: 2 }, 'met'],
	['NUMBER', { kind: 'number', value: 10 }, 'met'],
	['NUMBER', { kind: 'number', value: 10.5 }, 'not_met'],
	['PERCENT', { kind: 'percent', value: 79.9 }, 'not_met'],
	['PERCENT', { kind: 'percent', value: 80 }, 'met'],
	['DATE', { kind: 'date', value: '2025-09-30' }, 'met'],
	['DATE', { kind: 'date', value: '2025-10-01' }, 'not_met'],
])('%s answered %j is %s', (id, answer, expected) => {
	expect(metState(id, answer)).toBe(expected)
})

test('informational criteria count for completion but never for percentages or levels', () => {
	const catalog = buildCatalog(
		catalogInput({
			groups: [
				{
					id: 'I',
					title: text('Mixed'),
					criteria: [
						criterionInput('FACT1', { mandatory: true, answer: { type: 'text' } }),
						criterionInput('FACT2', { answer: { type: 'number', min: 0 } }),
						criterionInput('FACT3', { informational: true }),
						criterionInput('REQ', { mandatory: true }),
					],
				},
			],
			levels: [{ id: 'L', rank: 1, title: text('L'), rule: { groups: ['I'] } }],
		}),
	)
	const answers = new Map<string, Answer>([
		['FACT1', { kind: 'text', value: 'Vendor X' }],
		['FACT3', NO],
		['REQ', YES],
	])
	const s = score(catalog, answers)
	expect(s.achievedLevel?.id).toBe('L')
	expect(s.groups[0]).toMatchObject({ applicable: 4, answered: 3, scored: 1, met: 1, percent: 100 })
	expect(s.completion).toEqual({ applicable: 4, answered: 3, mandatoryApplicable: 2, mandatoryAnswered: 2 })
})

test('group and overall percentages are weighted', () => {
	const catalog = buildCatalog(
		catalogInput({
			groups: [
				{ id: 'X', title: text('X'), criteria: [criterionInput('X1', { weight: 3 }), criterionInput('X2')] },
				{ id: 'Y', title: text('Y'), criteria: [criterionInput('Y1', { weight: 0.5 }), criterionInput('Y2', { weight: 0.5 })] },
			],
			levels: [],
		}),
	)
	const s = score(catalog, answersFor(['X1', 'Y1']))
	expect(s.groups.map((g) => g.percent)).toEqual([75, 50])
	expect(s.groups[0]).toMatchObject({ weightMet: 3, weightTotal: 4 })
	expect(s.percent).toBe(70)
	expect(score(catalog, new Map()).percent).toBe(0)
})

test.each<[string, Record<string, unknown>, boolean]>([
	['official levels', {}, false],
	['a catalog whose default provenance is provisional', { provenance: 'provisional' }, true],
	[
		'one provisional level',
		{ levels: [{ id: 'L1', rank: 1, title: text('L1'), provenance: 'provisional', rule: { groups: ['G1'] } }] },
		true,
	],
])('the provisional flag for %s is %s', (_name, extra, provisional) => {
	const catalog = buildCatalog(catalogInput(extra))
	expect(score(catalog, new Map()).provisional).toBe(provisional)
})

test('a provisional group tier makes the result provisional', () => {
	const input = catalogInput() as any
	input.groups[0].tiers = [{ id: 'basic', rank: 1, title: text('Basic'), provenance: 'provisional' }]
	expect(score(buildCatalog(input), new Map()).provisional).toBe(true)
})

// Circular 54's shape: per-group basic/advanced declarations, levels that require group tiers.
const tierCatalog = buildCatalog(
	catalogInput({
		provenance: 'provisional',
		groups: ['HT', 'HIS', 'EMR'].map((g) => ({
			id: g,
			title: text(g),
			...(g === 'EMR' ? { repealed_from: '2025-06-06', repealed_by: 'DOC-2 Art. 4' } : {}),
			tiers: [
				{ id: 'basic', rank: 1, title: text('Basic'), rule: { criteria: [`${g}.basic`] } },
				{ id: 'advanced', rank: 2, title: text('Advanced'), rule: { criteria: [`${g}.advanced`] } },
			],
			criteria: [criterionInput(`${g}.basic`, { mandatory: true }), criterionInput(`${g}.advanced`, { mandatory: true })],
		})),
		levels: [
			{
				id: 'L1',
				rank: 1,
				title: text('L1'),
				rule: {
					group_tiers: [
						{ group: 'HT', tier: 'basic' },
						{ group: 'HIS', tier: 'basic' },
					],
				},
			},
			{
				id: 'L2',
				rank: 2,
				title: text('L2'),
				rule: {
					group_tiers: [
						{ group: 'HIS', tier: 'advanced' },
						{ group: 'EMR', tier: 'basic' },
					],
				},
			},
			{
				id: 'L3',
				rank: 3,
				title: text('L3'),
				rule: {
					group_tiers: [
						{ group: 'HT', tier: 'advanced' },
						{ group: 'EMR', tier: 'advanced' },
					],
				},
			},
		],
	}),
)

test('each group reports the highest tier it reached, tiers being cumulative', () => {
	const s = score(tierCatalog, answersFor(['HT.basic', 'HT.advanced', 'HIS.advanced']))
	expect(s.groups.map((g) => [g.id, g.hasTiers, g.tier?.id ?? null])).toEqual([
		['HT', true, 'advanced'],
		['HIS', true, null],
		['EMR', true, null],
	])
})

test("a level requiring a group tier lists that tier's blockers, every tier up to the one required", () => {
	const s = score(tierCatalog, answersFor(['HT.basic', 'HIS.basic']), hospital, { asOf: '2025-01-01' })
	expect(s.achievedLevel?.id).toBe('L1')
	expect(s.blockers).toEqual([
		{
			kind: 'unanswered',
			criterionId: 'HIS.advanced',
			groupId: 'HIS',
			mandatory: true,
			requirement: { kind: 'group_tier', groupId: 'HIS', tierId: 'advanced' },
		},
		{
			kind: 'unanswered',
			criterionId: 'EMR.basic',
			groupId: 'EMR',
			mandatory: true,
			requirement: { kind: 'group_tier', groupId: 'EMR', tierId: 'basic' },
		},
	])
	const higher = score(tierCatalog, answersFor(['HT.basic', 'HIS.basic', 'HIS.advanced', 'EMR.basic']), hospital, { asOf: '2025-01-01' })
	expect(higher.achievedLevel?.id).toBe('L2')
	expect(higher.blockers.map((b) => (b.kind === 'below_threshold' || b.kind === 'catalog' ? '' : b.criterionId))).toEqual([
		'HT.advanced',
		'EMR.advanced',
	])
})

test('a repealed group is left out without asOf or from its repeal date, and its tier requirements are skipped', () => {
	const answers = answersFor(['HT.basic', 'HIS.basic', 'HIS.advanced', 'HT.advanced'])
	for (const options of [{}, { asOf: '2025-06-06' }, { asOf: '2026-11-22' }]) {
		const s = score(tierCatalog, answers, hospital, options)
		expect(s.achievedLevel?.id).toBe('L3')
		expect(s.groups[2]).toMatchObject({ id: 'EMR', applicable: 0, tier: null })
		expect(s.completion.applicable).toBe(4)
	}
	const before = score(tierCatalog, answers, hospital, { asOf: '2025-06-05' })
	expect(before.achievedLevel?.id).toBe('L1')
	expect(before.completion.applicable).toBe(6)
})

test('a criterion repealed on its own is left out from its repeal date', () => {
	const input = catalogInput() as any
	Object.assign(input.groups[2].criteria[1], { repealed_from: '2026-01-01', repealed_by: 'DOC-3' })
	const catalog = buildCatalog(input)
	const answers = answersFor(['A1', 'A2', 'B1', 'C1'])
	expect(score(catalog, answers, hospital, { asOf: '2026-01-01' }).achievedLevel?.id).toBe('L3')
	expect(score(catalog, answers, hospital, { asOf: '2025-12-31' }).achievedLevel?.id).toBe('L2')
})

test('a baseline level without a rule is reached with no answers, like EMRAM stage 0', () => {
	const input = catalogInput() as any
	input.levels.unshift({ id: 'S0', rank: 0, title: text('Stage 0') })
	const s = score(buildCatalog(input), new Map())
	expect(s.achievedLevel?.id).toBe('S0')
	expect(s.nextLevel?.id).toBe('L1')
})

test('a catalog without levels has no level, no next level and no blockers', () => {
	const s = score(kindsCatalog, new Map())
	expect(s).toMatchObject({ achievedLevel: null, nextLevel: null, blockers: [], levels: [], provisional: false })
})

test('the engine refuses answers that do not fit their criteria and lists the offending IDs', () => {
	const answers = new Map<string, Answer | unknown>([
		['CHOICE', { kind: 'choice', value: 'plenty' }],
		['NUMBER', { kind: 'percent', value: 5 }],
		['PERCENT', { kind: 'percent', value: 120 }],
		['DATE', { kind: 'date', value: '2025-09-30' }],
	]) as Map<string, Answer>
	const result = scoreCatalog(kindsCatalog, answers, hospital)
	expect(result).toEqual({
		ok: false,
		error: {
			kind: 'invalid_answers',
			issues: [
				{ catalogCode: 'TEST-CAT', criterionId: 'CHOICE', code: 'answer.choice_unknown', params: { value: 'plenty' } },
				{ catalogCode: 'TEST-CAT', criterionId: 'NUMBER', code: 'answer.wrong_kind', params: { expected: 'number' } },
				{ catalogCode: 'TEST-CAT', criterionId: 'PERCENT', code: 'answer.percent_out_of_range', params: { min: 0, max: 100 } },
			],
		},
	})
})

test('null and undefined answers mean unanswered', () => {
	const s = score(base, { A1: YES, A2: null, B1: undefined } as unknown as Record<string, Answer>)
	expect(s.completion.answered).toBe(1)
	expect(s.blockers).toEqual([expect.objectContaining({ criterionId: 'A2', kind: 'unanswered' })])
})

test('a record of answers scores like a map, and never reads inherited properties', () => {
	const catalog = buildCatalog(
		catalogInput({
			groups: [{ id: 'G', title: text('G'), criteria: [criterionInput('constructor'), criterionInput('toString')] }],
			levels: [{ id: 'L', rank: 1, title: text('L'), rule: { groups: ['G'] } }],
		}),
	)
	expect(score(catalog, {}).completion.answered).toBe(0)
	const map = answersFor(['constructor'])
	expect(score(catalog, Object.fromEntries(map))).toEqual(score(catalog, map))
})

test('a compiled catalog scores exactly like the catalog it came from', () => {
	const answers = answersFor(['A1', 'A2', 'C1'])
	expect(score(compileCatalog(base) as unknown as Catalog, answers)).toEqual(score(base, answers))
	expect(compileCatalog(base)).toBe(compileCatalog(base))
})

test('scoreAssessment scores every catalog from one answer lookup and reports answers that belong to none', () => {
	const answers = answersFor(['A1', 'A2', 'HT.basic', 'HIS.basic', 'STRAY'])
	const result = scoreAssessment([base, tierCatalog], answers, hospital)
	expect(result.ok).toBe(true)
	if (!result.ok) return
	expect(result.scores.map((s) => s.achievedLevel?.id)).toEqual(['L1', 'L1'])
	expect(result.ignoredAnswerIds).toEqual(['STRAY'])
})

test('scoreAssessment refuses catalogs that share a criterion ID', () => {
	const other = buildCatalog(catalogInput({ code: 'OTHER' }))
	const result = scoreAssessment([base, other], new Map(), hospital)
	expect(result).toEqual({ ok: false, error: { kind: 'duplicate_criterion_ids', ids: ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] } })
})

test('scoreAssessment gathers invalid answers from every catalog', () => {
	const answers = new Map<string, Answer>([
		['A1', { kind: 'text', value: 'yes' }],
		['HT.basic', { kind: 'yes_no', value: 'na' }],
	])
	const result = scoreAssessment([base, tierCatalog], answers, hospital)
	expect(result.ok).toBe(false)
	if (result.ok) return
	expect(result.error).toEqual({
		kind: 'invalid_answers',
		issues: [
			expect.objectContaining({ criterionId: 'A1', code: 'answer.wrong_kind' }),
			expect.objectContaining({ criterionId: 'HT.basic', code: 'answer.na_reason_required' }),
		],
	})
})
