// Autosave under load (docs/BUDGETS.md: p95 ≤ 50 ms with 200 concurrent clients, 0 errors, RSS ≤ 300 MB).
// Starts the production build on a synthetic database, drives it with a closed-loop load generator
// in this process, and runs the same single-row upsert on a bare node:http + better-sqlite3 server for
// the practical ceiling of this machine.
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { BENCH_DIR, percentile, ROOT, report } from './lib'

const TMP = path.join(BENCH_DIR, '.tmp')
const DB = path.join(TMP, 'autosave.db')
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200)
const DURATION = Number(process.env.BENCH_SECONDS ?? 20)
const SECRET = 'bench-secret-bench-secret-bench-secret-01'
/** The same heap cap as `npm start` (package.json). */
const SERVER_NODE_FLAGS = '--max-old-space-size=256'
process.env.DATABASE_PATH = DB
process.env.SESSION_SECRET = SECRET
process.env.NODE_ENV = 'production'

const { openDatabase, closeDb } = await import('../db/client.server')
const { runMigrations } = await import('../db/migrate')
const { insertProvinces } = await import('~/services/demo-seed.server')
const { insertFacility, insertUser } = await import('#tests/factories')
const { importCatalog } = await import('../app/services/catalogs.server')
const { createCampaign, openCampaign } = await import('../app/services/campaigns.server')
const { createSession } = await import('../app/services/session.server')
const { commitSessionToken } = await import('../app/utils/auth.server')
const { hashPassword } = await import('~/services/passwords.server')
const { latestCatalogs, loadAllCatalogFiles } = await import('../scripts/catalog-validate')
const { schema } = await import('../db/client.server')

