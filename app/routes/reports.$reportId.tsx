import { type LoaderFunctionArgs } from '@remix-run/node'
import { eq } from 'drizzle-orm'
import { getDb, schema } from '#db/client.server'
import { REPORT_ID_RE } from '#reports/inspect'
import { readReportBytes } from '~/services/reports.server'
import { requireAssessment } from '~/utils/assessment.server'

/** The signed report exactly as issued (same bytes on every download), for those who may read the assessment. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const id = params.reportId ?? ''
	const report = REPORT_ID_RE.test(id) ? getDb().select().from(schema.reports).where(eq(schema.reports.id, id)).get() : undefined
	if (!report || report.kind !== 'signed') throw new Response('Not found', { status: 404 })
	await requireAssessment(request, String(report.assessmentId), 'assessment:read')
	const bytes = readReportBytes(report)
	return new Response(new Uint8Array(bytes), {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Disposition': `attachment; filename="${report.id}.pdf"`,
			'Content-Length': String(bytes.length),
			'Cache-Control': 'private, max-age=0, must-revalidate',
			ETag: `"${report.sha256}"`,
		},
	})
}
