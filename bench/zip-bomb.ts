// Zip bombs at the registry upload: a workbook whose one sheet inflates to 200 MB of zeros, once
// lying about its size and once declaring it honestly. The production server must refuse both while
// inflating, one chunk at a time; its resident memory is sampled from /proc during each upload.
// (The integration test checks the refusal; the memory it takes is measured here, not asserted there.)
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { lyingZip } from '#tests/spreadsheets'
import { BENCH_DIR, BENCH_SECRET, report, sessionCookie, startAppServer } from './lib'

const TMP = path.join(BENCH_DIR, '.tmp')
const DB = path.join(TMP, 'zip-bomb.db')
const DATA = path.join(TMP, 'zip-bomb-data')
fs.mkdirSync(TMP, { recursive: true })
for (const suffix of ['', '-wal', '-shm']) fs.rmSync(DB + suffix, { force: true })
fs.rmSync(DATA, { recursive: true, force: true })
process.env.DATABASE_PATH = DB
process.env.SESSION_SECRET = BENCH_SECRET
process.env.NODE_ENV = 'production'

const { openDatabase } = await import('../db/client.server')
const { runMigrations } = await import('../db/migrate')
const { insertProvinces } = await import('../app/services/demo-seed.server')
const { insertUser } = await import('#tests/factories')

const db = openDatabase(DB)
runMigrations(db)
insertProvinces(db)
const admin = await insertUser(db, { grants: [{ role: 'admin', scopeKind: 'national' }] })
const cookie = await sessionCookie(admin.id)
db.$client.pragma('wal_checkpoint(TRUNCATE)')
db.$client.close()

const port = await new Promise<number>((resolve) => {
	const s = net.createServer().listen(0, '127.0.0.1', () => {
		const { port } = s.address() as net.AddressInfo
		s.close(() => resolve(port))
	})
})
const { server, base } = await startAppServer({ port, database: DB, dataDir: DATA })

function rssMb() {
	const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${server.pid}/status`, 'utf8'))
	return m ? Number(m[1]) / 1024 : NaN
}

async function upload(bytes: Uint8Array, name: string) {
	const form = new FormData()
	form.append('file', new File([Buffer.from(bytes)], name))
	const res = await fetch(`${base}/facilities/import`, {
		method: 'POST',
		headers: { Cookie: cookie, Origin: base },
		body: form,
		redirect: 'manual',
	})
	await res.arrayBuffer()
	return res.status
}

/** Uploads the bomb while sampling the server's RSS every 5 ms; the growth is the peak over the RSS just before. */
async function measure(bytes: Uint8Array) {
	const before = rssMb()
	let peak = before
	const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 5)
	const status = await upload(bytes, 'bom.xlsx')
	clearInterval(sampler)
	peak = Math.max(peak, rssMb())
	if (status !== 400) throw new Error(`the bomb was not refused: HTTP ${status}`)
	return { before, peak, growth: peak - before }
}

// Warm up the upload path (the route's modules, the zip reader) with a small file it refuses as well.
const bombs = {
	lying: lyingZip('xl/worksheets/sheet1.xml', 200 * 1024 * 1024, 1000),
	honest: lyingZip('xl/worksheets/sheet1.xml', 200 * 1024 * 1024, 200 * 1024 * 1024),
}
await upload(lyingZip('xl/worksheets/sheet1.xml', 1024 * 1024, 1000), 'nho.xlsx')
const lying = await measure(bombs.lying)
const honest = await measure(bombs.honest)
server.kill('SIGTERM')

report('zip bombs at the registry upload', [
	{
		name: 'server RSS growth, a bomb that lies about its size (200 MB inside, declares 1 KB)',
		value: lying.growth,
		unit: 'MB',
		budget: { op: '<=', value: 100 },
		note: `${Math.round(lying.before)} → ${Math.round(lying.peak)} MB, ${Math.round(bombs.lying.byteLength / 1024)} KB upload`,
	},
	{
		name: 'server RSS growth, a bomb that declares its 200 MB honestly',
		value: honest.growth,
		unit: 'MB',
		budget: { op: '<=', value: 100 },
		note: `${Math.round(honest.before)} → ${Math.round(honest.peak)} MB`,
	},
])
process.exit(0)
