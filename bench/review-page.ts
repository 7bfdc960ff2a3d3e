// The evaluator's review page (issue 18, docs/BUDGETS.md): HTML bytes per screen and response time
// for the largest assessment of the national data set, reviewed in a third round (reopened,
// resubmitted, found partly not met and returned, changed by the facility and resubmitted), claimed
// by the evaluator so that every criterion of a screen carries its verdict form. Every group's
// screen is fetched, then the same screens filtered to what needs looking at. Production server
// on a copy of the data set, requests over loopback (the time includes the loopback round trip).
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { percentile, report, sessionCookie, startAppServer, workOnCopyOf } from './lib'
import { NATIONAL_DB_PATH } from './paths'

const DB = workOnCopyOf(NATIONAL_DB_PATH, 'review', 'No national data set: run npm run bench:data first.')
const TMP = path.dirname(DB)

const { openDatabase, schema } = await import('../db/client.server')
const { runMigrations } = await import('../db/migrate')
const { getAssessmentContext } = await import('../db/queries/assessments')
const { recordDecision, recordVerdict } = await import('../app/services/review.server')
const { recordSubmission } = await import('../app/services/submission.server')
const { saveAnswers } = await import('../app/services/answers.server')
const { applicabilityFor } = await import('../app/domain/catalog/compile')
const { CRITERIA_PER_SCREEN } = await import('../app/pages/review.server')
const { eq } = await import('drizzle-orm')

const db = openDatabase(DB)
runMigrations(db)
const users = db.select().from(schema.users).all()
const evaluator = users.find((u) => u.email === 'eval@bench.vn')!
const admin = users.find((u) => u.email === 'admin@bench.vn')!
const evaluatorActor = { id: evaluator.id, name: evaluator.name, role: 'evaluator' as const, scopeKind: 'national' as const }
const adminActor = { id: admin.id, name: admin.name, role: 'admin' as const, scopeKind: 'national' as const }
const director = { id: admin.id, role: 'facility_director' as const, scopeKind: 'facility' as const }
const attestation = { name: 'Giám đốc', title: 'Giám đốc', accepted: true }

// The approved assessment of the latest yearly round with the most answers.
const round = db
	.select()
	.from(schema.campaigns)
	.all()
	.find((c) => c.title === 'Đánh giá năm 2026')!
const largest = db.$client
	.prepare(
		`select a.id, count(*) n from assessments a join answers x on x.assessment_id = a.id
		 where a.campaign_id = ? and a.status in ('approved', 'published') group by a.id order by n desc limit 1`,
	)
	.get(round.id) as { id: number; n: number }
const assessmentId = largest.id
const ctx = () => getAssessmentContext(db, assessmentId)!
const applicable = ctx().catalogs.flatMap((c) => {
	const applies = applicabilityFor(c.compiled, ctx().facilityProfile, ctx().asOf)
	return c.compiled.criteria.filter((_, i) => applies[i] === 1).map((cc) => ({ id: cc.criterion.id, spec: cc.criterion.answer }))
})
const must = <T extends { ok: boolean }>(r: T, what: string) => {
	if (!r.ok) throw new Error(`${what}: ${JSON.stringify(r)}`)
	return r
}

// Round 2: reopened by the ministry, resubmitted, claimed; a third of the criteria found not met, the rest accepted; returned.
// A published result is withdrawn from the portal by the reopening itself.
must(recordDecision(db, { ctx: ctx(), actor: adminActor, event: { type: 'reopen', reason: 'Kiểm tra lại' } }), 'reopen')
must(recordSubmission(db, { assessmentId, actor: director, attestation }), 'resubmit')
must(recordDecision(db, { ctx: ctx(), actor: evaluatorActor, event: { type: 'claim' } }), 'claim')
for (const [i, c] of applicable.entries())
	must(
		recordVerdict(db, {
			ctx: ctx(),
			actor: evaluatorActor,
			criterionId: c.id,
			verdict: i % 3 === 0 ? 'not_met' : 'accept',
			fields: {},
			reason: i % 3 === 0 ? 'Chưa có minh chứng triển khai tại tất cả các khoa, đề nghị bổ sung biên bản nghiệm thu.' : '',
		}),
		`verdict ${c.id}`,
	)
must(
	recordDecision(db, { ctx: ctx(), actor: evaluatorActor, event: { type: 'return', requestedChanges: 1 }, requestedChanges: ['Bổ sung'] }),
	'return',
)
// Round 3: the facility changes some answers (yes ↔ no), resubmits; the evaluator claims it.
const stored = db
	.select({ key: schema.criteria.key, value: schema.answers.value })
	.from(schema.answers)
	.innerJoin(schema.criteria, eq(schema.criteria.id, schema.answers.criterionId))
	.where(eq(schema.answers.assessmentId, assessmentId))
	.all()
const flips = stored
	// EMRAM's answers stand alone (no evidence required, no contradiction with another catalog).
	.filter((a, i) => a.key.startsWith('EMRAM.') && i % 2 === 0 && (a.value as { kind: string }).kind === 'yes_no')
	.map((a) => ({
		criterionId: a.key,
		answer: { kind: 'yes_no' as const, value: (a.value as { value: string }).value === 'yes' ? ('no' as const) : ('yes' as const) },
	}))
