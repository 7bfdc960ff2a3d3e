import { type LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { campaignExport } from '~/pages/campaign-admin.server'
import { parseId } from '~/utils/assessment.server'
import { requirePermission } from '~/utils/auth.server'
import { streamedXlsxResponse } from '~/utils/download.server'
import { invariantResponse } from '~/utils/http.server'
import { getLocale } from '~/utils/locale.server'

/** Every answer and verified value of a round, for the facilities the user follows, as .xlsx (streamed). */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'campaign:monitor', { kind: 'own' })
	const file = campaignExport(getDb(), parseId(params.campaignId), user, await getLocale(request))
	invariantResponse(file, 'Not found', { status: 404 })
	return streamedXlsxResponse(file.fileName, file.write)
}
