// GET /api/v1/facilities?campaign=&province=&type=&class=&managingBody=&level=&page=&pageSize=&format=json|csv
import { type LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { provinceByCode } from '#db/queries/provinces'
import { FACILITY_COLUMNS } from '~/domain/open-data-columns'
import { provinceFiltersSchema } from '~/domain/portal-filters'
import { facilitiesTable, resolveCampaign } from '~/pages/portal.server'
import { formatSchema, notFound, openData, pagingSchema, parseApiQuery } from '~/utils/open-data.server'

const PROVINCE_REQUIRED = 'province is required: a two-digit province code'

const querySchema = z.object({
	format: formatSchema,
	...pagingSchema,
	campaign: z.string().optional(),
	...provinceFiltersSchema.shape,
	province: z.string({ error: PROVINCE_REQUIRED }).regex(/^\d{2}$/, { error: PROVINCE_REQUIRED }),
})

export async function loader({ request }: LoaderFunctionArgs) {
	const { format, page, pageSize, campaign: rawCampaign, province, ...filters } = parseApiQuery(new URL(request.url), querySchema)
	const choice = resolveCampaign(rawCampaign)
	if (!choice) notFound('unknown campaign')
	if (!provinceByCode(getDb(), province)) notFound('unknown province')
	const { campaign } = choice
	const { rows, etag } = facilitiesTable(province, campaign?.id ?? null, filters)
	const start = (page - 1) * pageSize
	return openData(request, {
		etag: `${etag.slice(0, -1)}-${page}-${pageSize}"`,
		name: `facilities-${province}`,
		columns: FACILITY_COLUMNS,
		rows: format === 'csv' ? rows : rows.slice(start, start + pageSize),
		meta: { apiVersion: 1, campaign: campaign ? { id: campaign.id, title: campaign.title } : null, page, pageSize, total: rows.length },
		format,
	})
}
