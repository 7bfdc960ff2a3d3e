// GET /api/v1/facilities?campaign=&province=&type=&class=&managingBody=&page=&pageSize=&format=json|csv
import { type LoaderFunctionArgs } from '@remix-run/node'
import { eq } from 'drizzle-orm'
import { getDb, schema } from '#db/client.server'
import { FACILITY_COLUMNS } from '~/domain/open-data-columns'
import { parseProvinceFilters, provinceModel, resolveCampaign } from '~/pages/portal.server'
import { badRequest, notFound, openData, parseFormat, parsePaging } from '~/utils/open-data.server'

export async function loader({ request }: LoaderFunctionArgs) {
	const url = new URL(request.url)
	const format = parseFormat(url)
	const { page, pageSize } = parsePaging(url)
	let campaign
	let filters
	try {
		campaign = resolveCampaign(url.searchParams.get('campaign')).campaign
		filters = parseProvinceFilters(url)
	} catch (e) {
		if (e instanceof Response && e.status === 404) notFound('unknown campaign')
		if (e instanceof Response) badRequest(await e.text())
		throw e
	}
	const provinceCode = url.searchParams.get('province')
	if (!provinceCode || !/^\d{2}$/.test(provinceCode)) badRequest('province is required: a two-digit province code')
	if (!getDb().select({ code: schema.provinces.code }).from(schema.provinces).where(eq(schema.provinces.code, provinceCode)).get())
		notFound('unknown province')
	const { value, etag } = provinceModel(provinceCode, campaign?.id ?? null, filters)
	const rows = value.facilities.flatMap((f) =>
		f.levels.map((l) => ({
			facility_code: f.code,
			facility_name: f.name,
			province_code: provinceCode,
			facility_type: f.type,
			facility_class: f.class,
			managing_body: f.managingBody,
			bed_count: f.bedCount,
			campaign_id: campaign?.id ?? '',
			catalog_code: l.code,
			level: l.level ?? '',
			level_title: l.title?.vi ?? '',
			percent_met: l.percent === null ? '' : Math.round(l.percent * 10) / 10,
			provisional: l.provisional,
		})),
	)
	const start = (page - 1) * pageSize
	return openData(request, {
		etag: `${etag.slice(0, -1)}-${page}-${pageSize}"`,
		name: `facilities-${provinceCode}`,
		columns: FACILITY_COLUMNS,
		rows: format === 'csv' ? rows : rows.slice(start, start + pageSize),
		meta: { apiVersion: 1, campaign: campaign ? { id: campaign.id, title: campaign.title } : null, page, pageSize, total: rows.length },
		format,
	})
}
