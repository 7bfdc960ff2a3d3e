// Administration at national scale (issue 8): the registry of 15,000 facilities exported, previewed
// and imported, a hospital's workbook downloaded and applied, and the analysts' workbook of a whole
// national round streamed, with saves measured while it streams. Production server on a copy of
// the national data set, requests over loopback; server memory sampled from /proc.
import fs from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { percentile, report, sessionCookie, startAppServer, workOnCopyOf } from './lib'
import { NATIONAL_DB_PATH } from './paths'

const DB = workOnCopyOf(NATIONAL_DB_PATH, 'admin', 'No national data set: run npm run bench:data first.')
const TMP = path.dirname(DB)

const { openDatabase, schema } = await import('../db/client.server')
const { insertUser } = await import('#tests/factories')
const ExcelJS = (await import('exceljs')).default
const { eq, and } = await import('drizzle-orm')

const { runMigrations } = await import('../db/migrate')
const db = openDatabase(DB)
// A data set built before a later migration still benchmarks: the copy is brought up to date.
runMigrations(db)
const admin = db.select().from(schema.users).where(eq(schema.users.email, 'admin@bench.vn')).get()!
const adminCookie = await sessionCookie(admin.id)
const campaigns = db.select().from(schema.campaigns).all()
const round = campaigns.find((c) => c.title === 'Đánh giá năm 2026')!
const pilot = campaigns.find((c) => c.title.startsWith('Thí điểm'))!
// Drafts of the pilot round (not answered by the data set), each with an editor of its own.
const drafts = db
	.select({ id: schema.assessments.id, facilityId: schema.assessments.facilityId })
	.from(schema.assessments)
	.where(and(eq(schema.assessments.campaignId, pilot.id), eq(schema.assessments.status, 'draft')))
	.limit(8)
	.all()
const editors: Array<{ assessmentId: number; cookie: string }> = []
for (const d of drafts) {
	const u = await insertUser(db, { grants: [{ role: 'facility_editor', scopeKind: 'facility', facilityId: d.facilityId }] })
	editors.push({ assessmentId: d.id, cookie: await sessionCookie(u.id) })
}
const approved = db
	.select({ id: schema.assessments.id })
	.from(schema.assessments)
	.where(eq(schema.assessments.campaignId, round.id))
	.limit(1)
	.get()!
db.$client.pragma('wal_checkpoint(TRUNCATE)')
db.$client.close()

