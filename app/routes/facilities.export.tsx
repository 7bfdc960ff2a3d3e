import { type LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { exportFacilities } from '#db/queries/facilities'
import { registryCsv, registryWorkbook } from '#spreadsheets/registry-workbook'
import { vnIsoDate } from '~/domain/dates'
import { facilityFilters } from '~/pages/facility-admin.server'
import { requirePermission } from '~/utils/auth.server'
import { getLocale } from '~/utils/locale.server'

/** The registry in the user's reach as .xlsx or CSV (the import format), or a blank import template. */
export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'facility:read', { kind: 'own' })
	const url = new URL(request.url)
	const format = url.searchParams.get('format') === 'csv' ? 'csv' : 'xlsx'
	const template = url.searchParams.get('template') === '1'
	const locale = await getLocale(request)
	const db = getDb()
	const rows = template ? [] : exportFacilities(db, user.grants, facilityFilters(url))
	const base = template
		? locale === 'en'
			? 'facility-import-template'
			: 'mau-nhap-co-so-y-te'
		: `${locale === 'en' ? 'facilities' : 'co-so-y-te'}-${vnIsoDate(new Date())}`
	return format === 'csv' ? registryCsv(db, rows, locale, `${base}.csv`) : registryWorkbook(db, rows, locale, `${base}.xlsx`)
}
