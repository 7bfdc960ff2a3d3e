import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, inject, vi } from 'vitest'
import { closeDb } from '#db/client.server'
import { resetEnv } from '~/env.server'
import { registerAllDictionaries } from '~/i18n/messages'

process.env.NODE_ENV = 'test'
process.env.SESSION_SECRET ??= 'test-secret-test-secret-test-secret-0123'
// The tests call routes and services directly, without app/entry.server.tsx: give them every language as it does.
registerAllDictionaries()

// Property tests draw the same cases on every run and every machine; FC_SEED=<n> explores others
// (a failure prints its seed and path, which replay it).
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 2026) })

const TMP_DIR = inject('tmpDir')
const BASE_DB = path.join(TMP_DIR, 'base.db')
let currentFile: string | null = null

beforeEach(() => {
	currentFile = path.join(TMP_DIR, `test-${process.pid}-${crypto.randomBytes(6).toString('hex')}.db`)
	fs.copyFileSync(BASE_DB, currentFile)
	process.env.DATABASE_PATH = currentFile
	process.env.DATA_DIR = currentFile.replace(/\.db$/, '-data')
	// No role must use a second factor, except in the tests of the second factor, which set their own (docs/decisions/016).
	process.env.MFA_REQUIRED_ROLES = ''
	resetEnv()
})

afterEach(() => {
	closeDb()
	if (!currentFile) return
	const file = currentFile
	currentFile = null
	for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
	fs.rmSync(file.replace(/\.db$/, '-data'), { recursive: true, force: true })
})

// An unexpected console.error fails the test; a test that expects one spies on it itself.
beforeEach(() => {
	vi.spyOn(console, 'error').mockImplementation((...args: Array<unknown>) => {
		throw new Error(`console.error was called: ${args.map(String).join(' ')}`)
	})
})
afterEach(() => {
	vi.restoreAllMocks()
})
