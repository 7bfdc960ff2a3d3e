// Autosave capacity (docs/BUDGETS.md: the deadline day). Builds a database of 2,000 facilities, each
// with an editor signed in and an open assessment, starts the production server as `npm start` does
// (server/cluster.js, the heap cap) with 1 worker and with one per core, and drives it from load
// generators in processes of their own (bench/load-generator.js):
// - saturated: 200 clients, each saving again the moment its previous save answers (capacity);
// - paced: 200, 1,000 and 2,000 clients, each saving about once a second (latency on the deadline day).
// The same generator then drives a bare node:http + better-sqlite3 upsert (bench/bare-server.js), the
// practical ceiling of this machine, and the write transaction of a save is timed on its own (the
// single writer every worker shares). Server CPU and memory are read from /proc for the primary and
// every worker. BENCH_MODE=soak: 200 paced clients for BENCH_SECONDS (300) with portal reads mixed in.
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { BENCH_DIR, type Figure, percentile, ROOT, report, sessionCookie } from './lib'

const TMP = path.join(BENCH_DIR, '.tmp')
const DB = path.join(TMP, 'autosave.db')
const SOAK = process.env.BENCH_MODE === 'soak'
const CORES = os.availableParallelism()
const SECONDS = Number(process.env.BENCH_SECONDS ?? (SOAK ? 300 : 15))
const SATURATED_CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200)
const PACED = (process.env.BENCH_PACED ?? '200,1000,2000').split(',').map(Number).filter(Boolean)
const WORKER_COUNTS = (process.env.BENCH_WORKERS ?? [...new Set([1, CORES])].join(',')).split(',').map(Number)
/** Load generator processes per run (each drives a share of the clients). */
const GENERATORS = Number(process.env.BENCH_GENERATORS ?? 1)
const SECRET = 'bench-secret-bench-secret-bench-secret-01'
/** The same heap cap as `npm start` (package.json, docs/decisions/009). */
const SERVER_NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '--max-old-space-size=256').split(' ').filter(Boolean)
const PROFILE = Boolean(process.env.BENCH_PROF)
const PORT = 3901
const BARE_PORT = 3902
process.env.DATABASE_PATH = DB
process.env.SESSION_SECRET = SECRET
process.env.NODE_ENV = 'production'

const { openDatabase, closeDb, getDb } = await import('../db/client.server')
const { runMigrations } = await import('../db/migrate')
const { insertProvinces } = await import('~/services/demo-seed.server')
const { insertFacility, insertUser } = await import('#tests/factories')
const { importCatalog } = await import('../app/services/catalogs.server')
const { createCampaign, openCampaign } = await import('../app/services/campaigns.server')
const { hashPassword } = await import('~/services/passwords.server')
const { latestCatalogs, loadAllCatalogFiles } = await import('../scripts/catalog-validate')
const { schema } = await import('../db/client.server')
const { getAssessmentContext } = await import('../db/queries/assessments')
const { autosaveAnswer } = await import('../app/services/answers.server')

type Client = { cookie: string; assessmentId: number; userId: number; version?: number; counter?: number }

async function buildDatabase(count: number): Promise<Array<Client>> {
	fs.rmSync(TMP, { recursive: true, force: true })
	fs.mkdirSync(TMP, { recursive: true })
	const db = openDatabase(DB)
	runMigrations(db)
	insertProvinces(db)
	const versionIds = latestCatalogs(loadAllCatalogFiles()).map((l) => {
		if (!l.ok) throw new Error(l.file)
		const r = importCatalog(db, l.catalog)
		if (r.status === 'conflict') throw new Error(r.message)
		return r.versionId
	})
	const hash = await hashPassword('bench-password')
	const editors: Array<number> = []
	for (let i = 0; i < count; i++) {
		const f = insertFacility(db, { provinceCode: '01', code: `B${String(i).padStart(5, '0')}` })
		editors.push(
			(await insertUser(db, { passwordHash: hash, grants: [{ role: 'facility_editor', scopeKind: 'facility', facilityId: f.id }] })).id,
		)
	}
	const admin = await insertUser(db, { passwordHash: hash, grants: [{ role: 'admin', scopeKind: 'national' }] })
	const c = createCampaign(
		db,
		{
			title: 'Bench',
			year: 2026,
			catalogVersionIds: versionIds,
			provinces: [],
			types: [],
			classes: [],
			managingBodies: [],
			opensOn: '2026-09-01',
			dueOn: '2099-12-31',
			acceptsLate: true,
			secondStage: false,
		},
		admin.id,
	)
	if (!c.ok) throw new Error(c.code)
	openCampaign(db, c.id, admin.id)
	const assessments = db.select({ id: schema.assessments.id }).from(schema.assessments).orderBy(schema.assessments.id).all()
	db.$client.close()
	const clients: Array<Client> = []
	for (let i = 0; i < count; i++) {
		clients.push({ cookie: await sessionCookie(editors[i]), assessmentId: assessments[i].id, userId: editors[i] })
	}
	closeDb()
	return clients
}

