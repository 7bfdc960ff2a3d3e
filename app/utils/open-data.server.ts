import { stringify } from 'csv-stringify/sync'
import { type Column } from '~/domain/open-data-columns'

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

/** format=json (default) or csv; anything else is a 400. */
export function parseFormat(url: URL): 'json' | 'csv' {
	const f = url.searchParams.get('format') ?? 'json'
	if (f !== 'json' && f !== 'csv') badRequest('format must be json or csv')
	return f
}

export function parsePaging(url: URL) {
	const rawPage = url.searchParams.get('page') ?? '1'
	const rawSize = url.searchParams.get('pageSize') ?? '100'
	if (!/^\d{1,6}$/.test(rawPage) || Number(rawPage) < 1) badRequest('page must be a positive whole number')
	if (!/^\d{1,6}$/.test(rawSize) || Number(rawSize) < 1) badRequest('pageSize must be a positive whole number')
	if (Number(rawSize) > MAX_PAGE_SIZE) badRequest(`pageSize must be at most ${MAX_PAGE_SIZE}`)
	return { page: Number(rawPage), pageSize: Number(rawSize) }
}

/**
 * An open-data answer: JSON (with paging metadata) or CSV (UTF-8 with BOM so Excel reads Vietnamese),
 * CORS for reads, an ETag and a 304 when the client already has this version. `no-cache` makes
 * clients revalidate every time (cheap with the ETag), so a withdrawn result disappears at once.
 */
export function openData(
	request: Request,
	input: {
		etag: string
		name: string
		columns: ReadonlyArray<Column>
		rows: ReadonlyArray<Record<string, unknown>>
		meta?: Record<string, unknown>
		format: 'json' | 'csv'
	},
) {
	const etag = `${input.etag.slice(0, -1)}-${input.format}"`
	const headers = { ...CORS, ETag: etag, 'Cache-Control': 'public, no-cache' }
	if (request.headers.get('If-None-Match') === etag) return new Response(null, { status: 304, headers })
	if (input.format === 'csv') {
		const csv = stringify(
			input.rows.map((r) => input.columns.map((c) => r[c.name] ?? '')),
			{ header: true, columns: input.columns.map((c) => c.name) },
		)
		return new Response(`\uFEFF${csv}`, {
			headers: { ...headers, 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${input.name}.csv"` },
		})
	}
	return Response.json({ ...input.meta, data: input.rows }, { headers })
}

export function preflight() {
	return new Response(null, { status: 204, headers: CORS })
}

/** The campaign an open-data request names (or the newest published one); 404 JSON when unknown. */
export function apiCampaign(url: URL, resolve: (raw: string | null) => { campaign: { id: number; title: string } | null }) {
	try {
		return resolve(url.searchParams.get('campaign')).campaign
	} catch (e) {
		if (e instanceof Response) notFound('unknown campaign')
		throw e
	}
}
