import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { openDatabase } from '#db/client.server'
import { runMigrations } from '#db/migrate'
import { TESTS_DIR } from './paths'

const ROOT = path.resolve(TESTS_DIR, '..')
const E2E_DIR = path.join(TESTS_DIR, '.tmp-e2e', `run-${process.pid}-${Date.now()}`)

function freePort(): Promise<number> {
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
 * Starts the production build on a demo database, as the README's quick start does, for the
 * browser tests. The build must exist (the test command builds first).
 */
export default async function setup(project: TestProject) {
	if (!fs.existsSync(path.join(ROOT, 'build/index.js'))) {
		execFileSync('npx', ['remix', 'build'], { cwd: ROOT, stdio: 'inherit' })
	}
	fs.rmSync(E2E_DIR, { recursive: true, force: true })
	fs.mkdirSync(E2E_DIR, { recursive: true })
	const dbFile = path.join(E2E_DIR, 'e2e.db')
	const db = openDatabase(dbFile)
	runMigrations(db)
	db.$client.close()

	const port = await freePort()
	const baseURL = `http://localhost:${port}`
	const env = { ...process.env, DATABASE_PATH: dbFile, DATA_DIR: path.join(E2E_DIR, 'data'), PUBLIC_BASE_URL: baseURL }
	// The demo data as `npm run db:seed` writes it, with the server's environment: the seed's
	// approvals issue their signed reports into the server's DATA_DIR, with its signing identity.
	execFileSync('npx', ['tsx', 'scripts/seed.ts'], { cwd: ROOT, env })
	let output = ''
	const child = spawn(process.execPath, ['server.js'], {
		cwd: ROOT,
		env: {
			...env,
			NODE_ENV: 'production',
			PORT: String(port),
			HOST: '127.0.0.1',
			SESSION_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123456',
			// The demo's accounts sign in with a password alone here; tests/e2e/second-factor.test.ts runs a server that requires a code.
			MFA_REQUIRED_ROLES: '',
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	})
	child.stdout!.on('data', (d) => (output += d))
	child.stderr!.on('data', (d) => (output += d))
	await waitForServer(`${baseURL}/login`, child, () => output)
	project.provide('baseURL', baseURL)
	project.provide('e2eDbFile', dbFile)

	return async () => {
		if (child.exitCode === null && child.signalCode === null) {
			const exited = new Promise((r) => child.once('exit', r))
			child.kill('SIGTERM')
			// A server that does not stop on SIGTERM within 10 s is killed.
			const stubborn = setTimeout(() => child.kill('SIGKILL'), 10_000)
			await exited
			clearTimeout(stubborn)
		}
		fs.rmSync(E2E_DIR, { recursive: true, force: true })
	}
}

declare module 'vitest' {
	export interface ProvidedContext {
		baseURL: string
		e2eDbFile: string
	}
}
