// The S3 backend: any S3-compatible object store (Ceph's RADOS Gateway, MinIO, a cloud's object
// storage, AWS S3) through the AWS SDK v3. docs/STORAGE.md says how to run it.
//
// Integrity, end to end. Every object carries our SHA-256 as metadata (`x-amz-meta-sha256`). A put
// hashes the bytes as they are sent and refuses a source that differs from the SHA-256 it was
// given. Objects up to PART_SIZE go in one PutObject with Content-MD5 (the store refuses bytes that
// changed on the way: BadDigest) and x-amz-checksum-sha256 (stores that implement it check our
// SHA-256 itself; Ceph 16 ignores it). Larger ones go as a multipart upload (lib-storage, PART_SIZE
// parts, two in flight), each part with its Content-MD5; after completion the object's ETag, which
// the store computes from the parts it kept, must equal the one computed here from the bytes we
// sent (MD5 of the parts' MD5s), or the object is deleted and the put fails. A read streams the
// object through the SHA-256 check of store.ts.
//
// Quirks of Ceph 16 (docs/STORAGE.md): a streamed PutObject with the SDK's default checksum settings
// fails with 411, hence requestChecksumCalculation/responseChecksumValidation WHEN_REQUIRED;
// CompleteMultipartUpload answers with an empty ETag, hence the HeadObject after it.
import crypto from 'node:crypto'
import fs from 'node:fs'
import { pipeline, Readable } from 'node:stream'
import {
	DeleteObjectCommand,
	GetObjectCommand,
	HeadBucketCommand,
	HeadObjectCommand,
	ListObjectsV2Command,
	PutObjectCommand,
	S3Client,
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { checkKey, type ObjectInfo, type ObjectStore, type PutOptions, type PutSource, StorageError, verifying } from './store'

/** Multipart part size (S3's minimum): at most two parts are held in memory per upload. */
export const PART_SIZE = 5 * 1024 * 1024
const QUEUE_SIZE = 2

export type S3Config = {
	endpoint?: string
	region: string
	bucket: string
	accessKeyId: string
	secretAccessKey: string
	forcePathStyle: boolean
	/** Attempts per request, with exponential backoff between them (the SDK's standard retry mode). */
	maxAttempts?: number
}

export type S3ObjectInfo = ObjectInfo & { etag: string | null }

/** An SDK failure as a StorageError that says what to check. */
export function classify(error: unknown, what: string, where: string): StorageError {
	if (error instanceof StorageError) return error
	const e = error as { name?: string; Code?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } }
	const status = e.$metadata?.httpStatusCode
	const name = e.Code ?? e.name ?? ''
	const detail = `${name}${status ? ` ${status}` : ''}${e.message && e.message !== name ? `: ${e.message}` : ''}`
	if (name === 'NoSuchBucket')
		return new StorageError('bucket', `${what}: the bucket of ${where} does not exist (S3_BUCKET) — ${detail}`, { cause: error })
	if (status === 403 || ['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied'].includes(name))
		return new StorageError(
			'credentials',
			`${what}: ${where} refused our credentials (S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY) — ${detail}`,
			{ cause: error },
		)
	return new StorageError('unavailable', `${what}: ${where} is unreachable or failing — ${detail || String(error)}`, { cause: error })
}

function isNotFound(error: unknown) {
	const e = error as { name?: string; $metadata?: { httpStatusCode?: number } }
	return e.name === 'NoSuchKey' || e.name === 'NotFound' || (e.$metadata?.httpStatusCode === 404 && e.name !== 'NoSuchBucket')
}

const md5 = (bytes: Uint8Array) => crypto.createHash('md5').update(bytes).digest()

/** The ETag an S3 store gives an object written as we write it: the MD5, or for a multipart upload the MD5 of the parts' MD5s and their count. */
export function etagOf(partMd5s: ReadonlyArray<Buffer>) {
	if (partMd5s.length <= 1) return (partMd5s[0] ?? md5(new Uint8Array(0))).toString('hex')
	return `${md5(Buffer.concat(partMd5s)).toString('hex')}-${partMd5s.length}`
}

