import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { openDatabase } from '#db/client.server'
import { runMigrations } from '#db/migrate'
import { TESTS_DIR } from './paths'
import { freePort, startServer } from './server'

const ROOT = path.resolve(TESTS_DIR, '..')
const E2E_DIR = path.join(TESTS_DIR, '.tmp-e2e', `run-${process.pid}-${Date.now()}`)

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
	const server = await startServer({
		port,
		env: {
			...env,
			SESSION_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123456',
			// The demo's accounts sign in with a password alone here; tests/e2e/second-factor.test.ts runs a server that requires a code.
			MFA_REQUIRED_ROLES: '',
		},
	})
	project.provide('baseURL', baseURL)
	project.provide('e2eDbFile', dbFile)

	return async () => {
		await server.stop()
		fs.rmSync(E2E_DIR, { recursive: true, force: true })
	}
}

declare module 'vitest' {
	export interface ProvidedContext {
		baseURL: string
		e2eDbFile: string
	}
}
