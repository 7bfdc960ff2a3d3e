// Evidence download: only for users who may read the assessment, always as an attachment.
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { cleanFileName } from '~/domain/safe-text'
import { evidenceDownload } from '~/services/evidence.server'
import { parseId, requireAssessment } from '~/utils/assessment.server'
import { requireUser } from '~/utils/auth.server'
import { invariantResponse } from '~/utils/http.server'
import { openStored } from '~/utils/stored.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
	// Signed in first: an anonymous visitor learns nothing about which files exist (docs/SECURITY.md, finding 11).
	await requireUser(request)
	const id = parseId(params.evidenceId)
	const file = Number.isFinite(id) ? evidenceDownload(getDb(), id) : null
	invariantResponse(file, 'Not found', { status: 404 })
	await requireAssessment(request, String(file.assessmentId), 'assessment:read')
	const bytes = await openStored(request, () => file.open())
	invariantResponse(bytes, 'Not found', { status: 404 })
	const fileName = cleanFileName(file.fileName, 'minh-chung')
	const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
	return new Response(createReadableStreamFromReadable(bytes.stream), {
		headers: {
			'Content-Type': file.mime,
			'Content-Length': String(bytes.size),
			'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, no-store',
			'Content-Security-Policy': "default-src 'none'; sandbox",
		},
	})
}
