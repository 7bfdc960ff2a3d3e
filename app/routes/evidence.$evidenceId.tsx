// Evidence download: only for users who may read the assessment, always as an attachment.
import fs from 'node:fs'
import { type LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { findEvidenceFile } from '~/services/evidence.server'
import { parseId, requireAssessment } from '~/utils/assessment.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const id = parseId(params.evidenceId)
	const file = Number.isFinite(id) ? findEvidenceFile(getDb(), id) : null
	if (!file) throw new Response('Not found', { status: 404 })
	await requireAssessment(request, String(file.assessmentId), 'assessment:read')
	if (!fs.existsSync(file.path)) throw new Response('Not found', { status: 404 })
	const body = fs.readFileSync(file.path)
	const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
	return new Response(body, {
		headers: {
			'Content-Type': file.mime,
			'Content-Length': String(body.byteLength),
			'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, no-store',
			'Content-Security-Policy': "default-src 'none'; sandbox",
		},
	})
}
