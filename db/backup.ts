import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'

export type CheckResult = { ok: true; tables: number; migrations: number; auditEvents: number } | { ok: false; problem: string }

/** A database file is usable: SQLite's integrity check passes and it carries our migrations. */
export function checkDatabaseFile(file: string): CheckResult {
	if (!fs.existsSync(file)) return { ok: false, problem: `no such file: ${file}` }
	let db: Database.Database | null = null
	try {
		db = new Database(file, { readonly: true, fileMustExist: true })
		const integrity = db.pragma('integrity_check', { simple: true })
		if (integrity !== 'ok') return { ok: false, problem: `integrity check failed: ${integrity}` }
		const tables = (db.prepare("select count(*) n from sqlite_master where type = 'table'").get() as { n: number }).n
		const hasMigrations = db.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get()
		if (!hasMigrations) return { ok: false, problem: 'not a database of this application (no migrations table)' }
		const migrations = (db.prepare('select count(*) n from __drizzle_migrations').get() as { n: number }).n
		const auditEvents = (db.prepare('select count(*) n from audit_events').get() as { n: number }).n
		return { ok: true, tables, migrations, auditEvents }
	} catch (error) {
		return { ok: false, problem: (error as Error).message }
	} finally {
		db?.close()
	}
}

export function sha256File(file: string) {
	return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')
}

/**
 * Copies a live database with SQLite's online backup API, in one step: in WAL mode the copy reads
 * a consistent snapshot while the server keeps writing (a step-by-step copy would restart at every
 * write from another connection and might never finish under load). The copy is checked.
 */
export async function backupDatabase(source: string, target: string) {
	fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true })
	const tmp = `${target}.partial`
	fs.rmSync(tmp, { force: true })
	const db = new Database(source, { fileMustExist: true })
	try {
		db.pragma('busy_timeout = 5000')
		await db.backup(tmp, { progress: () => 1_000_000_000 })
	} finally {
		db.close()
	}
	const check = checkDatabaseFile(tmp)
	if (!check.ok) {
		fs.rmSync(tmp, { force: true })
		throw new Error(`backup failed its check: ${check.problem}`)
	}
	fs.renameSync(tmp, target)
	// The check opened the copy read-only, which leaves an empty WAL index beside it.
	for (const suffix of ['-wal', '-shm']) fs.rmSync(tmp + suffix, { force: true })
	return { file: target, sha256: sha256File(target), ...check }
}

/** Replaces the database with a checked backup. The server must be stopped. */
export function restoreDatabase(backup: string, target: string) {
	const check = checkDatabaseFile(backup)
	if (!check.ok) throw new Error(`refusing to restore ${backup}: ${check.problem}`)
	const tmp = `${target}.restoring`
	fs.copyFileSync(backup, tmp)
	for (const suffix of ['-wal', '-shm']) fs.rmSync(target + suffix, { force: true })
	fs.renameSync(tmp, target)
	const after = checkDatabaseFile(target)
	if (!after.ok) throw new Error(`restored database failed its check: ${after.problem}`)
	return { file: target, sha256: sha256File(target), ...after }
}
