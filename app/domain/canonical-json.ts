// Canonical JSON: the byte-stable form of a catalog that its content hash is taken over.
// Object keys sorted by code unit, no whitespace, undefined properties dropped; anything that
// JSON cannot represent faithfully is refused rather than silently changed.

/** Serialises plain data (objects, arrays, strings, finite numbers, booleans, null) canonically. */
export function canonicalJson(value: unknown): string {
	return write(value, '$')
}

function write(value: unknown, at: string): string {
	if (value === null) return 'null'
	switch (typeof value) {
		case 'string':
			return JSON.stringify(value)
		case 'boolean':
			return value ? 'true' : 'false'
		case 'number':
			if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${at} is not a finite number`)
			// -0 and 0 are the same value in JSON.
			return JSON.stringify(value === 0 ? 0 : value)
		case 'object': {
			if (Array.isArray(value)) {
				return `[${value
					.map((item, i) => {
						if (item === undefined) throw new TypeError(`canonicalJson: ${at}[${i}] is undefined`)
						return write(item, `${at}[${i}]`)
					})
					.join(',')}]`
			}
			const proto = Object.getPrototypeOf(value)
			if (proto !== Object.prototype && proto !== null) {
				throw new TypeError(`canonicalJson: ${at} is not a plain object`)
			}
			const record = value as Record<string, unknown>
			const parts: Array<string> = []
			for (const key of Object.keys(record).sort()) {
				if (record[key] === undefined) continue
				parts.push(`${JSON.stringify(key)}:${write(record[key], `${at}.${key}`)}`)
			}
			return `{${parts.join(',')}}`
		}
		default:
			throw new TypeError(`canonicalJson: ${at} is a ${typeof value}`)
	}
}
