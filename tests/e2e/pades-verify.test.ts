// PAdES B-T reports on the public verification page, in a browser (docs/decisions/013): a server of
// its own whose demo reports were issued with a test organisation certificate and time-stamped by a
// real local time-stamping authority (OpenSSL's `ts` behind a small HTTP endpoint), its trust anchor
// configured; and a file signed by a certificate from another root, reported as untrusted.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openDatabase } from '#db/client.server'
import { runMigrations } from '#db/migrate'
import { openP12, signWithIdentity } from '#reports/signing'
import { dumpSignatures, pdfsig, placeholderPdf, signatureTimestamp, tmpFile } from '#tests/pdf-tools'
import { createTestPki, startTsa, type TestPki, type TestTsa, transportTo } from '#tests/pki'
import { expectAccessible, jsErrors, setupBrowser } from './browser'
import { vi } from './flows'
import { startOwnServer } from './own-server'

const ROOT = path.resolve(__dirname, '../..')
const ORG = 'Sở Y tế Thử Nghiệm'
const TSA_NAME = 'Máy chủ dấu thời gian thử'

let server: Awaited<ReturnType<typeof startOwnServer>> | undefined
let pki: TestPki
let tsa: TestTsa
let base = ''
let dir = ''

beforeAll(async () => {
	pki = createTestPki('Gốc Thử Xác Minh')
	tsa = await startTsa(pki, TSA_NAME)
	const p12 = pki.issue('org', { subject: ORG, organization: 'Sở Y tế' }).p12('mat-khau')
	server = await startOwnServer({
		name: 'pades',
		env: { TSA_URL: tsa.url, SIGNING_P12_PATH: p12, SIGNING_P12_PASSPHRASE: 'mat-khau', TRUST_ANCHORS_PATH: pki.caFile },
		// The demo's approvals issue their reports through the TSA here (asynchronously: this process answers it).
		prepare: async (env) => {
			const db = openDatabase(env.DATABASE_PATH)
			runMigrations(db)
			db.$client.close()
			await promisify(execFile)('npx', ['tsx', 'scripts/seed.ts'], { cwd: ROOT, env })
			expect(tsa.answered).toBeGreaterThan(0)
		},
	})
	base = server.baseURL
	dir = server.dir
}, 150_000)

afterAll(async () => {
	await server?.stop()
	await tsa?.close()
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
