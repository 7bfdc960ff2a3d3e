// What an analyst sees before publishing a new catalog version authored in a workbook
// (docs/CATALOG-FORMAT.md §4.4, "Authoring criteria in the app"): the changes from the version it is
// based on, read through lineage (§4.3); the answers of a continuing criterion that the new version
// could no longer read; and suggested lineage for new criteria that look like dropped ones. Pure.
import { diffCatalogs, type ItemChanges } from './diff'
import { catalogLineage, successors } from './lineage'
import { type Catalog, type Criterion, type LocalizedText } from './schema'

type Path = Array<string | number>

/** What an uploaded catalog workbook may hold: rows per sheet (the header included) and columns read. */
export const CATALOG_UPLOAD_LIMITS = { maxRows: 20_001, maxColumns: 60 } as const
export type AuthoringProblem = { readonly path: Path; readonly code: string; readonly params: Record<string, string> }

const located = (c: Catalog) =>
	c.groups.flatMap((g, gi) => g.criteria.map((cr, ci) => ({ cr, group: g.id, path: ['groups', gi, 'criteria', ci] as Path })))

/**
 * A criterion that continues one of the base version (the same id, or declared `same` or `reworded`
 * from one) keeps its answer type, and a choice keeps every option value, so answers given to the
 * base version read the same way in the new one.
 */
export function answerCompatibility(base: Catalog, next: Catalog): Array<AuthoringProblem> {
	const baseById = new Map(base.groups.flatMap((g) => g.criteria.map((c) => [c.id, c] as const)))
	const problems: Array<AuthoringProblem> = []
	for (const { cr, path } of located(next)) {
		const fromId =
			cr.lineage === undefined
				? cr.id
				: (cr.lineage.relation === 'same' || cr.lineage.relation === 'reworded') && cr.lineage.from.length === 1
					? cr.lineage.from[0]
					: null
		const old = fromId === null ? undefined : baseById.get(fromId)
		if (!old) continue
		if (old.answer.type !== cr.answer.type) {
			problems.push({
				path: [...path, 'answer', 'type'],
				code: 'catalogBook.typeChanged',
				params: { criterion: cr.id, from: old.answer.type, to: cr.answer.type },
			})
			continue
		}
		if (old.answer.type === 'choice' && cr.answer.type === 'choice') {
			const values = new Set(cr.answer.options.map((o) => o.value))
			for (const o of old.answer.options) {
				if (!values.has(o.value)) {
					problems.push({
						path: [...path, 'answer', 'options'],
						code: 'catalogBook.optionRemoved',
						params: { criterion: cr.id, value: o.value },
					})
				}
			}
		}
	}
	return problems
}

export type LineageSuggestion = {
	readonly id: string
	readonly relation: 'reworded' | 'split'
	readonly from: ReadonlyArray<string>
	/** How alike the wordings are, 0–1. */
	readonly similarity: number
}

/** Below this, two wordings are not offered as the same criterion. */
export const SUGGESTION_SIMILARITY = 0.6

function words(t: LocalizedText): Set<string> {
	const plain = `${t.vi} ${t.en}`
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
	return new Set(plain.split(/[^a-z0-9]+/).filter((w) => w.length > 1))
}

/** Dice similarity of the words of two texts (both languages): 2 × shared / (words of a + words of b). */
export function textSimilarity(a: LocalizedText, b: LocalizedText): number {
	const wa = words(a)
	const wb = words(b)
	if (wa.size === 0 || wb.size === 0) return 0
	let both = 0
	for (const w of wa) if (wb.has(w)) both++
	return (2 * both) / (wa.size + wb.size)
}

/**
 * For each criterion of `next` that is new (no declared lineage, no id in `base`): the dropped base
 * criterion its wording most resembles, if close enough. Several new criteria resembling the same
 * dropped one are suggested as its split.
 */
export function suggestLineage(base: Catalog, next: Catalog): Array<LineageSuggestion> {
	const lineage = catalogLineage(base, next)
	const baseById = new Map(base.groups.flatMap((g) => g.criteria.map((c) => [c.id, c] as const)))
	const nextById = new Map(next.groups.flatMap((g) => g.criteria.map((c) => [c.id, c] as const)))
	const dropped = lineage.dropped.map((id) => baseById.get(id)!).filter(Boolean)
	const best: Array<{ id: string; from: string; similarity: number }> = []
	for (const l of lineage.criteria) {
		if (l.relation !== 'new' || l.declared) continue
		const c = nextById.get(l.id)!
		let top: { from: string; similarity: number } | null = null
		for (const d of dropped) {
			const s = textSimilarity(c.text, d.text)
			if (s >= SUGGESTION_SIMILARITY && (!top || s > top.similarity)) top = { from: d.id, similarity: s }
		}
		if (top) best.push({ id: l.id, ...top })
	}
	const perDropped = new Map<string, number>()
	for (const b of best) perDropped.set(b.from, (perDropped.get(b.from) ?? 0) + 1)
	return best.map((b) => ({
		id: b.id,
		relation: (perDropped.get(b.from) ?? 0) > 1 ? 'split' : 'reworded',
		from: [b.from],
		similarity: Math.round(b.similarity * 100) / 100,
	}))
}

