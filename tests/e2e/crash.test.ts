// Crash durability: the real server is killed with SIGKILL at seeded random moments while clients
// autosave; after every restart, every save the server acknowledged must still be there.
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import Database from 'better-sqlite3'
import { expect, inject, onTestFinished, test } from 'vitest'
import { seeded } from '~/domain/random'

const ROOT = path.resolve(__dirname, '../..')
const SECRET = 'crash-secret-crash-secret-crash-secret-0123'
const KILLS = 20
/** The seed of the kill schedule (app/domain/random.ts): every run kills at the same points. */
const KILL_SEED = 14
const CRITERIA = ['EMRAM.S1.lab', 'EMRAM.S1.rad', 'EMRAM.S1.pharmacy', 'EMRAM.S2.cdr', 'EMRAM.S2.cmv', 'EMRAM.S2.cdss']

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = s.address() as net.AddressInfo
			s.close(() => resolve(port))
		})
	})
}

function post(port: number, p: string, cookie: string, body: string): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				host: '127.0.0.1',
				port,
				path: p,
				method: 'POST',
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': Buffer.byteLength(body),
					cookie,
					accept: 'application/json',
				},
			},
			(res) => {
				let data = ''
				res.on('data', (d) => (data += d))
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }))
				res.on('error', reject)
			},
		)
		req.on('error', reject)
		req.end(body)
	})
}

