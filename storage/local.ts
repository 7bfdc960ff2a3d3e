// The local-folder backend: objects are files under one folder (DATA_DIR), at the same paths the
// product has always used (`blobs/ab/<sha256>`, `reports/<id>.pdf`). A put writes a temporary file
// beside the target and renames it, so concurrent writers of the same key (several workers storing
// the same evidence) each leave a whole file and readers never see a partial one.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream'
import { pipeline as pipe } from 'node:stream/promises'
import { checkKey, type ObjectInfo, type ObjectStore, type PutOptions, type PutSource, sha256Of, StorageError, verifying } from './store'

export function localStore(root: string): ObjectStore & { pathOf(key: string): string } {
	const pathOf = (key: string) => path.join(root, checkKey(key))

	async function sizeOf(source: PutSource) {
		return source instanceof Uint8Array ? source.byteLength : (await fs.promises.stat(source.file)).size
	}

	return {
		kind: 'local',
		location: path.resolve(root),
		pathOf,

		async put(key: string, source: PutSource, options: PutOptions) {
			const target = pathOf(key)
			const size = await sizeOf(source)
			if (options.ifAbsent) {
				const existing = await fs.promises.stat(target).catch(() => null)
				if (existing?.isFile() && existing.size === size) return { size, created: false }
			}
			await fs.promises.mkdir(path.dirname(target), { recursive: true })
			const tmp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`
			try {
				let sha256: string
				if (source instanceof Uint8Array) {
					sha256 = sha256Of(source)
					if (sha256 === options.sha256) await fs.promises.writeFile(tmp, source, { flag: 'wx', mode: 0o600 })
				} else {
					const hash = crypto.createHash('sha256')
					await pipe(
						fs.createReadStream(source.file),
						async function* (chunks: AsyncIterable<Buffer>) {
							for await (const chunk of chunks) {
								hash.update(chunk)
								yield chunk
							}
						},
						fs.createWriteStream(tmp, { flags: 'wx', mode: 0o600 }),
					)
					sha256 = hash.digest('hex')
				}
				if (sha256 !== options.sha256)
					throw new StorageError('source_mismatch', `refusing to store ${key}: its bytes hash to ${sha256}, not ${options.sha256}`)
				await fs.promises.rename(tmp, target)
				return { size, created: true }
			} finally {
				await fs.promises.rm(tmp, { force: true })
			}
		},

		async get(key: string, expect?: { sha256: string; size?: number }) {
			let fd: fs.promises.FileHandle
			try {
				fd = await fs.promises.open(pathOf(key), 'r')
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
				throw error
			}
			const { size } = await fd.stat()
			if (expect?.size !== undefined && size !== expect.size) {
				await fd.close()
				throw new StorageError('corrupt', `stored object ${key} is damaged: ${size} bytes, expected ${expect.size}`)
			}
			const file = fd.createReadStream()
			if (!expect) return { stream: file, size }
			return { stream: pipeline(file, verifying(key, expect), () => {}), size }
		},

		async head(key: string): Promise<ObjectInfo | null> {
			const stat = await fs.promises.stat(pathOf(key)).catch(() => null)
			return stat?.isFile() ? { key, size: stat.size, sha256: null } : null
		},

		async delete(key: string) {
			await fs.promises.rm(pathOf(key), { force: true })
		},

		async *list(prefix: string) {
			const base = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : ''
			async function* walk(dir: string): AsyncGenerator<ObjectInfo> {
				const entries = await fs.promises.readdir(path.join(root, dir), { withFileTypes: true }).catch(() => [])
				entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
				for (const entry of entries) {
					const key = dir ? `${dir}/${entry.name}` : entry.name
					if (entry.isDirectory()) {
						if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) yield* walk(key)
					} else if (entry.isFile() && key.startsWith(prefix) && !entry.name.endsWith('.tmp')) {
						const stat = await fs.promises.stat(path.join(root, key))
						yield { key, size: stat.size, sha256: null }
					}
				}
			}
			yield* walk(base)
		},
	}
}
