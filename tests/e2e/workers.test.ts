// The server with two workers (server/cluster.js, as `npm start` runs it) on loopback: requests are
// sent through a chosen worker (tests/e2e/cluster.ts reads which process holds each connection), so
// these show that what one worker does, the other sees: sessions, the sign-in throttle, concurrent
// saves to one answer, the scheduled reminders.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { and, eq, gt, max } from 'drizzle-orm'
import { expect, onTestFinished, test } from 'vitest'
import { Connection, connectionPerWorker, privateCopy, startCluster, useDatabase } from './cluster'

const ROOT = path.resolve(__dirname, '../..')

async function signIn(c: Connection, email: string, password: string) {
	const res = await c.request('POST', '/login', { form: { email, password } })
	const cookie = [res.headers['set-cookie'] ?? []].flat().find((v) => v.startsWith('__session='))
	return { res, cookie: cookie?.split(';')[0] ?? null }
}

test('with two workers, a session made on one is valid on the other, and signing out on one ends it on both', async () => {
	const { dir, file, remove } = await privateCopy('workers-session')
	onTestFinished(remove)
	useDatabase(file)
	const { getDb, closeDb } = await import('#db/client.server')
	const { insertUser } = await import('#tests/factories')
	const user = await insertUser(getDb(), { email: 'hai.tien.trinh@test.vn', name: 'Hai Tiến Trình', password: 'Hai@tien-trinh-2026' })
	closeDb()
	const cluster = await startCluster({ workers: 2, database: file, dataDir: dir })
	const [a, b] = [...(await connectionPerWorker(cluster)).values()]

	const { res, cookie } = await signIn(a, user.email, 'Hai@tien-trinh-2026')
	expect(res.status).toBe(302)
	expect(cookie).not.toBeNull()
	const onB = await b.request('GET', '/account', { cookie: cookie! })
	expect(onB.status).toBe(200)
	expect(onB.body).toContain('Hai Tiến Trình')

	expect((await b.request('POST', '/logout', { cookie: cookie!, form: {} })).status).toBe(302)
	const onA = await a.request('GET', '/account', { cookie: cookie! })
	expect(onA.status).toBe(302)
	expect(onA.headers.location).toMatch(/^\/login\?/)
})

test('with two workers, failed sign-ins on both count together: the account is throttled on either', async () => {
	const { dir, file, remove } = await privateCopy('workers-throttle')
	onTestFinished(remove)
	useDatabase(file)
	const { getDb, closeDb } = await import('#db/client.server')
	const { insertUser } = await import('#tests/factories')
	const user = await insertUser(getDb(), { email: 'khoa.lan@test.vn', password: 'Khoa@lan-2026-dung' })
	closeDb()
	const cluster = await startCluster({ workers: 2, database: file, dataDir: dir, env: { LOGIN_MAX_FAILURES: '4' } })
	const [a, b] = [...(await connectionPerWorker(cluster)).values()]

	for (const c of [a, b, a, b]) expect((await signIn(c, user.email, 'wrong-password')).res.status).toBe(401)
	// The right password is refused now, through either worker.
	for (const c of [a, b]) {
		const { res, cookie } = await signIn(c, user.email, 'Khoa@lan-2026-dung')
		expect(res.status).toBe(429)
		expect(cookie).toBeNull()
	}
})

