// npm run storage:migrate — copies the evidence files and signed reports kept under DATA_DIR into the
// S3 bucket set by S3_* (docs/STORAGE.md), checking every object's SHA-256, and reports what it did.
// Idempotent and resumable: an object already in the bucket with the same size, SHA-256 and ETag is
// left alone, so running it again after an interruption (or after new uploads) copies only the rest.
// Run it with the server still on STORAGE=local, then switch to STORAGE=s3 and run it once more.
import { getDb } from '#db/client.server'
import { storedReportHashes } from '#db/queries/reports'
import { s3ConfigOf } from '#storage/index'
import { localStore } from '#storage/local'
import { expectedObject, s3Store } from '#storage/s3'
import { parseEnv } from '~/env.server'

const PREFIXES = ['blobs/', 'reports/']
const PARALLEL = 4

const env = parseEnv(process.env)
if (!env.S3_BUCKET || !env.S3_ACCESS_KEY_ID || !env.S3_SECRET_ACCESS_KEY) {
	console.error(
		'storage:migrate copies DATA_DIR into the bucket set by S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (and S3_ENDPOINT): set them first.',
	)
	process.exit(2)
}
const source = localStore(env.DATA_DIR)
const target = s3Store(s3ConfigOf({ ...env, STORAGE: 's3' }))
try {
	await target.check()
} catch (error) {
	console.error(`Cannot use ${target.location}: ${(error as Error).message}`)
	process.exit(1)
}
const reportHashes = storedReportHashes(getDb())

type Outcome = 'copied' | 'present' | 'damaged' | 'failed'
const counts: Record<Outcome, number> = { copied: 0, present: 0, damaged: 0, failed: 0 }
let bytesCopied = 0
const problems: Array<string> = []

/** The SHA-256 a stored file must have: a blob's is its name, a report's is in the database. */
function expectedSha256(key: string): string | null {
	if (key.startsWith('blobs/')) return key.slice(key.lastIndexOf('/') + 1)
	return reportHashes.get(key) ?? null
}

async function migrate(key: string): Promise<Outcome> {
	const file = source.pathOf(key)
	const local = await expectedObject(file)
	const expected = expectedSha256(key)
	if (expected === null) {
		problems.push(`${key}: no record in the database refers to it (left where it is)`)
		return 'damaged'
	}
	if (local.sha256 !== expected) {
		problems.push(`${key}: damaged in ${source.location} (SHA-256 ${local.sha256}, recorded ${expected}); not copied`)
		return 'damaged'
	}
	const there = await target.head(key)
	if (there && there.size === local.size && there.sha256 === local.sha256 && (!there.etag || there.etag === local.etag)) return 'present'
	await target.put(key, { file }, { sha256: local.sha256, contentType: key.endsWith('.pdf') ? 'application/pdf' : undefined })
	bytesCopied += local.size
	return 'copied'
}

const started = performance.now()
console.log(`Copying ${PREFIXES.join(', ')} from ${source.location} to ${target.location}`)
for (const prefix of PREFIXES) {
	const queue = source.list(prefix)[Symbol.asyncIterator]()
	async function worker() {
		for (;;) {
			const next = await queue.next()
			if (next.done) return
			const key = next.value.key
			let outcome: Outcome
			try {
				outcome = await migrate(key)
			} catch (error) {
				problems.push(`${key}: ${(error as Error).message}`)
				outcome = 'failed'
			}
			counts[outcome]++
			const done = counts.copied + counts.present + counts.damaged + counts.failed
			if (done % 500 === 0) console.log(`  ${done} objects…`)
		}
	}
	await Promise.all(Array.from({ length: PARALLEL }, worker))
}
const seconds = (performance.now() - started) / 1000
for (const p of problems) console.error(`  ${p}`)
console.log(
	`Copied ${counts.copied} (${(bytesCopied / 1024 / 1024).toFixed(1)} MB), already there and verified ${counts.present}, ` +
		`not copied ${counts.damaged}, failed ${counts.failed}, in ${seconds.toFixed(1)} s.`,
)
if (counts.damaged || counts.failed) {
	console.error('Some objects were not copied (listed above). Fix them and run storage:migrate again: what is there is kept.')
	process.exit(1)
}
