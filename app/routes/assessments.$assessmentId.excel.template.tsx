import { type LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { answerWorkbookFile } from '~/pages/answer-workbook.server'
import { requireAssessment } from '~/utils/assessment.server'
import { xlsxResponse } from '~/utils/download.server'
import { getLocale } from '~/utils/locale.server'

/** The assessment as an Excel workbook, with its current answers, to fill in offline and upload. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const { ctx } = await requireAssessment(request, params.assessmentId, 'assessment:read')
	const { bytes, fileName } = await answerWorkbookFile(getDb(), ctx, await getLocale(request))
	return xlsxResponse(bytes, fileName)
}
