// The application with STORAGE=s3 on a real Ceph RADOS Gateway: evidence uploads and downloads,
// signed reports issued, downloaded and verified, the migration from the local folder, backups kept
// in the store, and what users see when the store fails (docs/STORAGE.md).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { eq } from 'drizzle-orm'
import { expect, onTestFinished, test, vi } from 'vitest'
import { schema } from '#db/client.server'
import { localStore } from '#storage/local'
import { blobKey, readAll, sha256Of } from '#storage/store'
import { assessmentWorld } from '#tests/fixtures'
import { db, makeRequest, run, seededBytes } from '#tests/helpers'
import { startExtraGateway } from '#tests/setup/ceph'
import { getEnv } from '~/env.server'
import * as pageRoute from '~/routes/assessments.$assessmentId.$catalogCode.$groupId'
import * as answersRoute from '~/routes/assessments.$assessmentId.answers'
import * as submitRoute from '~/routes/assessments.$assessmentId.submit'
import * as evidenceRoute from '~/routes/evidence.$evidenceId'
import * as downloadRoute from '~/routes/reports.$reportId'
import * as reviewRoute from '~/routes/review.$assessmentId'
import * as verifyRoute from '~/routes/verify._index'
import { cluster, useS3Storage } from './s3'

type World = Awaited<ReturnType<typeof assessmentWorld>>

/** A PDF of `size` bytes: a PDF header, then seeded bytes. */
function pdf(size: number, seed: number) {
	const bytes = seededBytes(size, seed)
	bytes.set(Buffer.from('%PDF-1.4\n'))
	return bytes
}

async function upload(w: World, bytes: Uint8Array, name = 'Biên bản.pdf') {
	const form = new FormData()
	form.set('intent', 'upload')
	form.set('criterionId', 'ATTT.HIS.approved')
	form.set('file', new File([new Uint8Array(bytes)], name))
	const cookie = await w.cookie(w.users.editor)
	return run(pageRoute.action, makeRequest(`/assessments/${w.assessment.id}/ATTT-CAPDO-2026/HIS`, { cookie, form }), {
		assessmentId: String(w.assessment.id),
		catalogCode: 'ATTT-CAPDO-2026',
		groupId: 'HIS',
	})
}

async function download(w: World, evidenceId: number) {
	const cookie = await w.cookie(w.users.director)
	return evidenceRoute
		.loader({ request: makeRequest(`/evidence/${evidenceId}`, { cookie }), params: { evidenceId: String(evidenceId) }, context: {} })
		.catch((thrown: Response) => thrown)
}

function evidenceRows() {
	return db().select().from(schema.evidenceFiles).all()
}

/** No staged upload is left behind under DATA_DIR/tmp/uploads. */
function stagedFiles() {
	const dir = path.join(getEnv().DATA_DIR, 'tmp', 'uploads')
	return fs.existsSync(dir) ? fs.readdirSync(dir) : []
}

test('evidence uploaded through the page goes to the bucket by its SHA-256 and downloads byte for byte, with the same headers', async () => {
	const { store } = await useS3Storage()
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'] })
	// Larger than one part: stored as a multipart upload.
	const bytes = pdf(7 * 1024 * 1024, 1)
	const res = await upload(w, bytes)
	expect(res.data.notice).toBe('evidence.uploaded')
	const [row] = evidenceRows()
	expect(row.sha256).toBe(sha256Of(bytes))
	expect(await store.head(blobKey(row.sha256))).toMatchObject({ size: bytes.length, sha256: row.sha256 })
	expect(fs.existsSync(path.join(getEnv().DATA_DIR, 'blobs'))).toBe(false)
	expect(stagedFiles()).toEqual([])
	const dl = await download(w, row.id)
	expect(dl.status).toBe(200)
	expect(Object.fromEntries(dl.headers)).toMatchObject({
		'content-type': 'application/pdf',
		'content-length': String(bytes.length),
		'content-disposition': `attachment; filename="Bi_n b_n.pdf"; filename*=UTF-8''${encodeURIComponent('Biên bản.pdf')}`,
		'x-content-type-options': 'nosniff',
		'cache-control': 'private, no-store',
	})
	expect(Buffer.from(await dl.arrayBuffer()).equals(bytes)).toBe(true)
	// The same file again is recognised, and nothing new is stored.
	expect((await upload(w, bytes, 'again.pdf')).data.notice).toBe('evidence.duplicate')
})

test('an evidence file damaged in the bucket is never delivered whole: its download is cut short and logged', async () => {
	const { store, bucket } = await useS3Storage()
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'] })
	const bytes = pdf(300 * 1024, 2)
	await upload(w, bytes)
	const [row] = evidenceRows()
	const damaged = Buffer.from(bytes)
	damaged[1000] ^= 0x01
	await store.client.send(
		new PutObjectCommand({ Bucket: bucket, Key: blobKey(row.sha256), Body: damaged, Metadata: { sha256: row.sha256 } }),
	)
	const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
	const dl = await download(w, row.id)
	expect(dl.status).toBe(200)
	await expect(dl.arrayBuffer()).rejects.toThrow()
	await vi.waitFor(() => expect(logged).toHaveBeenCalledWith(expect.stringContaining('download cut short')))
})

