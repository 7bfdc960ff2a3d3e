// Request bodies are limited while they stream, by route, before anything parses them
// (docs/SECURITY.md, finding 4), on a server started as `npm start` starts it: production, old
// generation capped at 256 MB. Each test starts its own server on a private copy of the demo data.
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import Database from 'better-sqlite3'
import { expect, inject, onTestFinished, test } from 'vitest'
import { DEMO_PASSWORD } from '~/services/demo-seed.server'

const ROOT = path.resolve(__dirname, '../..')
const MB = 1024 * 1024

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = s.address() as net.AddressInfo
			s.close(() => resolve(port))
		})
	})
}

/** The start command's own arguments (package.json "start"), on a copy of the suite's demo database. */
async function startServer() {
	const dir = path.join(path.dirname(inject('e2eDbFile')), `limits-${process.pid}-${Date.now()}`)
	fs.mkdirSync(dir, { recursive: true })
	const file = path.join(dir, 'limits.db')
	await new Database(inject('e2eDbFile')).backup(file)
	const port = await freePort()
	const start = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.start as string
	const heapCap = /--max-old-space-size=\d+/.exec(start)?.[0]
	expect(heapCap).toBe('--max-old-space-size=256')
	const child: ChildProcess = spawn(process.execPath, [heapCap!, 'server.js'], {
		cwd: ROOT,
		env: {
			...process.env,
			NODE_ENV: 'production',
			SESSION_SECRET: 'limits-secret-limits-secret-limits-secret-01',
			DATABASE_PATH: file,
			DATA_DIR: path.join(dir, 'data'),
			PORT: String(port),
			HOST: '127.0.0.1',
			PUBLIC_BASE_URL: `http://localhost:${port}`,
			SMTP_URL: '',
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	})
	let output = ''
	child.stderr!.on('data', (d) => (output += d))
	await new Promise<void>((resolve, reject) => {
		child.stdout!.on('data', (d) => {
			output += d
			if (output.includes('listening on')) resolve()
		})
		child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)))
	})
	onTestFinished(async () => {
		if (child.exitCode === null && child.signalCode === null) {
			const exited = new Promise((r) => child.once('exit', r))
			child.kill('SIGKILL')
			await exited
		}
		fs.rmSync(dir, { recursive: true, force: true })
	})
	return { port, base: `http://127.0.0.1:${port}`, child, log: () => output }
}

type Answer = { status: number; body: string; sentWhenAnswered: number; connection: string | undefined }

/**
 * Posts `total` bytes in 64 KB pieces (chunked unless `declare`), as fast as the server takes them,
 * and stops sending when the answer arrives. Resolves with the answer and how much had been sent.
 */
function streamPost(
	port: number,
	pathname: string,
	opts: { total: number; declare: boolean; headers?: Record<string, string>; agent?: http.Agent; prefix?: string },
): Promise<Answer> {
	return new Promise((resolve, reject) => {
		let sent = 0
		let answered: Answer | null = null
		const req = http.request({
			host: '127.0.0.1',
			port,
			path: pathname,
			method: 'POST',
			agent: opts.agent,
			headers: {
				origin: `http://127.0.0.1:${port}`,
				'content-type': 'application/x-www-form-urlencoded',
				...(opts.declare ? { 'content-length': String(opts.total) } : {}),
				...opts.headers,
			},
		})
		req.on('response', (res) => {
			answered = { status: res.statusCode ?? 0, body: '', sentWhenAnswered: sent, connection: res.headers.connection }
			res.setEncoding('utf8')
			res.on('data', (d) => (answered!.body += d))
			res.on('end', () => resolve(answered!))
		})
		// The server may close the connection once it has answered and read enough: not an error here.
		req.on('error', (error) => (answered ? undefined : reject(error)))
		const piece = Buffer.alloc(64 * 1024, 'a')
		const prefix = Buffer.from(opts.prefix ?? 'email=a%40b.vn&password=')
		const pump = () => {
			while (!answered && sent < opts.total && !req.destroyed) {
				const first = sent === 0 ? Buffer.concat([prefix, piece]).subarray(0, piece.length) : piece
				const chunk = first.subarray(0, Math.min(first.length, opts.total - sent))
				sent += chunk.length
				if (!req.write(chunk)) return void req.once('drain', pump)
			}
			if (!answered && sent >= opts.total) req.end()
		}
		pump()
	})
}

