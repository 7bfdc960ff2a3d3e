// Autosave endpoint: one answer per request, JSON in and out. The form page works without it.
// server.js answers these POSTs before Remix with the same function; this route serves them when the
// app runs without server.js (tests call the action directly).
import { type ActionFunctionArgs } from '@remix-run/node'
import { AUTOSAVE_BODY_LIMIT, autosave } from './assessments.$assessmentId.answers.server'

function json(body: unknown, status = 200) {
	return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } })
}

export async function loader() {
	return json({ status: 'invalid', message: 'form.malformed' }, 405)
}

export async function action({ request, params }: ActionFunctionArgs) {
	const reply = await autosave(request, params.assessmentId, async () =>
		Number(request.headers.get('content-length') ?? 0) > AUTOSAVE_BODY_LIMIT ? 'too-large' : request.formData(),
	)
	return json(reply.body, reply.status)
}
