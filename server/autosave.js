// The autosave POST answered in Express, before Remix, with the route's own function (`autosave` in
// app/routes/assessments.$assessmentId.answers.server.ts): the same guard, body limit, fields,
// service and replies, without Remix's conversion of the request and the response to Fetch API
// objects and its route matching, which took a third of every save (docs/PERFORMANCE.md).
// Mounted after the security headers and the same-origin check of server.js.

/** The request as the guards read it: its path (where to come back to after signing in) and its headers. */
function guardRequest(req) {
	return {
		url: `http://localhost${req.originalUrl}`,
		headers: {
			get(name) {
				const value = req.headers[name.toLowerCase()]
				return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
			},
		},
	}
}

/** The posted fields: URL-encoded (as the page's autosave sends them) or multipart; anything else has none. */
async function readFields(req, body) {
	const type = req.headers['content-type'] ?? ''
	if (type.startsWith('application/x-www-form-urlencoded')) return new URLSearchParams(body.toString('utf8'))
	if (type.startsWith('multipart/form-data')) {
		try {
			return await new Response(body, { headers: { 'content-type': type } }).formData()
		} catch {
			return new URLSearchParams()
		}
	}
	return new URLSearchParams()
}

function sendJson(res, status, body, close) {
	const text = JSON.stringify(body)
	res.writeHead(status, {
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength(text),
		'Cache-Control': 'no-store',
		...(close ? { Connection: 'close' } : {}),
	})
	res.end(text)
}

/** A Response the guard threw (the sign-in redirect, 403, 404), as Remix would have sent it. */
async function sendThrown(res, response, close) {
	const text = await response.text()
	response.headers.forEach((value, name) => {
		if (name !== 'set-cookie') res.setHeader(name, value)
	})
	const cookies = response.headers.getSetCookie()
	if (cookies.length) res.setHeader('Set-Cookie', cookies)
	if (close) res.setHeader('Connection', 'close')
	res.statusCode = response.status
	res.end(text)
}

export function autosaveBeforeRemix(build) {
	const { autosave, AUTOSAVE_BODY_LIMIT } = build.entry.module
	return (req, res) => {
		// A body past the limit is not read further: the answer closes the connection.
		let tooLarge = Number(req.headers['content-length'] ?? 0) > AUTOSAVE_BODY_LIMIT
		let size = 0
		const chunks = []
		let answered = false
		const answer = async () => {
			if (answered) return
			answered = true
			try {
				const reply = await autosave(guardRequest(req), req.params.assessmentId, async () =>
					tooLarge ? 'too-large' : readFields(req, Buffer.concat(chunks, size)),
				)
				sendJson(res, reply.status, reply.body, tooLarge)
			} catch (error) {
				if (error instanceof Response) return sendThrown(res, error, tooLarge)
				console.error(error)
				if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
				res.end('Unexpected Server Error')
			}
		}
		if (tooLarge) return void answer()
		req.on('data', (chunk) => {
			if (tooLarge) return
			size += chunk.length
			if (size > AUTOSAVE_BODY_LIMIT) {
				tooLarge = true
				chunks.length = 0
				void answer()
			} else chunks.push(chunk)
		})
		req.on('end', () => void answer())
	}
}