test('with two workers, concurrent saves to one answer through both: one wins, the other gets the conflict with the winner’s value', async () => {
	const { dir, file, remove } = await privateCopy('workers-conflict')
	onTestFinished(remove)
	useDatabase(file)
	const { getDb, schema, closeDb } = await import('#db/client.server')
	const { insertUser } = await import('#tests/factories')
	const { createSession } = await import('~/services/session.server')
	const { commitSessionToken } = await import('~/utils/auth.server')
	const { DEMO_CAMPAIGN_TITLE } = await import('~/services/demo-seed.server')
	const { verifyAuditChain } = await import('~/services/audit.server')
	// A hospital no other test touches, with two editors, in the open demo round.
	const campaign = getDb().select().from(schema.campaigns).where(eq(schema.campaigns.title, DEMO_CAMPAIGN_TITLE)).get()!
	const facility = getDb().select().from(schema.facilities).where(eq(schema.facilities.provinceCode, '92')).all()[4]
	const assessment = getDb()
		.select()
		.from(schema.assessments)
		.where(and(eq(schema.assessments.campaignId, campaign.id), eq(schema.assessments.facilityId, facility.id)))
		.get()!
	const grants = [{ role: 'facility_editor' as const, scopeKind: 'facility' as const, facilityId: facility.id }]
	const editors = [await insertUser(getDb(), { name: 'Biên tập Một', grants }), await insertUser(getDb(), { name: 'Biên tập Hai', grants })]
	const cookies = await Promise.all(
		editors.map(async (e) => (await commitSessionToken(createSession(e.id, { ip: null, userAgent: 'workers' }))).split(';')[0]),
	)
	const lastEventBefore =
		getDb()
			.select({ id: max(schema.auditEvents.id) })
			.from(schema.auditEvents)
			.get()?.id ?? 0
	closeDb()
	const cluster = await startCluster({ workers: 2, database: file, dataDir: dir })
	const [a, b] = [...(await connectionPerWorker(cluster)).values()]

	// A number per round and side, so neither side ever sends the value already stored (which would be
	// no change, answered as saved without a write).
	const ROUNDS = 12
	const criterionOf = (round: number) => (round % 2 ? 'INV.INFRA.it_training' : 'INV.INFRA.it_staff')
	const valueOf = (round: number, side: number) => 1000 + 2 * round + side
	let version = assessment.version
	const winners: Array<number> = []
	for (let round = 0; round < ROUNDS; round++) {
		const criterionId = criterionOf(round)
		const [ra, rb] = await Promise.all(
			[a, b].map((c, i) =>
				c.request('POST', `/assessments/${assessment.id}/answers`, {
					cookie: cookies[i],
					form: { criterionId, value: String(valueOf(round, i)), baseVersion: String(version) },
				}),
			),
		)
		const replies = [ra, rb].map((r) => ({ status: r.status, json: JSON.parse(r.body) }))
		const saved = replies.filter((r) => r.status === 200 && r.json.status === 'saved')
		const conflicted = replies.filter((r) => r.status === 409 && r.json.status === 'conflict')
		expect(saved).toHaveLength(1)
		expect(conflicted).toHaveLength(1)
		const winner = valueOf(round, saved[0] === replies[0] ? 0 : 1)
		winners.push(winner)
		expect(saved[0].json.version).toBe(version + 1)
		expect(conflicted[0].json.conflict).toMatchObject({ theirs: { value: String(winner) }, version: version + 1 })
		version++
	}
	await cluster.stop()

	useDatabase(file)
	const db = getDb()
	const stored = db.select().from(schema.assessments).where(eq(schema.assessments.id, assessment.id)).get()!
	expect(stored.version).toBe(assessment.version + ROUNDS)
	const events = db
		.select()
		.from(schema.auditEvents)
		.where(
			and(
				eq(schema.auditEvents.action, 'answer.save'),
				eq(schema.auditEvents.entityId, String(assessment.id)),
				gt(schema.auditEvents.id, lastEventBefore),
			),
		)
		.all()
	expect(events.map((e) => JSON.parse(e.after!))).toEqual(
		winners.map((w, round) => ({ [criterionOf(round)]: { kind: 'number', value: w } })),
	)
	expect(verifyAuditChain(db).ok).toBe(true)
	closeDb()
})

