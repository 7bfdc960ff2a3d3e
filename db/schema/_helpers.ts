import { sql } from 'drizzle-orm'
import { integer } from 'drizzle-orm/sqlite-core'

/** Milliseconds since the epoch, UTC. Stored as integers so ordering and ranges are cheap. */
export function timestamp(name: string) {
	return integer(name, { mode: 'timestamp_ms' })
}

export const createdAt = () =>
	timestamp('created_at')
		.notNull()
		.default(sql`(cast(unixepoch('subsecond') * 1000 as integer))`)
