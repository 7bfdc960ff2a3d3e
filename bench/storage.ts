// Evidence files through the application, local folder vs S3 (a one-node Ceph cluster with its RADOS
// Gateway on loopback): upload and download throughput of 100 KB and 20 MB files, and the server's
// resident memory during a 20 MB upload and download (sampled from /proc every 5 ms; 2 MB uploads for
// comparison), and the memory of a 100 MB file through the store itself. The production
// server is started once per backend; uploads are the page's multipart form, downloads the evidence
// route. docs/PERFORMANCE.md has the figures, docs/STORAGE.md what they mean. About 2 minutes.
//   npm run bench:storage   (builds first)   or   npx tsx bench/storage.ts
//   (BENCH_SMALL=n, BENCH_LARGE=n: how many 100 KB and 20 MB files, 40 and 4 by default)
//   BENCH_APP_ROOT=<checkout> BENCH_BACKENDS=local npx tsx bench/storage.ts   (another build, e.g. the code before a change)
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { CreateBucketCommand } from '@aws-sdk/client-s3'
import { seededBytes } from '#tests/helpers'
import { startCeph, stopCeph } from '#tests/setup/ceph'
import { BENCH_DIR, BENCH_SECRET, type Figure, percentile, report, startAppServer } from './lib'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
const SMALL = Number(process.env.BENCH_SMALL ?? 40)
const LARGE = Number(process.env.BENCH_LARGE ?? 4)
const TMP = path.join(BENCH_DIR, '.tmp', 'storage')
const cephDir = path.join(TMP, 'ceph')
// A cluster left by a run that was killed: stopped before its folder goes.
if (fs.existsSync(cephDir)) stopCeph(cephDir)
fs.rmSync(TMP, { recursive: true, force: true })
fs.mkdirSync(TMP, { recursive: true })
const DB = path.join(TMP, 'app.db')
process.env.DATABASE_PATH = DB
process.env.DATA_DIR = path.join(TMP, 'setup-data')
process.env.SESSION_SECRET = BENCH_SECRET
process.env.NODE_ENV = 'production'

const { openDatabase, getDb, closeDb } = await import('../db/client.server')
const { runMigrations } = await import('../db/migrate')
const { insertProvinces } = await import('../app/services/demo-seed.server')
const { registerAllDictionaries } = await import('../app/i18n/messages')
const { assessmentWorld } = await import('#tests/fixtures')
const { s3Store } = await import('#storage/s3')
const { localStore } = await import('#storage/local')
registerAllDictionaries()

const setup = openDatabase(DB)
runMigrations(setup)
insertProvinces(setup)
setup.$client.close()
const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'] })
const editorCookie = await w.cookie(w.users.editor)
const directorCookie = await w.cookie(w.users.director)
getDb().$client.pragma('wal_checkpoint(TRUNCATE)')
closeDb()

let started = performance.now()
const ceph = startCeph(cephDir)
const cephStartSeconds = (performance.now() - started) / 1000
const bucket = 'bench-evidence'
const s3 = { endpoint: ceph.endpoint, region: ceph.region, bucket, accessKeyId: ceph.accessKeyId, secretAccessKey: ceph.secretAccessKey }
await s3Store({ ...s3, forcePathStyle: true }).client.send(new CreateBucketCommand({ Bucket: bucket }))

async function freePort() {
	return new Promise<number>((resolve) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = s.address() as net.AddressInfo
			s.close(() => resolve(port))
		})
	})
}

/** A PDF of `size` bytes that no other run of this benchmark uploads (seeded, distinct per index). */
function pdf(size: number, seed: number) {
	const bytes = seededBytes(size, seed)
	bytes.set(Buffer.from('%PDF-1.4\n'))
	return bytes
}

type Run = { figures: Array<Figure> }

