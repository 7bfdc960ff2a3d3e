// GET /api/v1/provinces?campaign=&format=json|csv — the per-province table of the national page.
import { type LoaderFunctionArgs } from '@remix-run/node'
import { PROVINCE_COLUMNS } from '~/domain/open-data-columns'
import { nationalModel, resolveCampaign } from '~/pages/portal.server'
import { apiCampaign, openData, parseFormat } from '~/utils/open-data.server'

export async function loader({ request }: LoaderFunctionArgs) {
	const url = new URL(request.url)
	const format = parseFormat(url)
	const campaign = apiCampaign(url, resolveCampaign)
	const { value, etag } = nationalModel(campaign?.id ?? null)
	const rows = value.provinces.flatMap((p) =>
		p.statistics.map((s) => ({
			province_code: p.code,
			province_name: p.nameVi,
			facilities_published: p.published,
			statistic: s.id,
			numerator: s.numerator,
			denominator: s.denominator,
			percent: s.percent ?? '',
		})),
	)
	return openData(request, {
		etag,
		name: 'provinces',
		columns: PROVINCE_COLUMNS,
		rows,
		meta: { apiVersion: 1, campaign: campaign ? { id: campaign.id, title: campaign.title } : null },
		format,
	})
}
