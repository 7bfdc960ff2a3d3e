/**
 * Hot queries are built and prepared once per connection, then run with placeholders: building a
 * drizzle query and preparing its SQL costs more than running it on these small indexed reads.
 */
const caches = new WeakMap<object, Map<string, unknown>>()

export function prepared<D extends object, T>(db: D, key: string, build: (db: D) => T): T {
	// Keyed by the SQLite connection, which a drizzle transaction shares with its database.
	const handle = db as { $client?: object; session?: { client?: object } }
	const owner = handle.$client ?? handle.session?.client ?? db
	let cache = caches.get(owner)
	if (!cache) {
		cache = new Map()
		caches.set(owner, cache)
	}
	let statement = cache.get(key) as T | undefined
	if (!statement) {
		statement = build(db)
		cache.set(key, statement)
	}
	return statement
}
