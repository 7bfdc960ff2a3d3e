// npm run db:restore FILE — replaces DATABASE_PATH with a checked backup (stop the server first).
// npm run db:restore -- --from-store KEY|latest — the same from a backup kept in the object store
// (`npm run db:backup -- --to-store`); `latest` takes the newest.
import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { getStore } from '#storage/index'
import { restoreDatabase } from '../db/backup'

const fromStore = process.argv.indexOf('--from-store')
const file = fromStore >= 0 ? process.argv[fromStore + 1] : process.argv[2]
if (!file) {
	console.error('Usage: npm run db:restore -- FILE, or npm run db:restore -- --from-store KEY|latest')
	process.exit(2)
}
const target = process.env.DATABASE_PATH ?? './data/app.db'

/** Downloads a backup from the store next to the database (its SHA-256 checked as it streams, where the store knows it). */
async function fetchBackup(key: string) {
	const store = getStore()
	if (key === 'latest') {
		const keys: Array<string> = []
		for await (const o of store.list('backups/')) keys.push(o.key)
		keys.sort()
		if (!keys.length) throw new Error(`no backups in ${store.location}`)
		key = keys[keys.length - 1]
	}
	const opened = await store.get(key)
	if (!opened) throw new Error(`no such backup in ${store.location}: ${key}`)
	fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true })
	const local = `${target}.from-store`
	await pipeline(opened.stream, fs.createWriteStream(local))
	return { key, local, location: store.location }
}

try {
	if (fromStore >= 0) {
		const fetched = await fetchBackup(file)
		try {
			const r = restoreDatabase(fetched.local, target)
			console.log(
				`Restored ${fetched.key} from ${fetched.location} → ${r.file} (integrity ok, ${r.migrations} migrations, ${r.auditEvents} audit events)`,
			)
		} finally {
			fs.rmSync(fetched.local, { force: true })
		}
	} else {
		const r = restoreDatabase(file, target)
		console.log(`Restored ${file} → ${r.file} (integrity ok, ${r.migrations} migrations, ${r.auditEvents} audit events)`)
	}
} catch (error) {
	console.error((error as Error).message)
	process.exit(1)
}
