// GET /api/v1/provinces?campaign=&format=json|csv — the per-province table of the national page.
import { type LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { PROVINCE_COLUMNS } from '~/domain/open-data-columns'
import { provincesTable, resolveCampaign } from '~/pages/portal.server'
import { formatSchema, notFound, openData, parseApiQuery } from '~/utils/open-data.server'

const querySchema = z.object({ format: formatSchema, campaign: z.string().optional() })

export async function loader({ request }: LoaderFunctionArgs) {
	const query = parseApiQuery(new URL(request.url), querySchema)
	const choice = resolveCampaign(query.campaign)
	if (!choice) notFound('unknown campaign')
	const { campaign } = choice
	const { rows, etag } = provincesTable(campaign?.id ?? null)
	return openData(request, {
		etag,
		name: 'provinces',
		columns: PROVINCE_COLUMNS,
		rows,
		meta: { apiVersion: 1, campaign: campaign ? { id: campaign.id, title: campaign.title } : null },
		format: query.format,
	})
}