// ---- the server's processes, read from /proc ----

function childrenOf(pid: number): Array<number> {
	try {
		return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
	} catch {
		return []
	}
}

function rssMB(pid: number) {
	try {
		const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
		return m ? Number(m[1]) / 1024 : 0
	} catch {
		return 0
	}
}

const TICK = 100 // USER_HZ on Linux
function cpuSeconds(pid: number) {
	try {
		const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
		return (Number(fields[11]) + Number(fields[12])) / TICK
	} catch {
		return 0
	}
}

/** The primary and its workers: memory sampled every 250 ms, CPU time read at the start and end of each run. */
function serverProbe(primary: number) {
	const pids = () => [primary, ...childrenOf(primary)]
	let samples: Array<{ total: number; largestWorker: number }> = []
	const timer = setInterval(() => {
		const workers = childrenOf(primary).map(rssMB)
		samples.push({ total: rssMB(primary) + workers.reduce((a, b) => a + b, 0), largestWorker: Math.max(0, ...workers) })
	}, 250)
	return {
		cpu: () => pids().reduce((sum, pid) => sum + cpuSeconds(pid), 0),
		/** Memory samples since the last call. */
		take: () => {
			const s = samples
			samples = []
			return s
		},
		stop: () => clearInterval(timer),
	}
}

async function startServer(cmd: Array<string>, env: Record<string, string>, port: number): Promise<ChildProcess> {
	const child = spawn(process.execPath, cmd, {
		cwd: ROOT,
		env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
		stdio: ['ignore', 'pipe', 'pipe'],
	})
	let out = ''
	child.stdout!.on('data', (d) => (out += d))
	child.stderr!.on('data', (d) => (out += d))
	for (let i = 0; i < 300; i++) {
		if (child.exitCode !== null) break
		if (out.includes(' listening on ')) return child
		try {
			// The bare server prints nothing.
			if (cmd.includes('bench/bare-server.js')) {
				await fetch(`http://127.0.0.1:${port}/`, { method: 'POST' })
				return child
			}
		} catch {}
		await sleep(100)
	}
	child.kill('SIGKILL')
	throw new Error(`server did not start:\n${out}`)
}

async function stopServer(child: ChildProcess) {
	const exited = new Promise((r) => child.once('exit', r))
	child.kill('SIGTERM')
	const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
	await exited
	clearTimeout(timer)
}

// ---- load ----

type Run = {
	latencies: Array<number>
	errors: number
	errorSamples: Array<string>
	requests: number
	seconds: number
	/** CPU of the busiest load generator process, in % of one core. */
	generatorCpu: number
	/** Server CPU time (primary and workers) per request, ms. */
	serverCpuPerRequest: number
	/** Server CPU use over the run, in cores. */
	serverCores: number
	memory: Array<{ total: number; largestWorker: number }>
	portalRequests: number
}

