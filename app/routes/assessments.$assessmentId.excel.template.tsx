import { type LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { answerTemplate } from '#spreadsheets/answer-workbook'
import { vnIsoDate } from '~/domain/dates'
import { requireAssessment } from '~/utils/assessment.server'
import { getLocale } from '~/utils/locale.server'

/** The assessment as an Excel workbook, with its current answers, to fill in offline and upload. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const { ctx } = await requireAssessment(request, params.assessmentId, 'assessment:read')
	const locale = await getLocale(request)
	return answerTemplate(
		getDb(),
		ctx,
		locale,
		`${locale === 'en' ? 'assessment' : 'danh-gia'}-${ctx.facility.code}-${ctx.campaign.id}-${vnIsoDate(new Date())}.xlsx`,
	)
}
