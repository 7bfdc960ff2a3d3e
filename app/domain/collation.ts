// Vietnamese order for every list shown or exported by name (provinces, facilities, people):
// Đ after D, "Ngô" before "Nguyễn", tones after the bare letter, as Intl.Collator('vi') sorts.
// SQLite's ORDER BY compares bytes (Đ after Z), so the queries return rows and callers sort here,
// or, for lists too long to sort in JavaScript, order by a stored sort key (`collationKey`).
import { type Locale } from './enums'

const collators: Record<Locale, Intl.Collator> = {
	vi: new Intl.Collator('vi', { numeric: true }),
	en: new Intl.Collator('en', { numeric: true }),
}

/** Compares two texts in the language's order (Vietnamese unless told). */
export function compareText(a: string, b: string, locale: Locale = 'vi'): number {
	return collators[locale].compare(a, b)
}

/**
 * A copy of `items` sorted by `key` in the language's order, then by `then` (a code, an id) so
 * equal names keep one order on every run.
 */
export function sortByText<T>(
	items: Iterable<T>,
	key: (item: T) => string,
	then: (item: T) => string | number = () => 0,
	locale: Locale = 'vi',
): Array<T> {
	const collator = collators[locale]
	return [...items].sort((a, b) => {
		const byKey = collator.compare(key(a), key(b))
		if (byKey !== 0) return byKey
		const ta = then(a)
		const tb = then(b)
		return ta < tb ? -1 : ta > tb ? 1 : 0
	})
}

/**
 * A province's name as sorted: without "Tỉnh" / "Thành phố" (Province / City), so Hà Nội sorts
 * among the H provinces and not with the other cities.
 */
export function provinceSortName(name: string): string {
	return name.replace(/^(Tỉnh|Thành phố)\s+/u, '').replace(/\s+(Province|City)$/u, '')
}

// ---------------------------------------------------------------------------------------------
// A sort key whose plain (byte / code point) order is Intl.Collator('vi', { numeric: true })'s order,
// for names stored beside their key so that SQLite's ORDER BY sorts them in Vietnamese
// (docs/decisions/017-stored-sort-key.md). Three levels, as the collator compares: the letters
// (with ă, â, đ, ê, ô, ơ, ư letters of their own and digit runs compared as numbers), then the
// tones (none, huyền, hỏi, ngã, sắc, nặng), then the case (lower before upper).

/** Spaces and punctuation before digits before letters, in the collator's own order. */
const PUNCTUATION = ` _-,;:!?.'"()[]{}@*/\\&#%\`^+<=>|~$`
const LETTERS = 'aăâbcdđeêfghijklmnoôơpqrstuưvwxyz'
/** Base letter + modifier (after NFD) → the Vietnamese letter it makes. */
const MODIFIED: Record<string, string> = {
	'a\u0306': 'ă',
	'a\u0302': 'â',
	'e\u0302': 'ê',
	'o\u0302': 'ô',
	'o\u031b': 'ơ',
	'u\u031b': 'ư',
}
/** The tones, in the collator's order after the bare letter: huyền, hỏi, ngã, sắc, nặng. */
const TONES = ['\u0300', '\u0309', '\u0303', '\u0301', '\u0323']

// Weights are characters from U+0021 up (one below every weight, U+0001, ends a level), so
// comparing keys as strings, or as UTF-8 bytes in SQLite, compares the weights.
const weight = (n: number) => String.fromCharCode(0x21 + n)
const PRIMARY = new Map<string, string>([
	...[...PUNCTUATION].map((ch, i): [string, string] => [ch, weight(i)]),
	...[...LETTERS].map((ch, i): [string, string] => [ch, weight(PUNCTUATION.length + 1 + i)]),
])
const NUMBER = weight(PUNCTUATION.length)
const LEVEL_END = '\u0001'

/**
 * The sort key of a text: `collationKey(a) < collationKey(b)` exactly when Intl.Collator('vi', { numeric:
 * true }) puts a first, for names written in Vietnamese or Latin letters, digits, spaces and ASCII
 * punctuation (tests/unit compares both on thousands of seeded names). Any other character sorts
 * after the letters, by its code point.
 */
export function collationKey(text: string): string {
	const chars = [...text.normalize('NFD')]
	let primary = ''
	let secondary = ''
	let tertiary = ''
	for (let i = 0; i < chars.length;) {
		const ch = chars[i]
		if (ch >= '0' && ch <= '9') {
			let j = i
			while (j < chars.length && chars[j] >= '0' && chars[j] <= '9') j++
			const digits = chars
				.slice(i, j)
				.join('')
				.replace(/^0+(?=\d)/, '')
			// A digit run is one number: its length first, so 9 < 10, then its digits.
			primary += NUMBER + weight(digits.length) + digits
			secondary += weight(0)
			tertiary += weight(0)
			i = j
			continue
		}
		let j = i + 1
		const marks: Array<string> = []
		while (j < chars.length && /\p{M}/u.test(chars[j])) marks.push(chars[j++])
		const lower = ch.toLowerCase()
		let letter = lower
		let tone = 0
		for (const m of marks) {
			if (MODIFIED[letter + m]) letter = MODIFIED[letter + m]
			else if (TONES.includes(m)) tone = TONES.indexOf(m) + 1
			else tone = TONES.length + 1
		}
		primary += PRIMARY.get(letter) ?? `\u2fff${letter}`
		secondary += weight(tone)
		tertiary += weight(ch === lower ? 0 : 1)
		i = j
	}
	return primary + LEVEL_END + secondary + LEVEL_END + tertiary
}