test(`every acknowledged save survives ${KILLS} SIGKILLs of the server, and the database stays intact`, async () => {
	// A private copy of the demo database (with a backup, since the e2e server has it open).
	const dir = path.join(path.dirname(inject('e2eDbFile')), `crash-${process.pid}`)
	fs.mkdirSync(dir, { recursive: true })
	const file = path.join(dir, 'crash.db')
	await new Database(inject('e2eDbFile')).backup(file)
	process.env.DATABASE_PATH = file
	process.env.SESSION_SECRET = SECRET
	process.env.NODE_ENV = 'production'
	const { getDb, schema, closeDb } = await import('#db/client.server')
	const { insertUser } = await import('#tests/factories')
	const { createSession } = await import('~/services/session.server')
	const { commitSessionToken } = await import('~/utils/auth.server')
	const { eq, and } = await import('drizzle-orm')
	// Four hospitals no other test touches, each with its own editor, in the open demo round.
	const { DEMO_CAMPAIGN_TITLE } = await import('~/services/demo-seed.server')
	const campaign = getDb().select().from(schema.campaigns).where(eq(schema.campaigns.title, DEMO_CAMPAIGN_TITLE)).get()!
	const facilities = getDb().select().from(schema.facilities).where(eq(schema.facilities.provinceCode, '92')).all().slice(0, 4)
	const clients: Array<{ cookie: string; assessmentId: number }> = []
	for (const f of facilities) {
		const user = await insertUser(getDb(), { grants: [{ role: 'facility_editor', scopeKind: 'facility', facilityId: f.id }] })
		const a = getDb()
			.select()
			.from(schema.assessments)
			.where(and(eq(schema.assessments.campaignId, campaign.id), eq(schema.assessments.facilityId, f.id)))
			.get()!
		clients.push({
			cookie: (await commitSessionToken(createSession(user.id, { ip: null, userAgent: 'crash' }))).split(';')[0],
			assessmentId: a.id,
		})
	}
	getDb().$client.pragma('wal_checkpoint(TRUNCATE)')
	closeDb()

	const port = await freePort()
	let server: ChildProcess | null = null
	let stop = false
	// Whatever happens to the test, its clients stop and its server does not outlive it.
	onTestFinished(() => {
		stop = true
		server?.kill('SIGKILL')
	})
	// Clients that find the server down wait for this, renewed at every kill and settled once the server is back.
	let serverUp: Promise<void> = Promise.resolve()
	const start = () =>
		new Promise<void>((resolve, reject) => {
			const child = spawn(process.execPath, ['server.js'], {
				cwd: ROOT,
				env: {
					...process.env,
					PORT: String(port),
					HOST: '127.0.0.1',
					DATABASE_PATH: file,
					DATA_DIR: dir,
					SESSION_SECRET: SECRET,
					NODE_ENV: 'production',
				},
				stdio: ['ignore', 'pipe', 'ignore'],
			})
			server = child
			let output = ''
			child.stdout!.on('data', (d) => {
				output += d
				if (output.includes(' listening on ')) resolve()
			})
			child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)))
		})
	await start()

	// Per client and criterion: the last acknowledged value, and every value sent after it.
	const acked = new Map<string, string>()
	const sentAfterAck = new Map<string, Set<string>>()
	let acknowledged = 0
	const waiting: Array<{ count: number; resolve: () => void }> = []
	const acknowledgedReaches = (count: number) =>
		new Promise<void>((resolve) => (acknowledged >= count ? resolve() : waiting.push({ count, resolve })))
	const loops = clients.map(async (c, ci) => {
		let version = 1
		for (let n = 0; !stop; n++) {
			const criterionId = CRITERIA[(n + ci) % CRITERIA.length]
			const value = Math.floor(n / CRITERIA.length) % 2 ? 'no' : 'yes'
			const key = `${c.assessmentId}:${criterionId}`
			if (!sentAfterAck.has(key)) sentAfterAck.set(key, new Set())
			sentAfterAck.get(key)!.add(value)
			try {
				const res = await post(
					port,
					`/assessments/${c.assessmentId}/answers`,
					c.cookie,
					new URLSearchParams({ criterionId, value, baseVersion: String(version) }).toString(),
				)
				const body = JSON.parse(res.body)
				if (res.status === 200 && body.status === 'saved') {
					version = body.version
					acked.set(key, value)
					sentAfterAck.set(key, new Set())
					acknowledged++
					for (const w of waiting.filter((w) => acknowledged >= w.count)) {
						waiting.splice(waiting.indexOf(w), 1)
						w.resolve()
					}
				} else if (res.status === 409 && body.status === 'conflict') {
					version = body.conflict.version
				} else throw new Error(`unexpected answer ${res.status} ${res.body}`)
			} catch (error) {
				if (error instanceof Error && error.message.startsWith('unexpected answer')) throw error
				await serverUp // the server is down; try again once it is back
			}
		}
	})

	// Each kill comes after a seeded number of saves since the last start, and a seeded few
	// milliseconds into the next ones, so some land in the middle of a write. Same schedule every run.
	const random = seeded(KILL_SEED)
	for (let k = 0; k < KILLS; k++) {
		await acknowledgedReaches(acknowledged + 3 + Math.floor(random() * 6))
		await new Promise((r) => setTimeout(r, Math.floor(random() * 25)))
		let markUp = () => {}
		serverUp = new Promise<void>((r) => (markUp = r))
		const killed = server!
		const exited = new Promise((r) => killed.once('exit', r))
		killed.kill('SIGKILL')
		await exited
		await start()
		markUp()
	}
	// Every client saves on the last server before the clients stop.
	await acknowledgedReaches(acknowledged + clients.length * 2)
	stop = true
	await Promise.all(loops)
	server!.kill('SIGKILL')

	const check = new Database(file)
	expect(check.pragma('integrity_check', { simple: true })).toBe('ok')
	const stored = new Map(
		(
			check.prepare('select a.assessment_id as id, c.key, a.value from answers a join criteria c on c.id = a.criterion_id').all() as Array<{
				id: number
				key: string
				value: string
			}>
		).map((r) => [`${r.id}:${r.key}`, JSON.parse(r.value).value as string]),
	)
	check.close()
	expect(acknowledged).toBeGreaterThan(KILLS * 2)
	const lost: Array<string> = []
	for (const [key, value] of acked) {
		const now = stored.get(key)
		// Either the acknowledged value, or a later save that committed before its answer was lost.
		if (now !== value && !sentAfterAck.get(key)!.has(now!)) lost.push(`${key}: acknowledged ${value}, found ${now}`)
	}
	expect(lost).toEqual([])
	console.log(`crash test: ${KILLS} SIGKILLs, ${acknowledged} acknowledged saves, ${acked.size} answers checked, none lost`)
	fs.rmSync(dir, { recursive: true, force: true })
}, 600_000) // a safety net: a restart of the production server took 3–10 s on a loaded two-core machine
