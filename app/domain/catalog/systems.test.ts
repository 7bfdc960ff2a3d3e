// The readiness fields of the engine: groups gated by their system's operation, security
// conditions on every system in operation, and levels that require another catalog's level.
import { describe, expect, test } from 'vitest'
import type { Answer } from './answers'
import { validateCatalog } from './schema'
import { scoreAssessment, scoreCatalog, type CatalogScore } from './scoring'
import { buildCatalog, catalogInput, criterionInput, hospital, NO, text, YES } from './testing'

const choice = (value: string): Answer => ({ kind: 'choice', value })
const number = (value: number): Answer => ({ kind: 'number', value })
const options = (values: ReadonlyArray<string>) => values.map((value) => ({ value, label: text(value) }))

/** One system's security group: operation, facts, declared and approved level. */
function securityGroup(id: string, system: string) {
	return {
		id,
		system,
		when_operated: true,
		title: text(id),
		criteria: [
			criterionInput(`${id}.op`, { role: 'operation', informational: true, mandatory: true }),
			criterionInput(`${id}.serves`, {
				security_fact: 'serves',
				answer: { type: 'choice', options: options(['internal', 'citizens', 'infra_one', 'infra_shared', 'infra_national']) },
			}),
			criterionInput(`${id}.data`, { security_fact: 'data', answer: { type: 'choice', options: options(['public', 'personal']) } }),
			criterionInput(`${id}.people`, { security_fact: 'people', answer: { type: 'number', min: 0, integer: true } }),
			criterionInput(`${id}.conditional`, {
				security_fact: 'conditional_service',
				informational: true,
				answer: { type: 'yes_no', not_applicable: true },
			}),
			criterionInput(`${id}.level`, {
				security_fact: 'declared_level',
				answer: { type: 'choice', options: options(['unclassified', '1', '2', '3', '4', '5']) },
			}),
			criterionInput(`${id}.approved`, { security_fact: 'approved', informational: true }),
		],
	}
}

const securityInput = catalogInput({
	code: 'SEC-TEST',
	groups: [
		securityGroup('HIS', 'his'),
		securityGroup('PORTAL', 'security'),
		{
			id: 'M',
			system: 'security',
			title: text('Measures'),
			criteria: [
				criterionInput('M.1', { role: 'measure', from_level: 1 }),
				criterionInput('M.2', { role: 'measure', from_level: 2 }),
				criterionInput('M.3', { role: 'measure', from_level: 3 }),
			],
		},
	],
	levels: [
		{ id: 'CLASSIFIED', rank: 1, title: text('Classified'), rule: { systems: 'classified' } },
		{ id: 'APPROVED', rank: 2, title: text('Approved'), rule: { systems: 'approved' } },
		{ id: 'PROTECTED', rank: 3, title: text('Protected'), rule: { systems: 'protected' } },
	],
})
const security = buildCatalog(securityInput)

function score(answers: Map<string, Answer>): CatalogScore {
	const r = scoreCatalog(security, answers, hospital)
	if (!r.ok) throw new Error(JSON.stringify(r.error))
	return r.score
}

/** An internal HIS with personal data, classified at `level` and approved; the portal not operated. */
function internalHis(level = '2', extra: Array<[string, Answer]> = []) {
	return new Map<string, Answer>([
		['HIS.op', YES],
		['HIS.serves', choice('internal')],
		['HIS.data', choice('personal')],
		['HIS.level', choice(level)],
		['HIS.approved', YES],
		['PORTAL.op', NO],
		...extra,
	])
}

