import { type SQL, type SQLWrapper, sql } from 'drizzle-orm'
import { matchKey } from '../../app/domain/sheet'

/**
 * The column contains the query, both folded by `matchKey` (case, accents and đ; the SQL function
 * `fold` is registered in db/client.server.ts). LIKE wildcards typed in the query are literal.
 */
export function foldedContains(column: SQLWrapper, query: string): SQL {
	const pattern = `%${matchKey(query).replace(/[\\%_]/g, (c) => `\\${c}`)}%`
	return sql`fold(${column}) like ${pattern} escape '\\'`
}