/** Answers every question of the small catalog, then the director submits, then the evaluator approves. */
async function approve(w: World) {
	const cookie = await w.cookie(w.users.editor)
	let version = w.assessment.version
	for (const g of ['HIS', 'LIS', 'RISPACS', 'EMR', 'PORTAL'])
		for (const [id, value] of [
			[`ATTT.${g}.level`, 'not_operated'],
			[`ATTT.${g}.approved`, 'no'],
		]) {
			const res = await run(
				answersRoute.action,
				makeRequest(`/assessments/${w.assessment.id}/answers`, { cookie, form: { criterionId: id, value, baseVersion: String(version) } }),
				{ assessmentId: String(w.assessment.id) },
			)
			version = JSON.parse(res.data).version
		}
	const submitted = await run(
		submitRoute.action,
		makeRequest(`/assessments/${w.assessment.id}/submit`, {
			cookie: await w.cookie(w.users.director),
			form: { name: 'Ngô Thị Mai', jobTitle: 'Giám đốc', accept: 'on' },
		}),
		{ assessmentId: String(w.assessment.id) },
	)
	expect(submitted.status).toBe(302)
	for (const intent of ['claim', 'approve'])
		await run(
			reviewRoute.action,
			makeRequest(`/review/${w.assessment.id}`, { cookie: await w.cookie(w.users.evaluator), form: { intent } }),
			{
				assessmentId: String(w.assessment.id),
			},
		)
	return db().select().from(schema.reports).where(eq(schema.reports.assessmentId, w.assessment.id)).get()!
}

test('the final approval keeps the signed report in the bucket; downloads give its exact bytes and the verification page confirms them', async () => {
	const { store } = await useS3Storage()
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'] })
	const report = await approve(w)
	expect(report).toMatchObject({ kind: 'signed', storagePath: `reports/${report.id}.pdf` })
	expect(await store.head(report.storagePath)).toMatchObject({ size: report.size, sha256: report.sha256 })
	expect(fs.existsSync(path.join(getEnv().DATA_DIR, 'reports'))).toBe(false)
	const res = await downloadRoute.loader({
		request: makeRequest(`/reports/${report.id}`, { cookie: await w.cookie(w.users.director) }),
		params: { reportId: report.id },
		context: {},
	})
	expect(res.headers.get('Content-Length')).toBe(String(report.size))
	expect(res.headers.get('ETag')).toBe(`"${report.sha256}"`)
	const bytes = Buffer.from(await res.arrayBuffer())
	expect(sha256Of(bytes)).toBe(report.sha256)
	const form = new FormData()
	form.append('file', new File([new Uint8Array(bytes)], 'report.pdf', { type: 'application/pdf' }))
	const verified = await run(verifyRoute.action, makeRequest('/verify', { form }))
	expect(verified.data.verification).toMatchObject({ status: 'match', report: { id: report.id } })
})

test('with the store unreachable an upload is refused with a message and nothing is recorded; the answers stay, and the same upload succeeds once the store is back', async () => {
	const gateway = await startExtraGateway(cluster(), `up${process.pid}`)
	let restarted: Awaited<ReturnType<typeof startExtraGateway>> | null = null
	onTestFinished(async () => {
		await gateway.stop()
		await restarted?.stop()
	})
	await useS3Storage({ endpoint: gateway.endpoint })
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'] })
	const cookie = await w.cookie(w.users.editor)
	const saved = await run(
		answersRoute.action,
		makeRequest(`/assessments/${w.assessment.id}/answers`, {
			cookie,
			form: { criterionId: 'ATTT.HIS.approved', value: 'yes', baseVersion: String(w.assessment.version) },
		}),
		{ assessmentId: String(w.assessment.id) },
	)
	expect(JSON.parse(saved.data).status).toBe('saved')
	await gateway.stop()
	const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
	const refused = await upload(w, pdf(50 * 1024, 3))
	expect(refused.status).toBe(503)
	expect(refused.data).toMatchObject({ error: 'evidence.storage_unavailable', criterionId: 'ATTT.HIS.approved' })
	expect(logged).toHaveBeenCalledWith(expect.stringMatching(/not stored: .*unreachable/))
	expect(evidenceRows()).toEqual([])
	expect(db().select().from(schema.blobs).all()).toEqual([])
	expect(stagedFiles()).toEqual([])
	expect(db().select().from(schema.answers).all()).toHaveLength(1)
	restarted = await startExtraGateway(cluster(), `up${process.pid}`, gateway.port)
	const again = await upload(w, pdf(50 * 1024, 3))
	expect(again.data.notice).toBe('evidence.uploaded')
	expect(evidenceRows()).toHaveLength(1)
})

test('a download while the store is unreachable answers 503 (try again later), not a missing file', async () => {
	const gateway = await startExtraGateway(cluster(), `dl${process.pid}`)
	onTestFinished(() => gateway.stop())
	await useS3Storage({ endpoint: gateway.endpoint })
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'] })
	await upload(w, pdf(20 * 1024, 4))
	const [row] = evidenceRows()
	await gateway.stop()
	const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
	const dl = await download(w, row.id)
	expect(dl.status).toBe(503)
	expect(dl.headers.get('Retry-After')).toBe('60')
	expect(logged).toHaveBeenCalled()
})

