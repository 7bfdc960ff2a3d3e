// Recomputes the hash chain of the audit trail in DATABASE_PATH and says whether it is intact.
//   npm run audit:verify
// Exit 0: intact. Exit 1: broken (a row was edited or removed after it was written). Exit 2: no
// database to check. Never migrates and never writes.
import fs from 'node:fs'
import { verifyAuditChain } from '../app/services/audit.server'
import { openDatabase } from '../db/client.server'
import { getAuditEvent } from '../db/queries/audit'

const file = process.env.DATABASE_PATH ?? './data/app.db'
// openDatabase would create an empty file; a missing database must be reported, not invented.
if (!fs.existsSync(file)) {
	console.error(`No database at ${file}. Set DATABASE_PATH to the application's SQLite file.`)
	process.exit(2)
}

const db = openDatabase(file)
const hasTable = db.$client.prepare(`select 1 from sqlite_master where type = 'table' and name = 'audit_events'`).get()
if (!hasTable) {
	db.$client.close()
	console.error(`${file} has no audit trail (table audit_events is missing); is it the application's database, migrated?`)
	process.exit(2)
}

const report = verifyAuditChain(db)
const n = new Intl.NumberFormat('en-US')
if (report.ok) {
	const last = report.count ? `last hash ${report.lastHash.slice(0, 16)}…` : 'no events yet'
	console.log(`Audit trail intact: ${n.format(report.count)} events, ${last}`)
	db.$client.close()
	process.exit(0)
}

console.error(`Audit trail BROKEN at event #${report.brokenAtId} (${report.reason}): the row was edited or removed after it was written`)
const event = getAuditEvent(db, report.brokenAtId)
if (event) {
	console.error(
		`  event #${event.id}: ${event.action} on ${event.entityType} ${event.entityId} at ${event.at.toISOString()}${event.actorName ? ` by ${event.actorName}` : ''}`,
	)
}
if (report.reason === 'prev_hash_mismatch') {
	console.error(`  it does not link to the event before it: that event was removed, or its hash was changed`)
}
console.error(`  ${n.format(report.count - 1)} events before it verified.`)
db.$client.close()
process.exit(1)
