// GET /api/v1/statistics?campaign=&province=&managingBody=&type=&class=&beds=&format=json|csv — the
// indicators (docs/STATISTICS.md) nationally or in one province, within the breakdown filters.
import { type LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { STATISTIC_COLUMNS } from '~/domain/open-data-columns'
import { breakdownFiltersSchema } from '~/domain/portal-filters'
import { resolveCampaign, statisticsTable } from '~/pages/portal.server'
import { formatSchema, notFound, openData, parseApiQuery, provinceSchema, refuseUnknownProvince } from '~/utils/open-data.server'

const querySchema = z.object({
	format: formatSchema,
	campaign: z.string().optional(),
	province: provinceSchema,
	...breakdownFiltersSchema.shape,
})

export async function loader({ request }: LoaderFunctionArgs) {
	const { format, campaign: rawCampaign, province, ...filters } = parseApiQuery(new URL(request.url), querySchema)
	refuseUnknownProvince(province)
	const choice = resolveCampaign(rawCampaign)
	if (!choice) notFound('unknown campaign')
	const { campaign } = choice
	const { rows, published, registered, etag } = statisticsTable(campaign?.id ?? null, filters, province)
	return openData(request, {
		etag,
		name: province ? `statistics-${province}` : 'statistics',
		columns: STATISTIC_COLUMNS,
		rows,
		meta: {
			apiVersion: 1,
			campaign: campaign ? { id: campaign.id, title: campaign.title } : null,
			province: province ?? null,
			filters,
			published,
			registered,
		},
		format,
	})
}
