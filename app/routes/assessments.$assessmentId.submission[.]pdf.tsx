import { type LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { submissionDocument } from '~/services/director-signature.server'
import { requireAssessment } from '~/utils/assessment.server'
import { downloadHeaders } from '~/utils/download.server'
import { invariantResponse } from '~/utils/http.server'

/**
 * The submission PDF the director signs (ADR 013): issued (rendered from the submission's snapshot,
 * stored, recorded with its SHA-256) on the first request, the same bytes on every request after.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user, ctx } = await requireAssessment(request, params.assessmentId, 'assessment:read')
	const document = await submissionDocument(getDb(), { ctx, actorId: user.id })
	invariantResponse(document.ok, 'No submission to sign', { status: document.ok ? 200 : document.status })
	return new Response(new Uint8Array(document.bytes), {
		headers: {
			...downloadHeaders(document.fileName, 'application/pdf'),
			'Content-Length': String(document.bytes.length),
			ETag: `"${document.sha256}"`,
		},
	})
}
