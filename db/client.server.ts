import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { matchKey } from '../app/domain/sheet'
import * as schema from './schema/index'

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

/** Opens a SQLite file with the pragmas the app relies on. Never migrates. */
export function openDatabase(filePath: string): Db {
	fs.mkdirSync(path.dirname(path.resolve(filePath)), { recursive: true })
	const sqlite = new Database(filePath)
	sqlite.pragma('journal_mode = WAL')
	// NORMAL in WAL mode is durable against process crashes; only an OS crash can lose the last commits.
	sqlite.pragma('synchronous = NORMAL')
	sqlite.pragma('foreign_keys = ON')
	sqlite.pragma('busy_timeout = 5000')
	// Searches compare folded text: SQLite's lower() knows only ASCII, so "Đặng" or "đa khoa" would
	// never match, nor "benh vien" typed without accents (see matchKey).
	sqlite.function('fold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? matchKey(value) : value))
	const db = drizzle(sqlite, { schema }) as Db
	// Several processes write to this file (one server worker per core, `npm run jobs`). A deferred
	// transaction that reads and then writes fails with SQLITE_BUSY when another process committed
	// since its read (WAL cannot upgrade a stale snapshot, and busy_timeout does not help there); so
	// every transaction begins IMMEDIATE: it takes the write lock first, waiting up to busy_timeout
	// for another process's commit, and reads what it writes over under that lock (docs/decisions/012).
	const transaction = db.transaction.bind(db)
	db.transaction = ((fn, config) => transaction(fn, { behavior: 'immediate', ...config })) as Db['transaction']
	return db
}

const immediateRunners = new WeakMap<Database.Database, (fn: () => unknown) => unknown>()

/**
 * BEGIN IMMEDIATE … COMMIT around `fn`, as `db.transaction` does, without building a drizzle
 * transaction object on every call (it builds a query builder for every table): for the autosave,
 * which writes several thousand times a second on the deadline day. Statements inside run on `db`
 * itself, the same connection. Called inside another transaction, it is a savepoint of it.
 */
export function writeTransaction<T>(db: Db, fn: () => T): T {
	// A drizzle transaction passed as a Db (an import applying its plan) carries the connection in its session.
	const handle = db as unknown as { $client?: Database.Database; session?: { client?: Database.Database } }
	const client = handle.$client ?? handle.session!.client!
	let run = immediateRunners.get(client)
	if (!run) {
		run = client.transaction((body: () => unknown) => body()).immediate
		immediateRunners.set(client, run)
	}
	return run(fn) as T
}

let current: { path: string; db: Db } | null = null

/**
 * The process's database, opened lazily from DATABASE_PATH. Tests point DATABASE_PATH at a
 * fresh copy of the migrated base file; a changed path closes the old handle and opens the new one.
 */
export function getDb(): Db {
	const filePath = process.env.DATABASE_PATH ?? './data/app.db'
	if (current?.path !== filePath) {
		current?.db.$client.close()
		current = { path: filePath, db: openDatabase(filePath) }
	}
	return current.db
}

export function closeDb() {
	current?.db.$client.close()
	current = null
}

export { schema }
