import { PassThrough } from 'node:stream'
import { type AppLoadContext, type EntryContext, createReadableStreamFromReadable } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { getEnv } from './env.server'
import { registerAllDictionaries } from './i18n/messages'
import { getSigningIdentity } from './services/reports.server'
import { trustAnchors } from './services/trust.server'
import { NonceProvider } from './utils/nonce-provider'

// Validate the environment when the server starts: a bad value stops it with a clear message.
getEnv()
// Every language for what the server writes: pages, mail, downloads (the browser bundle loads English
// on its own, see entry.client.tsx). The scheduled jobs started by server.js run in this process too.
registerAllDictionaries()
// Open the signing certificate now (or create the demo one): a missing or wrong PKCS#12
// passphrase stops the server here rather than at the first approval.
getSigningIdentity()
// Read the trust anchors too: an unreadable TRUST_ANCHORS_PATH stops the server with its name.
trustAnchors()
export { getEnv }
export { runScheduledJobs, startScheduledJobs } from './services/jobs.server'
// server.js answers the autosave POST before Remix with the route's own function (docs/PERFORMANCE.md).
export { autosave, AUTOSAVE_BODY_LIMIT } from './routes/assessments.$assessmentId.answers.server'

const ABORT_DELAY = 5_000

/**
 * A page that a shared cache may keep (the portal's `public, no-cache`) varies with the cookies
 * (language, session); one rendered for a signed-in person carries their name in its header, so it
 * is theirs alone: `private` (docs/SECURITY.md, finding 11).
 */
function keepPersonalPagesPrivate(request: Request, headers: Headers) {
	const cacheControl = headers.get('Cache-Control')
	if (!cacheControl || !/\bpublic\b/.test(cacheControl)) return
	headers.append('Vary', 'Cookie')
	if (/(?:^|;\s*)__session=/.test(request.headers.get('Cookie') ?? '')) headers.set('Cache-Control', 'private, no-cache')
}

/** Data requests (client-side navigations) carry the same personal data as the page. */
export function handleDataRequest(response: Response, { request }: { request: Request }) {
	keepPersonalPagesPrivate(request, response.headers)
	return response
}

export default function handleRequest(
	request: Request,
	responseStatusCode: number,
	responseHeaders: Headers,
	remixContext: EntryContext,
	loadContext: AppLoadContext,
) {
	const nonce = loadContext.cspNonce ?? ''
	const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode
	return new Promise((resolve, reject) => {
		let shellRendered = false
		const { pipe, abort } = renderToPipeableStream(
			<NonceProvider value={nonce}>
				<RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
			</NonceProvider>,
			{
				nonce,
				[waitForAll ? 'onAllReady' : 'onShellReady']() {
					shellRendered = true
					const body = new PassThrough()
					responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
					keepPersonalPagesPrivate(request, responseHeaders)
					resolve(
						new Response(createReadableStreamFromReadable(body), {
							headers: responseHeaders,
							status: responseStatusCode,
						}),
					)
					pipe(body)
				},
				onShellError(error: unknown) {
					reject(error)
				},
				onError(error: unknown) {
					responseStatusCode = 500
					if (shellRendered) console.error(error)
				},
			},
		)
		setTimeout(abort, ABORT_DELAY)
	})
}

export function handleError(error: unknown, { request }: { request: Request }) {
	if (request.signal.aborted) return
	console.error(error)
}