type Brief = { readonly id: string; readonly text: LocalizedText }
export type DraftChanges = {
	readonly added: ReadonlyArray<Brief>
	readonly removed: ReadonlyArray<Brief>
	/** Continues one base criterion with a new wording or answer (declared or found by id). */
	readonly reworded: ReadonlyArray<Brief & { readonly from: string; readonly declared: boolean }>
	readonly split: ReadonlyArray<{ readonly from: string; readonly into: ReadonlyArray<string> }>
	readonly merged: ReadonlyArray<{ readonly id: string; readonly from: ReadonlyArray<string> }>
	/** Moved to another group (re-tiered). */
	readonly moved: ReadonlyArray<{ readonly id: string; readonly from: string; readonly to: string }>
	/** The same criterion with other fields changed (weight, mandatory, evidence, basis, …). */
	readonly changed: ReadonlyArray<{ readonly id: string; readonly fields: ReadonlyArray<string> }>
	/** Groups whose tiers (their rules) changed, and groups added or removed. */
	readonly groups: ItemChanges
	/** Levels whose rule or wording changed. */
	readonly levels: ItemChanges
	readonly header: ReadonlyArray<string>
}

const brief = (c: Criterion): Brief => ({ id: c.id, text: c.text })

/** The differences of `next` from `base`, criteria read through their lineage. */
export function draftChanges(base: Catalog, next: Catalog): DraftChanges {
	const diff = diffCatalogs(base, next)
	const lineage = catalogLineage(base, next)
	const baseById = new Map(base.groups.flatMap((g) => g.criteria.map((c) => [c.id, c] as const)))
	const nextById = new Map(next.groups.flatMap((g) => g.criteria.map((c) => [c.id, c] as const)))
	const groupOf = (c: Catalog) => new Map(c.groups.flatMap((g) => g.criteria.map((cr) => [cr.id, g.id] as const)))
	const baseGroup = groupOf(base)
	const nextGroup = groupOf(next)
	const after = successors(lineage)

	const reworded: Array<Brief & { from: string; declared: boolean }> = []
	const merged: Array<{ id: string; from: ReadonlyArray<string> }> = []
	const moved: Array<{ id: string; from: string; to: string }> = []
	for (const l of lineage.criteria) {
		const c = nextById.get(l.id)!
		if (l.relation === 'reworded') reworded.push({ ...brief(c), from: l.from[0], declared: l.declared })
		if (l.relation === 'merged') merged.push({ id: l.id, from: l.from })
		if (l.from.length === 1) {
			const was = baseGroup.get(l.from[0])
			const is = nextGroup.get(l.id)
			if (was && is && was !== is) moved.push({ id: l.id, from: was, to: is })
		}
	}
	const split = lineage.criteria
		.filter((l) => l.relation === 'split')
		.map((l) => l.from[0])
		.filter((from, i, all) => all.indexOf(from) === i)
		.map((from) => ({ from, into: after.get(from) ?? [] }))
	const shown = new Set(reworded.map((r) => r.id))
	const changed = diff.changed
		.filter((c) => !shown.has(c.id))
		.map((c) => ({ id: c.id, fields: c.fields.filter((f) => f !== 'group' && f !== 'lineage') }))
		.filter((c) => c.fields.length > 0)
	return {
		added: lineage.criteria.filter((l) => l.relation === 'new').map((l) => brief(nextById.get(l.id)!)),
		removed: lineage.dropped.map((id) => brief(baseById.get(id)!)),
		reworded,
		split,
		merged,
		moved,
		changed,
		groups: {
			...diff.groups,
			changed: diff.groups.changed
				.map((g) => ({ id: g.id, fields: g.fields.filter((f) => f !== 'criteria') }))
				.filter((g) => g.fields.length > 0),
		},
		levels: diff.levels,
		header: diff.header.filter((h) => h !== 'version' && h !== 'based_on'),
	}
}