async function measureBackend(name: 'local' | 's3'): Promise<Run> {
	const dataDir = path.join(TMP, `data-${name}`)
	const env: Record<string, string> =
		name === 's3'
			? {
					STORAGE: 's3',
					S3_ENDPOINT: s3.endpoint,
					S3_REGION: s3.region,
					S3_BUCKET: bucket,
					S3_ACCESS_KEY_ID: s3.accessKeyId,
					S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
					AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
				}
			: { STORAGE: 'local' }
	const { server, base } = await startAppServer({ port: await freePort(), database: DB, dataDir, env, root: process.env.BENCH_APP_ROOT })
	const rssMb = () => {
		const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${server.pid}/status`, 'utf8'))
		return m ? Number(m[1]) / 1024 : NaN
	}
	const page = `${base}/assessments/${w.assessment.id}/ATTT-CAPDO-2026/HIS`
	const evidenceDb = openDatabase(DB)
	const lastEvidenceId = () => (evidenceDb.$client.prepare('select max(id) as id from evidence_files').get() as { id: number }).id

	async function upload(bytes: Uint8Array, fileName: string) {
		const form = new FormData()
		form.set('intent', 'upload')
		form.set('criterionId', 'ATTT.HIS.approved')
		form.set('file', new File([Buffer.from(bytes)], fileName, { type: 'application/pdf' }))
		const res = await fetch(page, { method: 'POST', headers: { Cookie: editorCookie, Origin: base }, body: form, redirect: 'manual' })
		await res.arrayBuffer()
		if (res.status !== 200) throw new Error(`${name}: upload answered ${res.status}`)
		return lastEvidenceId()
	}
	async function download(id: number, size: number) {
		const res = await fetch(`${base}/evidence/${id}`, { headers: { Cookie: directorCookie } })
		let got = 0
		for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) got += chunk.byteLength
		if (res.status !== 200 || got !== size) throw new Error(`${name}: download ${id} answered ${res.status} with ${got} bytes`)
	}
	/** Runs `fn` while sampling the server's RSS; the growth is the peak over the RSS just before. */
	async function withRss<T>(fn: () => Promise<T>) {
		const before = rssMb()
		let peak = before
		const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 5)
		const value = await fn()
		clearInterval(sampler)
		return { value, before, peak: Math.max(peak, rssMb()) }
	}

	const seedBase = name === 'local' ? 1000 : 2000
	// Warm-up: the route's modules, the store's client and connections.
	for (let i = 0; i < 3; i++) await download(await upload(pdf(10_000, seedBase + 900 + i), 'warm.pdf'), 10_000)
	const smallSize = 100 * 1024
	const smallIds: Array<number> = []
	const upTimes: Array<number> = []
	let t0 = performance.now()
	for (let i = 0; i < SMALL; i++) {
		const bytes = pdf(smallSize, seedBase + i)
		const t = performance.now()
		smallIds.push(await upload(bytes, `small-${i}.pdf`))
		upTimes.push(performance.now() - t)
	}
	const smallUpSeconds = (performance.now() - t0) / 1000
	const downTimes: Array<number> = []
	t0 = performance.now()
	for (const id of smallIds) {
		const t = performance.now()
		await download(id, smallSize)
		downTimes.push(performance.now() - t)
	}
	const smallDownSeconds = (performance.now() - t0) / 1000
	upTimes.sort((a, b) => a - b)
	downTimes.sort((a, b) => a - b)

	// The same memory sampling around 2 MB uploads, for comparison with the 20 MB ones.
	const mediumGrowth: Array<number> = []
	for (let i = 0; i < LARGE; i++) {
		const up = await withRss(() => upload(pdf(2 * 1024 * 1024, seedBase + 700 + i), `medium-${i}.pdf`))
		mediumGrowth.push(up.peak - up.before)
	}
	mediumGrowth.sort((a, b) => a - b)
	const rssBeforeLarge = rssMb()

	const largeSize = 20 * 1024 * 1024
	let largeUp = 0
	let largeDown = 0
	const upGrowth: Array<number> = []
	const downGrowth: Array<number> = []
	for (let i = 0; i < LARGE; i++) {
		const bytes = pdf(largeSize, seedBase + 500 + i)
		let t = performance.now()
		const up = await withRss(() => upload(bytes, `large-${i}.pdf`))
		largeUp += performance.now() - t
		upGrowth.push(up.peak - up.before)
		t = performance.now()
		const down = await withRss(() => download(up.value, largeSize))
		largeDown += performance.now() - t
		downGrowth.push(down.peak - down.before)
	}
	const rssAfter = rssMb()
	server.kill('SIGTERM')
	evidenceDb.$client.close()
	upGrowth.sort((a, b) => a - b)
	downGrowth.sort((a, b) => a - b)
	const median = (sorted: Array<number>) => sorted[Math.floor(sorted.length / 2)]
	const mb = (bytes: number) => bytes / 1024 / 1024
	const label = name === 'local' ? 'local folder' : 'S3 (Ceph on loopback)'
	return {
		figures: [
			{
				name: `${label}: 100 KB uploads through the page, sequential`,
				value: SMALL / smallUpSeconds,
				unit: 'files/s',
				note: `p50 ${percentile(upTimes, 50).toFixed(1)} ms, p95 ${percentile(upTimes, 95).toFixed(1)} ms, ${SMALL} files`,
			},
			{
				name: `${label}: 100 KB downloads, sequential`,
				value: SMALL / smallDownSeconds,
				unit: 'files/s',
				note: `p50 ${percentile(downTimes, 50).toFixed(1)} ms, p95 ${percentile(downTimes, 95).toFixed(1)} ms`,
			},
			{
				name: `${label}: 20 MB uploads through the page`,
				value: (mb(largeSize) * LARGE) / (largeUp / 1000),
				unit: 'MB/s',
				note: `${(largeUp / LARGE / 1000).toFixed(2)} s per file, ${LARGE} files`,
			},
			{
				name: `${label}: 20 MB downloads`,
				value: (mb(largeSize) * LARGE) / (largeDown / 1000),
				unit: 'MB/s',
				note: `${(largeDown / LARGE / 1000).toFixed(2)} s per file`,
			},
			{
				// The peak over the RSS just before, transient buffers included (chunks on their way, up to
				// two 5 MB multipart parts for S3) until the garbage collector frees them. That nothing stays
				// is shown by the RSS after all the files; that nothing follows the file's size, by the 100 MB
				// file below (the application refuses files over 20 MB).
				name: `${label}: server RSS growth during a 20 MB upload (median of ${LARGE})`,
				value: median(upGrowth),
				unit: 'MB',
				note: `largest ${upGrowth[upGrowth.length - 1].toFixed(1)} MB; 2 MB uploads: median ${median(mediumGrowth).toFixed(1)} MB; RSS ${Math.round(rssBeforeLarge)} MB before the 20 MB files, ${Math.round(rssAfter)} MB after all ${LARGE}`,
			},
			{
				name: `${label}: server RSS growth during a 20 MB download (median of ${LARGE})`,
				value: median(downGrowth),
				unit: 'MB',
				note: `largest ${downGrowth[downGrowth.length - 1].toFixed(1)} MB`,
			},
		],
	}
}

/**
 * A file five times the application's upload limit through the store itself (put from a file, read
 * back as a stream), sampling this process's RSS: a store that held the file would grow by 100 MB.
 */
async function storeLevel(name: 'local' | 's3'): Promise<Figure> {
	const size = 100 * 1024 * 1024
	const file = path.join(TMP, `big-${name}.bin`)
	const hash = crypto.createHash('sha256')
	const out = fs.openSync(file, 'w')
	// Written in small chunks, so that generating it does not itself leave freed memory behind.
	for (let i = 0; i < size / (64 * 1024); i++) {
		const chunk = seededBytes(64 * 1024, 3000 + i)
		hash.update(chunk)
		fs.writeSync(out, chunk)
	}
	fs.closeSync(out)
	const sha256 = hash.digest('hex')
	const store = name === 's3' ? s3Store({ ...s3, forcePathStyle: true }) : localStore(path.join(TMP, 'store-local'))
	const rss = () => process.memoryUsage.rss() / 1024 / 1024
	const before = rss()
	let peak = before
	const sampler = setInterval(() => (peak = Math.max(peak, rss())), 5)
	const t = performance.now()
	await store.put(`bench/${sha256}`, { file }, { sha256, contentType: 'application/octet-stream' })
	const putSeconds = (performance.now() - t) / 1000
	const opened = await store.get(`bench/${sha256}`, { sha256, size })
	let got = 0
	for await (const chunk of opened!.stream as AsyncIterable<Buffer>) got += chunk.byteLength
	clearInterval(sampler)
	if (got !== size) throw new Error(`${name}: read ${got} bytes of ${size}`)
	fs.rmSync(file)
	return {
		name: `${name === 'local' ? 'local folder' : 'S3 (Ceph on loopback)'}: RSS growth while a 100 MB file is stored and read back through the store`,
		value: Math.max(peak, rss()) - before,
		unit: 'MB',
		budget: { op: '<=', value: 50 },
		note: `put ${putSeconds.toFixed(1)} s (${(100 / putSeconds).toFixed(1)} MB/s); the bench process, not the server`,
	}
}

try {
	const backends = (process.env.BENCH_BACKENDS ?? 'local,s3').split(',') as Array<'local' | 's3'>
	const runs = []
	const loadBefore = os.loadavg()
	// First, while this process has not yet held the benchmark's 20 MB buffers (memory it keeps after
	// freeing them would hide growth).
	const storeFigures: Array<Figure> = []
	for (const backend of backends) storeFigures.push(await storeLevel(backend))
	for (const backend of backends) runs.push(await measureBackend(backend))
	const loadAfter = os.loadavg()
	started = performance.now()
	stopCeph(cephDir)
	const cephStopSeconds = (performance.now() - started) / 1000
	const suite = process.env.BENCH_APP_ROOT ? `evidence storage, the build in ${process.env.BENCH_APP_ROOT}` : 'evidence storage'
	report(`${suite}: local folder vs S3 (Ceph RADOS Gateway on loopback)`, [
		...runs.flatMap((r) => r.figures),
		...storeFigures,
		{
			name: 'Ceph test cluster: start (monitor, OSD, gateway, S3 user) / stop',
			value: cephStartSeconds,
			unit: 's',
			note: `stop ${cephStopSeconds.toFixed(1)} s`,
		},
		{
			// The machine is shared: the figures above mean little without it.
			name: 'load average (1 min) at the end of the measurements',
			value: loadAfter[0],
			unit: '',
			note: `${loadBefore.map((l) => l.toFixed(2)).join(' / ')} at the start (1/5/15 min), ${loadAfter.map((l) => l.toFixed(2)).join(' / ')} at the end; ${os.cpus().length} cores`,
		},
	])
} catch (error) {
	stopCeph(cephDir)
	throw error
}
fs.rmSync(TMP, { recursive: true, force: true })
process.exit(0)
