// The long work lists of national users: the assessments list (every assessment of every round,
// the first 200 shown) and a national publisher's dashboard queue (every approved result, the first
// 50 shown), page models only, in-process, warm, on a copy of the national data set (migrated, so the
// facilities' sort keys are written). Both are ordered in SQL by the stored Vietnamese sort key
// (docs/decisions/017); figures in docs/PERFORMANCE.md, "Long lists".
// `npx tsx bench/lists.ts` after `npm run bench:data`.
import { percentile, report, workOnCopyOf } from './lib'
import { NATIONAL_DB_PATH } from './paths'

workOnCopyOf(NATIONAL_DB_PATH, 'lists', 'No national data set: run npm run bench:data first.')
const { getDb, schema } = await import('../db/client.server')
const { runMigrations } = await import('../db/migrate')
const { listAssessments } = await import('../db/queries/facility-assessments')
const { publicationQueue } = await import('../db/queries/dashboard')
const { count, eq } = await import('drizzle-orm')

const db = getDb()
runMigrations(db)
const national = (role: 'admin' | 'publisher') => [{ role, scopeKind: 'national' as const, facilityId: null, provinceCode: null }]
const assessments = db.select({ n: count() }).from(schema.assessments).get()!.n
const approved = db.select({ n: count() }).from(schema.assessments).where(eq(schema.assessments.status, 'approved')).get()!.n

function timed(run: () => unknown, times = 25) {
	for (let i = 0; i < 3; i++) run()
	const ms: Array<number> = []
	for (let i = 0; i < times; i++) {
		const start = performance.now()
		run()
		ms.push(performance.now() - start)
	}
	return ms.sort((a, b) => a - b)
}
const list = timed(() => listAssessments(db, national('admin')))
const queue = timed(() => publicationQueue(db, national('publisher')))

report('lists in Vietnamese order', [
	{
		name: `assessments list of a national reader, first 200 of ${assessments.toLocaleString('en')} (median)`,
		value: percentile(list, 50),
		unit: 'ms',
		budget: { op: '<=', value: 50 },
		note: `p95 ${percentile(list, 95).toFixed(1)} ms`,
	},
	{
		name: `national publisher's queue, first 50 of ${approved.toLocaleString('en')} approved (median)`,
		value: percentile(queue, 50),
		unit: 'ms',
		budget: { op: '<=', value: 50 },
		note: `p95 ${percentile(queue, 95).toFixed(1)} ms`,
	},
])