/** Hashes a stream as it passes: the SHA-256 of the whole and the MD5 of every PART_SIZE slice. */
function hashingParts() {
	const sha = crypto.createHash('sha256')
	const parts: Array<Buffer> = []
	let part = crypto.createHash('md5')
	let inPart = 0
	let size = 0
	async function* pass(chunks: AsyncIterable<Buffer>) {
		for await (const chunk of chunks) {
			sha.update(chunk)
			size += chunk.length
			let at = 0
			while (at < chunk.length) {
				const take = Math.min(PART_SIZE - inPart, chunk.length - at)
				part.update(chunk.subarray(at, at + take))
				inPart += take
				at += take
				if (inPart === PART_SIZE) {
					parts.push(part.digest())
					part = crypto.createHash('md5')
					inPart = 0
				}
			}
			yield chunk
		}
	}
	return {
		pass,
		result() {
			if (inPart > 0 || parts.length === 0) parts.push(part.digest())
			return { sha256: sha.digest('hex'), size, etag: etagOf(parts) }
		},
	}
}

/** The ETag and SHA-256 a local file would have in the store (the migration compares objects already there). */
export async function expectedObject(file: string) {
	const h = hashingParts()
	for await (const _ of h.pass(fs.createReadStream(file) as AsyncIterable<Buffer>));
	return h.result()
}

const unquote = (etag: string | undefined) => (etag ? etag.replace(/^"|"$/g, '') : null)

