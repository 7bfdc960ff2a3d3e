import fc from 'fast-check'
import { expect, test } from 'vitest'
import type { Answer } from './answers'
import { blockerCriterionIds } from './blockers'
import type { Facility } from './compile'
import { validateCatalog, type Catalog } from './schema'
import { scoreCatalog, type CatalogScore } from './scoring'
import { criterionInput, hospital, polyclinic, text } from './testing'

type CriterionShape = {
	kind: 'yes_no' | 'choice'
	weight: number
	mandatory: boolean
	naAllowed: boolean
	onlyPolyclinics: boolean
}
type RuleShape = {
	criteria: Array<number>
	groups: Array<number>
	tiers: Array<[number, 0 | 1]>
	mandatoryOnly: boolean
	minPercent: number | null
}

const criterionShape = fc.record<CriterionShape>({
	kind: fc.constantFrom('yes_no', 'choice'),
	weight: fc.constantFrom(0.5, 1, 2, 3),
	mandatory: fc.boolean(),
	naAllowed: fc.boolean(),
	onlyPolyclinics: fc.boolean(),
})
const ruleShape = fc.record<RuleShape>({
	criteria: fc.array(fc.nat(), { maxLength: 4 }),
	groups: fc.array(fc.nat(), { maxLength: 2 }),
	tiers: fc.array(fc.tuple(fc.nat(), fc.constantFrom<0 | 1>(0, 1)), { maxLength: 2 }),
	mandatoryOnly: fc.boolean(),
	minPercent: fc.constantFrom(null, null, 25, 50, 70, 100),
})

/** A random but valid catalog: 1–4 groups of 1–5 yes/no or choice criteria, 1–4 cumulative levels. */
const catalogArb = fc
	.record({
		groups: fc.array(fc.record({ criteria: fc.array(criterionShape, { minLength: 1, maxLength: 5 }), tiers: fc.boolean() }), {
			minLength: 1,
			maxLength: 4,
		}),
		levels: fc.array(ruleShape, { minLength: 1, maxLength: 4 }),
		baseline: fc.boolean(),
	})
	.map(({ groups, levels, baseline }) => {
		const ids = groups.flatMap((g, gi) => g.criteria.map((_, ci) => `G${gi}.c${ci}`))
		const tiered = groups.flatMap((g, gi) => (g.tiers ? [gi] : []))
		const input = {
			code: 'PROP',
			version: 1,
			title: text('Property catalog'),
			legal_basis: [{ document: 'DOC' }],
			effective_from: '2020-01-01',
			provenance: 'official',
			groups: groups.map((g, gi) => ({
				id: `G${gi}`,
				title: text(`G${gi}`),
				tiers: g.tiers
					? [
							{ id: 'basic', rank: 1, title: text('Basic'), rule: { criteria: [`G${gi}.c0`] } },
							{ id: 'advanced', rank: 2, title: text('Advanced'), rule: { threshold: { min_percent: 60 } } },
						]
					: [],
				criteria: g.criteria.map((c, ci) =>
					criterionInput(`G${gi}.c${ci}`, {
						weight: c.weight,
						mandatory: c.mandatory,
						...(c.onlyPolyclinics ? { applies_to: { facility_types: ['polyclinic'] } } : {}),
						answer:
							c.kind === 'yes_no'
								? { type: 'yes_no', not_applicable: c.naAllowed }
								: {
										type: 'choice',
										options: [
											{ value: 'none', label: text('None'), points: 0 },
											{ value: 'part', label: text('Part'), points: 1 },
											{ value: 'full', label: text('Full'), points: 2 },
											...(c.naAllowed ? [{ value: 'absent', label: text('Absent'), not_applicable: true }] : []),
										],
										met_at_points: c.mandatory ? 2 : 1,
									},
					}),
				),
			})),
			levels: [
				...(baseline ? [{ id: 'BASE', rank: 0, title: text('Baseline') }] : []),
				...levels.map((r, li) => {
					const criteria = [...new Set(r.criteria.map((n) => ids[n % ids.length]))]
					const groupIds = [...new Set(r.groups.map((n) => `G${n % groups.length}`))]
					const tierRefs = tiered.length
						? [...new Map(r.tiers.map(([n, t]) => [tiered[n % tiered.length], t])).entries()].map(([g, t]) => ({
								group: `G${g}`,
								tier: t === 0 ? 'basic' : 'advanced',
							}))
						: []
					const hasMandatory = groupIds.some((g) => groups[Number(g.slice(1))].criteria.some((c) => c.mandatory))
					const rule: Record<string, unknown> = {
						threshold: r.minPercent === null ? 'all' : { min_percent: r.minPercent },
						scope: r.mandatoryOnly && hasMandatory ? 'mandatory' : 'all',
					}
					if (criteria.length) rule.criteria = criteria
					if (groupIds.length) rule.groups = groupIds
					if (tierRefs.length) rule.group_tiers = tierRefs
					if (!criteria.length && !groupIds.length && !tierRefs.length) rule.criteria = [ids[li % ids.length]]
					return { id: `L${li + 1}`, rank: li + 1, title: text(`Level ${li + 1}`), rule }
				}),
			],
		}
		const result = validateCatalog(input)
		if (!result.ok) throw new Error(`generator built an invalid catalog: ${JSON.stringify(result.problems)}`)
		return result.catalog
	})