test('with two workers, the due-date reminders go out once, also when `npm run jobs` runs at the same moment', async () => {
	const { dir, file, remove } = await privateCopy('workers-reminders')
	onTestFinished(remove)
	useDatabase(file)
	const { startSmtpServer } = await import('#tests/smtp')
	const smtp = await startSmtpServer()
	onTestFinished(smtp.close)
	const { getEnv } = await import('~/env.server')
	const smtpUrl = getEnv().SMTP_URL!
	const { getDb, schema, closeDb } = await import('#db/client.server')
	const { createCampaign, openCampaign } = await import('~/services/campaigns.server')
	const { vnIsoDate } = await import('~/domain/dates')
	const admin = getDb().select().from(schema.users).where(eq(schema.users.email, 'admin@demo.vn')).get()!
	// The newest version of each catalog in force on the opening day: a round may use no other.
	const versions = getDb()
		.select({
			id: schema.catalogVersions.id,
			code: schema.catalogVersions.catalogCode,
			version: schema.catalogVersions.version,
			effectiveFrom: schema.catalogVersions.effectiveFrom,
		})
		.from(schema.catalogVersions)
		.all()
		.filter((v) => (v.effectiveFrom ?? '') <= '2026-01-01')
		.sort((a, b) => b.version - a.version)
	const title = 'Đợt nhắc hạn của hai tiến trình'
	const created = createCampaign(
		getDb(),
		{
			title,
			year: 2026,
			catalogVersionIds: [versions.find((v) => v.code === 'INV-DIGITAL-2026')!.id],
			provinces: ['48'],
			types: [],
			classes: [],
			managingBodies: [],
			opensOn: '2026-01-01',
			dueOn: vnIsoDate(Date.now() + 2 * 86_400_000),
			acceptsLate: false,
			secondStage: false,
		},
		admin.id,
	)
	if (!created.ok) throw new Error(created.code)
	expect(openCampaign(getDb(), created.id, admin.id).ok).toBe(true)
	closeDb()

	const env = { SMTP_URL: smtpUrl, REMINDER_DAYS_BEFORE: '7,2' }
	const cluster = await startCluster({ workers: 2, database: file, dataDir: dir, env })
	// The primary asks one worker to run the scheduled work now; `npm run jobs` runs it at the same time.
	const before = cluster.output().length
	cluster.primary.kill('SIGUSR2')
	const cron = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/jobs.ts'], {
		cwd: ROOT,
		env: { ...process.env, DATABASE_PATH: file, DATA_DIR: dir, SESSION_SECRET: 'x'.repeat(40), NODE_ENV: 'production', ...env },
		stdio: 'ignore',
	})
	await Promise.all([cluster.printed('scheduled work (worker ', before), new Promise((r) => cron.once('exit', r))])
	// Once more, later: nothing new to send.
	const again = cluster.output().length
	cluster.primary.kill('SIGUSR2')
	await cluster.printed('scheduled work (worker ', again)
	expect(cluster.output().slice(again)).toContain(': 0 facilities reminded, 0 e-mails sent')
	await cluster.stop()

	useDatabase(file)
	const db = getDb()
	const remindEvents = db
		.select()
		.from(schema.auditEvents)
		.where(and(eq(schema.auditEvents.action, 'campaign.remind'), eq(schema.auditEvents.entityId, String(created.id))))
		.all()
	expect(remindEvents).toHaveLength(1)
	const reminded = (JSON.parse(remindEvents[0].after!) as { reminded: number }).reminded
	expect(reminded).toBeGreaterThan(0)
	const notices = db
		.select({ userId: schema.notifications.userId, payload: schema.notifications.payload })
		.from(schema.notifications)
		.where(eq(schema.notifications.kind, 'campaign.reminder'))
		.all()
		.filter((n) => JSON.stringify(n.payload).includes(title))
	expect(notices.length).toBeGreaterThan(0)
	expect(new Set(notices.map((n) => n.userId)).size).toBe(notices.length)
	closeDb()
	// Only the reminders send mail in this run: each person once.
	const recipients = smtp.received.flatMap((m) => m.to)
	expect(recipients.length).toBeGreaterThan(0)
	expect(new Set(recipients).size).toBe(recipients.length)
})