async function generate(
	port: number,
	clients: Array<Client>,
	opts: { seconds: number; thinkMs?: number; bare?: boolean; portalEvery?: number },
	probe?: ReturnType<typeof serverProbe>,
): Promise<Run> {
	const shares = Array.from({ length: Math.min(GENERATORS, clients.length) }, (_, g) => clients.filter((_, i) => i % GENERATORS === g))
	const cpuBefore = probe?.cpu() ?? 0
	probe?.take()
	const started = performance.now()
	const outputs = await Promise.all(
		shares.map(async (share, g) => {
			const file = path.join(TMP, `load-${g}.json`)
			fs.writeFileSync(file, JSON.stringify({ port, clients: share, seed: g + 1, ...opts }))
			const child = spawn(process.execPath, ['bench/load-generator.js', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
			let out = ''
			child.stdout.on('data', (d) => (out += d))
			await new Promise((r) => child.once('exit', r))
			return JSON.parse(out) as {
				latencies: Array<number>
				errors: number
				errorSamples: Array<string>
				seconds: number
				cpuSeconds: number
				portalRequests: number
				clients: Array<{ assessmentId: number; version: number; counter: number }>
			}
		}),
	)
	const seconds = (performance.now() - started) / 1000
	const serverCpu = (probe?.cpu() ?? 0) - cpuBefore
	const byId = new Map(clients.map((c) => [c.assessmentId, c]))
	for (const o of outputs) for (const c of o.clients) Object.assign(byId.get(c.assessmentId)!, { version: c.version, counter: c.counter })
	const latencies = outputs.flatMap((o) => o.latencies).sort((a, b) => a - b)
	const wall = Math.max(...outputs.map((o) => o.seconds))
	return {
		latencies,
		errors: outputs.reduce((a, o) => a + o.errors, 0),
		errorSamples: outputs.flatMap((o) => o.errorSamples),
		requests: latencies.length,
		seconds: wall,
		generatorCpu: Math.max(...outputs.map((o) => (100 * o.cpuSeconds) / o.seconds)),
		serverCpuPerRequest: latencies.length ? (1000 * serverCpu) / latencies.length : NaN,
		serverCores: serverCpu / seconds,
		memory: probe?.take() ?? [],
		portalRequests: outputs.reduce((a, o) => a + o.portalRequests, 0),
	}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const p = (r: Run, q: number) => percentile(r.latencies, q)
const throughput = (r: Run) => r.requests / r.seconds
const peak = (runs: Array<Run>, key: 'total' | 'largestWorker') => Math.max(0, ...runs.flatMap((r) => r.memory.map((m) => m[key])))
const workersLabel = (w: number) => `${w} worker${w === 1 ? '' : 's'}`

function startApp(workers: number) {
	return startServer(
		[
			...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.join(BENCH_DIR, '.prof', `w${workers}`)}`] : []),
			...SERVER_NODE_FLAGS,
			'server/cluster.js',
		],
		{
			NODE_ENV: 'production',
			DATABASE_PATH: DB,
			DATA_DIR: TMP,
			SESSION_SECRET: SECRET,
			REMINDER_DAYS_BEFORE: '',
			WEB_CONCURRENCY: String(workers),
		},
		PORT,
	)
}

const clients = await buildDatabase(Math.max(SATURATED_CLIENTS, ...PACED, SOAK ? 200 : 0))
if (PROFILE) fs.rmSync(path.join(BENCH_DIR, '.prof'), { recursive: true, force: true })
console.log(
	`load average before the runs: ${os
		.loadavg()
		.map((l) => l.toFixed(2))
		.join(' ')}`,
)

if (SOAK) {
	// Soak: 200 clients, each acting about once a second for SECONDS (300), one request in four a portal page or the API.
	const app = await startApp(CORES)
	const probe = serverProbe(app.pid!)
	const soak = await generate(PORT, clients.slice(0, 200), { seconds: SECONDS, thinkMs: 1000, portalEvery: 4 }, probe)
	probe.stop()
	await stopServer(app)
	const perSecond = 4 // samples every 250 ms
	const first = soak.memory.slice(0, 60 * perSecond).map((m) => m.total)
	const last = soak.memory.slice(-60 * perSecond).map((m) => m.total)
	const avg = (xs: Array<number>) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)
	report('soak', [
		{
			name: 'soak requests (saves and portal reads)',
			value: soak.requests,
			unit: '',
			note: `200 clients, ${SECONDS} s, ${soak.portalRequests} portal reads, ${workersLabel(CORES)}`,
		},
		{ name: 'soak errors', value: soak.errors, unit: '', budget: { op: '<=', value: 0 } },
		{ name: 'soak p95', value: p(soak, 95), unit: 'ms', budget: { op: '<=', value: 50 } },
		{ name: 'soak RSS of all workers, first minute (mean)', value: avg(first), unit: 'MB' },
		{ name: 'soak RSS of all workers, last minute (mean)', value: avg(last), unit: 'MB' },
		{
			name: 'soak RSS growth, last vs first minute',
			value: ((avg(last) - avg(first)) / avg(first)) * 100,
			unit: '%',
			budget: { op: '<=', value: 10 },
		},
		{ name: 'soak RSS peak, all workers', value: peak([soak], 'total'), unit: 'MB', budget: { op: '<=', value: 600 } },
		{ name: 'soak RSS peak, largest worker', value: peak([soak], 'largestWorker'), unit: 'MB', budget: { op: '<=', value: 300 } },
	])
	if (soak.errorSamples.length) console.log(`first errors: ${soak.errorSamples.join(' | ')}`)
	process.exit(0)
}

const figures: Array<Figure> = []
const results = new Map<number, { saturated: Run; paced: Map<number, Run> }>()
for (const workers of WORKER_COUNTS) {
	const app = await startApp(workers)
	const probe = serverProbe(app.pid!)
	// Warm-up (the JIT, the catalogs' compiled forms, prepared statements in every worker), not counted.
	await generate(PORT, clients.slice(0, SATURATED_CLIENTS), { seconds: 3 }, probe)
	const saturated = await generate(PORT, clients.slice(0, SATURATED_CLIENTS), { seconds: SECONDS }, probe)
	const paced = new Map<number, Run>()
	for (const n of PACED) paced.set(n, await generate(PORT, clients.slice(0, n), { seconds: SECONDS, thinkMs: 1000 }, probe))
	probe.stop()
	await stopServer(app)
	results.set(workers, { saturated, paced })
	const label = workersLabel(workers)
	const budgeted = workers === CORES
	figures.push(
		{
			name: `${label}: saturated throughput`,
			value: throughput(saturated),
			unit: 'saves/s',
			budget: budgeted ? { op: '>=', value: 2500 } : undefined,
			note: `${SATURATED_CLIENTS} clients, no think time, ${SECONDS} s`,
		},
		{ name: `${label}: saturated p50 / p95`, value: p(saturated, 50), unit: 'ms', note: `p95 ${p(saturated, 95).toFixed(1)} ms` },
		{
			name: `${label}: server CPU per save (saturated)`,
			value: saturated.serverCpuPerRequest,
			unit: 'ms',
			note: `server used ${saturated.serverCores.toFixed(2)} cores; load generator ${saturated.generatorCpu.toFixed(0)} % of a core`,
		},
	)
	for (const [n, run] of paced) {
		figures.push({
			name: `${label}: paced ${n} clients p95`,
			value: p(run, 95),
			unit: 'ms',
			budget: budgeted && (n === 200 || n === 2000) ? { op: '<=', value: 50 } : undefined,
			note: `p50 ${p(run, 50).toFixed(1)}, p99 ${p(run, 99).toFixed(1)} ms; ${throughput(run).toFixed(0)} saves/s; server ${run.serverCores.toFixed(2)} cores, ${run.serverCpuPerRequest.toFixed(2)} ms CPU/save; generator ${run.generatorCpu.toFixed(0)} %`,
		})
	}
	const runs = [saturated, ...paced.values()]
	const errors = runs.reduce((a, r) => a + r.errors, 0)
	figures.push(
		{ name: `${label}: errors (non-2xx, refused, network)`, value: errors, unit: '', budget: { op: '<=', value: 0 } },
		{
			name: `${label}: server RSS peak, all processes`,
			value: peak(runs, 'total'),
			unit: 'MB',
			budget: budgeted ? { op: '<=', value: 600 } : undefined,
			note: `largest worker ${peak(runs, 'largestWorker').toFixed(0)} MB (budget 300 per worker)`,
		},
	)
	const samples = runs.flatMap((r) => r.errorSamples)
	if (samples.length) console.log(`${label}, first errors: ${samples.slice(0, 10).join(' | ')}`)
}

// The practical ceiling: node:http + better-sqlite3 doing one upsert per request, no framework, one process.
const bare = await startServer(['bench/bare-server.js'], { BARE_DB: path.join(TMP, 'bare.db') }, BARE_PORT)
const bareProbe = serverProbe(bare.pid!)
await generate(BARE_PORT, clients.slice(0, SATURATED_CLIENTS), { seconds: 2, bare: true }, bareProbe)
const limit = await generate(BARE_PORT, clients.slice(0, SATURATED_CLIENTS), { seconds: SECONDS, bare: true }, bareProbe)
bareProbe.stop()
await stopServer(bare)

// The single writer: how long a save holds SQLite's write lock (BEGIN IMMEDIATE … COMMIT), timed here
// in one process around the same service call the server makes.
const writeLock = measureWriteLock(clients.slice(0, 200), 3000)

const one = results.get(1)
const all = results.get(CORES)
if (one && all && CORES > 1) {
	figures.push({
		name: `scaling: ${workersLabel(CORES)} ÷ 1 worker, saturated throughput`,
		value: throughput(all.saturated) / throughput(one.saturated),
		unit: '×',
		budget: { op: '>=', value: CORES === 2 ? 1.7 : 0.85 * CORES },
	})
}
const best = all ?? one!
figures.push(
	{
		name: 'bare node:http + better-sqlite3 upsert: throughput',
		value: throughput(limit),
		unit: 'req/s',
		note: `p50 ${p(limit, 50).toFixed(1)} ms, p95 ${p(limit, 95).toFixed(1)} ms; generator ${limit.generatorCpu.toFixed(0)} % of a core, server ${limit.serverCores.toFixed(2)} cores`,
	},
	{
		name: `throughput ratio (bare / ours with ${workersLabel(all ? CORES : 1)}, saturated)`,
		value: throughput(limit) / throughput(best.saturated),
		unit: '×',
		budget: { op: '<=', value: 12 },
	},
	{
		name: 'write transaction per save (write lock held), median',
		value: writeLock.median,
		unit: 'ms',
		note: `p95 ${writeLock.p95.toFixed(3)} ms; whole service call ${writeLock.call.toFixed(3)} ms`,
	},
	{ name: 'single-writer ceiling (1 ÷ write lock per save)', value: 1000 / writeLock.median, unit: 'saves/s' },
	{
		name: `write lock share of ${workersLabel(all ? CORES : 1)} saturated (throughput × lock time)`,
		value: (throughput(best.saturated) * writeLock.median) / 10,
		unit: '%',
	},
)
report('autosave', figures)

function measureWriteLock(sample: Array<Client>, saves: number) {
	const db = getDb()
	// The save's transaction is a better-sqlite3 transaction function (writeTransaction in
	// db/client.server.ts), made on first use: timed from BEGIN IMMEDIATE to COMMIT.
	const client = db.$client
	const transaction = client.transaction.bind(client)
	let lockMs = 0
	client.transaction = ((fn: (...args: Array<unknown>) => unknown) => {
		const made = transaction(fn)
		const timed = (...args: Array<unknown>) => {
			const t = performance.now()
			try {
				return made.immediate(...args)
			} finally {
				lockMs = performance.now() - t
			}
		}
		return Object.assign(timed, { immediate: timed, deferred: timed, exclusive: timed, default: timed })
	}) as unknown as typeof client.transaction
	const locks: Array<number> = []
	let callMs = 0
	for (let i = 0; i < saves; i++) {
		const c = sample[i % sample.length]
		const n = (c.counter = (c.counter ?? 0) + 1)
		const criteria = ['EMRAM.S1.lab', 'EMRAM.S1.rad', 'EMRAM.S1.pharmacy', 'EMRAM.S2.cdr']
		const t = performance.now()
		const ctx = getAssessmentContext(db, c.assessmentId)!
		const r = autosaveAnswer(db, {
			ctx,
			actorId: c.userId,
			baseVersion: ctx.assessment.version,
			criterionId: criteria[n % criteria.length],
			fields: { value: Math.floor(n / criteria.length) % 2 ? 'no' : 'yes', naReason: '' },
		})
		callMs += performance.now() - t
		if (r.ok && !r.conflict && i >= 200) locks.push(lockMs)
	}
	locks.sort((a, b) => a - b)
	closeDb()
	return { median: percentile(locks, 50), p95: percentile(locks, 95), call: callMs / saves }
}
