import { describe, expect, it } from 'vitest'
import { answerCompatibility, draftChanges, suggestLineage, textSimilarity } from './authoring'
import { buildCatalog, catalogInput, criterionInput, text } from './testing'

const base = buildCatalog()
const g = (id: string, criteria: Array<Record<string, unknown>>) => ({ id, title: text(id), criteria })
const next = (groups: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) =>
	buildCatalog(catalogInput({ version: 2, based_on: 1, groups, ...extra }))
const choice = (values: Array<string>) => ({
	type: 'choice',
	options: values.map((v) => ({ value: v, label: text(`option ${v}`), points: 1 })),
	met_at_points: 1,
})
const unchangedG2G3 = [
	g('G2', [criterionInput('B1', { mandatory: true }), criterionInput('B2')]),
	g('G3', [criterionInput('C1', { mandatory: true }), criterionInput('C2', { mandatory: true })]),
]

describe('answers a continuing criterion could no longer read', () => {
	const withChoice = buildCatalog(
		catalogInput({
			groups: [
				g('G1', [criterionInput('A1', { mandatory: true, answer: choice(['a', 'b', 'c']) }), criterionInput('A2', { mandatory: true })]),
				...unchangedG2G3,
			],
		}),
	)
	it.each([
		[
			'the same id changes from yes_no to number',
			[criterionInput('A1', { mandatory: true, answer: { type: 'number', met_if: { gte: 1 } } })],
			base,
			'catalogBook.typeChanged',
		],
		[
			'a declared rewording changes the type',
			[
				criterionInput('A1'),
				criterionInput('X', { answer: { type: 'percent', met_if: { gte: 1 } }, lineage: { relation: 'reworded', from: ['A2'] } }),
			],
			base,
			'catalogBook.typeChanged',
		],
		[
			'an option value is removed',
			[criterionInput('A1', { mandatory: true, answer: choice(['a', 'b']) }), criterionInput('A2', { mandatory: true })],
			withChoice,
			'catalogBook.optionRemoved',
		],
	])('refuses when %s', (_, criteria, from, code) => {
		const problems = answerCompatibility(from, next([g('G1', criteria), ...unchangedG2G3]))
		expect(problems.map((p) => p.code)).toEqual([code])
	})
	it.each([
		[
			'an option is added and relabelled',
			[criterionInput('A1', { mandatory: true, answer: choice(['a', 'b', 'c', 'd']) }), criterionInput('A2', { mandatory: true })],
			withChoice,
		],
		[
			'a split criterion takes another type',
			[
				criterionInput('A1', { mandatory: true }),
				criterionInput('A2b', { answer: { type: 'number', met_if: { gte: 1 } }, lineage: { relation: 'split', from: ['A2'] } }),
			],
			base,
		],
	])('accepts when %s', (_, criteria, from) => {
		expect(answerCompatibility(from, next([g('G1', criteria), ...unchangedG2G3]))).toEqual([])
	})
})

describe('suggested lineage', () => {
	const backup = {
		vi: 'Bệnh viện sao lưu cơ sở dữ liệu bệnh nhân hằng ngày',
		en: 'The hospital backs up the patient database every day',
	}
	const base = buildCatalog(
		catalogInput({
			groups: [
				g('G1', [criterionInput('A1', { mandatory: true }), criterionInput('A2', { mandatory: true, text: backup })]),
				...unchangedG2G3,
			],
		}),
	)
	it('offers "reworded" for a new id whose text is close to a dropped one, and nothing for unlike texts', () => {
		const draft = next([
			g('G1', [
				criterionInput('A1', { mandatory: true }),
				criterionInput('A2x', {
					text: { vi: 'Bệnh viện sao lưu cơ sở dữ liệu bệnh nhân mỗi ngày', en: 'The hospital backs up its patient database daily' },
				}),
				criterionInput('Z', { text: { vi: 'Bệnh viện có phần mềm quản lý nhân sự', en: 'The hospital has human resources software' } }),
			]),
			...unchangedG2G3,
		])
		expect(suggestLineage(base, draft)).toEqual([{ id: 'A2x', relation: 'reworded', from: ['A2'], similarity: expect.any(Number) }])
	})
	it('offers "split" when two new criteria resemble the same dropped one', () => {
		const draft = next([
			g('G1', [
				criterionInput('A1', { mandatory: true }),
				criterionInput('A2a', {
					text: {
						vi: 'Bệnh viện sao lưu cơ sở dữ liệu bệnh nhân hằng ngày',
						en: 'The hospital backs up the patient database every day on site',
					},
				}),
				criterionInput('A2b', {
					text: { vi: 'Bệnh viện sao lưu cơ sở dữ liệu bệnh nhân ra ngoài', en: 'The hospital backs up the patient database off site' },
				}),
			]),
			...unchangedG2G3,
		])
		expect(suggestLineage(base, draft).map((s) => [s.id, s.relation, s.from])).toEqual([
			['A2a', 'split', ['A2']],
			['A2b', 'split', ['A2']],
		])
	})
	it('measures similarity over words, accents ignored', () => {
		expect(textSimilarity({ vi: 'Có máy chủ', en: 'Has server' }, { vi: 'co may chu', en: 'has server' })).toBe(1)
		expect(textSimilarity({ vi: 'một', en: 'one' }, { vi: 'hai', en: 'two' })).toBe(0)
	})
})

describe('the changes shown before publishing', () => {
	it('lists added, removed, reworded, split, merged and moved criteria and rule changes', () => {
		const draft = next(
			[
				g('G1', [
					criterionInput('A1', { mandatory: true, text: text('A1 said better') }),
					criterionInput('A2a', { lineage: { relation: 'split', from: ['A2'] } }),
					criterionInput('A2b', { lineage: { relation: 'split', from: ['A2'] } }),
					criterionInput('N1'),
				]),
				g('G2', [
					criterionInput('B12', { mandatory: true, lineage: { relation: 'merged', from: ['B1', 'B2'] } }),
					criterionInput('C2', { mandatory: true }),
				]),
				g('G3', [criterionInput('C1', { mandatory: true, weight: 2 })]),
			],
			{
				levels: [
					{ id: 'L1', rank: 1, title: text('Level 1'), rule: { groups: ['G1'] } },
					{ id: 'L2', rank: 2, title: text('Level 2'), rule: { groups: ['G2'] } },
				],
			},
		)
		const changes = draftChanges(base, draft)
		expect(changes.added.map((c) => c.id)).toEqual(['N1'])
		expect(changes.removed.map((c) => c.id)).toEqual([])
		expect(changes.reworded.map((c) => [c.id, c.from])).toEqual([['A1', 'A1']])
		expect(changes.split).toEqual([{ from: 'A2', into: ['A2a', 'A2b'] }])
		expect(changes.merged).toEqual([{ id: 'B12', from: ['B1', 'B2'] }])
		expect(changes.moved).toEqual([{ id: 'C2', from: 'G3', to: 'G2' }])
		expect(changes.changed).toEqual([{ id: 'C1', fields: ['weight'] }])
		expect(changes.levels.removed).toEqual(['L3'])
		expect(changes.levels.changed.map((l) => l.id)).toEqual(['L2'])
	})
})
