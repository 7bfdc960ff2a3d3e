// The object store behind evidence files, signed reports and database backups (docs/STORAGE.md):
// one interface, two backends (a local folder, any S3-compatible service). Keys are paths such as
// `blobs/ab/<sha256>` or `reports/<id>.pdf`; every object is written and read with the SHA-256 the
// database holds for it, and a read whose bytes do not hash to it fails before its last bytes leave.
import crypto from 'node:crypto'
import { Transform, type Readable } from 'node:stream'

/** What a put reads: bytes in memory, or a local file read as a stream (opened again on every attempt). */
export type PutSource = Uint8Array | { file: string }

export type PutOptions = {
	/** The SHA-256 (hex) of the bytes; a source that does not hash to it is refused and nothing is stored. */
	sha256: string
	contentType?: string
	/** Content-addressed keys: an existing object of the same size is kept (nothing is sent). */
	ifAbsent?: boolean
}

export type ObjectInfo = { key: string; size: number; sha256: string | null }

/** An object opened for reading: its length, and its bytes as a stream checked against the expected SHA-256. */
export type OpenedObject = { stream: Readable; size: number }

export interface ObjectStore {
	readonly kind: 'local' | 's3'
	/** Where the objects are, for messages: a folder, or `s3://bucket` at an endpoint. */
	readonly location: string
	/** Stores the bytes under `key` (atomically: readers see the old object or the whole new one). */
	put(key: string, source: PutSource, options: PutOptions): Promise<{ size: number; created: boolean }>
	/**
	 * The object as a stream; null when there is none. With `expect`, a length that differs fails at
	 * once and a SHA-256 that differs fails the stream at its end, before its last chunk is passed on.
	 */
	get(key: string, expect?: { sha256: string; size?: number }): Promise<OpenedObject | null>
	head(key: string): Promise<ObjectInfo | null>
	delete(key: string): Promise<void>
	/** Every object whose key starts with `prefix` (maintenance and migration; the SHA-256 when the store knows it). */
	list(prefix: string): AsyncIterable<ObjectInfo>
}

export type StorageProblem =
	/** The store cannot be reached (network, timeouts, 5xx after the retries). */
	| 'unavailable'
	/** The store refused our credentials. */
	| 'credentials'
	/** The bucket does not exist. */
	| 'bucket'
	/** The stored bytes are not the ones written (hash or length mismatch). */
	| 'corrupt'
	/** The bytes given to `put` are not the ones announced (hash mismatch): nothing was stored. */
	| 'source_mismatch'

/** A storage failure the caller can explain: `problem` says which kind, the message says what to check. */
export class StorageError extends Error {
	readonly problem: StorageProblem
	constructor(problem: StorageProblem, message: string, options?: { cause?: unknown }) {
		super(message, options)
		this.name = 'StorageError'
		this.problem = problem
	}
}

export function isStorageError(error: unknown, problem?: StorageProblem): error is StorageError {
	return error instanceof StorageError && (problem === undefined || error.problem === problem)
}

const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/

/** Keys are relative paths of plain segments: no `..`, no leading slash, no backslash. */
export function checkKey(key: string) {
	if (!KEY_RE.test(key) || key.length > 512 || key.split('/').some((s) => s === '..' || s.endsWith('.tmp')))
		throw new Error(`invalid storage key: ${JSON.stringify(key)}`)
	return key
}

/** The key of a content-addressed evidence blob (the layout under DATA_DIR since the first release). */
export function blobKey(sha256: string) {
	if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`invalid SHA-256: ${sha256}`)
	return `blobs/${sha256.slice(0, 2)}/${sha256}`
}

/**
 * Passes the bytes on while hashing them; at the end, a SHA-256 or length that differs from the
 * expected fails the stream with a `corrupt` StorageError. The last chunk is held back until the
 * check passes, so a reader never receives a complete copy of damaged bytes (a download is cut
 * short instead).
 */
export function verifying(key: string, expect: { sha256: string; size?: number }): Transform {
	const hash = crypto.createHash('sha256')
	let held: Buffer | null = null
	let size = 0
	return new Transform({
		transform(chunk: Buffer, _encoding, done) {
			hash.update(chunk)
			size += chunk.length
			const previous = held
			held = chunk
			done(null, previous ?? undefined)
		},
		flush(done) {
			const sha256 = hash.digest('hex')
			if (sha256 !== expect.sha256 || (expect.size !== undefined && size !== expect.size))
				return done(
					new StorageError(
						'corrupt',
						`stored object ${key} is damaged: ${size} bytes with SHA-256 ${sha256}, expected ${expect.size ?? '?'} bytes with ${expect.sha256}`,
					),
				)
			done(null, held ?? undefined)
		},
	})
}

/** Reads a whole stream (small objects only: signed reports in tests and tools). */
export async function readAll(stream: Readable): Promise<Buffer> {
	const chunks: Array<Buffer> = []
	for await (const chunk of stream) chunks.push(chunk as Buffer)
	return Buffer.concat(chunks)
}

export function sha256Of(bytes: Uint8Array) {
	return crypto.createHash('sha256').update(bytes).digest('hex')
}
