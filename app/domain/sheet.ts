// Spreadsheet cells as the importers see them, whatever file they came from (.xlsx or CSV). The
// reader (spreadsheets/read.ts) turns a file into these; the pure importers
// (registry-import.ts, answer-sheet.ts) turn them into changes and per-cell problems.
import { cleanText } from './safe-text'

/** What the person sees in a cell: a formula or an error is kept apart so it can be refused by address. */
export type SheetCell =
	| string
	| number
	| boolean
	/** A date cell, as the calendar date it shows (yyyy-mm-dd). */
	| { readonly date: string }
	| { readonly formula: string }
	/** An Excel error value such as #N/A or #REF!. */
	| { readonly error: string }
	| null

export type SheetRow = { readonly number: number; readonly cells: ReadonlyArray<SheetCell> }
export type Sheet = { readonly name: string; readonly rows: ReadonlyArray<SheetRow> }

/** A problem in one place of the file, as a message key and its parameters. */
export type CellProblem = {
	readonly sheet: string
	readonly row: number
	/** Column letter (A, B, … AA); absent for a problem of the whole row. */
	readonly column?: string
	readonly code: string
	readonly params?: Readonly<Record<string, string | number>>
}

/** Column letters as Excel writes them: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
	let n = index + 1
	let s = ''
	while (n > 0) {
		const r = (n - 1) % 26
		s = String.fromCharCode(65 + r) + s
		n = Math.floor((n - 1) / 26)
	}
	return s
}

export type CellText =
	{ ok: true; text: string } | { ok: false; code: 'sheet.formula' | 'sheet.cell_error'; params: Record<string, string> }

/**
 * The text of a cell, cleaned as typed text is (`cleanText`: NFC, trimmed); numbers as the shortest exact decimal, dates as yyyy-mm-dd.
 * A formula is refused rather than evaluated: the file must carry the values themselves.
 */
export function cellText(cell: SheetCell | undefined): CellText {
	if (cell === null || cell === undefined) return { ok: true, text: '' }
	if (typeof cell === 'string') return { ok: true, text: cleanText(cell) }
	if (typeof cell === 'number') return { ok: true, text: Number.isFinite(cell) ? String(cell) : '' }
	if (typeof cell === 'boolean') return { ok: true, text: cell ? 'true' : 'false' }
	if ('date' in cell) return { ok: true, text: cell.date }
	if ('formula' in cell) return { ok: false, code: 'sheet.formula', params: { formula: cell.formula.slice(0, 60) } }
	return { ok: false, code: 'sheet.cell_error', params: { error: cell.error } }
}

/**
 * A key for matching what people type against names and labels: lower case, accents and the
 * letter đ folded, spaces collapsed, so "Ha Noi", "hà  nội" and "Hà Nội" all match.
 */
export function matchKey(s: string): string {
	return s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.replace(/[\s_]+/g, ' ')
		.trim()
}

/** A lookup from every accepted spelling (by `matchKey`) to its canonical value. */
export function vocabulary<T extends string>(entries: ReadonlyArray<readonly [T, ReadonlyArray<string>]>): ReadonlyMap<string, T> {
	const map = new Map<string, T>()
	for (const [value, spellings] of entries) {
		for (const s of [value, ...spellings]) {
			const key = matchKey(s)
			if (key && !map.has(key)) map.set(key, value)
		}
	}
	return map
}

/** yyyy-mm-dd from dd/mm/yyyy (or d/m/yyyy, with / - or .); anything else is returned unchanged. */
export function isoFromVietnameseDate(text: string): string {
	const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text)
	return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : text
}
