// HTTP glue of the open-data API (/api/v1/*): its query-string parameters parsed by zod schemas,
// its errors as JSON, CORS, the ETag and 304, and the CSV written through spreadsheets/write (every
// cell made inert, like the other exports).
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { provinceByCode } from '#db/queries/provinces'
import { csvText } from '#spreadsheets/write'
import { type Column } from '~/domain/open-data-columns'
import { firstProblem, queryObject } from '~/domain/portal-filters'

export const MAX_PAGE_SIZE = 500

const CORS = {
	'Access-Control-Allow-Origin': '*',
	'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
	'Access-Control-Allow-Headers': 'If-None-Match',
	'Access-Control-Expose-Headers': 'ETag',
}

export function badRequest(message: string): never {
	throw Response.json({ error: message }, { status: 400, headers: CORS })
}

export function notFound(message: string): never {
	throw Response.json({ error: message }, { status: 404, headers: CORS })
}

/** format=json (default) or csv. */
export const formatSchema = z.enum(['json', 'csv'], { error: 'format must be json or csv' }).default('json')

/** province (optional): a two-digit province code; `refuseUnknownProvince` checks that it names one. */
export const provinceSchema = z
	.string()
	.regex(/^\d{2}$/, { error: 'Invalid filter: province (a two-digit province code)' })
	.optional()

/** A 400 when the province filter names no province. */
export function refuseUnknownProvince(province: string | undefined) {
	if (province && !provinceByCode(getDb(), province)) badRequest(`Invalid filter: province (no province has the code ${province})`)
}

const positiveWhole = (name: string) =>
	z
		.string()
		.regex(/^\d{1,6}$/, { error: `${name} must be a positive whole number` })
		.transform(Number)
		.pipe(z.number().min(1, { error: `${name} must be a positive whole number` }))

/** page (from 1) and pageSize (1 to MAX_PAGE_SIZE, 100 by default). */
export const pagingSchema = {
	page: positiveWhole('page').default(1),
	pageSize: positiveWhole('pageSize')
		.pipe(z.number().max(MAX_PAGE_SIZE, { error: `pageSize must be at most ${MAX_PAGE_SIZE}` }))
		.default(100),
}

/**
 * The query string parsed by the schema (one key per parameter); the first problem is a 400 JSON error
 * naming it. The API accepts exactly its documented parameters: an unknown one is a 400 too, so a
 * misspelt filter never silently widens the answer.
 */
export function parseApiQuery<S extends z.ZodObject>(url: URL, schema: S): z.output<S> {
	const known = Object.keys(schema.shape)
	for (const key of url.searchParams.keys())
		if (!known.includes(key)) badRequest(`Unknown parameter: ${key} (accepted: ${known.join(', ')})`)
	const parsed = schema.safeParse(queryObject(url.searchParams, Object.keys(schema.shape)))
	if (!parsed.success) badRequest(firstProblem(parsed.error))
	return parsed.data
}

export type OpenDataCell = string | number | boolean | null

/** A cell as the CSV writes it: a boolean as 1 or an empty cell, a number as a number. */
const csvCell = (v: OpenDataCell | undefined) => (typeof v === 'boolean' ? (v ? 1 : null) : (v ?? null))

/**
 * An open-data answer: JSON (with paging metadata) or CSV (UTF-8 with BOM so Excel reads Vietnamese,
 * and a cell that a spreadsheet would take for a formula written inert), CORS for reads, an ETag
 * and a 304 when the client already has this version. `no-cache` makes clients revalidate every
 * time (cheap with the ETag), so a withdrawn result disappears at once.
 */
export function openData(
	request: Request,
	input: {
		etag: string
		name: string
		columns: ReadonlyArray<Column>
		rows: ReadonlyArray<Record<string, OpenDataCell>>
		meta?: Record<string, unknown>
		format: 'json' | 'csv'
	},
) {
	const etag = `${input.etag.slice(0, -1)}-${input.format}"`
	const headers = { ...CORS, ETag: etag, 'Cache-Control': 'public, no-cache' }
	if (request.headers.get('If-None-Match') === etag) return new Response(null, { status: 304, headers })
	if (input.format === 'csv') {
		const csv = csvText(
			input.columns.map((c) => c.name),
			input.rows.map((r) => input.columns.map((c) => csvCell(r[c.name]))),
		)
		return new Response(csv, {
			headers: { ...headers, 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${input.name}.csv"` },
		})
	}
	return Response.json({ ...input.meta, data: input.rows }, { headers })
}

export function preflight() {
	return new Response(null, { status: 204, headers: CORS })
}
