// How a criterion is named where a list points to it (blockers, the submission checklist, the
// roadmap): its text, cut to a readable length at a word, in the reader's language. The code stays
// as secondary detail for the experts who use it.
import { type CompiledCatalog } from './catalog/compile'
import { type Locale } from './enums'

const ELLIPSIS = '…'

/** The text cut at a word boundary to at most `max` characters, with an ellipsis when cut. */
export function shortText(text: string, max = 90): string {
	const flat = text.replace(/\s+/g, ' ').trim()
	if (flat.length <= max) return flat
	const cut = flat.slice(0, max - 1)
	const lastSpace = cut.lastIndexOf(' ')
	return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.–-]+$/, '')}${ELLIPSIS}`
}

/** Short names of these criteria (ids the catalogs do not hold are left out). */
export function criterionNames(
	catalogs: ReadonlyArray<CompiledCatalog>,
	ids: Iterable<string>,
	locale: Locale,
	max = 90,
): Record<string, string> {
	const names: Record<string, string> = {}
	for (const id of ids) {
		for (const c of catalogs) {
			const at = c.indexOf.get(id)
			if (at === undefined) continue
			const text = c.criteria[at].criterion.text
			names[id] = shortText(locale === 'en' ? text.en : text.vi, max)
			break
		}
	}
	return names
}
