// Text that names something (a person, a facility, a round, an uploaded file): what a person can
// see is what is stored. Control characters, bidirectional overrides and invisible characters are
// removed (docs/SECURITY.md, finding 9: "invoice\u202Efdp.exe" would show as "invoiceexe.pdf"),
// and the rest is stored in Unicode NFC, so the same Vietnamese name typed on two keyboards is one
// string. Pure, no I/O, and without zod, so the browser may use it (the form fields are in
// name-fields.ts).

/**
 * Characters that never belong in a name: C0 and C1 controls and DEL; the bidirectional marks,
 * embeddings, overrides and isolates (U+061C, U+200E–200F, U+202A–202E, U+2066–2069); zero-width
 * and other invisible format characters (U+00AD soft hyphen, U+180E, U+200B–200D, U+2060–2064,
 * U+206A–206F, U+FEFF); line and paragraph separators (U+2028–2029); interlinear annotation
 * (U+FFF9–FFFB).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g

/** Characters that stand for a space when they separate words (tab, line breaks). */
const SPACE_LIKE = /[\t\n\v\f\r\u0085\u2028\u2029]/g

/** Whether the text holds a character `cleanName` would remove. */
export function hasUnsafeCharacters(text: string): boolean {
	UNSAFE.lastIndex = 0
	return UNSAFE.test(text)
}

/**
 * A name as stored: NFC, line breaks and tabs turned into spaces, control, bidirectional and
 * invisible characters removed, runs of spaces collapsed, trimmed.
 */
export function cleanName(text: string): string {
	return text.normalize('NFC').replace(SPACE_LIKE, ' ').replace(UNSAFE, '').replace(/\s+/g, ' ').trim()
}

/** Characters `cleanText` removes: `UNSAFE` without the line feed (kept in multi-line text). */
const UNSAFE_IN_TEXT =
	/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g

/**
 * Free text a person typed (a comment, a reason, a text answer, a spreadsheet cell) as stored: NFC,
 * line breaks kept as "\n" (CR LF, CR, U+2028/2029 and NEL turned into it), tabs as spaces, the
 * characters `cleanName` removes removed, trimmed. Unlike `cleanName`, inner spaces and lines stay.
 */
export function cleanText(text: string): string {
	return text
		.normalize('NFC')
		.replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n')
		.replace(/\t/g, ' ')
		.replace(UNSAFE_IN_TEXT, '')
		.trim()
}

/**
 * Any JSON-like value with every string in it (keys included) in Unicode NFC: a parsed file (a
 * catalog) before it is validated, so its titles are stored as one string however they were typed.
 */
export function nfcDeep(value: unknown): unknown {
	if (typeof value === 'string') return value.normalize('NFC')
	if (Array.isArray(value)) return value.map(nfcDeep)
	if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.normalize('NFC'), nfcDeep(v)]))
	}
	return value
}

/**
 * An uploaded file's name as stored and shown: `cleanName`, without any folder part and without
 * the characters file systems and headers refuse (`"<>|:*?\`), at most 200 characters; `fallback`
 * when nothing is left.
 */
export function cleanFileName(name: string, fallback: string): string {
	const cleaned = cleanName(name.replace(/\\/g, '/'))
	const base = cleaned
		.slice(cleaned.lastIndexOf('/') + 1)
		.replace(/["<>|:*?]/g, '_')
		.trim()
	return (base || fallback).slice(0, 200)
}
