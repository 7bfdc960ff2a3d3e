// The autosave benchmark's load generator, run in processes of its own (bench/autosave.ts) so that
// its work is not counted as the server's and its own CPU use can be checked. A closed loop per
// client over one keep-alive connection: the next save goes when the previous one has answered
// (plus a think time, jittered, when paced). HTTP/1.1 is written and read directly on the socket,
// as load generators such as autocannon do: Node's http client costs several times more per
// request than the bare server it is measured against.
//
// Input: the path of a JSON file (port, clients, seconds, thinkMs, bare, portalEvery, seed).
// Output on stdout: one JSON line (latencies in ms, sorted; errors with samples; CPU time used).
import fs from 'node:fs'
import net from 'node:net'

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))
const { port, clients, seconds, thinkMs = 0, bare = false, portalEvery = 0 } = config

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
const PORTAL_PATHS = ['/portal', '/portal/ha-noi', '/api/v1/statistics', '/api/v1/facilities?province=01']

// Seeded (mulberry32, as app/domain/random.ts): the same jitter in every run.
let state = config.seed ?? 1
function random() {
	state = (state + 0x6d2b79f5) | 0
	let t = Math.imul(state ^ (state >>> 15), 1 | state)
	t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** One keep-alive HTTP/1.1 connection that sends a request and reads its answer, one at a time. */
class Connection {
	constructor() {
		this.socket = null
		this.pending = null
		this.buffer = Buffer.alloc(0)
	}

	open() {
		const socket = net.connect({ port, host: '127.0.0.1', noDelay: true })
		this.socket = socket
		this.buffer = Buffer.alloc(0)
		socket.on('data', (d) => {
			if (this.socket !== socket) return
			this.buffer = this.buffer.length ? Buffer.concat([this.buffer, d]) : d
			this.parse()
		})
		const fail = (error) => {
			if (this.socket !== socket) return
			const p = this.pending
			this.pending = null
			this.socket = null
			socket.destroy()
			p?.reject(error)
		}
		socket.on('error', fail)
		socket.on('close', () => fail(new Error('connection closed')))
	}

	request(text) {
		if (!this.socket) this.open()
		return new Promise((resolve, reject) => {
			this.pending = { resolve, reject }
			this.socket.write(text)
		})
	}

	parse() {
		const end = this.buffer.indexOf('\r\n\r\n')
		if (end < 0 || !this.pending) return
		const head = this.buffer.toString('latin1', 0, end)
		const status = Number(head.slice(9, 12))
		const lower = head.toLowerCase()
		const close = lower.includes('\r\nconnection: close')
		let body
		let used
		const length = /\r\ncontent-length: *(\d+)/.exec(lower)
		if (length) {
			used = end + 4 + Number(length[1])
			if (this.buffer.length < used) return
			body = this.buffer.toString('utf8', end + 4, used)
		} else if (lower.includes('\r\ntransfer-encoding: chunked')) {
			const parts = []
			let at = end + 4
			for (;;) {
				const lineEnd = this.buffer.indexOf('\r\n', at)
				if (lineEnd < 0) return
				const size = parseInt(this.buffer.toString('latin1', at, lineEnd), 16)
				if (this.buffer.length < lineEnd + 2 + size + 2) return
				if (size === 0) {
					used = lineEnd + 4
					break
				}
				parts.push(this.buffer.subarray(lineEnd + 2, lineEnd + 2 + size))
				at = lineEnd + 2 + size + 2
			}
			body = Buffer.concat(parts).toString('utf8')
		} else {
			used = end + 4
			body = ''
		}
		this.buffer = this.buffer.subarray(used)
		const p = this.pending
		this.pending = null
		if (close) {
			const socket = this.socket
			this.socket = null
			socket.destroy()
		}
		p.resolve({ status, body })
	}

	destroy() {
		const socket = this.socket
		this.socket = null
		socket?.destroy()
	}
}

const latencies = []
let errors = 0
const errorSamples = []
let portalRequests = 0
function noteError(what) {
	errors++
	if (errorSamples.length < 10) errorSamples.push(what)
}

const cpuStart = process.cpuUsage()
const started = performance.now()
const deadline = started + seconds * 1000

await Promise.all(
	clients.map(async (c, i) => {
		const connection = new Connection()
		let version = c.version ?? 1
		let n = c.counter ?? 0
		if (thinkMs) await sleep(Math.floor((i / clients.length) * thinkMs))
		while (performance.now() < deadline) {
			n++
			const t = performance.now()
			if (portalEvery && n % portalEvery === 0) {
				const path = PORTAL_PATHS[n % PORTAL_PATHS.length]
				try {
					const res = await connection.request(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)
					if (res.status !== 200) noteError(`GET ${path} ${res.status}`)
				} catch (e) {
					noteError(`GET ${path} ${e.message}`)
				}
				latencies.push(performance.now() - t)
				portalRequests++
				if (thinkMs) await sleep(thinkMs * (0.5 + random()))
				continue
			}
			const criterionId = CRITERIA[n % CRITERIA.length]
			const value = Math.floor(n / CRITERIA.length) % 2 ? 'no' : 'yes'
			const body = `criterionId=${encodeURIComponent(criterionId)}&value=${value}&baseVersion=${version}`
			const path = bare ? `/save?assessment=${c.assessmentId}` : `/assessments/${c.assessmentId}/answers`
			try {
				const res = await connection.request(
					`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${c.cookie}\r\nAccept: application/json\r\n` +
						`Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
				)
				let json = null
				try {
					json = JSON.parse(res.body)
				} catch {}
				if (res.status !== 200 || json?.status !== 'saved') noteError(`POST ${res.status} ${res.body.slice(0, 120)}`)
				else version = json.version
			} catch (e) {
				noteError(`POST ${e.message}`)
			}
			latencies.push(performance.now() - t)
			if (thinkMs) await sleep(thinkMs * (0.5 + random()))
		}
		connection.destroy()
		c.version = version
		c.counter = n
	}),
)

const wall = (performance.now() - started) / 1000
const cpu = process.cpuUsage(cpuStart)
latencies.sort((a, b) => a - b)
process.stdout.write(
	JSON.stringify({
		latencies: latencies.map((x) => Math.round(x * 1000) / 1000),
		errors,
		errorSamples,
		portalRequests,
		seconds: wall,
		cpuSeconds: (cpu.user + cpu.system) / 1e6,
		// Where each client left off, so the next run goes on from the same versions.
		clients: clients.map((c) => ({ assessmentId: c.assessmentId, version: c.version, counter: c.counter })),
	}) + '\n',
)
