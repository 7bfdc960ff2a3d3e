// The engine on the shipped catalogs as new rounds use them: security levels derived for typical
// hospital systems, "meets its level" only with the required measures, no Circular 54 top level
// without EMR readiness, the not-applicable loophole closed, and the readiness matrix by system.
import { describe, expect, test } from 'vitest'
import { type Answer } from '~/domain/catalog/answers'
import { compileCatalog } from '~/domain/catalog/compile'
import { type Catalog } from '~/domain/catalog/schema'
import { scoreAssessment, scoreCatalog, type CatalogScore } from '~/domain/catalog/scoring'
import { hospital, NO, YES } from '~/domain/catalog/testing'
import { blocksSubmission, buildReadiness } from '~/domain/readiness'
import { missingForSubmission } from '~/domain/submission'
import { latestCatalogs, loadAllCatalogFiles } from '../../scripts/catalog-validate'

const current = new Map(
	latestCatalogs(loadAllCatalogFiles()).map((l) => {
		if (!l.ok) throw new Error(`does not validate: ${l.file}`)
		return [l.catalog.code, l.catalog]
	}),
)
const catalog = (code: string): Catalog => current.get(code)!
const AS_OF = '2026-11-20'
const choice = (value: string): Answer => ({ kind: 'choice', value })
const number = (value: number): Answer => ({ kind: 'number', value })
const na = (naReason: string): Answer => ({ kind: 'yes_no', value: 'na', naReason })
const criteriaOf = (c: Catalog) => c.groups.flatMap((g) => g.criteria)

function score(c: Catalog, answers: Map<string, Answer>): CatalogScore {
	const r = scoreCatalog(c, answers, hospital, { asOf: AS_OF })
	if (!r.ok) throw new Error(JSON.stringify(r.error))
	return r.score
}

/** Every system of the security catalog not in operation, then the given facts. */
function security(entries: Array<[string, Answer]>) {
	const answers = new Map<string, Answer>(['HIS', 'LIS', 'RISPACS', 'EMR', 'PORTAL'].map((g) => [`ATTT.${g}.operated`, NO]))
	for (const [k, v] of entries) answers.set(k, v)
	return answers
}

/** A system in operation with its facts, proposed level and approval. */
function system(
	group: string,
	facts: { serves: string; data?: string; people?: number; conditional?: Answer },
	level: string,
	approved = YES,
) {
	const out: Array<[string, Answer]> = [
		[`ATTT.${group}.operated`, YES],
		[`ATTT.${group}.serves`, choice(facts.serves)],
		[`ATTT.${group}.data`, choice(facts.data ?? 'personal')],
		[`ATTT.${group}.level`, choice(level)],
		[`ATTT.${group}.approved`, approved],
	]
	if (facts.people !== undefined) out.push([`ATTT.${group}.people`, number(facts.people)])
	if (facts.conditional) out.push([`ATTT.${group}.conditional`, facts.conditional])
	return out
}

const measuresUpTo = (level: number) =>
	criteriaOf(catalog('ATTT-CAPDO-2026'))
		.filter((c) => c.role === 'measure' && c.from_level! <= level)
		.map((c): [string, Answer] => [c.id, YES])

describe('the security level the law requires, derived on the shipped catalog', () => {
	test.each<[string, number, string, Parameters<typeof system>[1]]>([
		['an internal HIS', 2, 'HIS', { serves: 'internal' }],
		['a public patient portal with 12,000 patients’ data', 3, 'PORTAL', { serves: 'citizens', people: 12_000, conditional: NO }],
		[
			'a patient portal with 3,000 patients, not an online medical service',
			2,
			'PORTAL',
			{ serves: 'citizens', people: 3_000, conditional: NO },
		],
		['an online medical service (a conditional business line)', 3, 'PORTAL', { serves: 'citizens', people: 800, conditional: YES }],
		['a HIS hosted for several hospitals of a province (our reading of Art. 9.3)', 3, 'HIS', { serves: 'infra_shared' }],
	])('%s → level %i', (_name, level, group, facts) => {
		const s = score(catalog('ATTT-CAPDO-2026'), security(system(group, facts, String(level))))
		expect(s.systems.find((x) => x.groupId === group)).toMatchObject({ derivation: { level }, required: level, classified: true })
	})
})

