// GET /api/v1/trends?indicator=&province=&managingBody=&type=&class=&beds=&format=json|csv — the
// indicators (docs/STATISTICS.md) in every round with published results, oldest first.
import { type LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { INDICATORS } from '~/domain/indicators'
import { TREND_COLUMNS } from '~/domain/open-data-columns'
import { breakdownFiltersSchema } from '~/domain/portal-filters'
import { trendTable } from '~/pages/portal.server'
import { formatSchema, openData, parseApiQuery, provinceSchema, refuseUnknownProvince } from '~/utils/open-data.server'

const IDS = INDICATORS.map((d) => d.id) as [string, ...Array<string>]
const querySchema = z.object({
	format: formatSchema,
	indicator: z.enum(IDS, { error: 'Invalid filter: indicator (an indicator id of docs/STATISTICS.md)' }).optional(),
	province: provinceSchema,
	...breakdownFiltersSchema.shape,
})

export async function loader({ request }: LoaderFunctionArgs) {
	const { format, indicator, province, ...filters } = parseApiQuery(new URL(request.url), querySchema)
	refuseUnknownProvince(province)
	const { rows, etag } = trendTable(indicator, filters, province)
	return openData(request, {
		etag,
		name: `trends${indicator ? `-${indicator}` : ''}${province ? `-${province}` : ''}`,
		columns: TREND_COLUMNS,
		rows,
		meta: { apiVersion: 1, indicator: indicator ?? null, province: province ?? null, filters },
		format,
	})
}
