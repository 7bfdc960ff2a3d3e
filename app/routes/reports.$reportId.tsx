import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { signedReportById } from '#db/queries/reports'
import { openSignedReport } from '~/services/reports.server'
import { requireAssessment } from '~/utils/assessment.server'
import { invariantResponse } from '~/utils/http.server'
import { openStored } from '~/utils/stored.server'

/** The signed report exactly as issued (same bytes on every download), for those who may read the assessment. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const report = signedReportById(getDb(), params.reportId ?? '')
	invariantResponse(report, 'Not found', { status: 404 })
	await requireAssessment(request, String(report.assessmentId), 'assessment:read')
	const bytes = await openStored(request, () => openSignedReport(report))
	invariantResponse(bytes, 'Not found', { status: 404 })
	return new Response(createReadableStreamFromReadable(bytes.stream), {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Disposition': `attachment; filename="${report.id}.pdf"`,
			'Content-Length': String(bytes.size),
			'Cache-Control': 'private, max-age=0, must-revalidate',
			ETag: `"${report.sha256}"`,
		},
	})
}
