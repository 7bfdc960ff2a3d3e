// HTTP glue for file uploads that go to the object store (evidence): the multipart body is read as
// it streams, each file part written to a staging file under DATA_DIR/tmp/uploads with its size
// limit enforced and its SHA-256 computed on the way, so a 20 MB upload never sits in memory. The
// service then checks the file and sends it to the store from that file (docs/STORAGE.md). The
// caller removes the staged files when the request is done (`cleanup`), whatever happened.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { MaxPartSizeExceededError, unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node'
import { getEnv } from '~/env.server'

/** A staged upload: the local file, its size and SHA-256. */
export type StagedFile = { path: string; size: number; sha256: string }

/** A form's file whose bytes are on disk: a File (so form schemas accept it) that reads from its staging file. */
export class StagedUploadFile extends File {
	readonly staged: StagedFile
	constructor(name: string, type: string, staged: StagedFile) {
		super([], name, { type })
		this.staged = staged
	}
	override get size() {
		return this.staged.size
	}
	override async arrayBuffer(): Promise<ArrayBuffer> {
		const bytes = await fs.promises.readFile(this.staged.path)
		return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
	}
	override async text() {
		return fs.promises.readFile(this.staged.path, 'utf8')
	}
}

/** The content of a form's file for a service: the staged file, or the bytes of a file given whole. */
export async function uploadedContent(file: File): Promise<StagedFile | Uint8Array> {
	return file instanceof StagedUploadFile ? file.staged : new Uint8Array(await file.arrayBuffer())
}

/** A text field longer than this is refused (the form's fields are short: an intent, an id). */
const MAX_FIELD_BYTES = 64 * 1024

export type StagedForm = { ok: true; formData: FormData; cleanup: () => Promise<void> } | { ok: false; status: 400 | 413 }

/**
 * The form of a request. A multipart body is parsed as it streams, its files staged on disk (each
 * at most `maxBytes`, refused with 413 while it streams); any other body is read as usual.
 */
export async function readStagedForm(request: Request, opts: { maxBytes: number }): Promise<StagedForm> {
	const type = request.headers.get('content-type') ?? ''
	if (!type.startsWith('multipart/form-data')) return { ok: true, formData: await request.formData(), cleanup: async () => {} }
	const dir = path.join(getEnv().DATA_DIR, 'tmp', 'uploads')
	const staged: Array<string> = []
	const cleanup = async () => {
		await Promise.all(staged.map((file) => fs.promises.rm(file, { force: true })))
	}
	const handler: UploadHandler = async ({ name, filename, contentType, data }) => {
		if (typeof filename !== 'string') {
			const chunks: Array<Uint8Array> = []
			let size = 0
			for await (const chunk of data) {
				size += chunk.byteLength
				if (size > MAX_FIELD_BYTES) throw new MaxPartSizeExceededError(name, MAX_FIELD_BYTES)
				chunks.push(chunk)
			}
			return Buffer.concat(chunks).toString('utf8')
		}
		await fs.promises.mkdir(dir, { recursive: true })
		const file = path.join(dir, `${process.pid}-${crypto.randomBytes(8).toString('hex')}.upload`)
		staged.push(file)
		const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 })
		const hash = crypto.createHash('sha256')
		let size = 0
		try {
			for await (const chunk of data) {
				size += chunk.byteLength
				if (size > opts.maxBytes) throw new MaxPartSizeExceededError(name, opts.maxBytes)
				hash.update(chunk)
				// Backpressure: wait while the disk is behind, so the body is never held in memory.
				if (!out.write(chunk)) await new Promise<void>((resolve, reject) => out.once('drain', resolve).once('error', reject))
			}
			await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())))
		} catch (error) {
			out.destroy()
			throw error
		}
		return new StagedUploadFile(filename, contentType, { path: file, size, sha256: hash.digest('hex') })
	}
	try {
		return { ok: true, formData: await unstable_parseMultipartFormData(request, handler), cleanup }
	} catch (error) {
		await cleanup()
		if (error instanceof MaxPartSizeExceededError) return { ok: false, status: 413 }
		return { ok: false, status: 400 }
	}
}
