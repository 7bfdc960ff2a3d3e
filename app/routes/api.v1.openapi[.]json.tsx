// The OpenAPI description of the read-only open-data API.
import { FACILITY_CLASSES, FACILITY_TYPES, MANAGING_BODIES } from '~/domain/enums'
import { INDICATORS } from '~/domain/indicators'
import { FACILITY_COLUMNS, PROVINCE_COLUMNS, STATISTIC_COLUMNS, TREND_COLUMNS } from '~/domain/open-data-columns'
import { type Column } from '~/domain/open-data-columns'
import { BED_BANDS } from '~/domain/portal'
import { MAX_PAGE_SIZE } from '~/utils/open-data.server'

function schemaOf(columns: ReadonlyArray<Column>) {
	return {
		type: 'object',
		properties: Object.fromEntries(
			columns.map((c) => [
				c.name,
				{
					type: c.type === 'date' ? 'string' : c.type,
					...(c.type === 'date' ? { format: 'date' } : {}),
					description: `${c.description.vi} / ${c.description.en}`,
				},
			]),
		),
	}
}

const campaign = {
	name: 'campaign',
	in: 'query',
	schema: { type: 'integer' },
	description: 'Assessment round id; default: the newest with published results',
}
/** The optional province of /api/v1/statistics and /api/v1/trends. */
const nationalOrProvince = {
	name: 'province',
	in: 'query',
	schema: { type: 'string', pattern: '^\\d{2}$' },
	description: 'Province code; default: national',
}
const format = { name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'csv'], default: 'json' } }
const errors = {
	'400': { description: 'An unknown parameter, or a parameter with an unknown or malformed value ({ "error": message naming it })' },
	'404': { description: 'Unknown campaign or province' },
}
/** The breakdown filters (docs/STATISTICS.md §3), combinable; an empty value means "any". */
const breakdowns = [
	{ name: 'managingBody', in: 'query', schema: { type: 'string', enum: [...MANAGING_BODIES] }, description: 'Managing body' },
	{ name: 'type', in: 'query', schema: { type: 'string', enum: [...FACILITY_TYPES] }, description: 'Facility type' },
	{ name: 'class', in: 'query', schema: { type: 'string', enum: [...FACILITY_CLASSES] }, description: 'Hospital grade' },
	{ name: 'beds', in: 'query', schema: { type: 'string', enum: [...BED_BANDS] }, description: 'Bed band (URL-encoded: %3C100, 1500%2B)' },
]

export function openApiDocument() {
	return {
		openapi: '3.1.0',
		info: {
			title: 'Hospital IT Readiness — open data',
			version: '1.0.0',
			description: 'Published, approved results only. Read-only; CORS open; ETag and Cache-Control on every answer.',
		},
		paths: {
			'/api/v1/statistics': {
				get: {
					summary: 'The indicators (docs/STATISTICS.md) as X/Y (Z %), nationally or in one province, within the breakdown filters',
					parameters: [campaign, nationalOrProvince, ...breakdowns, format],
					responses: {
						'200': {
							description: 'OK',
							content: {
								'application/json': {
									schema: { type: 'object', properties: { data: { type: 'array', items: schemaOf(STATISTIC_COLUMNS) } } },
								},
							},
						},
						...errors,
					},
				},
			},
			'/api/v1/trends': {
				get: {
					summary: 'The indicators across every round with published results, oldest first, nationally or in one province',
					parameters: [
						{
							name: 'indicator',
							in: 'query',
							schema: { type: 'string', enum: INDICATORS.map((d) => d.id) },
							description: 'One indicator; default: all',
						},
						nationalOrProvince,
						...breakdowns,
						format,
					],
					responses: {
						'200': {
							description: 'OK',
							content: {
								'application/json': {
									schema: { type: 'object', properties: { data: { type: 'array', items: schemaOf(TREND_COLUMNS) } } },
								},
							},
						},
						...errors,
					},
				},
			},
			'/api/v1/provinces': {
				get: {
					summary: 'Per-province figures',
					parameters: [campaign, format],
					responses: {
						'200': {
							description: 'OK',
							content: {
								'application/json': {
									schema: { type: 'object', properties: { data: { type: 'array', items: schemaOf(PROVINCE_COLUMNS) } } },
								},
							},
						},
						...errors,
					},
				},
			},
			'/api/v1/facilities': {
				get: {
					summary: 'Published facility results of one province, one row per facility × catalog',
					parameters: [
						{ name: 'province', in: 'query', required: true, schema: { type: 'string', pattern: '^\\d{2}$' } },
						campaign,
						...breakdowns,
						{ name: 'level', in: 'query', schema: { type: 'string' } },
						{ name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
						{ name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 100 } },
						format,
					],
					responses: {
						'200': {
							description: 'OK',
							content: {
								'application/json': {
									schema: {
										type: 'object',
										properties: {
											page: { type: 'integer' },
											pageSize: { type: 'integer' },
											total: { type: 'integer' },
											data: { type: 'array', items: schemaOf(FACILITY_COLUMNS) },
										},
									},
								},
							},
						},
						...errors,
					},
				},
			},
		},
	}
}

export async function loader() {
	return Response.json(openApiDocument(), { headers: { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=3600' } })
}