export function s3Store(
	config: S3Config,
): Omit<ObjectStore, 'head'> & { client: S3Client; check(): Promise<void>; head(key: string): Promise<S3ObjectInfo | null> } {
	const client = new S3Client({
		endpoint: config.endpoint,
		region: config.region,
		forcePathStyle: config.forcePathStyle,
		credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
		requestChecksumCalculation: 'WHEN_REQUIRED',
		responseChecksumValidation: 'WHEN_REQUIRED',
		retryMode: 'standard',
		maxAttempts: config.maxAttempts ?? 4,
		requestHandler: { connectionTimeout: 5_000, socketTimeout: 30_000 },
	})
	// Every multipart part carries its Content-MD5, so the store refuses a part damaged on the way.
	client.middlewareStack.add(
		(next, context) => async (args) => {
			const input = args.input as { Body?: unknown; ContentMD5?: string }
			if (context.commandName === 'UploadPartCommand' && input.Body instanceof Uint8Array && !input.ContentMD5)
				input.ContentMD5 = md5(input.Body).toString('base64')
			return next(args)
		},
		{ step: 'initialize', name: 'partContentMd5' },
	)
	const Bucket = config.bucket
	const where = `s3://${Bucket}${config.endpoint ? ` at ${config.endpoint}` : ''}`

	async function head(key: string): Promise<S3ObjectInfo | null> {
		try {
			const h = await client.send(new HeadObjectCommand({ Bucket, Key: checkKey(key) }))
			return { key, size: h.ContentLength ?? 0, sha256: h.Metadata?.sha256 ?? null, etag: unquote(h.ETag) }
		} catch (error) {
			if (isNotFound(error)) return null
			throw classify(error, `reading ${key}`, where)
		}
	}

	async function remove(key: string) {
		try {
			await client.send(new DeleteObjectCommand({ Bucket, Key: checkKey(key) }))
		} catch (error) {
			throw classify(error, `deleting ${key}`, where)
		}
	}

	async function putSmall(key: string, source: PutSource, options: PutOptions) {
		const bytes = source instanceof Uint8Array ? source : await fs.promises.readFile(source.file)
		const sha256 = crypto.createHash('sha256').update(bytes).digest()
		if (sha256.toString('hex') !== options.sha256)
			throw new StorageError(
				'source_mismatch',
				`refusing to store ${key}: its bytes hash to ${sha256.toString('hex')}, not ${options.sha256}`,
			)
		const contentMd5 = md5(bytes)
		const out = await client.send(
			new PutObjectCommand({
				Bucket,
				Key: key,
				Body: bytes,
				ContentLength: bytes.byteLength,
				ContentType: options.contentType,
				ContentMD5: contentMd5.toString('base64'),
				ChecksumSHA256: sha256.toString('base64'),
				Metadata: { sha256: options.sha256 },
			}),
		)
		const etag = unquote(out.ETag)
		if (etag && etag !== contentMd5.toString('hex')) {
			await remove(key).catch(() => {})
			throw new StorageError('corrupt', `${where} stored ${key} with ETag ${etag}, not the MD5 of the bytes sent`)
		}
		return bytes.byteLength
	}

	async function putLarge(key: string, source: PutSource, options: PutOptions) {
		const h = hashingParts()
		const body = Readable.from(
			h.pass(source instanceof Uint8Array ? Readable.from([Buffer.from(source)]) : fs.createReadStream(source.file)),
		)
		try {
			await new Upload({
				client,
				params: { Bucket, Key: key, Body: body, ContentType: options.contentType, Metadata: { sha256: options.sha256 } },
				partSize: PART_SIZE,
				queueSize: QUEUE_SIZE,
				leavePartsOnError: false,
			}).done()
		} finally {
			body.destroy()
		}
		const sent = h.result()
		if (sent.sha256 !== options.sha256) {
			await remove(key).catch(() => {})
			throw new StorageError('source_mismatch', `refusing to store ${key}: its bytes hash to ${sent.sha256}, not ${options.sha256}`)
		}
		const stored = await head(key)
		if (!stored || stored.size !== sent.size || (stored.etag && stored.etag !== sent.etag)) {
			await remove(key).catch(() => {})
			throw new StorageError(
				'corrupt',
				`${where} stored ${key} as ${stored?.size ?? 'nothing'} bytes with ETag ${stored?.etag}, not ${sent.size} bytes with ${sent.etag}`,
			)
		}
		return sent.size
	}

	return {
		kind: 's3',
		location: where,
		client,
		head,
		delete: remove,

		async check() {
			try {
				await client.send(new HeadBucketCommand({ Bucket }))
			} catch (error) {
				if (isNotFound(error)) throw new StorageError('bucket', `the bucket of ${where} does not exist (S3_BUCKET)`, { cause: error })
				throw classify(error, 'checking the bucket', where)
			}
		},

		async put(key: string, source: PutSource, options: PutOptions) {
			checkKey(key)
			const size = source instanceof Uint8Array ? source.byteLength : (await fs.promises.stat(source.file)).size
			if (options.ifAbsent) {
				const existing = await head(key)
				if (existing && existing.size === size && (existing.sha256 === null || existing.sha256 === options.sha256))
					return { size, created: false }
			}
			try {
				const written = size <= PART_SIZE ? await putSmall(key, source, options) : await putLarge(key, source, options)
				return { size: written, created: true }
			} catch (error) {
				throw classify(error, `storing ${key}`, where)
			}
		},

		async get(key: string, expect?: { sha256: string; size?: number }) {
			let out
			try {
				out = await client.send(new GetObjectCommand({ Bucket, Key: checkKey(key) }))
			} catch (error) {
				if (isNotFound(error)) return null
				throw classify(error, `reading ${key}`, where)
			}
			const body = out.Body as Readable
			const size = out.ContentLength ?? 0
			if (expect?.size !== undefined && size !== expect.size) {
				body.destroy()
				throw new StorageError('corrupt', `stored object ${key} is damaged: ${size} bytes, expected ${expect.size}`)
			}
			const sha256 = expect?.sha256 ?? out.Metadata?.sha256
			if (!sha256) return { stream: body, size }
			return { stream: pipeline(body, verifying(key, { sha256, size: expect?.size ?? size }), () => {}), size }
		},

		async *list(prefix: string) {
			let token: string | undefined
			do {
				let page
				try {
					page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken: token }))
				} catch (error) {
					throw classify(error, `listing ${prefix}`, where)
				}
				for (const o of page.Contents ?? []) yield { key: o.Key!, size: o.Size ?? 0, sha256: null, etag: unquote(o.ETag) }
				token = page.IsTruncated ? page.NextContinuationToken : undefined
			} while (token)
		},
	}
}
