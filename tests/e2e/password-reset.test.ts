// Self-service password reset in a browser, with a real SMTP server on loopback (docs/SECURITY.md):
// the sign-in page's link, the request, the e-mailed one-time link, the new password, signing in.
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import Database from 'better-sqlite3'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { expectAccessible, jsErrors, setupBrowser } from './browser'
import { vi } from './flows'

const ROOT = path.resolve(__dirname, '../..')
const ACCOUNT = 'cntt.xanhpon@demo.vn'
const NEW_PASSWORD = 'Một cụm từ mới rất dài 2026'

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = s.address() as net.AddressInfo
			s.close(() => resolve(port))
		})
	})
}

const received: Array<{ to: Array<string>; raw: string }> = []
let smtp: SMTPServer
let server: ChildProcess
let base = ''
let dir = ''

// A server of its own (on a private copy of the demo database) so that it sends e-mail to the
// SMTP server here and a changed password touches no other test.
beforeAll(async () => {
	smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		onData(stream, session, callback) {
			let raw = ''
			stream.on('data', (d) => (raw += d))
			stream.on('end', () => {
				received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw })
				callback()
			})
		},
	})
	await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()))
	const smtpPort = (smtp.server.address() as net.AddressInfo).port
	dir = path.join(path.dirname(inject('e2eDbFile')), `reset-${process.pid}-${Date.now()}`)
	fs.mkdirSync(dir, { recursive: true })
	const file = path.join(dir, 'reset.db')
	await new Database(inject('e2eDbFile')).backup(file)
	const port = await freePort()
	base = `http://localhost:${port}`
	server = spawn(process.execPath, ['server.js'], {
		cwd: ROOT,
		env: {
			...process.env,
			NODE_ENV: 'production',
			DATABASE_PATH: file,
			DATA_DIR: path.join(dir, 'data'),
			PORT: String(port),
			HOST: '127.0.0.1',
			PUBLIC_BASE_URL: base,
			SESSION_SECRET: 'reset-secret-reset-secret-reset-secret-01',
			SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	})
	let output = ''
	server.stdout!.on('data', (d) => (output += d))
	server.stderr!.on('data', (d) => (output += d))
	const deadline = Date.now() + 60_000
	for (;;) {
		if (server.exitCode !== null) throw new Error(`server exited:\n${output}`)
		if (Date.now() > deadline) throw new Error(`server did not answer:\n${output}`)
		const up = await fetch(`${base}/login`).then(
			(r) => r.status < 500,
			() => false,
		)
		if (up) break
		await new Promise((r) => setTimeout(r, 200))
	}
}, 90_000)

afterAll(async () => {
	if (server && server.exitCode === null && server.signalCode === null) {
		const exited = new Promise((r) => server.once('exit', r))
		server.kill('SIGTERM')
		await exited
	}
	await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()))
	if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

const browser = setupBrowser()

test('someone who forgot their password asks for a link, gets it by e-mail, sets a new password and signs in with it', async () => {
	const { page, context } = await browser.newPage()
	await page.goto(`${base}/login`)
	await page.getByRole('link', { name: vi['forgot.link'] }).click()
	await expect.poll(() => new URL(page.url()).pathname).toBe('/password/forgot')
	await expectAccessible(page)
	await page.getByLabel(vi['login.email']).fill(ACCOUNT)
	await page.getByRole('button', { name: vi['forgot.submit'] }).click()
	await expect.poll(() => page.getByTestId('forgot-sent').isVisible()).toBe(true)
	expect(await page.getByTestId('forgot-sent').textContent()).toContain(ACCOUNT)

	await expect.poll(() => received.length, { timeout: 10_000 }).toBe(1)
	expect(received[0].to).toEqual([ACCOUNT])
	const link = received[0].raw.replace(/=\r\n/g, '').match(/http:\/\/localhost:\d+\/password\/[A-Za-z0-9_-]{43}/)?.[0]
	expect(link).toBeTruthy()

	await page.goto(link!)
	await page.getByLabel(vi['password.new'], { exact: true }).fill(NEW_PASSWORD)
	await page.getByLabel(vi['password.confirm']).fill(NEW_PASSWORD)
	await page.getByRole('button', { name: vi['password.set'] }).click()
	await expect.poll(() => new URL(page.url()).pathname + new URL(page.url()).search).toBe('/login?password=set')

	await page.getByLabel(vi['login.email']).fill(ACCOUNT)
	await page.getByLabel(vi['login.password']).fill(NEW_PASSWORD)
	await page.getByRole('button', { name: vi['login.submit'] }).click()
	await expect.poll(() => new URL(page.url()).pathname).toBe('/dashboard')

	expect(jsErrors(page)).toEqual([])

	// The link worked once (the browser logs the 410 itself).
	await page.goto(link!)
	await expect.poll(() => page.getByRole('alert').textContent()).toContain(vi['password.linkInvalid'])
	await context.close()
}, 90_000)

// With JavaScript off the form is a plain POST; under `Referrer-Policy: no-referrer` the browser
// sent it with `Origin: null`, which the cross-site check refuses.
test('the reset works with JavaScript turned off', async () => {
	const account = 'giamdoc.xanhpon@demo.vn'
	const { page, context } = await browser.newPage({ javaScriptEnabled: false })
	const before = received.length
	await page.goto(`${base}/password/forgot`)
	await page.getByLabel(vi['login.email']).fill(account)
	await page.getByRole('button', { name: vi['forgot.submit'] }).click()
	await expect.poll(() => page.getByTestId('forgot-sent').isVisible()).toBe(true)
	await expect.poll(() => received.length, { timeout: 10_000 }).toBe(before + 1)
	expect(received[before].to).toEqual([account])
	const link = received[before].raw.replace(/=\r\n/g, '').match(/http:\/\/localhost:\d+\/password\/[A-Za-z0-9_-]{43}/)?.[0]
	await page.goto(link!)
	await page.getByLabel(vi['password.new'], { exact: true }).fill(NEW_PASSWORD)
	await page.getByLabel(vi['password.confirm']).fill(NEW_PASSWORD)
	await page.getByRole('button', { name: vi['password.set'] }).click()
	await expect.poll(() => new URL(page.url()).search).toBe('?password=set')
	await page.getByLabel(vi['login.email']).fill(account)
	await page.getByLabel(vi['login.password']).fill(NEW_PASSWORD)
	await page.getByRole('button', { name: vi['login.submit'] }).click()
	await expect.poll(() => new URL(page.url()).pathname).toBe('/dashboard')
	await context.close()
}, 90_000)