async function buildDatabase() {
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
	for (let i = 0; i < CLIENTS; i++) {
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
	const assessments = db.select({ id: schema.assessments.id, facilityId: schema.assessments.facilityId }).from(schema.assessments).all()
	db.$client.close()
	const clients = []
	for (let i = 0; i < CLIENTS; i++) {
		const token = createSession(editors[i], { ip: '127.0.0.1', userAgent: 'bench' })
		clients.push({ cookie: (await commitSessionToken(token)).split(';')[0], assessmentId: assessments[i].id })
	}
	closeDb()
	return clients
}

function rssSampler(pid: number) {
	const samples: Array<number> = []
	const timer = setInterval(() => {
		try {
			const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
			if (m) samples.push(Number(m[1]) / 1024)
		} catch {}
	}, 500)
	return { stop: () => (clearInterval(timer), samples) }
}

async function start(cmd: Array<string>, env: Record<string, string>, port: number): Promise<ChildProcess> {
	const child = spawn(process.execPath, cmd, {
		cwd: ROOT,
		env: { ...process.env, ...env, PORT: String(port) },
		stdio: ['ignore', 'pipe', 'pipe'],
	})
	let out = ''
	child.stdout!.on('data', (d) => (out += d))
	child.stderr!.on('data', (d) => (out += d))
	for (let i = 0; i < 100; i++) {
		try {
			await fetch(`http://127.0.0.1:${port}/`)
			return child
		} catch {
			await new Promise((r) => setTimeout(r, 100))
		}
	}
	child.kill('SIGKILL')
	throw new Error(`server did not start:\n${out}`)
}

const CRITERIA = [
	'EMRAM.S1.lab',
	'EMRAM.S1.rad',
	'EMRAM.S1.pharmacy',
	'EMRAM.S2.cdr',
	'EMRAM.S2.cmv',
	'EMRAM.S2.cdss',
	'EMRAM.S4.cpoe',
	'INV.CONN.cashless',
]

type Run = { latencies: Array<number>; errors: number; requests: number; seconds: number }

/**
 * A closed-loop load generator: one loop per client, each sending its next save when the previous
 * one has answered (plus `thinkMs`, jittered, when paced). Every client tracks its own assessment
 * version from the answers, exactly as the browser does.
 */
async function load(
	port: number,
	clients: Array<{ cookie: string; assessmentId: number }>,
	bare: boolean,
	thinkMs = 0,
	mixPortal = false,
): Promise<Run> {
	const latencies: Array<number> = []
	let errors = 0
	const started = performance.now()
	const deadline = started + DURATION * 1000
	const agent = new http.Agent({ keepAlive: true, maxSockets: clients.length })
	await Promise.all(
		clients.map(async (c, i) => {
			let version = versions.get(c.assessmentId) ?? 1
			let n = counters.get(c.assessmentId) ?? 0
			if (thinkMs) await sleep(Math.floor((i / clients.length) * thinkMs))
			while (performance.now() < deadline) {
				const criterionId = CRITERIA[n % CRITERIA.length]
				const value = Math.floor(n / CRITERIA.length) % 2 ? 'no' : 'yes'
				n++
				const t = performance.now()
				// The soak mixes public readers in: every fourth request is a portal page or the API.
				if (mixPortal && n % 4 === 0) {
					try {
						const res = await getPage(agent, port, PORTAL_PATHS[n % PORTAL_PATHS.length])
						if (res.status !== 200) errors += noteError(`GET ${res.status}`)
					} catch (e) {
						errors += noteError(`GET ${(e as Error).message}`)
					}
					latencies.push(performance.now() - t)
					portalRequests++
					if (thinkMs) await sleep(thinkMs * (0.5 + Math.random()))
					continue
				}
				try {
					const res = await post(
						agent,
						port,
						bare ? `/save?assessment=${c.assessmentId}` : `/assessments/${c.assessmentId}/answers`,
						c.cookie,
						new URLSearchParams({ criterionId, value, baseVersion: String(version) }).toString(),
					)
					const json = JSON.parse(res.body) as { status: string; version: number }
					if (res.status !== 200 || json.status !== 'saved') errors += noteError(`POST ${res.status} ${res.body.slice(0, 120)}`)
					else version = json.version
				} catch (e) {
					errors += noteError(`POST ${(e as Error).message}`)
				}
				latencies.push(performance.now() - t)
				if (thinkMs) await sleep(thinkMs * (0.5 + Math.random()))
			}
			versions.set(c.assessmentId, version)
			counters.set(c.assessmentId, n)
		}),
	)
	agent.destroy()
	latencies.sort((x, y) => x - y)
	return { latencies, errors, requests: latencies.length, seconds: (performance.now() - started) / 1000 }
}

function post(agent: http.Agent, port: number, path: string, cookie: string, body: string): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				host: '127.0.0.1',
				port,
				path,
				method: 'POST',
				agent,
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': Buffer.byteLength(body),
					cookie,
					accept: 'application/json',
				},
			},
			(res) => {
				let data = ''
				res.setEncoding('utf8')
				res.on('data', (d) => (data += d))
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }))
			},
		)
		req.on('error', reject)
		req.end(body)
	})
}

/** Keeps the first few errors so a failing run says what failed. */
const errorSamples: Array<string> = []
function noteError(what: string) {
	if (errorSamples.length < 10) errorSamples.push(what)
	return 1
}

const PORTAL_PATHS = ['/portal', '/portal/ha-noi', '/api/v1/statistics', '/api/v1/facilities?province=01']
let portalRequests = 0

function getPage(agent: http.Agent, port: number, path: string): Promise<{ status: number }> {
	return new Promise((resolve, reject) => {
		http
			.get({ host: '127.0.0.1', port, path, agent }, (res) => {
				res.resume()
				res.on('end', () => resolve({ status: res.statusCode ?? 0 }))
			})
			.on('error', reject)
	})
}

