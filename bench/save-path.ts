// The steps of one autosave, timed one by one in a single process on the autosave benchmark's
// database (run `npx tsx bench/autosave.ts` first, or this builds nothing and stops): CPU time per
// call of each step the server makes, without HTTP. Used to measure what each change to the save
// path gains (docs/PERFORMANCE.md). `npx tsx bench/save-path.ts [ITERATIONS] [STEP]`
import fs from 'node:fs'
import path from 'node:path'
import { BENCH_DIR, BENCH_SECRET } from './lib'

const DB = path.join(BENCH_DIR, '.tmp', 'autosave.db')
if (!fs.existsSync(DB)) throw new Error(`${DB} is missing: run npx tsx bench/autosave.ts first`)
const COPY = path.join(BENCH_DIR, '.tmp', 'save-path.db')
fs.copyFileSync(DB, COPY)
for (const ext of ['-wal', '-shm']) fs.rmSync(COPY + ext, { force: true })
if (fs.existsSync(DB + '-wal')) fs.copyFileSync(DB + '-wal', COPY + '-wal')
process.env.DATABASE_PATH = COPY
process.env.SESSION_SECRET = BENCH_SECRET
process.env.NODE_ENV = 'production'
process.env.DATA_DIR = path.join(BENCH_DIR, '.tmp')

const { getDb, schema } = await import('../db/client.server')
const { getAssessmentContext } = await import('../db/queries/assessments')
const { autosaveAnswer, saveAnswers } = await import('../app/services/answers.server')
const { createSession } = await import('../app/services/session.server')
const { commitSessionToken, getAuth, readSessionToken } = await import('../app/utils/auth.server')
const { autosave } = await import('../app/routes/assessments.$assessmentId.answers.server')
const { registerAllDictionaries } = await import('../app/i18n/messages')
registerAllDictionaries()

const N = Number(process.argv[2] ?? 3000)
const db = getDb()
const pairs = db
	.select({ assessmentId: schema.assessments.id, userId: schema.memberships.userId })
	.from(schema.assessments)
	.innerJoin(schema.memberships, (await import('drizzle-orm')).eq(schema.memberships.facilityId, schema.assessments.facilityId))
	.limit(200)
	.all()
const clients = await Promise.all(
	pairs.map(async (p) => {
		const cookie = (await commitSessionToken(createSession(p.userId, { ip: null, userAgent: 'save-path' }))).split(';')[0]
		return {
			...p,
			request: {
				url: `http://localhost/assessments/${p.assessmentId}/answers`,
				headers: { get: (n: string) => (n.toLowerCase() === 'cookie' ? cookie : null) },
			},
		}
	}),
)
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
let n = 0
const next = () => {
	n++
	const c = clients[n % clients.length]
	return {
		c,
		criterionId: CRITERIA[Math.floor(n / clients.length) % CRITERIA.length],
		value: Math.floor(n / clients.length / CRITERIA.length) % 2 ? 'no' : 'yes',
	}
}

/** Only the steps whose name contains this (for a CPU profile of one step: node --cpu-prof --import tsx bench/save-path.ts N saveAnswers). */
const ONLY = process.argv[3]

async function time(name: string, step: () => unknown) {
	if (ONLY && !name.includes(ONLY)) return
	for (let i = 0; i < Math.min(500, N); i++) await step()
	const cpu = process.cpuUsage()
	const t = performance.now()
	for (let i = 0; i < N; i++) await step()
	const used = process.cpuUsage(cpu)
	const wall = ((performance.now() - t) * 1000) / N
	console.log(`  ${name.padEnd(58)} ${(((used.user + used.system) / N) | 0).toString().padStart(5)} µs CPU  (${wall.toFixed(0)} µs wall)`)
}

console.log(`${N} calls each, after 500 to warm up`)
await time('readSessionToken (cookie signature)', () => readSessionToken(next().c.request))
await time('getAuth (cookie, session row, user, grants)', () => getAuth(next().c.request))
await time('getAssessmentContext', () => getAssessmentContext(db, next().c.assessmentId))
await time('saveAnswers (validation + write transaction)', () => {
	const { c, criterionId, value } = next()
	const ctx = getAssessmentContext(db, c.assessmentId)!
	return saveAnswers(db, {
		ctx,
		actorId: c.userId,
		baseVersion: ctx.assessment.version,
		changes: [{ criterionId, answer: { kind: 'yes_no', value: value as 'yes' } }],
	})
})
await time('autosaveAnswer (fields, save, live score)', () => {
	const { c, criterionId, value } = next()
	const ctx = getAssessmentContext(db, c.assessmentId)!
	return autosaveAnswer(db, { ctx, actorId: c.userId, baseVersion: ctx.assessment.version, criterionId, fields: { value, naReason: '' } })
})
const versions = new Map<number, number>()
await time('autosave (the whole handler: guard, fields, service, reply body)', async () => {
	const { c, criterionId, value } = next()
	const reply = await autosave(
		c.request,
		String(c.assessmentId),
		async () => new URLSearchParams({ criterionId, value, baseVersion: String(versions.get(c.assessmentId) ?? 1) }),
	)
	const body = reply.body as { version?: number; conflict?: { version: number } }
	versions.set(c.assessmentId, body.version ?? body.conflict?.version ?? 1)
	return JSON.stringify(reply.body)
})
