// npm run db:backup [TARGET] — an online backup of DATABASE_PATH, safe while the server runs.
// npm run db:backup -- --to-store — the same backup, kept in the object store (STORAGE, docs/STORAGE.md)
// as backups/app-<time>.db instead of a local file.
import fs from 'node:fs'
import path from 'node:path'
import { getStore } from '#storage/index'
import { backupDatabase } from '../db/backup'

const source = process.env.DATABASE_PATH ?? './data/app.db'
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')
const toStore = process.argv.includes('--to-store')
const named = process.argv.slice(2).find((a) => !a.startsWith('--'))
const target = toStore
	? path.join(path.dirname(source), `.backup-${process.pid}-${stamp}.db`)
	: (named ?? path.join(path.dirname(source), 'backups', `app-${stamp}.db`))
try {
	const r = await backupDatabase(source, target)
	const summary = `integrity ok, ${r.auditEvents} audit events, sha256 ${r.sha256.slice(0, 16)}…`
	if (!toStore) console.log(`Backed up ${source} → ${r.file} (${summary})`)
	else {
		const store = getStore()
		const key = `backups/app-${stamp}.db`
		try {
			await store.put(key, { file: target }, { sha256: r.sha256, contentType: 'application/vnd.sqlite3' })
		} finally {
			fs.rmSync(target, { force: true })
		}
		console.log(`Backed up ${source} → ${key} in ${store.location} (${summary})`)
	}
} catch (error) {
	console.error((error as Error).message)
	process.exit(1)
}
