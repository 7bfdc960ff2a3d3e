// npm run db:restore FILE — replaces DATABASE_PATH with a checked backup (stop the server first).
import { restoreDatabase } from '../db/backup'

const file = process.argv[2]
if (!file) {
	console.error('Usage: npm run db:restore -- FILE')
	process.exit(2)
}
const target = process.env.DATABASE_PATH ?? './data/app.db'
try {
	const r = restoreDatabase(file, target)
	console.log(`Restored ${file} → ${r.file} (integrity ok, ${r.migrations} migrations, ${r.auditEvents} audit events)`)
} catch (error) {
	console.error((error as Error).message)
	process.exit(1)
}