type Choice = 'unanswered' | 'yes' | 'no' | 'na'

function answerOf(catalog: Catalog, id: string, choice: Choice): Answer | undefined {
	const spec = catalog.groups.flatMap((g) => g.criteria).find((c) => c.id === id)!.answer
	if (choice === 'unanswered') return undefined
	if (spec.type === 'yes_no') {
		return choice === 'na' ? { kind: 'yes_no', value: 'na', naReason: 'does not apply' } : { kind: 'yes_no', value: choice }
	}
	if (spec.type === 'choice') {
		if (choice === 'na')
			return spec.options.some((o) => o.value === 'absent') ? { kind: 'choice', value: 'absent' } : { kind: 'choice', value: 'none' }
		return { kind: 'choice', value: choice === 'yes' ? 'full' : 'none' }
	}
	throw new Error('unexpected answer type')
}

const caseArb = catalogArb.chain((catalog) => {
	const ids = catalog.groups.flatMap((g) => g.criteria.map((c) => c.id))
	return fc.record({
		catalog: fc.constant(catalog),
		choices: fc.array(fc.constantFrom<Choice>('unanswered', 'yes', 'no', 'na', 'yes'), { minLength: ids.length, maxLength: ids.length }),
		pick: fc.nat({ max: ids.length - 1 }),
		facility: fc.constantFrom<Facility>(hospital, polyclinic),
		order: fc.array(fc.nat(), { minLength: ids.length, maxLength: ids.length }),
	})
})

function answersOf(catalog: Catalog, choices: ReadonlyArray<Choice>): Map<string, Answer> {
	const ids = catalog.groups.flatMap((g) => g.criteria.map((c) => c.id))
	const map = new Map<string, Answer>()
	ids.forEach((id, i) => {
		const a = answerOf(catalog, id, choices[i])
		if (a) map.set(id, a)
	})
	return map
}

function scored(catalog: Catalog, answers: Map<string, Answer>, facility: Facility): CatalogScore {
	const result = scoreCatalog(catalog, answers, facility)
	if (!result.ok) throw new Error(JSON.stringify(result.error))
	return result.score
}

const rank = (s: CatalogScore) => s.achievedLevel?.rank ?? -1
const idsOf = (c: Catalog) => c.groups.flatMap((g) => g.criteria.map((cr) => cr.id))

test('turning any criterion into met never lowers the level', () => {
	fc.assert(
		fc.property(caseArb, ({ catalog, choices, pick, facility }) => {
			const before = scored(catalog, answersOf(catalog, choices), facility)
			const improved = [...choices]
			improved[pick] = 'yes'
			const after = scored(catalog, answersOf(catalog, improved), facility)
			expect(rank(after)).toBeGreaterThanOrEqual(rank(before))
		}),
		{ numRuns: 500 },
	)
})

