// What server.js checks before a request reaches Remix (docs/SECURITY.md): the same-origin rule for
// state-changing requests, and the size of every request body, enforced while it streams. Also the
// bridge from Express to Remix, which hands Remix the limited body and never answers twice.
import { Transform } from 'node:stream'
import { createReadableStreamFromReadable, createRequestHandler, writeReadableStreamToWritable } from '@remix-run/node'

const KB = 1024
const MB = 1024 * KB

/**
 * Room for the multipart envelope around a file (boundaries, the other fields), as the routes
 * allow it: app/utils/download.server.ts (readUploadForm), the form page's evidence check and
 * verify._index check `content-length > file limit + 64 KB`.
 */
const ENVELOPE = 64 * KB

/**
 * Body limits by route, the first match wins. `own`: the route answers an oversized request itself
 * (a message beside the form, in the reader's language) from its Content-Length, without reading
 * the body; it is then handed an empty body. A route that accepts a new kind of upload adds its
 * line here, with the limit its own code enforces.
 */
const LIMITS = [
	// Evidence on an assessment's form page (MAX_EVIDENCE_BYTES, app/services/evidence.server.ts), and
	// the page's Save without JavaScript.
	{ path: /^\/assessments\/[^/]+\/[^/]+\/[^/]+\/?$/, bytes: 20 * MB + ENVELOPE, own: true },
	// Autosave: one answer (the route's own 64 KB check, assessments.$assessmentId.answers.tsx).
	{ path: /^\/assessments\/[^/]+\/answers\/?$/, bytes: 64 * KB, own: true },
	// Spreadsheets (SPREADSHEET_MAX_BYTES, spreadsheets/read.ts, through readUploadForm).
	{ path: /^\/assessments\/[^/]+\/excel\/?$/, bytes: 10 * MB + ENVELOPE, own: true },
	{ path: /^\/facilities\/import\/?$/, bytes: 10 * MB + ENVELOPE, own: true },
	// A report to verify (VERIFY_UPLOAD_MAX_MB, app/routes/verify._index.tsx).
	{ path: /^\/verify\/?$/, bytes: 10 * MB + ENVELOPE, own: true },
	// A signed submission PDF uploaded by the director.
	{ path: /^\/assessments\/[^/]+\/submit\/?$/, bytes: 10 * MB + ENVELOPE, own: false },
	// Signing in and the other pages anyone can post to: a few fields.
	{ path: /^\/(login|lang|logout|password)(\/.*)?$/, bytes: 16 * KB, own: false },
]
/** Every other form (review, administration, account): text fields only. */
const DEFAULT_LIMIT = { bytes: 1 * MB, own: false }

/** After a refusal, at most this much more of the body is read (and dropped) to keep the connection; past it, it is closed. */
const DRAIN_BYTES = 1 * MB

export function bodyLimitFor(pathname) {
	return LIMITS.find((l) => l.path.test(pathname)) ?? DEFAULT_LIMIT
}

function sizeText(bytes) {
	return bytes >= MB ? `${Math.floor(bytes / MB)} MB` : `${Math.floor(bytes / KB)} KB`
}

/**
 * Reads and drops what is left of a refused request's body, up to DRAIN_BYTES, so the client can
 * read the answer and the connection can serve the next request; more than that, and the
 * connection is closed once the answer has gone.
 */
function drain(req, res) {
	let dropped = 0
	let closing = false
	const close = () => {
		if (closing) return
		closing = true
		if (res.writableFinished) req.socket.destroy()
		else res.once('finish', () => req.socket.destroy())
	}
	req.on('data', (chunk) => {
		dropped += chunk.length
		if (dropped > DRAIN_BYTES) close()
	})
	req.on('error', () => {})
	req.resume()
}

/** Answers a refused request with a short plain message, however much of its body is still coming. */
export function refuse(req, res, status, message) {
	if (res.headersSent) return
	res.locals.abortRemix?.()
	const declared = Number(req.headers['content-length'])
	if (!req.complete && !(declared <= DRAIN_BYTES)) res.setHeader('Connection', 'close')
	res.status(status).type('text/plain; charset=utf-8').send(message)
	if (!req.complete) drain(req, res)
}

function tooLarge(req, res, limit) {
	const size = sizeText(limit)
	refuse(req, res, 413, `Yêu cầu quá lớn (tối đa ${size}).\nRequest too large (at most ${size}).\n`)
}