describe('a system meets its level only with the measures its required level needs', () => {
	const sec = catalog('ATTT-CAPDO-2026')

	test('an internal HIS at level 2 with every level-1 and level-2 measure meets it; the level-3 measures are not needed', () => {
		const s = score(sec, security([...system('HIS', { serves: 'internal' }, '2'), ...measuresUpTo(2)]))
		expect(s.achievedLevel?.id).toBe('PROTECTED')
		const his = s.systems.find((x) => x.groupId === 'HIS')!
		expect(his).toMatchObject({ required: 2, meets: true, measures: { missing: [] } })
		expect(his.measures.needed).toBe(measuresUpTo(2).length)
	})

	test('one missing level-2 measure: approved, but not meeting its level, and the blocker names the measure', () => {
		const answers = security([...system('HIS', { serves: 'internal' }, '2'), ...measuresUpTo(2)])
		answers.set('ATTT.T.APP.3', NO)
		const s = score(sec, answers)
		expect(s.achievedLevel?.id).toBe('APPROVED')
		expect(s.systems[0]).toMatchObject({ meets: false, measures: { missing: ['ATTT.T.APP.3'] } })
		expect(s.blockers).toEqual([expect.objectContaining({ kind: 'not_met', criterionId: 'ATTT.T.APP.3' })])
	})

	test('the portal at level 3 needs the level-3 measures too: the facility’s measures of level 2 are not enough', () => {
		const s = score(
			sec,
			security([
				...system('HIS', { serves: 'internal' }, '2'),
				...system('PORTAL', { serves: 'citizens', people: 25_000, conditional: NO }, '3'),
				...measuresUpTo(2),
			]),
		)
		expect(s.systems.find((x) => x.groupId === 'HIS')?.meets).toBe(true)
		expect(s.systems.find((x) => x.groupId === 'PORTAL')).toMatchObject({ required: 3, meets: false })
		expect(s.achievedLevel?.id).toBe('APPROVED')
	})

	test('a proposed level below the derived one is not classified, whatever the measures', () => {
		const s = score(sec, security([...system('PORTAL', { serves: 'citizens', people: 25_000, conditional: NO }, '2'), ...measuresUpTo(3)]))
		expect(s.achievedLevel).toBe(null)
		expect(s.blockers).toContainEqual(expect.objectContaining({ kind: 'system', groupId: 'PORTAL', reason: 'declared_below_derived' }))
	})
})

describe('the not-applicable loophole is closed', () => {
	const sec = catalog('ATTT-CAPDO-2026')

	test('no approval question allows "not applicable" any more', () => {
		for (const c of criteriaOf(sec).filter((c) => c.security_fact === 'approved'))
			expect(c.answer).toEqual({ type: 'yes_no', not_applicable: false })
	})

	test('an unclassified system answered "approved" is not approved, and a stored "not applicable" approval is not approved either', () => {
		const unclassified = score(sec, security(system('HIS', { serves: 'internal' }, 'unclassified')))
		expect(unclassified.achievedLevel).toBe(null)
		expect(unclassified.blockers).toContainEqual(expect.objectContaining({ kind: 'system', reason: 'approved_without_level' }))
		const stored = score(sec, security(system('HIS', { serves: 'internal' }, '2', na('Chưa xác định cấp độ'))))
		expect(stored.systems[0]).toMatchObject({ approved: false, isApproved: false })
		expect(stored.achievedLevel?.id).toBe('CLASSIFIED')
	})

	test('a system not in operation needs nothing, and its answers are left out and reported', () => {
		const s = score(sec, security([['ATTT.LIS.level', choice('3')]]))
		expect(s.ignored).toEqual([{ criterionId: 'ATTT.LIS.level', groupId: 'LIS' }])
		expect(s.achievedLevel?.id).toBe('PROTECTED')
	})
})