test('with two workers, a worker killed in the middle of saves is replaced, and every acknowledged save is kept', async () => {
	const { dir, file, remove } = await privateCopy('workers-crash')
	onTestFinished(remove)
	useDatabase(file)
	const { getDb, schema, closeDb } = await import('#db/client.server')
	const { insertUser } = await import('#tests/factories')
	const { createSession } = await import('~/services/session.server')
	const { commitSessionToken } = await import('~/utils/auth.server')
	const { DEMO_CAMPAIGN_TITLE } = await import('~/services/demo-seed.server')
	const { verifyAuditChain } = await import('~/services/audit.server')
	const { seeded } = await import('~/domain/random')
	// Two hospitals of the open demo round, each with an editor of its own.
	const campaign = getDb().select().from(schema.campaigns).where(eq(schema.campaigns.title, DEMO_CAMPAIGN_TITLE)).get()!
	const facilities = getDb().select().from(schema.facilities).where(eq(schema.facilities.provinceCode, '92')).all().slice(0, 2)
	expect(facilities).toHaveLength(2)
	const clients: Array<{ cookie: string; assessmentId: number }> = []
	for (const f of facilities) {
		const user = await insertUser(getDb(), { grants: [{ role: 'facility_editor', scopeKind: 'facility', facilityId: f.id }] })
		const a = getDb()
			.select()
			.from(schema.assessments)
			.where(and(eq(schema.assessments.campaignId, campaign.id), eq(schema.assessments.facilityId, f.id)))
			.get()!
		const token = createSession(user.id, { ip: null, userAgent: 'workers-crash' })
		clients.push({ cookie: (await commitSessionToken(token)).split(';')[0], assessmentId: a.id })
	}
	closeDb()
	const cluster = await startCluster({ workers: 2, database: file, dataDir: dir })

	const CRITERIA = ['EMRAM.S1.lab', 'EMRAM.S1.rad', 'EMRAM.S1.pharmacy', 'EMRAM.S2.cdr']
	const KILLS = 4
	// Per client and criterion: the last acknowledged value, and every value sent after it.
	const acked = new Map<string, string>()
	const sentAfterAck = new Map<string, Set<string>>()
	let acknowledged = 0
	let failed = 0
	let stop = false
	let broken: unknown = null
	// A new connection for every save: Node's cluster hands each to the next live worker.
	const loops = clients.map(async (c, ci) => {
		let version = 1
		for (let n = 0; !stop; n++) {
			const criterionId = CRITERIA[(n + ci) % CRITERIA.length]
			const value = Math.floor(n / CRITERIA.length) % 2 ? 'no' : 'yes'
			const key = `${c.assessmentId}:${criterionId}`
			if (!sentAfterAck.has(key)) sentAfterAck.set(key, new Set())
			sentAfterAck.get(key)!.add(value)
			const connection = new Connection(cluster.port)
			try {
				const res = await connection.request('POST', `/assessments/${c.assessmentId}/answers`, {
					cookie: c.cookie,
					form: { criterionId, value, baseVersion: String(version) },
					timeoutMs: 10_000,
				})
				const body = JSON.parse(res.body)
				if (res.status === 200 && body.status === 'saved') {
					version = body.version
					acked.set(key, value)
					sentAfterAck.set(key, new Set())
					acknowledged++
				} else if (res.status === 409 && body.status === 'conflict') version = body.conflict.version
				else throw new Error(`unexpected answer ${res.status} ${res.body}`)
			} catch (error) {
				if (error instanceof Error && error.message.startsWith('unexpected answer')) throw error
				failed++ // the connection was on the killed worker, or on its way to it: send again, shortly
				await new Promise((r) => setTimeout(r, 20))
			} finally {
				connection.close()
			}
		}
	})
	for (const loop of loops) loop.catch((error: unknown) => (broken ??= error))
	const until = async (check: () => boolean) => {
		while (!check()) {
			if (broken) throw broken
			await new Promise((r) => setTimeout(r, 20))
		}
	}

	const random = seeded(20)
	for (let k = 0; k < KILLS; k++) {
		await until(() => acknowledged >= (k + 1) * 10)
		await new Promise((r) => setTimeout(r, Math.floor(random() * 20)))
		const pids = cluster.workerPids()
		expect(pids).toHaveLength(2)
		const victim = pids[k % 2]
		process.kill(victim, 'SIGKILL')
		console.log(`workers crash test: killed worker ${victim} after ${acknowledged} acknowledged saves`)
		// The primary starts another: two workers again, the killed one not among them.
		await until(() => {
			const now = cluster.workerPids()
			return now.length === 2 && !now.includes(victim)
		})
	}
	const before = acknowledged
	await until(() => acknowledged >= before + 10)
	stop = true
	await Promise.all(loops)
	expect(cluster.output()).toContain('starting another')
	await cluster.stop()

	useDatabase(file)
	const db = getDb()
	expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok')
	const stored = new Map(
		(
			db.$client
				.prepare('select a.assessment_id as id, c.key, a.value from answers a join criteria c on c.id = a.criterion_id')
				.all() as Array<{ id: number; key: string; value: string }>
		).map((r) => [`${r.id}:${r.key}`, JSON.parse(r.value).value as string]),
	)
	const lost: Array<string> = []
	for (const [key, value] of acked) {
		const now = stored.get(key)
		// Either the acknowledged value, or a later save that committed before its answer was lost.
		if (now !== value && !sentAfterAck.get(key)!.has(now!)) lost.push(`${key}: acknowledged ${value}, found ${now}`)
	}
	expect(lost).toEqual([])
	expect(acked.size).toBe(clients.length * CRITERIA.length)
	expect(verifyAuditChain(db).ok).toBe(true)
	closeDb()
	console.log(`workers crash test: ${KILLS} workers killed, ${acknowledged} acknowledged saves, ${failed} sent again, none lost`)
}, 600_000) // a safety net: a worker's start took several seconds on a loaded two-core machine

test.each(['0', 'two', '1.5'])(
	'`npm start` refuses WEB_CONCURRENCY=%s with a message naming it, before starting any worker',
	async (value) => {
		const primary = spawn(process.execPath, ['server/cluster.js'], {
			cwd: ROOT,
			env: { ...process.env, WEB_CONCURRENCY: value },
			stdio: ['ignore', 'pipe', 'pipe'],
		})
		let output = ''
		primary.stdout!.on('data', (d) => (output += d))
		primary.stderr!.on('data', (d) => (output += d))
		const code = await new Promise<number | null>((r) => primary.once('exit', r))
		expect(code).toBe(1)
		expect(output).toContain(`WEB_CONCURRENCY: a whole number from 1 to 256 (workers), got "${value}"`)
		expect(output).not.toContain('listening on')
	},
)