/**
 * Limits every request body while it streams, before anything parses it (docs/SECURITY.md,
 * finding 4: one 50 MB POST to /login ran the server out of memory). A declared length over the
 * limit is refused at once; a body without one is counted as it arrives and refused when it passes
 * the limit. Either way the answer is 413 and the server reads no more than DRAIN_BYTES of the rest.
 */
export function limitBodies(req, res, next) {
	if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next()
	const limit = bodyLimitFor(req.path)
	const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length'])
	if (declared !== null && !(declared <= limit.bytes)) {
		if (!limit.own || !Number.isSafeInteger(declared)) return tooLarge(req, res, limit.bytes)
		// The route says so in its own words, from the header; it gets no body, and the rest is drained.
		res.locals.body = 'empty'
		if (declared > DRAIN_BYTES) res.setHeader('Connection', 'close')
		drain(req, res)
		return next()
	}
	let seen = 0
	const counted = new Transform({
		transform(chunk, _encoding, callback) {
			seen += chunk.length
			if (seen > limit.bytes) callback(Object.assign(new Error('body too large'), { tooLarge: true }))
			else callback(null, chunk)
		},
	})
	counted.on('error', (error) => {
		req.unpipe(counted)
		if (error.tooLarge) tooLarge(req, res, limit.bytes)
	})
	// A client that goes away mid-body ends the body Remix reads, as it would without this stream.
	req.on('close', () => {
		if (!req.complete) counted.destroy(new Error('request aborted'))
	})
	req.pipe(counted)
	res.locals.body = counted
	next()
}

/**
 * Refuses state-changing requests from other sites, beside SameSite=Lax cookies: an `Origin` that
 * is not ours — `null` included (a sandboxed frame, a data: page; docs/SECURITY.md, finding 6) — or
 * a browser's `Sec-Fetch-Site` saying another site sent it. Also refuses Remix's old `?_data=`
 * requests, which this single-fetch app never makes.
 */
export function sameOriginOnly(req, res, next) {
	if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') {
		if ('_data' in req.query) return refuse(req, res, 400, 'Bad request\n')
		return next()
	}
	const origin = req.headers.origin
	const site = req.headers['sec-fetch-site']
	let ok = site === undefined || site === 'same-origin' || site === 'none'
	if (ok && origin !== undefined) {
		try {
			ok = origin !== 'null' && new URL(origin).host === req.headers.host
		} catch {
			ok = false
		}
	}
	if (!ok) return refuse(req, res, 403, 'Cross-site request refused\n')
	if ('_data' in req.query) return refuse(req, res, 400, 'Bad request\n')
	next()
}

/** The request's address as the client used it (the Host header, or the proxy's when TRUST_PROXY is on). */
function requestUrl(req) {
	const [, port] = (req.get('x-forwarded-host') ?? req.get('host') ?? '').split(':')
	return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`)
}

/**
 * Express → Remix, as @remix-run/express does, with the body limited by `limitBodies`; an answer
 * already given (a 413 while the body streamed) is never followed by Remix's.
 */
export function remixHandler({ build, mode, getLoadContext }) {
	const handle = createRequestHandler(build, mode)
	return async (req, res, next) => {
		const controller = new AbortController()
		res.locals.abortRemix = () => controller.abort()
		res.on('close', () => {
			if (!res.writableFinished) controller.abort()
		})
		const headers = new Headers()
		for (const [key, value] of Object.entries(req.headers)) {
			if (Array.isArray(value)) for (const v of value) headers.append(key, v)
			else if (value !== undefined) headers.set(key, value)
		}
		const init = { method: req.method, headers, signal: controller.signal }
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			const body = res.locals.body ?? req
			init.body = body === 'empty' ? new Uint8Array(0) : createReadableStreamFromReadable(body)
			init.duplex = 'half'
		}
		try {
			const response = await handle(new Request(requestUrl(req).href, init), getLoadContext(req, res))
			if (res.headersSent) {
				await response.body?.cancel().catch(() => {})
				return
			}
			res.statusMessage = response.statusText
			res.status(response.status)
			for (const [key, value] of response.headers.entries()) res.append(key, value)
			if (response.body) await writeReadableStreamToWritable(response.body, res)
			else res.end()
			// Answered without reading the whole body (a redirect to sign in, a refusal): read no more than DRAIN_BYTES of the rest.
			if (!req.complete && res.locals.body && res.locals.body !== 'empty') {
				req.unpipe(res.locals.body)
				drain(req, res)
			}
		} catch (error) {
			if (res.headersSent) return
			next(error)
		}
	}
}
