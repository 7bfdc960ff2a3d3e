// A production server of a test file's own, for the browser tests that need the server configured
// otherwise than the suite's (a second factor required, an SMTP server, a signing identity): a folder
// of its own beside the suite's database, a free port, and by default a copy of the demo database.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { inject } from 'vitest'
import { freePort, startServer } from '#tests/setup/server'

export type OwnServerEnv = NodeJS.ProcessEnv & { DATABASE_PATH: string; DATA_DIR: string; PUBLIC_BASE_URL: string }

/**
 * Starts the server under `name` (its folder, database file and session secret) with `env` added.
 * `prepare` makes the database at `env.DATABASE_PATH` itself; without it the database is a copy of
 * the suite's demo database (a backup: the suite's server has it open). `stop()` stops the server
 * and removes the folder.
 */
export async function startOwnServer(opts: { name: string; env?: Record<string, string>; prepare?: (env: OwnServerEnv) => Promise<void> }) {
	const dir = path.join(path.dirname(inject('e2eDbFile')), `${opts.name}-${process.pid}-${Date.now()}`)
	fs.mkdirSync(dir, { recursive: true })
	const port = await freePort()
	const baseURL = `http://localhost:${port}`
	const env: OwnServerEnv = {
		...process.env,
		DATABASE_PATH: path.join(dir, `${opts.name}.db`),
		DATA_DIR: path.join(dir, 'data'),
		PUBLIC_BASE_URL: baseURL,
		...opts.env,
	}
	const remove = () => fs.rmSync(dir, { recursive: true, force: true })
	try {
		if (opts.prepare) await opts.prepare(env)
		else await new Database(inject('e2eDbFile')).backup(env.DATABASE_PATH)
		const server = await startServer({
			port,
			env: { ...env, SESSION_SECRET: `${opts.name}-secret-`.repeat(4).slice(0, 42) },
		})
		return {
			baseURL,
			dir,
			stop: async () => {
				await server.stop()
				remove()
			},
		}
	} catch (e) {
		remove()
		throw e
	}
}
