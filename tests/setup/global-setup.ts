import fs from 'node:fs'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { openDatabase } from '#db/client.server'
import { runMigrations } from '#db/migrate'
import { insertProvinces } from '~/services/demo-seed.server'
import { TMP_ROOT } from './paths'

/** Builds the migrated base database (schema + provinces) once per run; each test gets its own copy. */
export default function setup(project: TestProject) {
	const dir = path.join(TMP_ROOT, `run-${process.pid}-${Date.now()}`)
	fs.mkdirSync(dir, { recursive: true })
	const baseDb = path.join(dir, 'base.db')
	const db = openDatabase(baseDb)
	runMigrations(db)
	insertProvinces(db)
	// Fold the WAL back into the main file so a plain file copy is a complete database.
	db.$client.pragma('wal_checkpoint(TRUNCATE)')
	db.$client.pragma('journal_mode = DELETE')
	db.$client.close()
	project.provide('tmpDir', dir)
	return () => fs.rmSync(dir, { recursive: true, force: true })
}

declare module 'vitest' {
	export interface ProvidedContext {
		tmpDir: string
	}
}
