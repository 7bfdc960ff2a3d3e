// `npm start`: the production server with one worker per core (docs/decisions/012). Each worker
// runs server.js; they share the port (Node's cluster hands each new connection to the next
// worker in turn) and the SQLite database (WAL, busy timeout, write transactions that begin
// IMMEDIATE: db/client.server.ts). Sessions and the sign-in throttle live in the database, so any
// worker answers any request. This process serves nothing itself:
// - it starts WEB_CONCURRENCY workers (default: one per core) and restarts one that dies;
// - it asks one worker at a time to run the scheduled work (reminders, clean-up) a minute after the
//   start and then every hour, or at once on SIGUSR2 (the reminders' unique index stays the
//   guarantee that an occasion is sent once, also beside `npm run jobs`);
// - on SIGTERM or SIGINT it asks every worker to drain (requests in progress are answered) and exits
//   when they have.
import cluster from 'node:cluster'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const JOBS_FIRST_MS = 60_000
const JOBS_EVERY_MS = 3_600_000
/** A worker that dies within this long of its start counts as a failed start: the next one waits longer. */
const QUICK_DEATH_MS = 10_000
const MAX_RESTART_DELAY_MS = 30_000

function workerCount(raw) {
	if (raw === undefined || raw.trim() === '') return os.availableParallelism()
	const n = Number(raw)
	if (!Number.isInteger(n) || n < 1 || n > 256) {
		console.error(
			`Invalid environment variables:\n  - WEB_CONCURRENCY: a whole number from 1 to 256 (workers), got "${raw}"\nSee .env.example.`,
		)
		process.exit(1)
	}
	return n
}

const size = workerCount(process.env.WEB_CONCURRENCY)
cluster.setupPrimary({ exec: path.join(ROOT, 'server.js') })

let stopping = false
let everListening = false
let quickDeaths = 0
/** The worker running the scheduled work now, if any: runs never overlap. */
let jobsIn = null
const startedAt = new Map()
const listening = new Set()

function fork() {
	const worker = cluster.fork()
	startedAt.set(worker.id, Date.now())
	worker.on('message', (message) => {
		if (message?.type !== 'jobs:done' || jobsIn !== worker.id) return
		jobsIn = null
		const r = message.result
		console.log(
			r
				? `scheduled work (worker ${worker.id}): ${r.reminded} facilities reminded, ${r.mailed} e-mails sent, ${r.purgedImports} expired uploads removed`
				: `scheduled work (worker ${worker.id}) failed: ${message.error}`,
		)
	})
	return worker
}

cluster.on('listening', (worker, address) => {
	listening.add(worker.id)
	if (!everListening && listening.size === size) {
		everListening = true
		const host = !address.address || address.address === '0.0.0.0' ? 'localhost' : address.address
		console.log(`Hospital IT Readiness listening on http://${host}:${address.port} (${size} worker${size === 1 ? '' : 's'})`)
	}
})

cluster.on('exit', (worker, code, signal) => {
	const lived = Date.now() - (startedAt.get(worker.id) ?? 0)
	const wasListening = listening.delete(worker.id)
	startedAt.delete(worker.id)
	if (jobsIn === worker.id) jobsIn = null
	if (stopping) {
		if (Object.keys(cluster.workers).length === 0) process.exit()
		return
	}
	// A worker that cannot start at all (a bad environment, a missing build) would fail again: stop.
	if (!everListening && !wasListening) {
		console.error(`worker ${worker.id} exited (${signal ?? code}) before listening; stopping`)
		stop(1)
		return
	}
	quickDeaths = lived < QUICK_DEATH_MS ? quickDeaths + 1 : 0
	const delay = quickDeaths ? Math.min(MAX_RESTART_DELAY_MS, 100 * 2 ** quickDeaths) : 0
	console.error(
		`worker ${worker.id} (pid ${worker.process.pid}) exited (${signal ?? code}); starting another${delay ? ` in ${delay} ms` : ''}`,
	)
	setTimeout(() => stopping || fork(), delay)
})

function runJobs() {
	if (jobsIn !== null || stopping) return
	const worker = Object.values(cluster.workers)
		.filter((w) => w && listening.has(w.id))
		.sort((a, b) => a.id - b.id)[0]
	if (!worker) return
	jobsIn = worker.id
	worker.send({ type: 'jobs:run' })
}

function stop(code = 0) {
	if (stopping) return
	stopping = true
	process.exitCode = code
	const workers = Object.values(cluster.workers).filter(Boolean)
	if (!workers.length) process.exit()
	for (const w of workers) w.process.kill('SIGTERM')
	// Workers drain within their own limit (server/worker.js); this one is a last resort.
	setTimeout(() => {
		for (const w of Object.values(cluster.workers)) w?.process.kill('SIGKILL')
		process.exit()
	}, 15_000).unref()
}

for (let i = 0; i < size; i++) fork()
setTimeout(runJobs, JOBS_FIRST_MS).unref()
setInterval(runJobs, JOBS_EVERY_MS).unref()
process.on('SIGUSR2', runJobs)
process.on('SIGTERM', () => stop(0))
process.on('SIGINT', () => stop(0))
