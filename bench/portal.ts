// Portal budgets (docs/BUDGETS.md): with the national data set, a province page median ≤ 30 ms
// and the national page ≤ 50 ms server time. Requests go to the production server on loopback;
// each figure is measured cold (the first request after a publication) and warm.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import { percentile, report, ROOT } from './lib'
import { NATIONAL_DB_PATH } from './paths'

if (!fs.existsSync(NATIONAL_DB_PATH)) {
	console.error('No national data set: run npm run bench:data first.')
	process.exit(1)
}

function get(port: number, path: string): Promise<{ ms: number; status: number; bytes: number }> {
	return new Promise((resolve, reject) => {
		const t = performance.now()
		http
			.get({ host: '127.0.0.1', port, path }, (res) => {
				let bytes = 0
				res.on('data', (d) => (bytes += d.length))
				res.on('end', () => resolve({ ms: performance.now() - t, status: res.statusCode ?? 0, bytes }))
			})
			.on('error', reject)
	})
}

const port = 3903
const server = spawn(process.execPath, ['server.js'], {
	cwd: ROOT,
	env: {
		...process.env,
		NODE_ENV: 'production',
		PORT: String(port),
		HOST: '127.0.0.1',
		DATABASE_PATH: NATIONAL_DB_PATH,
		SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-01',
	},
	stdio: 'ignore',
})
for (let i = 0; i < 100; i++) {
	try {
		await get(port, '/login')
		break
	} catch {
		await new Promise((r) => setTimeout(r, 100))
	}
}

async function measure(path: string, n = 60) {
	const cold = await get(port, path)
	if (cold.status !== 200) throw new Error(`${path}: HTTP ${cold.status}`)
	const times: Array<number> = []
	for (let i = 0; i < n; i++) times.push((await get(port, path)).ms)
	times.sort((a, b) => a - b)
	return { cold: cold.ms, median: percentile(times, 50), p95: percentile(times, 95), bytes: cold.bytes }
}

const national = await measure('/portal')
// Every breakdown is computed on each national page; a filtered one narrows them (docs/STATISTICS.md §3).
const filtered = await measure(`/portal?managingBody=province&beds=${encodeURIComponent('100-299')}&trend=emr`)
const province = await measure('/portal/ho-chi-minh')
const api = await measure('/api/v1/facilities?province=79&pageSize=500')
const stats = await measure('/api/v1/statistics')
server.kill('SIGTERM')

report('portal', [
	{
		name: 'national page, median (warm)',
		value: national.median,
		unit: 'ms',
		budget: { op: '<=', value: 50 },
		note: `p95 ${national.p95.toFixed(1)} ms, ${Math.round(national.bytes / 1024)} KB`,
	},
	{ name: 'national page, first request after a publication', value: national.cold, unit: 'ms' },
	{
		name: 'national page filtered (managing body × bed band), median (warm)',
		value: filtered.median,
		unit: 'ms',
		budget: { op: '<=', value: 50 },
		note: `p95 ${filtered.p95.toFixed(1)} ms; first request ${filtered.cold.toFixed(0)} ms`,
	},
	{
		name: 'province page (Hồ Chí Minh), median (warm)',
		value: province.median,
		unit: 'ms',
		budget: { op: '<=', value: 30 },
		note: `p95 ${province.p95.toFixed(1)} ms`,
	},
	{ name: 'province page, first request after a publication', value: province.cold, unit: 'ms' },
	{ name: 'API facilities (500 rows), median', value: api.median, unit: 'ms', note: `p95 ${api.p95.toFixed(1)} ms` },
	{ name: 'API statistics, median', value: stats.median, unit: 'ms', note: `p95 ${stats.p95.toFixed(1)} ms` },
])
