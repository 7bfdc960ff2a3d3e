// The start commands as the README gives them (docs/SECURITY.md, finding 8): `npm start` is
// production (no built-in session secret, Secure cookies, no stack traces), and `npm run demo`
// brings a secret of its own, kept under DATA_DIR across restarts.
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import Database from 'better-sqlite3'
import { expect, inject, onTestFinished, test } from 'vitest'
import { DEMO_PASSWORD } from '~/services/demo-seed.server'

const ROOT = path.resolve(__dirname, '../..')

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = s.address() as net.AddressInfo
			s.close(() => resolve(port))
		})
	})
}

/** A private copy of the suite's demo database, in a folder removed when the test ends. */
async function privateCopy() {
	const dir = path.join(path.dirname(inject('e2eDbFile')), `start-${process.pid}-${Date.now()}`)
	fs.mkdirSync(dir, { recursive: true })
	const file = path.join(dir, 'start.db')
	await new Database(inject('e2eDbFile')).backup(file)
	onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }))
	return { dir, file }
}

/** This process's environment without the suite's mode and secret, as a fresh shell would have it. */
function withoutSecrets(): Record<string, string | undefined> {
	const { NODE_ENV: _mode, SESSION_SECRET: _secret, ...rest } = process.env
	return rest
}

/** Runs an npm script or a command in its own process group (so stopping it stops npm's child too). */
function run(command: string, args: Array<string>, env: Record<string, string | undefined>) {
	const child: ChildProcess = spawn(command, args, {
		cwd: ROOT,
		env: { ...withoutSecrets(), SMTP_URL: '', ...env } as unknown as NodeJS.ProcessEnv,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	})
	let output = ''
	child.stdout!.on('data', (d) => (output += d))
	child.stderr!.on('data', (d) => (output += d))
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			process.kill(-child.pid!, 'SIGKILL')
			await exited
		}
	}
	onTestFinished(stop)
	const listening = new Promise<void>((resolve, reject) => {
		child.stdout!.on('data', () => output.includes('listening on') && resolve())
		void exited.then((code) => reject(new Error(`exited with ${code}:\n${output}`)))
	})
	// Awaited only by the tests that expect the server up; an exit is their failure, nobody else's.
	listening.catch(() => {})
	return { child, exited, listening, stop, output: () => output }
}

async function signIn(base: string) {
	const res = await fetch(`${base}/login`, {
		method: 'POST',
		headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email: 'cntt.xanhpon@demo.vn', password: DEMO_PASSWORD }),
		redirect: 'manual',
	})
	return { status: res.status, setCookie: res.headers.get('set-cookie') ?? '' }
}

test('npm start without SESSION_SECRET refuses to start, naming the variable', async () => {
	const { dir, file } = await privateCopy()
	const port = await freePort()
	const server = run('npm', ['start'], { DATABASE_PATH: file, DATA_DIR: path.join(dir, 'data'), PORT: String(port) })
	expect(await server.exited).not.toBe(0)
	expect(server.output()).toContain('SESSION_SECRET is required in production')
})

test('npm start with a secret serves in production mode: Secure session cookie, no stack trace', async () => {
	const { dir, file } = await privateCopy()
	const port = await freePort()
	const base = `http://localhost:${port}`
	const server = run('npm', ['start'], {
		DATABASE_PATH: file,
		DATA_DIR: path.join(dir, 'data'),
		PORT: String(port),
		SESSION_SECRET: 'start-secret-start-secret-start-secret-0001',
		PUBLIC_BASE_URL: base,
	})
	await server.listening
	const signedIn = await signIn(base)
	expect(signedIn.status).toBe(302)
	expect(signedIn.setCookie).toMatch(/;\s*Secure/i)
	const broken = await fetch(`${base}/login?redirectTo=${encodeURIComponent('/\r\n')}`, { redirect: 'manual' })
	expect(broken.status).toBeLessThan(500)
})

test('the demo command makes a secret of its own under DATA_DIR, keeps it across restarts, and says it is a demo', async () => {
	const { dir, file } = await privateCopy()
	const port = await freePort()
	const base = `http://localhost:${port}`
	const env = { DATABASE_PATH: file, DATA_DIR: path.join(dir, 'data'), PORT: String(port), PUBLIC_BASE_URL: base }
	const first = run('npx', ['tsx', 'scripts/demo.ts'], env)
	await first.listening
	expect(first.output()).toContain('DEMO')
	const secretFile = path.join(dir, 'data', 'demo-session-secret')
	expect(fs.statSync(secretFile).mode & 0o777).toBe(0o600)
	expect(fs.readFileSync(secretFile, 'utf8').trim().length).toBeGreaterThanOrEqual(32)
	const signedIn = await signIn(base)
	expect(signedIn.status).toBe(302)
	// Plain http on this machine: the cookie is not Secure, so a browser sends it back.
	expect(signedIn.setCookie).not.toMatch(/;\s*Secure/i)
	const cookie = signedIn.setCookie.split(';')[0]
	await first.stop()

	const second = run('npx', ['tsx', 'scripts/demo.ts'], env)
	await second.listening
	const dashboard = await fetch(`${base}/dashboard`, { headers: { cookie }, redirect: 'manual' })
	expect(dashboard.status).toBe(200)
})