const port = 3905
const { server, base } = await startAppServer({ port, database: DB, dataDir: path.join(TMP, 'admin-data') })
const rssSamples: Array<number> = []
let rssLabel = ''
const peaks = new Map<string, number>()
const sampler = setInterval(() => {
	try {
		const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${server.pid}/status`, 'utf8'))
		if (m) {
			const mb = Number(m[1]) / 1024
			rssSamples.push(mb)
			if (rssLabel) peaks.set(rssLabel, Math.max(peaks.get(rssLabel) ?? 0, mb))
		}
	} catch {}
}, 100)

async function timed<T>(label: string, fn: () => Promise<T>) {
	rssLabel = label
	const t = performance.now()
	const out = await fn()
	const ms = performance.now() - t
	rssLabel = ''
	console.error(`  ${label}: ${ms.toFixed(0)} ms, server RSS peak so far ${Math.round(peaks.get(label) ?? 0)} MB`)
	return { ms, out }
}

async function get(url: string, cookie: string) {
	const res = await fetch(base + url, { headers: { Cookie: cookie }, redirect: 'manual' })
	const bytes = new Uint8Array(await res.arrayBuffer())
	if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${new TextDecoder().decode(bytes).slice(0, 200)}`)
	return bytes
}

async function post(url: string, cookie: string, body: FormData | URLSearchParams) {
	const res = await fetch(base + url, { method: 'POST', headers: { Cookie: cookie, Origin: base }, body, redirect: 'manual' })
	await res.arrayBuffer()
	return { status: res.status, location: res.headers.get('location') }
}

function fileBody(bytes: Uint8Array, name: string) {
	const form = new FormData()
	form.append('file', new File([Buffer.from(bytes)], name))
	return form
}

// 1. The national registry exported, and imported back (every row unchanged).
const xlsx = await timed('registry export', () => get('/facilities/export?format=xlsx', adminCookie))
const csv = await timed('registry export', () => get('/facilities/export?format=csv', adminCookie))
const upload = await timed('registry preview', () => post('/facilities/import', adminCookie, fileBody(xlsx.out, 'co-so.xlsx')))
if (upload.out.status !== 302) throw new Error(`registry upload: ${upload.out.status}`)
const preview = await timed('registry preview', () => get(upload.out.location!, adminCookie))

// 2. 15,000 new facilities from a CSV: upload, preview, apply (every row and its audit event in one transaction).
const lines = new TextDecoder()
	.decode(csv.out)
	.replace(/^\uFEFF/, '')
	.split('\n')
const fresh = [
	lines[0],
	...lines
		.slice(1)
		.filter(Boolean)
		.map((l) => `N${l}`),
].join('\n')
const createUpload = await timed('registry apply', () =>
	post('/facilities/import', adminCookie, fileBody(new TextEncoder().encode(fresh), 'moi.csv')),
)
const createPreview = await timed('registry apply', () => get(createUpload.out.location!, adminCookie))
const apply = await timed('registry apply', () => post(createUpload.out.location!, adminCookie, new URLSearchParams({ intent: 'apply' })))
if (apply.out.status !== 302 || !apply.out.location?.startsWith('/facilities?imported=15000-0'))
	throw new Error(`registry apply: ${JSON.stringify(apply.out)}`)

// 3. A hospital's workbook: download (median of 20), fill in, upload, preview, apply.
const templateTimes: Array<number> = []
for (let i = 0; i < 20; i++)
	templateTimes.push((await timed('workbook', () => get(`/assessments/${approved.id}/excel/template`, adminCookie))).ms)
templateTimes.sort((a, b) => a - b)
const roundTrip = { upload: [] as Array<number>, preview: [] as Array<number>, apply: [] as Array<number> }
for (const e of editors.slice(0, 5)) {
	const wb = new ExcelJS.Workbook()
	await wb.xlsx.read(Readable.from(Buffer.from(await get(`/assessments/${e.assessmentId}/excel/template`, e.cookie))))
	wb.getWorksheet('HIMSS-EMRAM-2008')!.eachRow((row, n) => {
		if (n > 1) row.getCell(7).value = n % 2 ? 'Có / Đạt' : 'Không / Chưa đạt'
	})
	const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer)
	const up = await timed('workbook', () => post(`/assessments/${e.assessmentId}/excel`, e.cookie, fileBody(bytes, 'danh-gia.xlsx')))
	const pv = await timed('workbook', () => get(up.out.location!, e.cookie))
	const ap = await timed('workbook', () => post(up.out.location!, e.cookie, new URLSearchParams({ intent: 'apply' })))
	if (!/applied=[1-9]/.test(ap.out.location ?? '')) throw new Error(`workbook apply: ${JSON.stringify(ap.out)}`)
	roundTrip.upload.push(up.ms)
	roundTrip.preview.push(pv.ms)
	roundTrip.apply.push(ap.ms)
}
const med = (xs: Array<number>) =>
	percentile(
		[...xs].sort((a, b) => a - b),
		50,
	)

