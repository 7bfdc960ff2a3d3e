// How server.js serves: alone (`node server.js`, the demo and the tests: it runs the hourly
// scheduled work itself), or as one worker of server/cluster.js (one per core: the primary asks
// one worker at a time to run the scheduled work). Either way SIGTERM or SIGINT drains: no new
// connections, requests in progress are answered (with `Connection: close`), then the process exits.
import cluster from 'node:cluster'

/** How long a draining server waits for requests in progress before it exits anyway. */
const DRAIN_MS = 8_000

export function serve(app, { build, env }) {
	const { runScheduledJobs, startScheduledJobs } = build.entry.module
	const host = env.HOST === '0.0.0.0' ? 'localhost' : env.HOST
	const server = app.listen(env.PORT, env.HOST, () => {
		// In a cluster the primary says it once for all its workers.
		if (!cluster.isWorker) console.log(`Hospital IT Readiness listening on http://${host}:${env.PORT}`)
	})

	let draining = false
	// Keep-alive connections would otherwise go on carrying requests to a server that is closing.
	server.prependListener('request', (_req, res) => {
		if (draining) res.setHeader('Connection', 'close')
	})
	const drain = () => {
		if (draining) return
		draining = true
		server.close(() => process.exit(0))
		// Connections that fall idle while draining are closed as they do.
		setInterval(() => server.closeIdleConnections(), 250).unref()
		setTimeout(() => process.exit(0), DRAIN_MS).unref()
	}
	process.on('SIGTERM', drain)
	process.on('SIGINT', drain)

	if (cluster.isWorker) {
		process.on('message', (message) => {
			if (message?.type === 'shutdown') drain()
			if (message?.type !== 'jobs:run') return
			const reply = (message) => process.connected && process.send(message)
			runScheduledJobs().then(
				(result) => reply({ type: 'jobs:done', result }),
				(error) => {
					console.error('scheduled jobs failed:', error)
					reply({ type: 'jobs:done', error: String(error) })
				},
			)
		})
	} else {
		// Reminders before due dates and clean-up, every hour in this process (app/services/jobs.server.ts).
		startScheduledJobs()
	}
	return server
}
