// The production server as `npm start` runs it (server/cluster.js, one process per worker) on a
// private copy of the browser suite's database, for the tests of several workers. Which worker holds
// a connection is read from /proc (Linux), so a test can send requests through a chosen worker.
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import Database from 'better-sqlite3'
import { inject, onTestFinished } from 'vitest'

const ROOT = path.resolve(__dirname, '../..')
export const CLUSTER_SECRET = 'cluster-secret-cluster-secret-cluster-0123'

export function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = s.address() as net.AddressInfo
			s.close(() => resolve(port))
		})
	})
}

/** A folder of the test's own with a copy of the browser suite's demo database (a backup: the suite's server has it open). */
export async function privateCopy(name: string) {
	const dir = path.join(path.dirname(inject('e2eDbFile')), `${name}-${process.pid}`)
	fs.rmSync(dir, { recursive: true, force: true })
	fs.mkdirSync(dir, { recursive: true })
	const file = path.join(dir, `${name}.db`)
	await new Database(inject('e2eDbFile')).backup(file)
	return { dir, file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

/** The environment the test process uses to reach the same database as the server (services, factories). */
export function useDatabase(file: string) {
	process.env.DATABASE_PATH = file
	process.env.SESSION_SECRET = CLUSTER_SECRET
	process.env.NODE_ENV = 'production'
}

export type Cluster = {
	primary: ChildProcess
	port: number
	/** Everything the primary and its workers printed so far. */
	output: () => string
	/** Resolves when the output contains `text` (counted from `after` characters in). */
	printed: (text: string, after?: number) => Promise<void>
	workerPids: () => Array<number>
	/** SIGTERM, and waits for the exit (SIGKILL after 20 s). */
	stop: () => Promise<void>
}

/** Starts `server/cluster.js` with `workers` workers and waits for its "listening on" line; it is stopped when the test ends. */
export async function startCluster(opts: {
	workers: number
	database: string
	dataDir: string
	port?: number
	env?: Record<string, string>
}) {
	const port = opts.port ?? (await freePort())
	const primary = spawn(process.execPath, ['server/cluster.js'], {
		cwd: ROOT,
		env: {
			...process.env,
			WEB_CONCURRENCY: String(opts.workers),
			PORT: String(port),
			HOST: '127.0.0.1',
			DATABASE_PATH: opts.database,
			DATA_DIR: opts.dataDir,
			SESSION_SECRET: CLUSTER_SECRET,
			PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
			NODE_ENV: 'production',
			COOKIE_SECURE: 'false',
			...opts.env,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	})
	let output = ''
	const waiters: Array<{ text: string; after: number; resolve: () => void }> = []
	const onData = (d: Buffer) => {
		output += d
		for (const w of waiters.filter((w) => output.indexOf(w.text, w.after) >= 0)) {
			waiters.splice(waiters.indexOf(w), 1)
			w.resolve()
		}
	}
	primary.stdout!.on('data', onData)
	primary.stderr!.on('data', onData)
	const exited = new Promise<void>((r) => primary.once('exit', () => r()))
	const cluster: Cluster = {
		primary,
		port,
		output: () => output,
		printed: (text, after = 0) =>
			new Promise<void>((resolve, reject) => {
				if (output.indexOf(text, after) >= 0) return resolve()
				waiters.push({ text, after, resolve })
				void exited.then(() => reject(new Error(`the server exited before printing "${text}":\n${output}`)))
			}),
		workerPids: () => childrenOf(primary.pid!),
		stop: async () => {
			if (primary.exitCode !== null || primary.signalCode !== null) return
			primary.kill('SIGTERM')
			const stubborn = setTimeout(() => primary.kill('SIGKILL'), 20_000)
			await exited
			clearTimeout(stubborn)
		},
	}
	onTestFinished(async () => {
		if (primary.exitCode === null && primary.signalCode === null) primary.kill('SIGKILL')
		await exited
	})
	await cluster.printed(' listening on ')
	return cluster
}

export function childrenOf(pid: number): Array<number> {
	try {
		return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
	} catch {
		return []
	}
}

/** The server process holding the other end of a loopback connection to `serverPort` from `clientPort`. */
export function ownerOf(serverPort: number, clientPort: number, candidates: ReadonlyArray<number>): number | null {
	const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0')
	const row = fs
		.readFileSync('/proc/net/tcp', 'utf8')
		.split('\n')
		.slice(1)
		.map((l) => l.trim().split(/\s+/))
		.find((f) => f[1]?.endsWith(`:${hex(serverPort)}`) && f[2]?.endsWith(`:${hex(clientPort)}`))
	if (!row) return null
	const socket = `socket:[${row[9]}]`
	for (const pid of candidates) {
		try {
			for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
				try {
					if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === socket) return pid
				} catch {}
			}
		} catch {}
	}
	return null
}

export type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string }

/** A keep-alive connection to the server, answered by one worker for as long as it stays open. */
export class Connection {
	readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
	localPort: number | null = null
	constructor(readonly port: number) {}

	/**
	 * `timeoutMs`: give up on an answer after this long. A connection Node's primary was handing to a
	 * worker at the moment that worker died is never answered (docs/decisions/012).
	 */
	request(
		method: string,
		p: string,
		opts: {
			cookie?: string
			form?: Record<string, string>
			body?: string
			headers?: Record<string, string>
			timeoutMs?: number
		} = {},
	) {
		const body = opts.form ? new URLSearchParams(opts.form).toString() : opts.body
		return new Promise<Reply>((resolve, reject) => {
			const req = http.request(
				{
					host: '127.0.0.1',
					port: this.port,
					path: p,
					method,
					agent: this.agent,
					headers: {
						...(opts.cookie ? { cookie: opts.cookie } : {}),
						...(opts.form
							? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body ?? '')) }
							: {}),
						origin: `http://127.0.0.1:${this.port}`,
						accept: 'application/json',
						...opts.headers,
					},
				},
				(res) => {
					let data = ''
					res.setEncoding('utf8')
					res.on('data', (d) => (data += d))
					res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }))
					res.on('error', reject)
				},
			)
			req.on('socket', (s) => {
				const note = () => (this.localPort = s.localPort ?? null)
				if (s.localPort) note()
				else s.once('connect', note)
			})
			req.on('error', reject)
			if (opts.timeoutMs) req.setTimeout(opts.timeoutMs, () => req.destroy(new Error('no answer in time')))
			req.end(body)
		})
	}

	close() {
		this.agent.destroy()
	}
}

/**
 * One open connection per worker: connections are opened (each with a first request) until every
 * worker holds one. Node's cluster hands new connections to the workers in turn, so this takes a few.
 */
export async function connectionPerWorker(cluster: Cluster): Promise<Map<number, Connection>> {
	const pids = cluster.workerPids()
	const byWorker = new Map<number, Connection>()
	for (let tries = 0; byWorker.size < pids.length && tries < 50; tries++) {
		const c = new Connection(cluster.port)
		await c.request('GET', '/favicon.ico')
		const owner = ownerOf(cluster.port, c.localPort!, pids)
		if (owner !== null && !byWorker.has(owner)) byWorker.set(owner, c)
		else c.close()
	}
	if (byWorker.size < pids.length) throw new Error(`could not reach every worker (${byWorker.size} of ${pids.length})`)
	onTestFinished(() => byWorker.forEach((c) => c.close()))
	return byWorker
}