describe('security conditions on every system in operation', () => {
	test('an internal HIS classified at 2 and approved reaches "approved"; it meets its level only with the level-1 and level-2 measures', () => {
		const s = score(internalHis())
		expect(s.achievedLevel?.id).toBe('APPROVED')
		expect(s.systems.find((x) => x.groupId === 'HIS')).toMatchObject({
			required: 2,
			declared: 2,
			approved: true,
			measures: { needed: 2, met: 0 },
		})
		expect(s.blockers.map((b) => ('criterionId' in b ? b.criterionId : b.kind))).toEqual(['M.1', 'M.2'])
		const protectedScore = score(
			internalHis('2', [
				['M.1', YES],
				['M.2', YES],
			]),
		)
		expect(protectedScore.achievedLevel?.id).toBe('PROTECTED')
		expect(protectedScore.systems[0].meets).toBe(true)
	})

	test('a declared level above the derived one raises the measures needed: declared 3 needs the level-3 measure too', () => {
		const s = score(
			internalHis('3', [
				['M.1', YES],
				['M.2', YES],
			]),
		)
		expect(s.systems[0]).toMatchObject({ required: 3, meets: false, measures: { needed: 3, met: 2, missing: ['M.3'] } })
		expect(s.achievedLevel?.id).toBe('APPROVED')
	})

	test('a declared level below the derived one is not "classified", with a blocker saying so', () => {
		const answers = internalHis('2', [
			['PORTAL.op', YES],
			['PORTAL.serves', choice('citizens')],
			['PORTAL.data', choice('personal')],
			['PORTAL.people', number(48_000)],
			['PORTAL.conditional', NO],
			['PORTAL.level', choice('2')],
			['PORTAL.approved', YES],
		])
		const s = score(answers)
		expect(s.systems.find((x) => x.groupId === 'PORTAL')).toMatchObject({ required: 3, classified: false })
		expect(s.achievedLevel).toBe(null)
		expect(s.blockers).toContainEqual(
			expect.objectContaining({ kind: 'system', groupId: 'PORTAL', criterionId: 'PORTAL.level', reason: 'declared_below_derived' }),
		)
	})

	test('contradictory facts (no personal data, but 50,000 people) never give a level: the blocker points at the count', () => {
		const answers = internalHis('2', [
			['PORTAL.op', YES],
			['PORTAL.serves', choice('citizens')],
			['PORTAL.data', choice('public')],
			['PORTAL.people', number(50_000)],
			['PORTAL.conditional', NO],
			['PORTAL.level', choice('2')],
			['PORTAL.approved', YES],
		])
		const s = score(answers)
		expect(s.systems.find((x) => x.groupId === 'PORTAL')).toMatchObject({ required: null, classified: false })
		expect(s.blockers).toContainEqual(expect.objectContaining({ kind: 'system', criterionId: 'PORTAL.people', reason: 'facts_contradict' }))
	})

	test('"approved" while the level is unclassified is not approved (the not-applicable loophole cannot be written either)', () => {
		const s = score(internalHis('unclassified'))
		expect(s.systems[0]).toMatchObject({ declared: 0, isApproved: false })
		expect(s.achievedLevel).toBe(null)
		expect(s.blockers).toContainEqual(
			expect.objectContaining({ kind: 'system', criterionId: 'HIS.level', reason: 'approved_without_level' }),
		)
		const withNa = structuredClone(securityInput) as { groups: Array<{ criteria: Array<Record<string, unknown>> }> }
		withNa.groups[0].criteria[6].answer = { type: 'yes_no', not_applicable: true }
		const refused = validateCatalog(withNa)
		expect(refused.ok).toBe(false)
		if (!refused.ok)
			expect(refused.problems).toContainEqual(expect.objectContaining({ path: ['groups', 0, 'criteria', 6, 'answer', 'not_applicable'] }))
	})

	test('answers for a system marked not in operation are left out of every count and reported as ignored', () => {
		const s = score(
			internalHis('2', [
				['PORTAL.level', choice('3')],
				['PORTAL.approved', YES],
			]),
		)
		expect(s.ignored).toEqual([
			{ criterionId: 'PORTAL.level', groupId: 'PORTAL' },
			{ criterionId: 'PORTAL.approved', groupId: 'PORTAL' },
		])
		expect(s.systems.find((x) => x.groupId === 'PORTAL')).toMatchObject({ operation: 'not_operating' })
		expect(s.groups.find((g) => g.id === 'PORTAL')).toMatchObject({ applicable: 1, answered: 1 })
	})

	test('an unanswered operation fact blocks the first level: the system may be in operation', () => {
		const answers = internalHis()
		answers.delete('PORTAL.op')
		const s = score(answers)
		expect(s.achievedLevel).toBe(null)
		expect(s.blockers).toContainEqual(expect.objectContaining({ kind: 'system', criterionId: 'PORTAL.op', reason: 'unanswered' }))
	})
})

