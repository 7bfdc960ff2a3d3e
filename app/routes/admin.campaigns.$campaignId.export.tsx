import { type LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { getCampaign } from '#db/queries/campaigns'
import { analystExportResponse } from '#spreadsheets/analyst-workbook'
import { vnIsoDate } from '~/domain/dates'
import { can } from '~/domain/permissions'
import { makeTranslate } from '~/i18n/translate'
import { parseId } from '~/utils/assessment.server'
import { requirePermission } from '~/utils/auth.server'
import { getLocale } from '~/utils/locale.server'

/** Every answer and verified value of a round, for the facilities the user follows, as .xlsx. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'campaign:monitor', { kind: 'own' })
	const db = getDb()
	const found = getCampaign(db, parseId(params.campaignId))
	if (!found || found.campaign.status === 'draft') throw new Response('Not found', { status: 404 })
	const locale = await getLocale(request)
	const t = makeTranslate(locale)
	const national = can(user.grants, 'campaign:monitor', { kind: 'global' })
	const scopeLabel = national
		? t('scope.national')
		: user.grants
				.filter((g) => g.scopeKind === 'province')
				.map((g) => g.provinceName)
				.join(', ')
	return analystExportResponse(db, {
		campaign: found.campaign,
		grants: user.grants,
		locale,
		scopeLabel,
		fileName: `${locale === 'en' ? 'answers' : 'du-lieu-danh-gia'}-${found.campaign.id}-${vnIsoDate(new Date())}.xlsx`,
	})
}
