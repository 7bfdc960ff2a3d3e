// `npm run demo` (after `npm run setup`): serves the demo as production runs, with a session secret
// of its own, made once and kept under DATA_DIR (git-ignored) so sign-ins survive a restart. A
// SESSION_SECRET in the environment is used instead. This is a demo: its accounts and their
// passwords are published in the README.
import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

const dataDir = path.resolve(process.env.DATA_DIR ?? './data')
const secretFile = path.join(dataDir, 'demo-session-secret')

function demoSecret(): string {
	if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET
	if (fs.existsSync(secretFile)) return fs.readFileSync(secretFile, 'utf8').trim()
	fs.mkdirSync(dataDir, { recursive: true })
	const secret = crypto.randomBytes(36).toString('base64url')
	fs.writeFileSync(secretFile, `${secret}\n`, { mode: 0o600, flag: 'wx' })
	return secret
}

const base = process.env.PUBLIC_BASE_URL ?? 'http://localhost:3000'
console.log(`DEMO — demo data only; accounts and passwords are in README.md. Session secret: ${secretFile}`)
// The same process as `npm start` (package.json): production, old generation capped at 256 MB (ADR 009).
const child = spawn(process.execPath, ['--max-old-space-size=256', 'server.js'], {
	stdio: 'inherit',
	env: {
		...process.env,
		NODE_ENV: 'production',
		SESSION_SECRET: demoSecret(),
		// Served over plain http on this machine: a Secure cookie would not come back from a LAN address.
		COOKIE_SECURE: process.env.COOKIE_SECURE ?? String(base.startsWith('https:')),
		// The demo's published accounts sign in with their password alone (the sign-in page says so);
		// set MFA_REQUIRED_ROLES to try the second factor as production requires it (docs/decisions/016).
		MFA_REQUIRED_ROLES: process.env.MFA_REQUIRED_ROLES ?? '',
	},
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