describe('a level that requires another catalog’s level', () => {
	const dependent = buildCatalog(
		catalogInput({
			code: 'DEP-TEST',
			groups: [{ id: 'G', title: text('G'), criteria: [criterionInput('D1')] }],
			levels: [
				{ id: 'L1', rank: 1, title: text('L1'), rule: { criteria: ['D1'] } },
				{ id: 'L2', rank: 2, title: text('L2'), rule: { catalogs: [{ code: 'TEST-CAT', level: 'L1' }] } },
			],
		}),
	)
	const base = buildCatalog()

	test('is reached only when the other catalog reaches that level, whatever the order of the catalogs', () => {
		for (const catalogs of [
			[dependent, base],
			[base, dependent],
		]) {
			const without = scoreAssessment(catalogs, new Map([['D1', YES]]), hospital)
			if (!without.ok) throw new Error('invalid')
			const dep = without.scores.find((s) => s.code === 'DEP-TEST')!
			expect(dep.achievedLevel?.id).toBe('L1')
			expect(dep.blockers).toEqual([
				expect.objectContaining({ kind: 'catalog', catalogCode: 'TEST-CAT', levelId: 'L1', reason: 'not_reached' }),
			])
			const withBase = scoreAssessment(
				catalogs,
				new Map([
					['D1', YES],
					['A1', YES],
					['A2', YES],
				]),
				hospital,
			)
			if (!withBase.ok) throw new Error('invalid')
			expect(withBase.scores.find((s) => s.code === 'DEP-TEST')!.achievedLevel?.id).toBe('L2')
		}
	})

	test('is never reached when the assessment does not include the other catalog, and says so', () => {
		const r = scoreAssessment([dependent], new Map([['D1', YES]]), hospital)
		if (!r.ok) throw new Error('invalid')
		expect(r.scores[0].achievedLevel?.id).toBe('L1')
		expect(r.scores[0].blockers).toEqual([expect.objectContaining({ kind: 'catalog', reason: 'missing', catalogTitle: null })])
	})

	test('a catalog may not require itself', () => {
		const r = validateCatalog(
			catalogInput({ levels: [{ id: 'L1', rank: 1, title: text('L1'), rule: { catalogs: [{ code: 'TEST-CAT', level: 'L1' }] } }] }),
		)
		expect(r.ok).toBe(false)
	})
})

describe('the validator checks the readiness fields', () => {
	test.each<[string, Record<string, unknown>, string]>([
		[
			'a measure without from_level',
			{ groups: [{ id: 'G', title: text('G'), criteria: [criterionInput('X', { role: 'measure' })] }] },
			'from_level',
		],
		[
			'an operation fact that is scored',
			{ groups: [{ id: 'G', system: 'his', title: text('G'), criteria: [criterionInput('X', { role: 'operation' })] }] },
			'informational',
		],
		[
			'connects without role connection',
			{ groups: [{ id: 'G', title: text('G'), criteria: [criterionInput('X', { connects: ['lis'] })] }] },
			'connects',
		],
		[
			'a security group without its approval',
			{
				groups: [
					{
						...securityGroup('S', 'his'),
						criteria: securityGroup('S', 'his').criteria.filter((c) => c.security_fact !== 'approved'),
					},
				],
			},
			'approved',
		],
		[
			'a serves fact with a value outside the law’s categories',
			{
				groups: [
					{
						...securityGroup('S', 'his'),
						criteria: securityGroup('S', 'his').criteria.map((c) =>
							c.security_fact === 'serves' ? { ...c, answer: { type: 'choice', options: options(['internal', 'somebody']) } } : c,
						),
					},
				],
			},
			'serves',
		],
	])('refuses %s', (_name, extra, word) => {
		const r = validateCatalog(catalogInput({ ...extra, levels: [] }))
		expect(r.ok).toBe(false)
		if (!r.ok) expect(r.problems.map((p) => `${p.path.join('.')} ${p.message}`).join('\n')).toContain(word)
	})

	test('the shipped shape of a security catalog validates', () => {
		expect(validateCatalog(securityInput).ok).toBe(true)
	})
})