must(saveAnswers(db, { ctx: ctx(), actorId: admin.id, baseVersion: ctx().assessment.version, changes: flips }), 'changes')
// A change the submission refuses (a claim now lacking evidence, a contradiction) is taken back.
for (let attempt = 0; ; attempt++) {
	const submitted = recordSubmission(db, { assessmentId, actor: director, attestation })
	if (submitted.ok) break
	if (submitted.code !== 'submit.incomplete' || attempt > 3) throw new Error(JSON.stringify(submitted))
	const refused = new Set((submitted.missing ?? []).map((m) => m.criterionId))
	const back = stored
		.filter((a) => refused.has(a.key))
		.map((a) => ({ criterionId: a.key, answer: a.value as (typeof flips)[number]['answer'] }))
	must(saveAnswers(db, { ctx: ctx(), actorId: admin.id, baseVersion: ctx().assessment.version, changes: back }), 'take back')
}
must(recordDecision(db, { ctx: ctx(), actor: evaluatorActor, event: { type: 'claim' } }), 'claim again')
const cookie = await sessionCookie(evaluator.id)
db.$client.pragma('wal_checkpoint(TRUNCATE)')
db.$client.close()

const port = 3907
const { server } = await startAppServer({ port, database: DB, dataDir: path.join(TMP, 'review-data') })
function get(p: string): Promise<{ ms: number; status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const t = performance.now()
		http
			.get({ host: '127.0.0.1', port, path: p, headers: { Cookie: cookie } }, (res) => {
				const chunks: Array<Buffer> = []
				res.on('data', (d: Buffer) => chunks.push(d))
				res.on('end', () =>
					resolve({ ms: performance.now() - t, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
				)
			})
			.on('error', reject)
	})
}

try {
	const base = `/review/${assessmentId}`
	const first = await get(base)
	if (first.status !== 200) throw new Error(`${base}: HTTP ${first.status}`)
	// The group list: each group with how many criteria need looking at and how many it has.
	const groups = [...first.body.matchAll(/<li data-group="([^"]+)">.*?data-testid="group-counts">(\d+) cần xem · \d+\/(\d+)/g)].map(
		(m) => ({
			key: m[1],
			attention: Number(m[2]),
			total: Number(m[3]),
		}),
	)
	const screens = async (suffix: string) => {
		const rows: Array<{ group: string; bytes: number; criteria: number; times: Array<number> }> = []
		for (const g of groups) {
			const shown = suffix ? g.attention : g.total
			for (let part = 1; part <= Math.max(1, Math.ceil(shown / CRITERIA_PER_SCREEN)); part++) {
				const p = `${base}?group=${encodeURIComponent(g.key)}${suffix}${part > 1 ? `&part=${part}` : ''}`
				const cold = await get(p)
				if (cold.status !== 200) throw new Error(`${p}: HTTP ${cold.status}`)
				const times: Array<number> = []
				for (let i = 0; i < 10; i++) times.push((await get(p)).ms)
				if (process.env.BENCH_DUMP)
					fs.writeFileSync(path.join(TMP, `review-${g.key.replace(/\W/g, '_')}-${part}${suffix ? '-attention' : ''}.html`), cold.body)
				rows.push({
					group: part > 1 ? `${g.key} part ${part}` : g.key,
					bytes: Buffer.byteLength(cold.body),
					criteria: (cold.body.match(/<article class="criterion"/g) ?? []).length,
					times,
				})
			}
		}
		return rows
	}
	const all = await screens('')
	const attention = await screens('&filter=attention')
	const summary = (rows: typeof all) => {
		const times = rows.flatMap((r) => r.times).sort((a, b) => a - b)
		const largestScreen = rows.reduce((m, r) => (r.bytes > m.bytes ? r : m))
		const slowest = rows
			.map((r) => ({
				group: r.group,
				median: percentile(
					[...r.times].sort((a, b) => a - b),
					50,
				),
			}))
			.reduce((m, r) => (r.median > m.median ? r : m))
		return { times, largestScreen, slowest, total: rows.reduce((s, r) => s + r.criteria, 0) }
	}
	const a = summary(all)
	const f = summary(attention)
	const criteria = `${applicable.length} criteria in ${groups.length} groups (assessment ${assessmentId}, round 3)`
	report('review page', [
		{
			name: 'largest screen, HTML',
			value: a.largestScreen.bytes / 1024,
			unit: 'KB',
			budget: { op: '<=', value: 60 },
			note: `${a.largestScreen.group}, ${a.largestScreen.criteria} criteria with verdict forms; ${criteria}, ${all.length} screens`,
		},
		{
			name: 'screen, median response (warm)',
			value: percentile(a.times, 50),
			unit: 'ms',
			budget: { op: '<=', value: 50 },
			note: `p95 ${percentile(a.times, 95).toFixed(1)} ms; slowest group ${a.slowest.group} median ${a.slowest.median.toFixed(1)} ms; ${a.times.length} requests`,
		},
		{
			name: 'screen filtered to what needs looking at, largest HTML',
			value: f.largestScreen.bytes / 1024,
			unit: 'KB',
			note: `${f.total} of ${a.total} criteria need looking at`,
		},
		{
			name: 'screen filtered, median response (warm)',
			value: percentile(f.times, 50),
			unit: 'ms',
			note: `p95 ${percentile(f.times, 95).toFixed(1)} ms`,
		},
	])
	if (a.total !== applicable.length) throw new Error(`the screens showed ${a.total} criteria of ${applicable.length}`)
} finally {
	server.kill('SIGTERM')
}
