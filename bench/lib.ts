// Shared by the benchmarks: seeded randomness, percentiles, the results file.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url))
export const ROOT = path.resolve(BENCH_DIR, '..')

export { seeded } from '../app/domain/random'

export function percentile(sorted: ReadonlyArray<number>, p: number) {
	if (!sorted.length) return NaN
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

export type Figure = { name: string; value: number; unit: string; budget?: { op: '<=' | '>='; value: number }; note?: string }

export function pass(f: Figure) {
	if (!f.budget) return null
	return f.budget.op === '<=' ? f.value <= f.budget.value : f.value >= f.budget.value
}

/** Merges figures into bench/results.json (one entry per figure name) and prints them as a table. */
export function report(suite: string, figures: Array<Figure>) {
	const file = path.join(BENCH_DIR, 'results.json')
	const previous = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { figures: [] }
	const others = (previous.figures as Array<Figure & { suite: string }>).filter((f) => f.suite !== suite)
	const results = {
		machine: {
			cpus: os.cpus().length,
			model: os.cpus()[0]?.model,
			memoryGiB: Math.round(os.totalmem() / 2 ** 30),
			node: process.version,
			platform: `${os.platform()} ${os.release()}`,
		},
		updatedAt: new Date().toISOString(),
		figures: [...others, ...figures.map((f) => ({ suite, ...f, pass: pass(f) }))],
	}
	fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n')
	const rows = figures.map((f) => [
		f.name,
		`${round(f.value)} ${f.unit}`,
		f.budget ? `${f.budget.op} ${f.budget.value} ${f.unit}` : '',
		pass(f) === null ? '' : pass(f) ? 'pass' : 'FAIL',
		f.note ?? '',
	])
	const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((r) => r[i].length), 6))
	console.log(`\n${suite}`)
	for (const r of rows) console.log('  ' + r.map((c, i) => c.padEnd(widths[i])).join('  '))
}

function round(v: number) {
	return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 100) / 100
}

export const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret-01'

/**
 * A fresh copy of the data set at `source` as bench/.tmp/<name>.db, and this process's environment
 * pointed at it as the server's is (production, the bench secret): call it before importing the
 * app's modules, which read the environment once. Without the data set, says `missing` and exits.
 */
export function workOnCopyOf(source: string, name: string, missing: string) {
	if (!fs.existsSync(source)) {
		console.error(missing)
		process.exit(1)
	}
	const tmp = path.join(BENCH_DIR, '.tmp')
	const file = path.join(tmp, `${name}.db`)
	fs.mkdirSync(tmp, { recursive: true })
	for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
	fs.copyFileSync(source, file)
	process.env.DATABASE_PATH = file
	process.env.SESSION_SECRET = BENCH_SECRET
	process.env.NODE_ENV = 'production'
	return file
}

/** The session cookie of `userId`, signed in from loopback (after `workOnCopyOf`: the session modules read the environment). */
export async function sessionCookie(userId: number) {
	const { createSession } = await import('../app/services/session.server')
	const { commitSessionToken } = await import('../app/utils/auth.server')
	return (await commitSessionToken(createSession(userId, { ip: '127.0.0.1', userAgent: 'bench' }))).split(';')[0]
}

/**
 * The production server (`npm start`'s heap cap) on a benchmark database, answering on loopback
 * before this resolves. No scheduled reminders: they would add work nobody asked for; no second
 * factor required (docs/decisions/016).
 */
export async function startAppServer(opts: {
	port: number
	database: string
	dataDir: string
	env?: Record<string, string>
	/** Another checkout's build to serve (bench/storage.ts compares with the code before a change). */
	root?: string
}) {
	const { spawn } = await import('node:child_process')
	const base = `http://localhost:${opts.port}`
	const server = spawn(process.execPath, ['--max-old-space-size=256', 'server.js'], {
		cwd: opts.root ?? ROOT,
		env: {
			...process.env,
			NODE_ENV: 'production',
			PORT: String(opts.port),
			HOST: '127.0.0.1',
			DATABASE_PATH: opts.database,
			DATA_DIR: opts.dataDir,
			SESSION_SECRET: BENCH_SECRET,
			PUBLIC_BASE_URL: base,
			REMINDER_DAYS_BEFORE: '',
			// Benchmarks sign their admins and evaluators in with a session of their own; the second
			// factor they would otherwise be sent to enrol first is measured nowhere here.
			MFA_REQUIRED_ROLES: '',
			...opts.env,
		},
		stdio: 'ignore',
	})
	// A benchmark that throws half-way must not leave its server running (and holding memory).
	process.once('exit', () => server.kill('SIGKILL'))
	for (let i = 0; i < 150; i++) {
		try {
			await fetch(`${base}/login`)
			return { server, base }
		} catch {
			await new Promise((r) => setTimeout(r, 100))
		}
	}
	server.kill('SIGKILL')
	throw new Error(`the server on port ${opts.port} did not start`)
}