async function signInCookie(base: string, email: string) {
	const res = await fetch(`${base}/login`, {
		method: 'POST',
		headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
		redirect: 'manual',
	})
	expect(res.status).toBe(302)
	return (res.headers.get('set-cookie') ?? '').split(';')[0]
}

test('a 50 MB chunked POST to /login is refused with 413 after a few kilobytes, and the server goes on answering', async () => {
	const server = await startServer()
	const answer = await streamPost(server.port, '/login', { total: 50 * MB, declare: false })
	expect(answer.status).toBe(413)
	expect(answer.body).toContain('Request too large')
	expect(answer.sentWhenAnswered).toBeLessThan(50 * MB)
	const after = await fetch(`${server.base}/login`)
	expect(after.status).toBe(200)
	expect(server.child.exitCode).toBeNull()
})

test('ten 50 MB POSTs at once, declared or not, are all refused (413, or the connection closed once the limit is passed) and the server survives them', async () => {
	const server = await startServer()
	const answers = await Promise.all(
		Array.from({ length: 10 }, (_, i) =>
			streamPost(server.port, i % 2 ? '/login' : '/lang', { total: 50 * MB, declare: i % 4 < 2 }).catch((e: Error) => e),
		),
	)
	// A client still writing when the server answers and closes may see its write fail (EPIPE, reset)
	// before it reads the 413; either way nothing past the limit was taken and nothing else answered.
	for (const a of answers)
		expect(String(a instanceof Error ? (a as NodeJS.ErrnoException).code : a.status)).toMatch(/^(413|EPIPE|ECONNRESET)$/)
	expect((await fetch(`${server.base}/login`)).status).toBe(200)
	expect(server.child.exitCode).toBeNull()
})

test('a 60 MB evidence upload is answered 413 with the page’s own message before it is read whole, and the connection is closed', async () => {
	const server = await startServer()
	const cookie = await signInCookie(server.base, 'cntt.xanhpon@demo.vn')
	const overview = await (await fetch(`${server.base}/assessments`, { headers: { cookie } })).text()
	const assessment = /href="\/assessments\/(\d+)"/.exec(overview)?.[1]
	expect(assessment).toBeTruthy()
	const page = await (await fetch(`${server.base}/assessments/${assessment}`, { headers: { cookie } })).text()
	const formPage = new RegExp(`href="(/assessments/${assessment}/[^/"]+/[^/"]+)"`).exec(page)?.[1]
	expect(formPage).toBeTruthy()
	const answer = await streamPost(server.port, formPage!, {
		total: 60 * MB,
		declare: true,
		headers: { cookie, 'content-type': 'multipart/form-data; boundary=x' },
	})
	expect(answer.status).toBe(413)
	expect(answer.sentWhenAnswered).toBeLessThan(60 * MB)
	expect(answer.connection).toBe('close')
	expect((await fetch(`${server.base}/login`)).status).toBe(200)
})

test('after a 413 for a slightly oversized form, the same connection serves the next request', async () => {
	const server = await startServer()
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
	onTestFinished(() => agent.destroy())
	const refused = await streamPost(server.port, '/login', { total: 40 * 1024, declare: true, agent })
	expect(refused.status).toBe(413)
	expect(refused.connection).not.toBe('close')
	const next = await new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
		const req = http.get({ host: '127.0.0.1', port: server.port, path: '/login', agent }, (res) => {
			res.resume()
			res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }))
		})
		req.on('error', reject)
	})
	expect(next).toEqual({ status: 200, reused: true })
})

test('a form within its limit still works: signing in with an ordinary body', async () => {
	const server = await startServer()
	expect(await signInCookie(server.base, 'cntt.xanhpon@demo.vn')).toMatch(/^__session=/)
})