const versions = new Map<number, number>()
const counters = new Map<number, number>()
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const clients = await buildDatabase()
const app = await start(
	[
		...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=bench/.prof'] : []),
		...(process.env.BENCH_NODE_FLAGS ?? SERVER_NODE_FLAGS).split(' ').filter(Boolean),
		'server.js',
	],
	{ NODE_ENV: 'production', DATABASE_PATH: DB, SESSION_SECRET: SECRET, HOST: '127.0.0.1' },
	3901,
)
const rss = rssSampler(app.pid!)
if (process.env.BENCH_MODE === 'soak') {
	// Soak: the same 200 clients, each acting about once a second, for DURATION seconds (default 300).
	const soak = await load(3901, clients, false, 1000, true)
	const memory = rss.stop()
	app.kill('SIGTERM')
	const perSecond = 2 // samples are taken every 500 ms
	const first = memory.slice(0, 60 * perSecond)
	const last = memory.slice(-60 * perSecond)
	const avg = (xs: Array<number>) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)
	report('soak', [
		{
			name: 'soak requests (saves and portal reads)',
			value: soak.requests,
			unit: '',
			note: `${CLIENTS} clients, ${DURATION} s, ${portalRequests} portal reads`,
		},
		{ name: 'soak errors', value: soak.errors, unit: '', budget: { op: '<=', value: 0 } },
		{ name: 'soak p95', value: percentile(soak.latencies, 95), unit: 'ms', budget: { op: '<=', value: 50 } },
		{ name: 'soak RSS, first minute (mean)', value: avg(first), unit: 'MB' },
		{ name: 'soak RSS, last minute (mean)', value: avg(last), unit: 'MB', note: 'flat: within 10 % of the first minute' },
		{
			name: 'soak RSS growth, last vs first minute',
			value: ((avg(last) - avg(first)) / avg(first)) * 100,
			unit: '%',
			budget: { op: '<=', value: 10 },
		},
		{ name: 'soak RSS peak', value: Math.max(...memory), unit: 'MB', budget: { op: '<=', value: 300 } },
	])
	if (errorSamples.length) console.log(`first errors: ${errorSamples.join(' | ')}`)
	process.exit(0)
}
// Saturation: every client saves again the moment its previous save returns (no think time).
const ours = await load(3901, clients, false)
// Paced: the same 200 clients, each saving about once a second, as people filling a form do.
const paced = await load(3901, clients, false, 1000)
const samples = rss.stop()
app.kill('SIGTERM')
const bare = await start(['bench/bare-server.js'], { BARE_DB: path.join(TMP, 'bare.db') }, 3902)
const limit = await load(3902, clients, true)
bare.kill('SIGTERM')

const errors = ours.errors + paced.errors
const p = (r: Run, q: number) => percentile(r.latencies, q)
report('autosave', [
	{ name: 'autosave paced p50', value: p(paced, 50), unit: 'ms', note: `${CLIENTS} clients × ~1 save/s, ${DURATION} s` },
	{ name: 'autosave paced p95', value: p(paced, 95), unit: 'ms', budget: { op: '<=', value: 50 } },
	{ name: 'autosave paced p99', value: p(paced, 99), unit: 'ms' },
	{ name: 'autosave paced throughput', value: paced.requests / paced.seconds, unit: 'req/s' },
	{ name: 'autosave saturated p50', value: p(ours, 50), unit: 'ms', note: `${CLIENTS} clients, no think time` },
	{ name: 'autosave saturated p95', value: p(ours, 95), unit: 'ms' },
	{ name: 'autosave saturated p99', value: p(ours, 99), unit: 'ms' },
	{ name: 'autosave saturated throughput', value: ours.requests / ours.seconds, unit: 'req/s' },
	{ name: 'autosave errors (non-2xx, refused, network)', value: errors, unit: '', budget: { op: '<=', value: 0 } },
	{ name: 'server RSS peak under autosave load', value: Math.max(...samples), unit: 'MB', budget: { op: '<=', value: 300 } },
	{ name: 'bare node:http + better-sqlite3 upsert p50', value: p(limit, 50), unit: 'ms', note: `${CLIENTS} clients, no think time` },
	{ name: 'bare upsert p95', value: p(limit, 95), unit: 'ms' },
	{ name: 'bare upsert throughput', value: limit.requests / limit.seconds, unit: 'req/s' },
	{ name: 'throughput ratio (bare / ours, saturated)', value: limit.requests / limit.seconds / (ours.requests / ours.seconds), unit: '×' },
])
