import fs from 'node:fs'
import { openDatabase } from '#db/client.server'
import { runMigrations } from '#db/migrate'
import { insertProvinces } from '#db/seed'
import { BASE_DB, TMP_DIR } from './paths'

/** Builds the migrated base database once per run; each test gets its own copy. */
export default function setup() {
	fs.rmSync(TMP_DIR, { recursive: true, force: true })
	fs.mkdirSync(TMP_DIR, { recursive: true })
	const db = openDatabase(BASE_DB)
	runMigrations(db)
	insertProvinces(db)
	// Fold the WAL back into the main file so a plain file copy is a complete database.
	db.$client.pragma('wal_checkpoint(TRUNCATE)')
	db.$client.pragma('journal_mode = DELETE')
	db.$client.close()
	return () => fs.rmSync(TMP_DIR, { recursive: true, force: true })
}
