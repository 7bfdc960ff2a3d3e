// The S3 backend when things go wrong, on a real Ceph RADOS Gateway: the gateway stopped in the
// middle of an upload, a wrong key, a missing bucket (a damaged object: tests/storage/contract.test.ts).
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { expect, inject, onTestFinished, test } from 'vitest'
import { PART_SIZE, s3Store } from '#storage/s3'
import { blobKey, isStorageError, readAll, sha256Of } from '#storage/store'
import { seededBytes } from '#tests/helpers'
import { startExtraGateway } from '#tests/setup/ceph'
import { cluster, freshBucket, s3Config } from './s3'

test('the gateway stopped in the middle of a multipart upload: the put fails as unavailable, nothing half-written is visible, and the same put succeeds once it is back', async () => {
	const gateway = await startExtraGateway(cluster(), `mid${process.pid}`)
	let restarted: Awaited<ReturnType<typeof startExtraGateway>> | null = null
	onTestFinished(async () => {
		await gateway.stop()
		await restarted?.stop()
	})
	const bucket = await freshBucket()
	const store = s3Store(s3Config(bucket, { endpoint: gateway.endpoint, maxAttempts: 3 }))
	const bytes = seededBytes(4 * PART_SIZE, 1)
	const sha256 = sha256Of(bytes)
	const file = path.join(inject('tmpDir'), `${process.pid}-${crypto.randomBytes(4).toString('hex')}-mid.bin`)
	fs.writeFileSync(file, bytes)
	// The gateway goes down as soon as it has taken the first part.
	let parts = 0
	store.client.middlewareStack.add(
		(next, context) => async (args) => {
			const out = await next(args)
			if (context.commandName === 'UploadPartCommand' && ++parts === 1) await gateway.stop()
			return out
		},
		{ step: 'initialize', name: 'stopGatewayAfterFirstPart' },
	)
	await expect(store.put(blobKey(sha256), { file }, { sha256 })).rejects.toSatisfy(
		(e) => isStorageError(e, 'unavailable') && /storing blobs\/.* is unreachable or failing/.test(e.message),
	)
	// Interrupted: two parts are in flight at a time, so the gateway may still take the second one
	// (or a third) while it stops, never all four.
	expect(parts).toBeGreaterThanOrEqual(1)
	expect(parts).toBeLessThan(4)
	restarted = await startExtraGateway(cluster(), `mid${process.pid}`, gateway.port)
	expect(await store.head(blobKey(sha256))).toBeNull()
	expect(await store.put(blobKey(sha256), { file }, { sha256 })).toEqual({ size: bytes.length, created: true })
	const opened = await store.get(blobKey(sha256), { sha256, size: bytes.length })
	expect(sha256Of(await readAll(opened!.stream))).toBe(sha256)
})

test('a wrong secret key is refused with a message naming the variables to check', async () => {
	const bucket = await freshBucket()
	const store = s3Store(s3Config(bucket, { secretAccessKey: 'not-the-secret-key-00000000000000000000' }))
	const bytes = seededBytes(100, 2)
	const failure = store.put('reports/R-2026-WRONGKEY01.pdf', bytes, { sha256: sha256Of(bytes) })
	await expect(failure).rejects.toSatisfy(
		(e) => isStorageError(e, 'credentials') && e.message.includes('refused our credentials (S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY)'),
	)
	await expect(store.check()).rejects.toSatisfy((e) => isStorageError(e, 'credentials'))
	const right = s3Store(s3Config(bucket))
	expect(await right.head('reports/R-2026-WRONGKEY01.pdf')).toBeNull()
})

test('a bucket that does not exist is named in the message, for writes, reads and the bucket check storage:migrate runs first', async () => {
	const store = s3Store(s3Config(`t-${process.pid}-no-such-bucket`))
	const bytes = seededBytes(100, 3)
	await expect(store.put(blobKey(sha256Of(bytes)), bytes, { sha256: sha256Of(bytes) })).rejects.toSatisfy(
		(e) => isStorageError(e, 'bucket') && e.message.includes('does not exist (S3_BUCKET)'),
	)
	await expect(store.get(blobKey(sha256Of(bytes)))).rejects.toSatisfy((e) => isStorageError(e, 'bucket'))
	await expect(store.check()).rejects.toSatisfy((e) => isStorageError(e, 'bucket'))
})
