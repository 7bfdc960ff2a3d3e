// Vietnamese order for every list shown or exported by name (provinces, facilities, people):
// Đ after D, "Ngô" before "Nguyễn", tones after the bare letter, as Intl.Collator('vi') sorts.
// SQLite's ORDER BY compares bytes (Đ after Z), so the queries return rows and callers sort here.
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
