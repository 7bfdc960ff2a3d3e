import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, expect, inject, vi } from 'vitest'
import { closeDb } from '#db/client.server'
import { auditActionLabel, unlabelledAuditFields } from '~/components/audit-diff'
import { registerAllDictionaries } from '~/i18n/messages'
import { makeTranslate } from '~/i18n/translate'

process.env.NODE_ENV = 'test'
process.env.SESSION_SECRET ??= 'test-secret-test-secret-test-secret-0123'
// The tests call routes and services directly, without app/entry.server.tsx: give them every language as it does.
registerAllDictionaries()

const TMP_DIR = inject('tmpDir')
const BASE_DB = path.join(TMP_DIR, 'base.db')
let currentFile: string | null = null

beforeEach(() => {
	currentFile = path.join(TMP_DIR, `test-${process.pid}-${crypto.randomBytes(6).toString('hex')}.db`)
	fs.copyFileSync(BASE_DB, currentFile)
	process.env.DATABASE_PATH = currentFile
	process.env.DATA_DIR = currentFile.replace(/\.db$/, '-data')
})

afterEach(() => {
	closeDb()
	if (!currentFile) return
	const file = currentFile
	currentFile = null
	try {
		expectTrailReadable(file)
	} finally {
		for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
		fs.rmSync(file.replace(/\.db$/, '-data'), { recursive: true, force: true })
	}
})

/** Whatever a test made the services write to the audit trail must read as words on the audit page. */
function expectTrailReadable(file: string) {
	if (!fs.existsSync(file)) return
	const t = makeTranslate('vi')
	const trail = new Database(file, { readonly: true })
	const rows = trail.prepare('select action, entity_type as entityType, before, after from audit_events').all() as Array<{
		action: string
		entityType: string
		before: string | null
		after: string | null
	}>
	trail.close()
	const raw = rows
		.filter((r) => auditActionLabel(t, r.action) !== r.action)
		.flatMap((r) =>
			unlabelledAuditFields(t, {
				action: r.action,
				entityType: r.entityType,
				before: JSON.parse(r.before ?? 'null'),
				after: JSON.parse(r.after ?? 'null'),
			}).map((key) => `${r.action}: ${key}`),
		)
	expect([...new Set(raw)], 'audit fields without a label (add audit.field.<key> to the dictionary)').toEqual([])
}

// An unexpected console.error fails the test; a test that expects one spies on it itself.
beforeEach(() => {
	vi.spyOn(console, 'error').mockImplementation((...args: Array<unknown>) => {
		throw new Error(`console.error was called: ${args.map(String).join(' ')}`)
	})
})
afterEach(() => {
	vi.restoreAllMocks()
})
