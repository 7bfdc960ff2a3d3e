// Small catalog builders for the catalog tests (and other tests that need a catalog).
import type { Answer } from './answers'
import type { Facility } from './compile'
import { validateCatalog, type Catalog } from './schema'

export const hospital: Facility = { type: 'general_hospital', class: 'I', managingBody: 'province' }
export const polyclinic: Facility = { type: 'polyclinic', class: 'unclassified', managingBody: 'private' }

export function text(s: string) {
	return { vi: `${s} (vi)`, en: s }
}

type Json = Record<string, unknown>

/** A criterion as written in a catalog file; yes/no unless `answer` says otherwise. */
export function criterionInput(id: string, extra: Json = {}): Json {
	return { id, text: text(id), basis: { document: 'DOC-1', clause: `Art. ${id}` }, answer: { type: 'yes_no' }, ...extra }
}

/**
 * Three groups, three cumulative levels:
 *   L1 = every criterion of G1; L2 = the mandatory criteria of G2; L3 = every criterion of G3.
 */
export function catalogInput(extra: Json = {}): Json {
	return {
		code: 'TEST-CAT',
		version: 1,
		title: text('Test catalog'),
		legal_basis: [{ document: 'DOC-1', date: '2024-12-01' }],
		effective_from: '2025-01-01',
		provenance: 'official',
		groups: [
			{
				id: 'G1',
				title: text('Group 1'),
				criteria: [criterionInput('A1', { mandatory: true }), criterionInput('A2', { mandatory: true })],
			},
			{ id: 'G2', title: text('Group 2'), criteria: [criterionInput('B1', { mandatory: true }), criterionInput('B2')] },
			{
				id: 'G3',
				title: text('Group 3'),
				criteria: [criterionInput('C1', { mandatory: true }), criterionInput('C2', { mandatory: true })],
			},
		],
		levels: [
			{ id: 'L1', rank: 1, title: text('Level 1'), rule: { groups: ['G1'] } },
			{ id: 'L2', rank: 2, title: text('Level 2'), rule: { groups: ['G2'], scope: 'mandatory' } },
			{ id: 'L3', rank: 3, title: text('Level 3'), rule: { groups: ['G3'] } },
		],
		...extra,
	}
}

/** A group as written in a catalog file, titled by its id. */
export function groupInput(id: string, criteria: Array<Json>): Json {
	return { id, title: text(id), criteria }
}

/**
 * Version 2 of `catalogInput()`, based on version 1, with every kind of change a comparison across
 * rounds names: A1 split into A1a and A1b, B1 and B2 merged into B12, A9 new, C2 dropped.
 */
export function catalogV2Input(extra: Json = {}): Json {
	return catalogInput({
		version: 2,
		based_on: 1,
		groups: [
			groupInput('G1', [
				criterionInput('A1a', { mandatory: true, lineage: { relation: 'split', from: ['A1'] } }),
				criterionInput('A1b', { mandatory: true, lineage: { relation: 'split', from: ['A1'] } }),
				criterionInput('A2', { mandatory: true }),
				criterionInput('A9'),
			]),
			groupInput('G2', [criterionInput('B12', { mandatory: true, lineage: { relation: 'merged', from: ['B1', 'B2'] } })]),
			groupInput('G3', [criterionInput('C1', { mandatory: true })]),
		],
		...extra,
	})
}

/** A catalog with the given groups and levels (file shape), validated; throws on problems. */
export function buildCatalog(input: Json = catalogInput()): Catalog {
	const result = validateCatalog(input)
	if (!result.ok) throw new Error(`test catalog is invalid: ${JSON.stringify(result.problems)}`)
	return result.catalog
}

export const YES: Answer = { kind: 'yes_no', value: 'yes' }
export const NO: Answer = { kind: 'yes_no', value: 'no' }
export function na(reason = 'not relevant here'): Answer {
	return { kind: 'yes_no', value: 'na', naReason: reason }
}

/** Answers every listed criterion with `answer` (yes by default). */
export function answersFor(ids: ReadonlyArray<string>, answer: Answer = YES): Map<string, Answer> {
	return new Map(ids.map((id) => [id, answer]))
}