test('the order of the answers never matters', () => {
	fc.assert(
		fc.property(caseArb, ({ catalog, choices, facility, order }) => {
			const answers = answersOf(catalog, choices)
			const entries = [...answers.entries()]
			const shuffled = entries.map((e, i) => [order[i] ?? 0, i, e] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1])
			const reordered = new Map(shuffled.map(([, , e]) => e))
			expect(scored(catalog, reordered, facility)).toEqual(scored(catalog, answers, facility))
			expect(scored(catalog, Object.fromEntries(entries) as never, facility)).toEqual(scored(catalog, answers, facility))
		}),
		{ numRuns: 300 },
	)
})

test('N/A never gives a higher level than yes, and where N/A is not allowed it scores exactly like no', () => {
	fc.assert(
		fc.property(caseArb, ({ catalog, choices, pick, facility }) => {
			const withChoice = (c: Choice) => {
				const next = [...choices]
				next[pick] = c
				return scored(catalog, answersOf(catalog, next), facility)
			}
			const asNa = withChoice('na')
			expect(rank(asNa)).toBeLessThanOrEqual(rank(withChoice('yes')))
			const criterion = catalog.groups.flatMap((g) => g.criteria)[pick]
			const naAllowed =
				(criterion.answer.type === 'yes_no' && criterion.answer.not_applicable) ||
				(criterion.answer.type === 'choice' && criterion.answer.options.some((o) => o.not_applicable))
			if (!naAllowed) {
				const asNo = withChoice('no')
				expect(rank(asNa)).toBe(rank(asNo))
				expect(asNa.percent).toBe(asNo.percent)
				expect(asNa.groups.map((g) => g.met)).toEqual(asNo.groups.map((g) => g.met))
			}
		}),
		{ numRuns: 500 },
	)
})

test('scoring is deterministic, also across separately compiled copies of the catalog', () => {
	fc.assert(
		fc.property(caseArb, ({ catalog, choices, facility }) => {
			const answers = answersOf(catalog, choices)
			const first = scored(catalog, answers, facility)
			expect(scored(catalog, answers, facility)).toEqual(first)
			const copy = validateCatalog(structuredClone(catalog))
			expect(copy.ok && scored(copy.catalog, answers, facility)).toEqual(first)
		}),
		{ numRuns: 200 },
	)
})

test('meeting every blocker reaches at least the next level', () => {
	fc.assert(
		fc.property(caseArb, ({ catalog, choices, facility }) => {
			const s = scored(catalog, answersOf(catalog, choices), facility)
			if (!s.nextLevel) return
			const ids = idsOf(catalog)
			const blocking = new Set(s.blockers.flatMap(blockerCriterionIds))
			expect(blocking.size).toBeGreaterThan(0)
			const fixed = choices.map((c, i) => (blocking.has(ids[i]) ? 'yes' : c))
			expect(rank(scored(catalog, answersOf(catalog, fixed), facility))).toBeGreaterThanOrEqual(s.nextLevel.rank)
		}),
		{ numRuns: 500 },
	)
})

test('a below-threshold blocker needs exactly moreNeeded criteria, heaviest first', () => {
	fc.assert(
		fc.property(caseArb, ({ catalog, choices, facility }) => {
			const s = scored(catalog, answersOf(catalog, choices), facility)
			for (const b of s.blockers) {
				if (b.kind !== 'below_threshold') continue
				expect(b.percent).toBeLessThan(b.minPercent)
				expect(b.moreNeeded).toBeGreaterThan(0)
				expect(b.moreNeeded).toBeLessThanOrEqual(b.candidates.length)
			}
		}),
		{ numRuns: 300 },
	)
})

test('completion and group counts stay within their bounds', () => {
	fc.assert(
		fc.property(caseArb, ({ catalog, choices, facility }) => {
			const s = scored(catalog, answersOf(catalog, choices), facility)
			expect(s.completion.answered).toBeLessThanOrEqual(s.completion.applicable)
			expect(s.completion.mandatoryAnswered).toBeLessThanOrEqual(s.completion.mandatoryApplicable)
			for (const g of s.groups) {
				expect(g.met).toBeLessThanOrEqual(g.scored)
				expect(g.scored + g.notApplicable).toBeLessThanOrEqual(g.applicable)
				if (g.percent !== null) {
					expect(g.percent).toBeGreaterThanOrEqual(0)
					expect(g.percent).toBeLessThanOrEqual(100)
				}
			}
		}),
		{ numRuns: 300 },
	)
})