describe('Circular 54: no top level without EMR readiness', () => {
	const tt54 = catalog('IT-TT54-2017')
	const emr = catalog('EMR-TT13-2025')
	const allYes = new Map<string, Answer>(
		criteriaOf(tt54).map((c) => [c.id, c.answer.type === 'choice' ? choice('full') : YES] as [string, Answer]),
	)
	const emrAll = new Map<string, Answer>(
		criteriaOf(emr).map((c) => [c.id, c.answer.type === 'choice' ? choice(c.answer.options[0].value) : YES] as [string, Answer]),
	)

	test('every Circular 54 item met, no EMR catalog in the round: level 5, and level 6 says EMR readiness is missing', () => {
		const r = scoreAssessment([tt54], allYes, hospital, { asOf: AS_OF })
		if (!r.ok) throw new Error('invalid')
		expect(r.scores[0].achievedLevel?.id).toBe('L5')
		expect(r.scores[0].blockers).toEqual([
			expect.objectContaining({ kind: 'catalog', catalogCode: 'EMR-TT13-2025', levelId: 'PASS', reason: 'missing' }),
		])
	})

	test('with the EMR catalog not passed, still level 5; once it passes, level 7', () => {
		const withEmr = scoreAssessment([tt54, emr], allYes, hospital, { asOf: AS_OF })
		if (!withEmr.ok) throw new Error('invalid')
		expect(withEmr.scores[0].achievedLevel?.id).toBe('L5')
		expect(withEmr.scores[0].blockers[0]).toMatchObject({ kind: 'catalog', reason: 'not_reached', catalogTitle: emr.title })
		const passed = scoreAssessment([tt54, emr], new Map([...allYes, ...emrAll]), hospital, { asOf: AS_OF })
		if (!passed.ok) throw new Error('invalid')
		expect(passed.scores.find((s) => s.code === 'EMR-TT13-2025')?.achievedLevel?.id).toBe('PASS')
		expect(passed.scores[0].achievedLevel?.id).toBe('L7')
	})

	test('Appendix II as quoted: level 4 needs the web viewer (criterion 78), level 5 film-less operation', () => {
		const no78 = new Map(allYes).set('TT54.RISPACS.78', NO)
		expect(score(tt54, no78).achievedLevel?.id).toBe('L3')
		const partialFilm = new Map(allYes).set('TT54.RISPACS.filmless', choice('partial'))
		expect(score(tt54, partialFilm).achievedLevel?.id).toBe('L4')
	})

	test('the repealed EMR group is gone from version 2, and no group can be met by "not applicable"', () => {
		expect(tt54.groups.map((g) => g.id)).not.toContain('EMR')
		for (const c of criteriaOf(tt54)) expect(c.answer.type === 'yes_no' && c.answer.not_applicable).toBe(false)
	})
})

