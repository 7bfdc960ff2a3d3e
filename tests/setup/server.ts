// The production server (`server.js`) as a child process on loopback, for the browser suite's
// global setup and the browser tests that need a server of their own (tests/e2e/own-server.ts).
import { type ChildProcess, spawn } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { TESTS_DIR } from './paths'

const ROOT = path.resolve(TESTS_DIR, '..')

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer()
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo
			srv.close(() => resolve(port))
		})
		srv.on('error', reject)
	})
}

async function waitForServer(url: string, child: ChildProcess, log: () => string) {
	const deadline = Date.now() + 60_000
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`server exited early:\n${log()}`)
		try {
			const res = await fetch(url, { redirect: 'manual' })
			if (res.status < 500) return
		} catch {}
		await new Promise((r) => setTimeout(r, 200))
	}
	throw new Error(`server did not answer within 60 s:\n${log()}`)
}

/**
 * Starts `server.js` in production mode on `port` with `env` (the database, data folder, secret and
 * anything else the caller sets) and waits until its sign-in page answers. `stop()` sends SIGTERM
 * and waits for the exit; a server that does not stop within 10 s is killed.
 */
export async function startServer(opts: { port: number; env: NodeJS.ProcessEnv }) {
	let output = ''
	const child = spawn(process.execPath, ['server.js'], {
		cwd: ROOT,
		env: { ...opts.env, NODE_ENV: 'production', PORT: String(opts.port), HOST: '127.0.0.1' },
		stdio: ['ignore', 'pipe', 'pipe'],
	})
	child.stdout!.on('data', (d) => (output += d))
	child.stderr!.on('data', (d) => (output += d))
	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return
		const exited = new Promise((r) => child.once('exit', r))
		child.kill('SIGTERM')
		const stubborn = setTimeout(() => child.kill('SIGKILL'), 10_000)
		await exited
		clearTimeout(stubborn)
	}
	try {
		await waitForServer(`http://127.0.0.1:${opts.port}/login`, child, () => output)
	} catch (e) {
		await stop()
		throw e
	}
	return { child, output: () => output, stop }
}
