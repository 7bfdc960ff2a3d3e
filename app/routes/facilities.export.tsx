import { type LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { FacilityFiltersSchema } from '~/domain/registry'
import { registryExport } from '~/pages/facility-admin.server'
import { requirePermission } from '~/utils/auth.server'
import { csvResponse, streamedXlsxResponse } from '~/utils/download.server'
import { getLocale } from '~/utils/locale.server'

/** The registry in the user's reach as .xlsx or CSV (the import format), or a blank import template. */
export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'facility:read', { kind: 'own' })
	const url = new URL(request.url)
	const file = registryExport(getDb(), user.grants, {
		format: url.searchParams.get('format') === 'csv' ? 'csv' : 'xlsx',
		template: url.searchParams.get('template') === '1',
		filters: FacilityFiltersSchema.parse(Object.fromEntries(url.searchParams)),
		locale: await getLocale(request),
	})
	return file.format === 'csv' ? csvResponse(file.header, file.rows, file.fileName) : streamedXlsxResponse(file.fileName, file.write)
}
