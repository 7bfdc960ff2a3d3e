// The facility portal page's trend across rounds (docs/BUDGETS.md, issue 19): what the trend adds to
// the page, with 5 published rounds of 3 catalogs, measured in-process (page model only, warm).
// The data set is built here through the real services (5 rounds, each answered, submitted,
// approved and published), not the national one: the trend reads only the facility's own rows
// (by facility, campaign and catalog version, all indexed or cached), so its cost does not grow
// with the number of other facilities; building the national data set takes 4–6 minutes.
import fs from 'node:fs'
import path from 'node:path'
import { BENCH_DIR, percentile, report } from './lib'

const file = path.join(BENCH_DIR, '.data', 'trend.db')
fs.mkdirSync(path.dirname(file), { recursive: true })
for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
process.env.DATABASE_PATH = file
process.env.DATA_DIR = path.join(BENCH_DIR, '.data', 'trend-files')

const { getDb } = await import('../db/client.server')
const { runMigrations } = await import('../db/migrate')
const { insertProvinces } = await import('../app/services/demo-seed.server')
const { buildCatalog, catalogInput, criterionInput, text } = await import('../app/domain/catalog/testing')
const { importVersion, NO, roundFacility, roundPeople, runRound, YES } = await import('../tests/rounds')
const { facilityPage } = await import('../app/pages/portal.server')
const { facilityTrendModel } = await import('../app/pages/trends.server')

const db = getDb()
runMigrations(db)
insertProvinces(db)
const PREFIXES = ['TA', 'TB', 'TC']
const LETTERS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2']
// Three catalogs shaped like the test catalog (three groups, three levels), criteria ids unique across them.
const versionIds = PREFIXES.map((p) => {
	const group = (id: string, letters: Array<string>) => ({
		id,
		title: text(id),
		criteria: letters.map((l) => criterionInput(`${p}${l}`, { mandatory: true })),
	})
	const groups = [group('G1', ['A1', 'A2']), group('G2', ['B1', 'B2']), group('G3', ['C1', 'C2'])]
	return importVersion(db, buildCatalog(catalogInput({ code: `TREND-${p}`, effective_from: '2020-01-01', groups })))
})
const people = await roundPeople(db)
const facility = await roundFacility(db, { code: '48999', name: 'Bệnh viện Xu hướng' })
const ROUNDS = 5
for (let r = 0; r < ROUNDS; r++) {
	// Each round one more criterion met: the levels climb.
	const answers = Object.fromEntries(PREFIXES.flatMap((p) => LETTERS.map((l, i) => [`${p}${l}`, i <= r + 1 ? YES : NO])))
	await runRound(db, people, {
		title: `Đánh giá năm ${2021 + r}`,
		opensOn: `${2021 + r}-03-01`,
		versionIds,
		facilities: [{ facility, answers, upTo: 'published' }],
	})
}

const target = { id: facility.id, class: facility.class, bedCount: facility.bedCount }
const page = facilityPage(target)
if (page.results.length !== ROUNDS) throw new Error(`expected ${ROUNDS} published rounds, found ${page.results.length}`)
const trend = facilityTrendModel(page.results)
if (trend.length !== 3 || trend.some((c) => c.points.length !== ROUNDS)) throw new Error('the trend does not cover every round')

const N = 500
const pageTimes: Array<number> = []
const trendTimes: Array<number> = []
for (let i = 0; i < N + 50; i++) {
	const t0 = performance.now()
	const p = facilityPage(target)
	const t1 = performance.now()
	facilityTrendModel(p.results)
	const t2 = performance.now()
	if (i >= 50) {
		pageTimes.push(t1 - t0)
		trendTimes.push(t2 - t1)
	}
}
pageTimes.sort((a, b) => a - b)
trendTimes.sort((a, b) => a - b)
db.$client.close()

report('trend', [
	{
		name: 'facility page: what the 5-round trend adds, median (warm)',
		value: percentile(trendTimes, 50),
		unit: 'ms',
		budget: { op: '<=', value: 10 },
		note: `p95 ${percentile(trendTimes, 95).toFixed(3)} ms; 5 rounds × 3 catalogs`,
	},
	{
		name: 'facility page model without the trend, median (warm)',
		value: percentile(pageTimes, 50),
		unit: 'ms',
		note: `p95 ${percentile(pageTimes, 95).toFixed(3)} ms`,
	},
])