describe('the readiness matrix on the shipped catalogs', () => {
	const codes = ['INV-DIGITAL-2026', 'IT-TT54-2017', 'HIS-LIS-RIS-2026', 'INTEROP-2026', 'EMR-TT13-2025', 'ATTT-CAPDO-2026']
	const compiled = codes.map((c) => compileCatalog(catalog(c)))
	function matrix(answers: Map<string, Answer>, evidence?: Map<string, number>) {
		const r = scoreAssessment(compiled, answers, hospital, { asOf: AS_OF })
		if (!r.ok) throw new Error(JSON.stringify(r.error))
		return buildReadiness({ catalogs: compiled, scores: r.scores, answers, facility: hospital, asOf: AS_OF, evidence })
	}

	test('has the seven rows, each cell with the criteria behind it', () => {
		const m = matrix(
			new Map([
				['INV.SYS.his', choice('vendor')],
				['TT54.LIS.80', YES],
				['TT54.LIS.88', YES],
				['INT.BHXH.send', YES],
			]),
		)
		expect(m.rows.map((r) => r.system)).toEqual(['his', 'lis', 'rispacs', 'emr', 'security', 'interop', 'infrastructure'])
		const his = m.rows[0]
		expect(his.operation).toMatchObject({ status: 'operating', how: { vi: 'Phần mềm của nhà cung cấp' } })
		expect(his.operation.refs.map((r) => r.criterionId)).toEqual(['INV.SYS.his', 'ATTT.HIS.operated'])
		expect(his.coverage.refs.map((r) => r.criterionId)).toContain('FUNC.HIS.eprescription')
		expect(his.connections.refs.map((r) => r.criterionId)).toEqual(
			expect.arrayContaining(['TT54.LIS.88', 'TT54.RISPACS.68', 'INT.BHXH.send', 'EMR.INF.connection']),
		)
		expect(his.connections.met).toBe(2)
		const lis = m.rows[1]
		expect(lis.coverage).toMatchObject({ met: 1 })
		expect(lis.coverage.refs.map((r) => r.criterionId)).not.toContain('TT54.LIS.84')
		expect(lis.connections.refs.map((r) => r.criterionId)).toEqual(['TT54.LIS.84', 'TT54.LIS.88', 'EMR.INF.connection'])
		expect(m.rows[5].connections.applicable).toBeGreaterThan(his.connections.applicable)
		expect(his.security?.systems.map((s) => s.groupId)).toEqual(['HIS'])
		expect(m.rows[4].security?.systems.map((s) => s.groupId)).toEqual(['HIS', 'LIS', 'RISPACS', 'EMR', 'PORTAL'])
		expect(his.next.length).toBeGreaterThan(0)
	})

	test('contradictory facts (no personal data but 50,000 patients) are an issue that blocks submission, never a level', () => {
		const m = matrix(security(system('PORTAL', { serves: 'citizens', data: 'public', people: 50_000, conditional: NO }, '2')))
		const issue = m.issues.find((i) => i.kind === 'facts_contradict')
		expect(issue).toMatchObject({
			system: 'security',
			contradiction: 'people_without_personal_data',
			ref: { criterionId: 'ATTT.PORTAL.people' },
		})
		expect(blocksSubmission(issue!)).toBe(true)
		expect(m.rows[4].security?.systems.find((s) => s.groupId === 'PORTAL')).toMatchObject({ derived: null, required: null, meets: false })
	})

	test('a proposed level below the derived one is an issue on the system’s row, with both levels', () => {
		const m = matrix(security(system('HIS', { serves: 'infra_shared' }, '2')))
		expect(m.issues).toContainEqual(
			expect.objectContaining({
				kind: 'declared_below_derived',
				system: 'his',
				declared: 2,
				derived: 3,
				ref: expect.objectContaining({ criterionId: 'ATTT.HIS.level' }),
			}),
		)
		expect(m.rows[0].security?.systems[0]).toMatchObject({ derived: 3, declared: 2, required: 3 })
	})

	test('answers for a system marked not in operation: left out in its own group, a blocking conflict across catalogs', () => {
		const m = matrix(
			new Map<string, Answer>([
				['INV.SYS.lis', choice('not_deployed')],
				['TT54.LIS.80', YES],
				['ATTT.LIS.operated', NO],
				['ATTT.LIS.level', choice('2')],
			]),
		)
		expect(m.issues).toContainEqual({ kind: 'ignored_answer', ref: expect.objectContaining({ criterionId: 'ATTT.LIS.level' }) })
		const conflict = m.issues.find((i) => i.kind === 'operation_conflict')
		expect(conflict).toMatchObject({ system: 'lis', claims: [expect.objectContaining({ criterionId: 'TT54.LIS.80' })] })
		expect(blocksSubmission(conflict!)).toBe(true)
		expect(m.rows[1].operation.status).toBe('not_operating')
	})

	test('an item claimed without its required evidence is counted as met but flagged, and listed as an issue', () => {
		const answers = new Map<string, Answer>([['EMR.TT13.6.3.b', YES]])
		const m = matrix(answers, new Map())
		expect(m.rows[3].coverage).toMatchObject({ met: 1, withoutEvidence: 1 })
		expect(m.issues).toContainEqual({ kind: 'evidence_missing', ref: expect.objectContaining({ criterionId: 'EMR.TT13.6.3.b' }) })
		expect(matrix(answers, new Map([['EMR.TT13.6.3.b', 1]])).rows[3].coverage.withoutEvidence).toBe(0)
	})

	test('before submitting: a system not in operation asks nothing more, and contradictory facts are listed as a conflict', () => {
		const sec = [compileCatalog(catalog('ATTT-CAPDO-2026'))]
		const none = missingForSubmission(sec, security([]), new Map(), hospital, AS_OF)
		expect(none.filter((m) => /^ATTT\.(HIS|LIS|RISPACS|EMR|PORTAL)\./.test(m.criterionId))).toEqual([])
		const contradictory = security(system('PORTAL', { serves: 'citizens', data: 'public', people: 50_000, conditional: NO }, '2'))
		expect(missingForSubmission(sec, contradictory, new Map(), hospital, AS_OF)).toContainEqual({
			catalogCode: 'ATTT-CAPDO-2026',
			groupId: 'PORTAL',
			criterionId: 'ATTT.PORTAL.people',
			kind: 'conflict',
		})
	})

	test('a patient portal not in operation does not conflict with the security measures in place', () => {
		const answers = security([['ATTT.TT53.staff_I', YES]])
		expect(matrix(answers).issues.filter((i) => i.kind === 'operation_conflict')).toEqual([])
	})
})
