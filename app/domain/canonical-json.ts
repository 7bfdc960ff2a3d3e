/**
 * JSON with object keys sorted at every depth, so equal values always give equal text.
 * Used for content hashes (catalog versions, audit chain).
 */
export function canonicalJson(value: unknown): string {
	return JSON.stringify(sortKeys(value))
}

function sortKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(sortKeys)
	if (value instanceof Date) return value.toISOString()
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {}
		for (const key of Object.keys(value).sort()) {
			const v = (value as Record<string, unknown>)[key]
			if (v !== undefined) out[key] = sortKeys(v)
		}
		return out
	}
	return value
}
