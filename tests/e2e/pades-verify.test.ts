// PAdES B-T reports on the public verification page, in a browser (docs/decisions/013): a server of
// its own whose demo reports were issued with a test organisation certificate and time-stamped by a
// real local time-stamping authority (OpenSSL's `ts` behind a small HTTP endpoint), its trust anchor
// configured; and a file signed by a certificate from another root, reported as untrusted.
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { openDatabase } from '#db/client.server'
import { runMigrations } from '#db/migrate'
import { openP12, signWithIdentity } from '#reports/signing'
import { dumpSignatures, pdfsig, placeholderPdf, signatureTimestamp, tmpFile } from '#tests/pdf-tools'
import { createTestPki, startTsa, type TestPki, type TestTsa, transportTo } from '#tests/pki'
import { expectAccessible, jsErrors, setupBrowser } from './browser'
import { vi } from './flows'

const ROOT = path.resolve(__dirname, '../..')
const ORG = 'Sở Y tế Thử Nghiệm'
const TSA_NAME = 'Máy chủ dấu thời gian thử'

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = s.address() as net.AddressInfo
			s.close(() => resolve(port))
		})
	})
}

let server: ChildProcess
let pki: TestPki
let tsa: TestTsa
let base = ''
let dir = ''

beforeAll(async () => {
	pki = createTestPki('Gốc Thử Xác Minh')
	tsa = await startTsa(pki, TSA_NAME)
	const p12 = pki.issue('org', { subject: ORG, organization: 'Sở Y tế' }).p12('mat-khau')
	dir = path.join(path.dirname(inject('e2eDbFile')), `pades-${process.pid}-${Date.now()}`)
	fs.mkdirSync(dir, { recursive: true })
	const file = path.join(dir, 'pades.db')
	const db = openDatabase(file)
	runMigrations(db)
	db.$client.close()
	const anchors = path.join(dir, 'anchors.pem')
	fs.writeFileSync(anchors, pki.caPem)
	const port = await freePort()
	base = `http://localhost:${port}`
	const env = {
		...process.env,
		DATABASE_PATH: file,
		DATA_DIR: path.join(dir, 'data'),
		PUBLIC_BASE_URL: base,
		TSA_URL: tsa.url,
		SIGNING_P12_PATH: p12,
		SIGNING_P12_PASSPHRASE: 'mat-khau',
		TRUST_ANCHORS_PATH: anchors,
	}
	// The demo's approvals issue their reports through the TSA here (asynchronously: this process answers it).
	await promisify(execFile)('npx', ['tsx', 'scripts/seed.ts'], { cwd: ROOT, env })
	expect(tsa.answered).toBeGreaterThan(0)
	server = spawn(process.execPath, ['server.js'], {
		cwd: ROOT,
		env: {
			...env,
			NODE_ENV: 'production',
			PORT: String(port),
			HOST: '127.0.0.1',
			SESSION_SECRET: 'pades-secret-pades-secret-pades-secret-01',
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
		const up = await fetch(`${base}/verify`).then(
			(r) => r.status < 500,
			() => false,
		)
		if (up) break
		await new Promise((r) => setTimeout(r, 200))
	}
}, 150_000)

afterAll(async () => {
	if (server && server.exitCode === null && server.signalCode === null) {
		const exited = new Promise((r) => server.once('exit', r))
		server.kill('SIGTERM')
		await exited
	}
	await tsa?.close()
	if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

const browser = setupBrowser()

async function verifyInBrowser(file: string) {
	const { page, context } = await browser.newPage()
	await page.goto(`${base}/verify`)
	await page.setInputFiles('#file', file)
	await page.getByRole('button', { name: vi['verify.upload.submit'] }).click()
	await expect.poll(() => page.getByTestId('signature').count()).toBeGreaterThan(0)
	return { page, context }
}

test('an issued report is PAdES B-T: pdfsig shows the type, OpenSSL verifies the time-stamp, and the verification page names the signer, the time-stamp and the trusted root', async () => {
	const reports = path.join(dir, 'data', 'reports')
	const name = fs.readdirSync(reports).find((f) => f.endsWith('.pdf'))!
	const bytes = fs.readFileSync(path.join(reports, name))
	const sig = pdfsig(bytes)
	expect(sig).toContain('Signature Type: ETSI.CAdES.detached')
	expect(sig).toContain(`Signer Certificate Common Name: ${ORG}`)
	expect(sig).toMatch(/Signature Validation: Signature is Valid\./)
	// Debian's pdfsig (poppler 22.12) does not print a signature's time-stamp token: OpenSSL checks it.
	const stamp = signatureTimestamp(dumpSignatures(bytes)[0], pki.caFile)!
	expect(stamp.verify).toContain('Verification: OK')

	const { page, context } = await verifyInBrowser(tmpFile(name, bytes))
	expect(await page.getByTestId('verify-result').getAttribute('data-status')).toBe('match')
	const signature = page.getByTestId('signature').first()
	expect(await signature.getAttribute('data-level')).toBe('B-T')
	expect(await signature.getAttribute('data-time')).toBe('timestamp')
	expect(await signature.getAttribute('data-trust')).toBe('trusted')
	expect(await signature.getAttribute('data-integrity')).toBe('intact')
	expect(await signature.getByTestId('signature-signer').textContent()).toContain(ORG)
	expect(await signature.getByTestId('signature-time').textContent()).toContain(TSA_NAME)
	expect(await signature.getByTestId('signature-trust').textContent()).toContain('Gốc Thử Xác Minh')
	await expectAccessible(page)
	expect(jsErrors(page)).toEqual([])
	await context.close()
})

test('a file signed by a certificate from a root the server does not trust is reported as untrusted', async () => {
	const stranger = createTestPki('Gốc Lạ')
	const p12 = stranger.issue('stranger', { subject: 'Đơn vị Lạ' }).p12('pw')
	const identity = openP12(fs.readFileSync(p12), 'pw')
	const signed = await signWithIdentity(await placeholderPdf(new Date(), 'Bao cao gia'), identity, transportTo(tsa.url))
	const { page, context } = await verifyInBrowser(tmpFile('stranger.pdf', signed))
	expect(await page.getByTestId('verify-result').getAttribute('data-status')).toBe('unknown')
	const signature = page.getByTestId('signature').first()
	expect(await signature.getAttribute('data-trust')).toBe('untrusted')
	expect(await signature.getAttribute('data-level')).toBe('B-T')
	expect(await signature.getByTestId('signature-trust').textContent()).toBe(vi['verify.sig.untrusted'])
	expect(await signature.getByTestId('signature-signer').textContent()).toContain('Đơn vị Lạ')
	await expectAccessible(page)
	await context.close()
})
