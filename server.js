// Production server: Express serving the Remix build, with the security headers and the same-origin check of docs/SECURITY.md (V3).
import crypto from 'node:crypto'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import express from 'express'
import { limitBodies, remixHandler, sameOriginOnly } from './request-guards.js'

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
// streams, by route (request-guards.js, docs/SECURITY.md).
app.use(sameOriginOnly)
app.use(limitBodies)

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

// Reminders before due dates and clean-up, every hour in this process (see app/services/jobs.server.ts).
build.entry.module.startScheduledJobs()

const server = app.listen(env.PORT, env.HOST, () => {
	console.log(`Hospital IT Readiness listening on http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${env.PORT}`)
})

function shutdown() {
	server.close(() => process.exit(0))
	setTimeout(() => process.exit(0), 5000).unref()
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
