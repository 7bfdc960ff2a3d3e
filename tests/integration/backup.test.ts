import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { expect, inject, onTestFinished, test, vi } from 'vitest'
import { backupDatabase, checkDatabaseFile, restoreDatabase } from '#db/backup'
import { openDatabase } from '#db/client.server'
import { db } from '#tests/helpers'
import { appendAudit, verifyAuditChain } from '~/services/audit.server'

const tmp = (name: string) => path.join(inject('tmpDir'), `${process.pid}-${Date.now()}-${name}`)

function write(n: number) {
	for (let i = 0; i < n; i++) {
		db().transaction((tx) =>
			appendAudit(tx, {
				actorId: null,
				action: 'test.write',
				entityType: 'thing',
				entityId: i,
				after: { i, pad: 'x'.repeat(500) },
				at: new Date(),
			}),
		)
	}
}

test('a backup taken while another process keeps writing is a consistent snapshot: a gap-free prefix, intact', async () => {
	write(200)
	// A second process writes rows as fast as it can, as the server would under load.
	const writer = spawn(
		process.execPath,
		[
			'-e',
			`
		const Database = require('better-sqlite3')
		const db = new Database(process.argv[1]); db.pragma('journal_mode = WAL'); db.pragma('busy_timeout = 5000')
		const insert = db.prepare('insert into login_attempts (email, ip, success, at) values (?, ?, 0, ?)')
		process.stdout.write('ready\\n')
		for (let i = 0; ; i++) insert.run('w' + i + '@x.vn', '127.0.0.1', Date.now())
	`,
			process.env.DATABASE_PATH!,
		],
		{ cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
	)
	onTestFinished(() => {
		writer.kill('SIGKILL')
	})
	await new Promise<void>((resolve) => writer.stdout!.once('data', () => resolve()))
	const written = () => (db().$client.prepare('select count(*) as n from login_attempts').get() as { n: number }).n
	// The backup starts once the writer is under way…
	await vi.waitFor(() => expect(written()).toBeGreaterThanOrEqual(100), { timeout: 10_000, interval: 10 })
	const target = tmp('backup.db')
	const result = await backupDatabase(process.env.DATABASE_PATH!, target)
	expect(result).toMatchObject({ ok: true, auditEvents: 200 })
	const copy = new Database(target, { readonly: true })
	const ids = (copy.prepare('select id from login_attempts order by id').all() as Array<{ id: number }>).map((r) => r.id)
	copy.close()
	// …and the writer goes on after it: the copy was taken while rows kept coming.
	await vi.waitFor(() => expect(written()).toBeGreaterThan(ids.length), { timeout: 10_000, interval: 10 })
	writer.kill('SIGKILL')
	// A snapshot: every row up to the last one copied, none missing.
	expect(ids.length).toBeGreaterThanOrEqual(100)
	expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1))
	const check = openDatabase(target)
	expect(verifyAuditChain(check)).toMatchObject({ ok: true, count: 200 })
	check.$client.close()
})

test('restoring a backup brings back exactly what was backed up, and the app reads it', async () => {
	write(50)
	const backup = tmp('b.db')
	await backupDatabase(process.env.DATABASE_PATH!, backup)
	write(10)
	const target = tmp('restored.db')
	fs.copyFileSync(process.env.DATABASE_PATH!, target)
	const restored = restoreDatabase(backup, target)
	expect(restored).toMatchObject({ ok: true, auditEvents: 50 })
	const check = openDatabase(target)
	expect(verifyAuditChain(check)).toMatchObject({ ok: true, count: 50 })
	check.$client.close()
})

test('a damaged or foreign file is refused as a backup, and nothing is replaced', async () => {
	const target = tmp('keep.db')
	fs.copyFileSync(process.env.DATABASE_PATH!, target)
	const before = fs.readFileSync(target)
	const garbage = tmp('garbage.db')
	fs.writeFileSync(garbage, 'this is not a database')
	expect(() => restoreDatabase(garbage, target)).toThrow(/refusing to restore/)
	const foreign = tmp('foreign.db')
	new Database(foreign).exec('create table x (a)')
	expect(checkDatabaseFile(foreign)).toEqual({ ok: false, problem: 'not a database of this application (no migrations table)' })
	expect(() => restoreDatabase(foreign, target)).toThrow(/no migrations table/)
	expect(fs.readFileSync(target).equals(before)).toBe(true)
})

test('the backup and restore commands work from the command line', () => {
	write(5)
	const backup = tmp('cli.db')
	const tsx = path.resolve('node_modules/.bin/tsx')
	const b = spawnSync(tsx, ['scripts/db-backup.ts', backup], { env: { ...process.env }, encoding: 'utf8' })
	expect(b.status).toBe(0)
	expect(b.stdout).toMatch(/^Backed up .* → .*cli\.db \(integrity ok, 5 audit events, sha256 [0-9a-f]{16}…\)/)
	const target = tmp('cli-restored.db')
	const r = spawnSync(tsx, ['scripts/db-restore.ts', backup], { env: { ...process.env, DATABASE_PATH: target }, encoding: 'utf8' })
	expect(r.status).toBe(0)
	expect(r.stdout).toContain('integrity ok')
	const missing = spawnSync(tsx, ['scripts/db-restore.ts', tmp('nope.db')], {
		env: { ...process.env, DATABASE_PATH: target },
		encoding: 'utf8',
	})
	expect(missing.status).toBe(1)
	expect(missing.stderr).toContain('no such file')
})
