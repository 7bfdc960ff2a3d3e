// GET /api/v1/statistics?campaign=&format=json|csv — the national "X/Y (Z %)" figures.
import { type LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { STATISTIC_COLUMNS } from '~/domain/open-data-columns'
import { resolveCampaign, statisticsTable } from '~/pages/portal.server'
import { formatSchema, notFound, openData, parseApiQuery } from '~/utils/open-data.server'

const querySchema = z.object({ format: formatSchema, campaign: z.string().optional() })

export async function loader({ request }: LoaderFunctionArgs) {
	const query = parseApiQuery(new URL(request.url), querySchema)
	const choice = resolveCampaign(query.campaign)
	if (!choice) notFound('unknown campaign')
	const { campaign } = choice
	const { rows, published, etag } = statisticsTable(campaign?.id ?? null)
	return openData(request, {
		etag,
		name: 'statistics',
		columns: STATISTIC_COLUMNS,
		rows,
		meta: { apiVersion: 1, campaign: campaign ? { id: campaign.id, title: campaign.title } : null, published },
		format: query.format,
	})
}
