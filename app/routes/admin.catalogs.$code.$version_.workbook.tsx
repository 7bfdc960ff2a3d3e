// A catalog version as the workbook an analyst edits (docs/CATALOG-FORMAT.md §4.4, "Authoring criteria in the app").
import { type LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { catalogWorkbookDownload } from '~/pages/catalog-admin.server'
import { requirePermission } from '~/utils/auth.server'
import { xlsxResponse } from '~/utils/download.server'
import { invariantResponse } from '~/utils/http.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
	await requirePermission(request, 'catalog:manage', { kind: 'global' })
	const version = /^\d{1,6}$/.test(params.version ?? '') ? Number(params.version) : NaN
	const download = Number.isFinite(version) ? await catalogWorkbookDownload(getDb(), params.code ?? '', version) : null
	invariantResponse(download, 'Not found', { status: 404 })
	return xlsxResponse(download.bytes, download.fileName)
}
