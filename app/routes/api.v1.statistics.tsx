// GET /api/v1/statistics?campaign=&format=json|csv — the national "X/Y (Z %)" figures.
import { type LoaderFunctionArgs } from '@remix-run/node'
import { STATISTIC_COLUMNS } from '~/domain/open-data-columns'
import { nationalModel, resolveCampaign } from '~/pages/portal.server'
import { apiCampaign, openData, parseFormat } from '~/utils/open-data.server'

export async function loader({ request }: LoaderFunctionArgs) {
	const url = new URL(request.url)
	const format = parseFormat(url)
	const campaign = apiCampaign(url, resolveCampaign)
	const { value, etag } = nationalModel(campaign?.id ?? null)
	return openData(request, {
		etag,
		name: 'statistics',
		columns: STATISTIC_COLUMNS,
		rows: value.statistics.map((s) => ({
			statistic: s.id,
			label: s.label.vi,
			numerator: s.numerator,
			denominator: s.denominator,
			percent: s.percent ?? '',
		})),
		meta: { apiVersion: 1, campaign: campaign ? { id: campaign.id, title: campaign.title } : null, published: value.published },
		format,
	})
}