function tsx(script: string, args: Array<string>, env: Record<string, string | undefined>) {
	const r = spawnSync(path.resolve('node_modules/.bin/tsx'), [script, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' })
	return { status: r.status, out: `${r.stdout}${r.stderr}` }
}

test('storage:migrate copies the local folder into the bucket with every hash checked, reports damaged files, and a second run copies nothing', async () => {
	// Files made by the application on the local store (the default)…
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'] })
	const small = pdf(40 * 1024, 5)
	const large = pdf(6 * 1024 * 1024, 6)
	await upload(w, small, 'a.pdf')
	await upload(w, large, 'b.pdf')
	const report = await approve(w)
	const local = localStore(getEnv().DATA_DIR)
	// …and one damaged on disk since.
	const damaged = pdf(1000, 7)
	const damagedKey = blobKey(sha256Of(pdf(1000, 8)))
	fs.mkdirSync(path.dirname(local.pathOf(damagedKey)), { recursive: true })
	fs.writeFileSync(local.pathOf(damagedKey), damaged)

	const { store, config } = await useS3Storage()
	const env = { STORAGE: 'local', S3_BUCKET: config.bucket }
	const first = tsx('scripts/storage-migrate.ts', [], env)
	expect(first.status, first.out).toBe(1)
	expect(first.out).toContain('Copied 3 (')
	expect(first.out).toContain('not copied 1, failed 0')
	expect(first.out).toContain(`${damagedKey}: damaged in`)
	for (const [key, bytes] of [
		[blobKey(sha256Of(small)), small],
		[blobKey(sha256Of(large)), large],
	] as const) {
		const opened = await store.get(key, { sha256: sha256Of(bytes), size: bytes.length })
		expect((await readAll(opened!.stream)).equals(bytes)).toBe(true)
	}
	expect(await store.head(report.storagePath)).toMatchObject({ size: report.size, sha256: report.sha256 })
	expect(await store.head(damagedKey)).toBeNull()

	// Repaired, run again: only what is missing is copied.
	fs.rmSync(local.pathOf(damagedKey))
	const second = tsx('scripts/storage-migrate.ts', [], env)
	expect(second.status, second.out).toBe(0)
	expect(second.out).toContain('Copied 0 (0.0 MB), already there and verified 3, not copied 0, failed 0')

	// An object lost from the bucket (an interrupted run) is copied again on the next run.
	await store.delete(report.storagePath)
	const third = tsx('scripts/storage-migrate.ts', [], env)
	expect(third.out).toContain('Copied 1 (')
	expect(third.out).toContain('already there and verified 2')

	// The application, switched to the bucket, serves what was migrated.
	const [row] = evidenceRows().filter((e) => e.sha256 === sha256Of(large))
	const dl = await download(w, row.id)
	expect(sha256Of(Buffer.from(await dl.arrayBuffer()))).toBe(sha256Of(large))
})

test('storage:migrate says clearly when the bucket is missing or the keys are wrong, and copies nothing', async () => {
	const { config } = await useS3Storage()
	const missing = tsx('scripts/storage-migrate.ts', [], { S3_BUCKET: `${config.bucket}-missing` })
	expect(missing.status).toBe(1)
	expect(missing.out).toMatch(/Cannot use s3:\/\/.*-missing .*does not exist \(S3_BUCKET\)/)
	const wrong = tsx('scripts/storage-migrate.ts', [], { S3_SECRET_ACCESS_KEY: 'wrong-secret-key-0000000000000000000000' })
	expect(wrong.status).toBe(1)
	expect(wrong.out).toMatch(/refused our credentials \(S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY\)/)
})

test('db:backup -- --to-store keeps the backup in the bucket, and db:restore -- --from-store latest brings it back', async () => {
	const { store } = await useS3Storage()
	await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'] })
	const backup = tsx('scripts/db-backup.ts', ['--to-store'], {})
	expect(backup.status, backup.out).toBe(0)
	expect(backup.out).toMatch(/→ backups\/app-\d{8}T\d{6}\.db in s3:\/\//)
	const keys: Array<string> = []
	for await (const o of store.list('backups/')) keys.push(o.key)
	expect(keys).toHaveLength(1)
	expect(fs.readdirSync(path.dirname(process.env.DATABASE_PATH!)).filter((f) => f.startsWith('.backup-'))).toEqual([])
	const target = path.join(path.dirname(process.env.DATABASE_PATH!), `${process.pid}-restored.db`)
	onTestFinished(() => fs.rmSync(target, { force: true }))
	const restore = tsx('scripts/db-restore.ts', ['--from-store', 'latest'], { DATABASE_PATH: target })
	expect(restore.status, restore.out).toBe(0)
	expect(restore.out).toContain(`Restored ${keys[0]} from s3://`)
	expect(restore.out).toContain('integrity ok')
})
