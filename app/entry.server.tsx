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
export { startScheduledJobs } from './services/jobs.server'

const ABORT_DELAY = 5_000

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