// 4. The analysts' workbook of a national round, streamed, while a hospital keeps saving.
const saver = editors[5]
let version = 1
let stop = false
const saveTimes: Array<number> = []
const saving = (async () => {
	let n = 0
	while (!stop) {
		const t = performance.now()
		const res = await fetch(`${base}/assessments/${saver.assessmentId}/answers`, {
			method: 'POST',
			headers: { Cookie: saver.cookie, Origin: base },
			body: new URLSearchParams({ criterionId: 'EMRAM.S1.lab', value: n++ % 2 ? 'yes' : 'no', baseVersion: String(version) }),
		})
		const body = (await res.json()) as { status: string; version?: number }
		if (body.status !== 'saved') throw new Error(`save during export: ${JSON.stringify(body)}`)
		version = body.version!
		saveTimes.push(performance.now() - t)
		await new Promise((r) => setTimeout(r, 50))
	}
})()
const exported = await timed('analyst export', () => get(`/admin/campaigns/${round.id}/export`, adminCookie))
stop = true
await saving
saveTimes.sort((a, b) => a - b)
// Counted with the streaming reader: the whole workbook does not fit one JavaScript string.
let dataRows = 0
const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(Buffer.from(exported.out)), {
	sharedStrings: 'cache',
	styles: 'ignore',
	hyperlinks: 'ignore',
	worksheets: 'emit',
	entries: 'emit',
})
let sheetNo = 0
for await (const ws of reader) {
	sheetNo++
	for await (const _row of ws as unknown as AsyncIterable<unknown>) if (sheetNo > 1) dataRows++
}
dataRows -= sheetNo - 1

clearInterval(sampler)
server.kill('SIGTERM')
const peak = (label: string) => Math.round(peaks.get(label) ?? NaN)

report('administration', [
	{ name: 'registry export .xlsx, 15,000 facilities', value: xlsx.ms, unit: 'ms', note: `${Math.round(xlsx.out.byteLength / 1024)} KB` },
	{ name: 'registry export CSV, 15,000 facilities', value: csv.ms, unit: 'ms', note: `${Math.round(csv.out.byteLength / 1024)} KB` },
	{ name: 'registry import: upload and read 15,000 rows (.xlsx)', value: upload.ms, unit: 'ms' },
	{ name: 'registry import: preview of 15,000 unchanged rows', value: preview.ms, unit: 'ms' },
	{ name: 'registry import: upload 15,000 new rows (CSV)', value: createUpload.ms, unit: 'ms' },
	{ name: 'registry import: preview of 15,000 new rows', value: createPreview.ms, unit: 'ms' },
	{ name: 'registry import: apply 15,000 new facilities (one transaction, an audit event each)', value: apply.ms, unit: 'ms' },
	{
		name: 'server RSS peak, registry export and preview',
		value: Math.max(peak('registry export'), peak('registry preview')),
		unit: 'MB',
		budget: { op: '<=', value: 300 },
	},
	{ name: 'server RSS peak, registry apply', value: peak('registry apply'), unit: 'MB', budget: { op: '<=', value: 300 } },
	{
		name: 'hospital workbook download, median of 20',
		value: percentile(templateTimes, 50),
		unit: 'ms',
		note: `p95 ${percentile(templateTimes, 95).toFixed(1)} ms`,
	},
	{
		name: 'hospital workbook upload, preview, apply (medians of 5)',
		value: med(roundTrip.upload) + med(roundTrip.preview) + med(roundTrip.apply),
		unit: 'ms',
		note: `${med(roundTrip.upload).toFixed(0)} + ${med(roundTrip.preview).toFixed(0)} + ${med(roundTrip.apply).toFixed(0)} ms`,
	},
	{
		name: `analysts' workbook of a national round (${dataRows.toLocaleString('en')} rows)`,
		value: exported.ms / 1000,
		unit: 's',
		note: `${(dataRows / (exported.ms / 1000)).toFixed(0)} rows/s, ${(exported.out.byteLength / 2 ** 20).toFixed(1)} MB`,
	},
	{ name: 'server RSS peak while streaming it', value: peak('analyst export'), unit: 'MB', budget: { op: '<=', value: 300 } },
	{
		name: 'autosave while it streams: p50 / p95 / max',
		value: percentile(saveTimes, 95),
		unit: 'ms',
		budget: { op: '<=', value: 50 },
		note: `p50 ${percentile(saveTimes, 50).toFixed(1)}, max ${saveTimes.at(-1)!.toFixed(1)} ms, ${saveTimes.length} saves`,
	},
])
process.exit(0)
