// The storage contract: the same cases against both backends, the local folder and the S3 backend
// on a real Ceph RADOS Gateway (docs/STORAGE.md).
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { describe, expect, inject, test } from 'vitest'
import { localStore } from '#storage/local'
import { PART_SIZE, s3Store } from '#storage/s3'
import { blobKey, isStorageError, type ObjectStore, readAll, sha256Of } from '#storage/store'
import { seededBytes } from '#tests/helpers'
import { freshBucket, s3Config } from './s3'

type Backend = { store: ObjectStore; corrupt(key: string, bytes: Buffer): Promise<void> }

const backends: Array<[string, () => Promise<Backend>]> = [
	[
		'local folder',
		async () => {
			const root = path.join(inject('tmpDir'), `local-${crypto.randomBytes(6).toString('hex')}`)
			const store = localStore(root)
			return { store, corrupt: async (key, bytes) => fs.writeFileSync(store.pathOf(key), bytes) }
		},
	],
	[
		'S3 (Ceph RADOS Gateway)',
		async () => {
			const bucket = await freshBucket()
			const store = s3Store(s3Config(bucket))
			return {
				store,
				// Behind the store's back: other bytes under the same key, with the old metadata.
				corrupt: async (key, bytes) => {
					const meta = await store.head(key)
					await store.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, Metadata: { sha256: meta!.sha256! } }))
				},
			}
		},
	],
]

function tmpFile(name: string, bytes: Uint8Array) {
	const file = path.join(inject('tmpDir'), `${process.pid}-${crypto.randomBytes(4).toString('hex')}-${name}`)
	fs.writeFileSync(file, bytes)
	return file
}

describe.each(backends)('the %s store', (_name, make) => {
	test('stores bytes and reads them back exactly, with their size, by head and by list', async () => {
		const { store } = await make()
		const bytes = seededBytes(100 * 1024, 1)
		const sha256 = sha256Of(bytes)
		expect(await store.put(blobKey(sha256), bytes, { sha256, contentType: 'application/pdf' })).toEqual({
			size: bytes.length,
			created: true,
		})
		const opened = await store.get(blobKey(sha256), { sha256, size: bytes.length })
		expect(opened!.size).toBe(bytes.length)
		expect((await readAll(opened!.stream)).equals(bytes)).toBe(true)
		expect(await store.head(blobKey(sha256))).toMatchObject({ key: blobKey(sha256), size: bytes.length })
		await store.put('reports/R-2026-TEST000001.pdf', seededBytes(10, 2), { sha256: sha256Of(seededBytes(10, 2)) })
		const listed = []
		for await (const o of store.list('blobs/')) listed.push(o.key)
		expect(listed).toEqual([blobKey(sha256)])
	})

	test('a large file is streamed in and out in parts and comes back whole', async () => {
		const { store } = await make()
		const bytes = seededBytes(2 * PART_SIZE + 12345, 3)
		const sha256 = sha256Of(bytes)
		const file = tmpFile('large.bin', bytes)
		expect(await store.put(blobKey(sha256), { file }, { sha256 })).toEqual({ size: bytes.length, created: true })
		const opened = await store.get(blobKey(sha256), { sha256, size: bytes.length })
		expect(sha256Of(await readAll(opened!.stream))).toBe(sha256)
	})

	test('many writers of the same content-addressed object at once leave one whole object', async () => {
		const { store } = await make()
		const bytes = seededBytes(300 * 1024, 4)
		const sha256 = sha256Of(bytes)
		const file = tmpFile('same.bin', bytes)
		const results = await Promise.all(
			Array.from({ length: 8 }, (_, i) => store.put(blobKey(sha256), i % 2 ? bytes : { file }, { sha256, ifAbsent: i >= 4 })),
		)
		expect(results.every((r) => r.size === bytes.length)).toBe(true)
		const opened = await store.get(blobKey(sha256), { sha256, size: bytes.length })
		expect((await readAll(opened!.stream)).equals(bytes)).toBe(true)
		const keys = []
		for await (const o of store.list('blobs/')) keys.push(o.key)
		expect(keys).toEqual([blobKey(sha256)])
	})

	test('an object already stored with the same size is kept and nothing is sent again', async () => {
		const { store } = await make()
		const bytes = seededBytes(1000, 5)
		const sha256 = sha256Of(bytes)
		await store.put(blobKey(sha256), bytes, { sha256 })
		expect(await store.put(blobKey(sha256), bytes, { sha256, ifAbsent: true })).toEqual({ size: 1000, created: false })
	})

	test('bytes that do not hash to the announced SHA-256 are refused, and nothing is stored', async () => {
		const { store } = await make()
		const bytes = seededBytes(1000, 6)
		const other = sha256Of(seededBytes(1000, 7))
		const small = store.put(blobKey(other), bytes, { sha256: other })
		await expect(small).rejects.toSatisfy((e) => isStorageError(e, 'source_mismatch'))
		const large = seededBytes(PART_SIZE + 1, 8)
		const file = tmpFile('mismatch.bin', large)
		await expect(store.put(blobKey(other), { file }, { sha256: other })).rejects.toSatisfy((e) => isStorageError(e, 'source_mismatch'))
		expect(await store.head(blobKey(other))).toBeNull()
	})

	test('a damaged object is detected on read: the stream fails before its last bytes, and a wrong length fails at once', async () => {
		const { store, corrupt } = await make()
		const bytes = seededBytes(200 * 1024, 9)
		const sha256 = sha256Of(bytes)
		await store.put(blobKey(sha256), bytes, { sha256 })
		const damaged = Buffer.from(bytes)
		damaged[damaged.length - 10] ^= 0xff
		await corrupt(blobKey(sha256), damaged)
		const opened = await store.get(blobKey(sha256), { sha256, size: bytes.length })
		let received = 0
		const read = (async () => {
			for await (const chunk of opened!.stream) received += (chunk as Buffer).length
		})()
		await expect(read).rejects.toSatisfy((e) => isStorageError(e, 'corrupt'))
		expect(received).toBeLessThan(bytes.length)
		await corrupt(blobKey(sha256), damaged.subarray(0, 1000))
		await expect(store.get(blobKey(sha256), { sha256, size: bytes.length })).rejects.toSatisfy((e) => isStorageError(e, 'corrupt'))
	})

	test('a missing object reads as nothing; deleting is final and may be repeated', async () => {
		const { store } = await make()
		const bytes = seededBytes(10, 10)
		const sha256 = sha256Of(bytes)
		expect(await store.get(blobKey(sha256))).toBeNull()
		expect(await store.head(blobKey(sha256))).toBeNull()
		await store.put(blobKey(sha256), bytes, { sha256 })
		await store.delete(blobKey(sha256))
		await store.delete(blobKey(sha256))
		expect(await store.get(blobKey(sha256))).toBeNull()
	})

	test('keys that could leave the store’s place are refused', async () => {
		const { store } = await make()
		const bytes = seededBytes(10, 11)
		for (const key of ['../outside', '/etc/passwd', 'a//b', 'blobs/../../x', 'a\\b', 'x.tmp', ''])
			await expect(store.put(key, bytes, { sha256: sha256Of(bytes) }), key).rejects.toThrow(/invalid storage key/)
	})
})
