// npm run db:backup [TARGET] — an online backup of DATABASE_PATH, safe while the server runs.
import path from 'node:path'
import { backupDatabase } from '../db/backup'

const source = process.env.DATABASE_PATH ?? './data/app.db'
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')
const target = process.argv[2] ?? path.join(path.dirname(source), 'backups', `app-${stamp}.db`)
try {
	const r = await backupDatabase(source, target)
	console.log(`Backed up ${source} → ${r.file} (integrity ok, ${r.auditEvents} audit events, sha256 ${r.sha256.slice(0, 16)}…)`)
} catch (error) {
	console.error((error as Error).message)
	process.exit(1)
}
