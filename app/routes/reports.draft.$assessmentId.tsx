import { type LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { renderDraft } from '~/services/reports.server'
import { requireAssessment } from '~/utils/assessment.server'

/** The watermarked, unsigned draft of the assessment as it stands; for the facility while it works. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const { ctx } = await requireAssessment(request, params.assessmentId, 'assessment:read')
	const bytes = await renderDraft(getDb(), ctx)
	return new Response(new Uint8Array(bytes), {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Disposition': `attachment; filename="du-thao-bao-cao-${ctx.assessment.id}.pdf"`,
			'Cache-Control': 'private, no-store',
		},
	})
}
