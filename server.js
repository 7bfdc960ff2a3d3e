// Production server: Express serving the Remix build, with the security headers and the same-origin check of docs/SECURITY.md (V3).
import crypto from 'node:crypto'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import express from 'express'
import { autosaveBeforeRemix } from './server/autosave.js'
import { limitBodies, remixHandler, sameOriginOnly } from './server/request-guards.js'
import { serve } from './server/worker.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const build = await import(path.join(here, 'build/index.js'))
// The build's entry validates the environment on import; read the values it settled on.
const { getEnv } = build.entry.module
const env = getEnv()

const app = express()
app.disable('x-powered-by')
app.set('trust proxy', env.TRUST_PROXY)

app.use((req, res, next) => {
	const nonce = crypto.randomBytes(16).toString('base64')
	res.locals.cspNonce = nonce
	// The client address as the server saw it; never trust a header the client sent.
	req.headers['x-client-ip'] = req.ip ?? req.socket.remoteAddress ?? ''
	const embeddable = req.path.startsWith('/embed/')
	res.setHeader(
		'Content-Security-Policy',
		[
			"default-src 'self'",
			`script-src 'self' 'nonce-${nonce}'`,
			"style-src 'self'",
			"img-src 'self' data:",
			"font-src 'self'",
			"connect-src 'self'",
			"object-src 'none'",
			"base-uri 'self'",
			"form-action 'self'",
			embeddable ? 'frame-ancestors *' : "frame-ancestors 'none'",
		].join('; '),
	)
	if (!embeddable) res.setHeader('X-Frame-Options', 'DENY')
	res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
	res.setHeader('X-Content-Type-Options', 'nosniff')
	res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin')
	res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()')
	res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
	next()
})

// CSRF defence in depth beside SameSite=Lax cookies, then every request body limited while it
// streams, by route (server/request-guards.js, docs/SECURITY.md).
app.use(sameOriginOnly)
app.use(limitBodies)

// The autosave POST, answered before Remix with the route's own function (server/autosave.js).
app.post('/assessments/:assessmentId/answers', autosaveBeforeRemix(build))

app.use('/build', express.static(path.join(here, 'public/build'), { immutable: true, maxAge: '1y' }))
app.use(express.static(path.join(here, 'public'), { maxAge: '1h' }))

app.all(
	'*',
	remixHandler({
		build,
		mode: env.NODE_ENV,
		getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce }),
	}),
)

// Alone, or as one worker of server/cluster.js (`npm start`); scheduled work and draining on SIGTERM there.
serve(app, { build, env })
