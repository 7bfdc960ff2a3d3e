import { execFileSync, spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import PDFDocument from 'pdfkit'
import { afterAll, expect, test, vi } from 'vitest'
import { schema } from '#db/client.server'
import { getAssessmentContext } from '#db/queries/assessments'
import { assessmentsWithoutReport } from '#db/queries/reports'
import { generateReportPdf } from '#reports/generate'
import { HEADINGS } from '#reports/render'
import { createDemoP12, loadSigningIdentity, openP12 } from '#reports/signing'
import { docText, resetTextCaches, textCacheSizes, textHeight } from '#reports/typeset'
import { answerAllYes, submitAsDirector } from '#tests/assessment-steps'
import { assessmentWorld } from '#tests/fixtures'
import { db, makeRequest, run } from '#tests/helpers'
import { dumpSignatures, signatureTimestamp } from '#tests/pdf-tools'
import { createTestPki, startTsa, type TestPki, type TestTsa } from '#tests/pki'
import { parseEnv, resetEnv } from '~/env.server'
import * as overviewRoute from '~/routes/assessments.$assessmentId._index'
import * as downloadRoute from '~/routes/reports.$reportId'
import * as draftRoute from '~/routes/reports.draft.$assessmentId'
import * as reviewRoute from '~/routes/review.$assessmentId'
import * as verifyRecordRoute from '~/routes/verify.$reportId'
import * as verifyRoute from '~/routes/verify._index'
import { verifyAuditChain } from '~/services/audit.server'
import { getSigningIdentity, issueSignedReport, reportModelFor } from '~/services/reports.server'

type World = Awaited<ReturnType<typeof assessmentWorld>>

const REASON = 'PACS chưa triển khai toàn viện; đề nghị bổ sung biên bản nghiệm thu'

async function review(w: World, who: { id: number }, form: Record<string, string>) {
	return run(reviewRoute.action, makeRequest(`/review/${w.assessment.id}`, { cookie: await w.cookie(who), form }), {
		assessmentId: String(w.assessment.id),
	})
}

/** An EMRAM assessment answered, submitted, reviewed with one adjusted verdict and approved, through the real routes. */
async function approvedWorld() {
	const w = await assessmentWorld({ catalogs: ['HIMSS-EMRAM-2008'] })
	await answerAllYes(w)
	const submitted = await submitAsDirector(w, { name: 'Nguyễn Thị Hồng Nhung', jobTitle: 'Giám đốc' })
	expect(submitted.status).toBe(302)
	await review(w, w.users.evaluator, { intent: 'claim' })
	await review(w, w.users.evaluator, {
		intent: 'verdict',
		criterionId: 'EMRAM.S6.full_rpacs',
		verdict: 'adjust',
		value: 'no',
		reason: REASON,
	})
	expect((await review(w, w.users.evaluator, { intent: 'approve' })).data.done).toBe('approve')
	const report = db().select().from(schema.reports).where(eq(schema.reports.assessmentId, w.assessment.id)).get()!
	return { ...w, report }
}

async function download(w: World, reportId: string, who: { id: number } | null) {
	const res = await downloadRoute
		.loader({
			request: makeRequest(`/reports/${reportId}`, { cookie: who ? await w.cookie(who) : undefined }),
			params: { reportId },
			context: {},
		})
		.catch((r: Response) => r)
	return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), type: res.headers.get('Content-Type') }
}

function tmpFile(name: string, bytes: Buffer) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-test-'))
	const file = path.join(dir, name)
	fs.writeFileSync(file, bytes)
	return file
}

function tool(cmd: string, args: Array<string>) {
	const r = spawnSync(cmd, args, { encoding: 'utf8' })
	return { code: r.status, out: `${r.stdout}${r.stderr}` }
}

async function upload(bytes: Buffer, name = 'report.pdf', type = 'application/pdf') {
	const form = new FormData()
	form.append('file', new File([new Uint8Array(bytes)], name, { type }))
	return run(verifyRoute.action, makeRequest('/verify', { form }))
}

/** One byte changed inside a compressed content stream, away from the signature. */
function tamper(bytes: Buffer) {
	const copy = Buffer.from(bytes)
	const at = copy.indexOf('stream\n', Math.floor(copy.length / 3)) + 20
	copy[at] = copy[at] ^ 0x01
	return copy
}

test('final approval issues one signed report: stored outside public/ with its SHA-256, audited, and every download gives the same bytes', async () => {
	const w = await approvedWorld()
	expect(w.report).toMatchObject({ kind: 'signed', signerIsDemo: true, createdBy: w.users.evaluator.id })
	expect(w.report.id).toMatch(/^R-2026-[0-9A-Z]{10}$/)
	expect(w.report.storagePath).toBe(`reports/${w.report.id}.pdf`)
	const first = await download(w, w.report.id, w.users.director)
	const second = await download(w, w.report.id, w.users.evaluator)
	expect(first.status).toBe(200)
	expect(first.type).toBe('application/pdf')
	expect(first.bytes.equals(second.bytes)).toBe(true)
	expect(first.bytes.length).toBe(w.report.size)
	expect(crypto.createHash('sha256').update(first.bytes).digest('hex')).toBe(w.report.sha256)
	// Issuing again returns the same report; nothing new is written.
	const again = await issueSignedReport(db(), { assessmentId: w.assessment.id, actorId: w.users.admin.id })
	expect(again).toMatchObject({ ok: true, created: false, report: { id: w.report.id } })
	expect(db().select().from(schema.reports).all()).toHaveLength(1)
	const audit = db().select().from(schema.auditEvents).where(eq(schema.auditEvents.action, 'report.issue')).all()
	expect(audit).toHaveLength(1)
	expect(verifyAuditChain(db()).ok).toBe(true)
	// The facility overview links to it.
	const overview = await run(
		overviewRoute.loader,
		makeRequest(`/assessments/${w.assessment.id}`, { cookie: await w.cookie(w.users.editor) }),
		{ assessmentId: String(w.assessment.id) },
	)
	expect(overview.data.signedReport).toEqual({ id: w.report.id, demo: true })
})

test('the signed report reads back in Vietnamese exactly, with its sections, page numbers and the evaluator\u2019s reason', async () => {
	const w = await approvedWorld()
	const { bytes } = await download(w, w.report.id, w.users.director)
	const file = tmpFile('r.pdf', bytes)
	const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
	const flat = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
	for (const s of [
		'Bệnh viện Thử Đà Nẵng',
		'Đà Nẵng',
		'Đợt thử nghiệm',
		'Nguyễn Thị Hồng Nhung',
		'BÁO CÁO ĐÁNH GIÁ MỨC ĐỘ SẴN SÀNG CÔNG NGHỆ THÔNG TIN',
		'Thẩm định',
		'CHỨNG THƯ DEMO',
		w.report.id,
	]) {
		expect(flat).toContain(s)
	}
	expect(flat).toContain(REASON)
	expect(text).toContain(HEADINGS.summary)
	// The readiness matrix by system, one block per row.
	expect(text).toContain(HEADINGS.readiness)
	for (const row of ['HIS – Hệ thống thông tin bệnh viện', 'RIS-PACS – Chẩn đoán hình ảnh', 'An toàn thông tin', 'Hạ tầng'])
		expect(flat).toContain(row)
	// A round without the inventory survey has no national indicators to state, so no empty heading for them.
	expect(text).not.toContain(HEADINGS.statistics)
	expect(text).toContain(`${HEADINGS.catalog} 1.`)
	expect(text).toContain(HEADINGS.attestation)
	expect(text).not.toContain(`${HEADINGS.catalog} 2.`)
	const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1])
	expect(pages).toBeGreaterThanOrEqual(4)
	expect(text).toContain(`Trang 1/${pages}`)
	expect(text).toContain(`Trang ${pages}/${pages}`)
	expect(text).toContain(`/verify/${w.report.id}`)
	expect(text).not.toContain('DỰ THẢO')
})

test('pdfsig reports the signature valid (demo certificate untrusted, as expected) and qpdf --check passes', async () => {
	const w = await approvedWorld()
	const file = tmpFile('r.pdf', (await download(w, w.report.id, w.users.director)).bytes)
	const sig = tool('pdfsig', [file])
	expect(sig.out).toContain('Signature is Valid')
	expect(sig.out).toContain('Signature Type: ETSI.CAdES.detached')
	expect(sig.out).toMatch(/Total document signed/)
	expect(sig.out).toMatch(/Certificate issuer is unknown|Certificate issuer isn't Trusted|not Trusted/i)
	const check = tool('qpdf', ['--check', file])
	expect(check.code, check.out).toBe(0)
	expect(check.out).toContain('No syntax or stream encoding errors found')
})

test('one changed byte: pdfsig says the signature is invalid and the verification page says the file was altered', async () => {
	const w = await approvedWorld()
	const bytes = (await download(w, w.report.id, w.users.director)).bytes
	const tampered = tamper(bytes)
	const sig = tool('pdfsig', [tmpFile('t.pdf', tampered)])
	expect(sig.out).not.toContain('Signature is Valid')
	expect(sig.out).toMatch(/Signature is Invalid|Digest Mismatch|mismatch/i)
	const res = await upload(tampered)
	expect(res.status).toBe(200)
	expect(res.data.verification).toMatchObject({ status: 'altered', report: { id: w.report.id, facilityName: 'Bệnh viện Thử Đà Nẵng' } })
	expect(res.data.verification.sha256).not.toBe(w.report.sha256)
})

test('the verification page confirms the issued file, its SHA-256 and its report ID, without signing in', async () => {
	const w = await approvedWorld()
	const bytes = (await download(w, w.report.id, w.users.director)).bytes
	const res = await upload(bytes)
	expect(res.data.verification).toMatchObject({
		status: 'match',
		report: { id: w.report.id, facilityName: 'Bệnh viện Thử Đà Nẵng', campaignTitle: 'Đợt thử nghiệm', signerIsDemo: true },
	})
	expect(res.data.verification.report.signerName).toContain('DEMO')
	const byHash = await run(verifyRoute.loader, makeRequest(`/verify?q=${w.report.sha256.toUpperCase()}`))
	expect(byHash.data.verification).toMatchObject({ status: 'match', report: { id: w.report.id } })
	const byId = await run(verifyRoute.loader, makeRequest(`/verify?q=${w.report.id.toLowerCase()}`))
	expect(byId.data.verification).toMatchObject({ status: 'match', report: { id: w.report.id } })
	const record = await run(verifyRecordRoute.loader, makeRequest(`/verify/${w.report.id}`), { reportId: w.report.id })
	expect(record.status).toBe(200)
	expect(record.data.report).toMatchObject({ id: w.report.id, provinceName: expect.any(String), sha256: w.report.sha256 })
})

test('the verification page refuses a non-PDF, an oversized and a truncated upload clearly, and knows nothing of unknown IDs or hashes', async () => {
	const w = await approvedWorld()
	const bytes = (await download(w, w.report.id, w.users.director)).bytes
	const before = db().select().from(schema.auditEvents).all().length
	const notPdf = await upload(Buffer.from('<html>not a pdf</html>'), 'x.pdf')
	expect(notPdf.status).toBe(415)
	expect(notPdf.data.verification).toEqual({ status: 'not_pdf' })
	const big = await upload(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(verifyRoute.VERIFY_UPLOAD_MAX_MB * 1024 * 1024 + 10)]))
	expect(big.status).toBe(413)
	expect(big.data.error).toBe('verify.result.tooLarge')
	const truncated = await upload(bytes.subarray(0, Math.floor(bytes.length / 2)))
	expect(truncated.status).toBe(422)
	expect(truncated.data.verification.status).toBe('truncated')
	const empty = await run(verifyRoute.action, makeRequest('/verify', { form: new FormData() }))
	expect(empty.status).toBe(400)
	const unknownId = await run(verifyRecordRoute.loader, makeRequest('/verify/R-2026-0000000000'), { reportId: 'R-2026-0000000000' })
	expect(unknownId.status).toBe(404)
	expect(unknownId.data.report).toBeNull()
	const unknownHash = await run(verifyRoute.loader, makeRequest(`/verify?q=${'ab'.repeat(32)}`))
	expect(unknownHash.data.verification).toEqual({ status: 'unknown', sha256: 'ab'.repeat(32), signatures: [] })
	const nonsense = await run(verifyRoute.loader, makeRequest('/verify?q=hello'))
	expect(nonsense.status).toBe(400)
	const otherPdf = await upload(Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'))
	expect(otherPdf.data.verification.status).toBe('unknown')
	// Nothing changes.
	expect(db().select().from(schema.auditEvents).all().length).toBe(before)
	expect(db().select().from(schema.reports).all()).toHaveLength(1)
})

test('the facility downloads a watermarked unsigned draft; another facility gets 403 and a signed report is not theirs either', async () => {
	const w = await approvedWorld()
	const mine = await run(draftRoute.loader, makeRequest(`/reports/draft/${w.assessment.id}`, { cookie: await w.cookie(w.users.editor) }), {
		assessmentId: String(w.assessment.id),
	})
	expect(mine.status).toBe(200)
	const draftLoader = await draftRoute.loader({
		request: makeRequest(`/reports/draft/${w.assessment.id}`, { cookie: await w.cookie(w.users.editor) }),
		params: { assessmentId: String(w.assessment.id) },
		context: {},
	})
	const file = tmpFile('d.pdf', Buffer.from(await draftLoader.arrayBuffer()))
	const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })
	expect(text).toContain('DỰ THẢO / DRAFT')
	expect(text).toContain('Bản dự thảo')
	expect(tool('pdfsig', [file]).out).toMatch(/does not contain any signatures/)
	const theirs = await run(
		draftRoute.loader,
		makeRequest(`/reports/draft/${w.assessment.id}`, { cookie: await w.cookie(w.users.outsider) }),
		{ assessmentId: String(w.assessment.id) },
	)
	expect(theirs.status).toBe(403)
	expect((await download(w, w.report.id, w.users.outsider)).status).toBe(403)
	const anonymous = await run(draftRoute.loader, makeRequest(`/reports/draft/${w.assessment.id}`), {
		assessmentId: String(w.assessment.id),
	})
	expect(anonymous.status).toBe(302)
	// Drafts are rendered on demand and never stored.
	expect(db().select().from(schema.reports).all()).toHaveLength(1)
})

test('a signed report is refused before approval and to those without report:issue', async () => {
	const w = await assessmentWorld({ catalogs: ['HIMSS-EMRAM-2008'] })
	expect(await issueSignedReport(db(), { assessmentId: w.assessment.id, actorId: w.users.admin.id })).toEqual({
		ok: false,
		status: 409,
		code: 'report.not_approved',
	})
	expect(await issueSignedReport(db(), { assessmentId: 999_999, actorId: null })).toMatchObject({ ok: false, status: 404 })
	expect((await review(w, w.users.director, { intent: 'issue_report' })).status).toBe(403)
	expect((await review(w, w.users.evaluator, { intent: 'issue_report' })).status).toBe(409)
	expect(db().select().from(schema.reports).all()).toHaveLength(0)
})

test('the same model and creation time give byte-identical signed PDFs', async () => {
	const w = await approvedWorld()
	const ctx = getAssessmentContext(db(), w.assessment.id)!
	const signer = getSigningIdentity()
	const at = new Date('2026-03-01T02:03:04Z')
	const one = await generateReportPdf(
		reportModelFor(db(), ctx, { kind: 'signed', reportId: 'R-2026-ABCDEFGHJK', createdAt: at, signer }),
		signer,
	)
	const two = await generateReportPdf(
		reportModelFor(db(), ctx, { kind: 'signed', reportId: 'R-2026-ABCDEFGHJK', createdAt: at, signer }),
		signer,
	)
	expect(one.equals(two)).toBe(true)
})

test('the batch finds approved assessments of a campaign without a signed report', async () => {
	const w = await approvedWorld()
	expect(assessmentsWithoutReport(db(), w.campaignId)).toEqual([])
	db().delete(schema.reports).run()
	expect(assessmentsWithoutReport(db(), w.campaignId)).toEqual([w.assessment.id])
})

test('a missing or wrong PKCS#12 passphrase stops start-up with a message naming the variable; the right one opens the file', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'p12-'))
	const p12 = path.join(dir, 'org.p12')
	// A PKCS#12 as OpenSSL 3 writes it by default (AES-256, PBKDF2), passphrase "đúng-mật-khẩu".
	const demo = openP12(createDemoP12('Sở Y tế Thử'), 'demo-only')
	const keyPem = path.join(dir, 'key.pem')
	const certPem = path.join(dir, 'cert.pem')
	fs.writeFileSync(keyPem, demo.signer.privateKey.export({ type: 'pkcs8', format: 'pem' }))
	fs.writeFileSync(
		certPem,
		`-----BEGIN CERTIFICATE-----\n${demo.signer.certificateDer
			.toString('base64')
			.match(/.{1,64}/g)!
			.join('\n')}\n-----END CERTIFICATE-----\n`,
	)
	execFileSync('openssl', ['pkcs12', '-export', '-inkey', keyPem, '-in', certPem, '-out', p12, '-passout', 'pass:correct-horse'])
	expect(() => parseEnv({ SIGNING_P12_PATH: p12 })).toThrow(
		/SIGNING_P12_PASSPHRASE: SIGNING_P12_PASSPHRASE is required when SIGNING_P12_PATH is set/,
	)
	expect(() => loadSigningIdentity({ p12Path: p12, dataDir: dir })).toThrow(/SIGNING_P12_PASSPHRASE is not set/)
	expect(() => loadSigningIdentity({ p12Path: p12, passphrase: 'wrong', dataDir: dir })).toThrow(
		/SIGNING_P12_PASSPHRASE does not open the PKCS#12 file .*wrong passphrase/,
	)
	expect(() => loadSigningIdentity({ p12Path: path.join(dir, 'missing.p12'), passphrase: 'x', dataDir: dir })).toThrow(
		/SIGNING_P12_PATH names a file that cannot be read/,
	)
	const identity = loadSigningIdentity({ p12Path: p12, passphrase: 'correct-horse', orgName: 'Sở Y tế Thử', dataDir: dir })
	expect(identity).toMatchObject({ name: 'Sở Y tế Thử', demo: false })
	// Without a configured file, a demo certificate is generated once under DATA_DIR and reused.
	const first = loadSigningIdentity({ dataDir: dir })
	expect(first.demo).toBe(true)
	expect(fs.existsSync(path.join(dir, 'signing', 'demo-signing.p12'))).toBe(true)
	expect(loadSigningIdentity({ dataDir: dir }).fingerprint).toBe(first.fingerprint)
})

test('the measurements kept across documents change nothing: a report is byte-identical cold, warm, and after other reports', async () => {
	const w = await approvedWorld()
	const ctx = getAssessmentContext(db(), w.assessment.id)!
	const signer = getSigningIdentity()
	const at = new Date('2026-03-01T02:03:04Z')
	const model = reportModelFor(db(), ctx, { kind: 'signed', reportId: 'R-2026-ABCDEFGHJK', createdAt: at, signer })
	resetTextCaches()
	const cold = await generateReportPdf(model, signer)
	const warm = await generateReportPdf(model, signer)
	// Another report in between: other names, a draft watermark, other glyphs. Glyph ids are written
	// as bytes of literal strings; these letters' ids contain the bytes ( ) \\ CR LF, which must be escaped.
	const name = 'Trung tâm Y tế Ể Ấp Ẩn Ỏ Ề (9) \\ ş ŵ ẅ — Hà Nội'
	const other = await generateReportPdf({ ...model, kind: 'draft', facility: { name, provinceName: 'Hà Nội' } }, null)
	expect(execFileSync('pdftotext', [tmpFile('o.pdf', other), '-'], { encoding: 'utf8' })).toContain(name)
	const after = await generateReportPdf(model, signer)
	// Past the bounds of what is kept: thousands of one-off strings push measurements out.
	const t = docText(new PDFDocument({ autoFirstPage: false }))
	for (let i = 0; i < 4_500; i++)
		textHeight(
			t,
			{ face: i % 2 ? 'R' : 'B', size: 7, color: '#000000' },
			Array.from({ length: 8 }, (_, k) => `nghiệm${(i * 8 + k).toString(36)}`).join(' '),
			{ width: 104 },
		)
	const sizes = textCacheSizes()
	expect(sizes.blocks).toBeLessThanOrEqual(3_000)
	expect(sizes.shapes).toBeLessThanOrEqual(10_000)
	const evicted = await generateReportPdf(model, signer)
	expect(warm.equals(cold)).toBe(true)
	expect(after.equals(cold)).toBe(true)
	expect(evicted.equals(cold)).toBe(true)
	const file = tmpFile('c.pdf', cold)
	const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' })
	// Both faces embedded as subsets with a ToUnicode map.
	expect(fonts).toMatch(/[A-Z]{6}\+BeVietnamPro-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/)
	expect(fonts).toMatch(/[A-Z]{6}\+BeVietnamPro-Bold\s+CID TrueType\s+Identity-H\s+yes yes yes/)
})

/** A test PKI with a time-stamping authority on loopback, made once for the tests that need it. */
let tsaWorld: { pki: TestPki; tsa: TestTsa; p12: string } | null = null
async function withTsa() {
	if (!tsaWorld) {
		const pki = createTestPki('Gốc Thử Báo Cáo')
		const tsa = await startTsa(pki, 'Máy chủ dấu thời gian thử')
		const p12 = pki.issue('org', { subject: 'Sở Y tế Thử Đà Nẵng', organization: 'Sở Y tế' }).p12('mat-khau')
		tsaWorld = { pki, tsa, p12 }
	}
	process.env.TSA_URL = tsaWorld.tsa.url
	process.env.SIGNING_P12_PATH = tsaWorld.p12
	process.env.SIGNING_P12_PASSPHRASE = 'mat-khau'
	resetEnv()
	return tsaWorld
}
function withoutTsa() {
	delete process.env.TRUST_ANCHORS_PATH
	delete process.env.TSA_URL
	delete process.env.SIGNING_P12_PATH
	delete process.env.SIGNING_P12_PASSPHRASE
	resetEnv()
}
afterAll(async () => {
	await tsaWorld?.tsa.close()
})

test('with a time-stamping authority configured, the issued report is PAdES B-T: pdfsig shows the type, OpenSSL verifies the time-stamp token, the record keeps its time', async () => {
	const { pki, tsa } = await withTsa()
	try {
		const before = tsa.answered
		const w = await approvedWorld()
		expect(tsa.answered).toBe(before + 1)
		const bytes = (await download(w, w.report.id, w.users.director)).bytes
		const sig = tool('pdfsig', [tmpFile('bt.pdf', bytes)])
		expect(sig.out).toContain('Signature Type: ETSI.CAdES.detached')
		expect(sig.out).toContain('Signature Validation: Signature is Valid.')
		expect(sig.out).toContain('Signer Certificate Common Name: Sở Y tế Thử Đà Nẵng')
		expect(sig.out).toMatch(/Total document signed/)
		const stamp = signatureTimestamp(dumpSignatures(bytes)[0], pki.caFile)!
		expect(stamp.verify).toContain('Verification: OK')
		expect(w.report.timestampedAt).toEqual(new Date(stamp.time))
		expect(w.report.signatureCms).toBeInstanceOf(Buffer)
		const audit = db().select().from(schema.auditEvents).where(eq(schema.auditEvents.action, 'report.issue')).get()!
		expect(JSON.stringify(audit)).toContain(w.report.timestampedAt!.toISOString())
	} finally {
		withoutTsa()
	}
})

test('when the time-stamping authority is down the approval stands and no report is issued (503); issuing again once it answers gives a B-T report', async () => {
	const { tsa } = await withTsa()
	const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
	tsa.mode = 'error'
	try {
		// Approval with the authority down: approved, logged, no report.
		const w = await approvedWorld()
		expect(w.report).toBeUndefined()
		expect(db().select().from(schema.assessments).where(eq(schema.assessments.id, w.assessment.id)).get()!.status).toBe('approved')
		expect(errors.mock.calls.flat().join(' ')).toContain('report.timestamp_failed')
		expect(db().select().from(schema.reports).all()).toHaveLength(0)
		expect(assessmentsWithoutReport(db(), w.campaignId)).toEqual([w.assessment.id])
		const retried = await review(w, w.users.evaluator, { intent: 'issue_report' })
		expect(retried.status).toBe(503)
		expect(retried.data.error).toBe('report.timestamp_failed')
		tsa.mode = 'ok'
		const issued = await review(w, w.users.evaluator, { intent: 'issue_report' })
		expect(issued.data.done).toBe('issue_report')
		const row = db().select().from(schema.reports).where(eq(schema.reports.assessmentId, w.assessment.id)).get()!
		expect(row.timestampedAt).toBeInstanceOf(Date)
	} finally {
		tsa.mode = 'ok'
		withoutTsa()
	}
})

function anchorsFile(...pems: Array<string>) {
	return tmpFile('anchors.pem', Buffer.from(pems.join('\n')))
}

test('the verification page and the record page say who signed, when (the time-stamp), and that the signer chains to the configured trust anchor', async () => {
	const { pki } = await withTsa()
	try {
		process.env.TRUST_ANCHORS_PATH = anchorsFile(pki.caPem)
		resetEnv()
		const w = await approvedWorld()
		const bytes = (await download(w, w.report.id, w.users.director)).bytes
		const res = await upload(bytes)
		expect(res.data.verification).toMatchObject({ status: 'match', report: { id: w.report.id } })
		const [signature] = res.data.verification.signatures
		expect(signature).toMatchObject({
			signer: { subject: 'CN=Sở Y tế Thử Đà Nẵng, O=Sở Y tế, C=VN', issuer: 'CN=Gốc Thử Báo Cáo, O=Test PKI, C=VN' },
			type: 'ETSI.CAdES.detached',
			level: 'B-T',
			time: { kind: 'timestamp', tsa: 'Máy chủ dấu thời gian thử', tsaTrust: 'trusted' },
			trust: { status: 'trusted', anchor: 'CN=Gốc Thử Báo Cáo, O=Test PKI, C=VN' },
			integrity: 'intact',
		})
		expect(new Date(signature.time.at)).toEqual(w.report.timestampedAt)
		// The QR code's record page and a look-up by ID describe the signature kept at issue.
		const record = await run(verifyRecordRoute.loader, makeRequest(`/verify/${w.report.id}`), { reportId: w.report.id })
		expect(record.data.signatures).toMatchObject([
			{ level: 'B-T', trust: { status: 'trusted' }, time: { kind: 'timestamp' }, integrity: 'recorded' },
		])
		const byId = await run(verifyRoute.loader, makeRequest(`/verify?q=${w.report.id}`))
		expect(byId.data.verification.signatures).toMatchObject([{ trust: { status: 'trusted' }, integrity: 'recorded' }])
		// One changed byte: still the signer's name, but the signature no longer holds.
		const altered = await upload(tamper(bytes))
		expect(altered.data.verification).toMatchObject({ status: 'altered', signatures: [{ integrity: 'altered' }] })
	} finally {
		withoutTsa()
	}
})

test('a report signed by a certificate outside the trust anchors is reported as untrusted; without anchors configured, nothing is trusted', async () => {
	const { pki } = await withTsa()
	try {
		const stranger = createTestPki('Gốc Lạ')
		process.env.TRUST_ANCHORS_PATH = anchorsFile(stranger.caPem)
		resetEnv()
		const w = await approvedWorld()
		const bytes = (await download(w, w.report.id, w.users.director)).bytes
		const res = await upload(bytes)
		expect(res.data.verification.status).toBe('match')
		expect(res.data.verification.signatures).toMatchObject([
			{
				signer: { subject: 'CN=Sở Y tế Thử Đà Nẵng, O=Sở Y tế, C=VN' },
				level: 'B-T',
				trust: { status: 'untrusted', anchor: null },
				integrity: 'intact',
			},
		])
		delete process.env.TRUST_ANCHORS_PATH
		resetEnv()
		expect((await upload(bytes)).data.verification.signatures).toMatchObject([{ trust: { status: 'no_anchors' } }])
		// The trusted anchor again: the same bytes are now trusted.
		process.env.TRUST_ANCHORS_PATH = anchorsFile(stranger.caPem, pki.caPem)
		resetEnv()
		expect((await upload(bytes)).data.verification.signatures).toMatchObject([{ trust: { status: 'trusted' } }])
	} finally {
		withoutTsa()
	}
})

test('the DEMO-signed report (no time-stamp) is B-B with only the claimed time, and untrusted against the configured anchors', async () => {
	const { pki } = await withTsa()
	withoutTsa()
	try {
		process.env.TRUST_ANCHORS_PATH = anchorsFile(pki.caPem)
		resetEnv()
		const w = await approvedWorld()
		const bytes = (await download(w, w.report.id, w.users.director)).bytes
		const [signature] = (await upload(bytes)).data.verification.signatures
		expect(signature).toMatchObject({ level: 'B-B', time: { kind: 'claimed' }, trust: { status: 'untrusted' }, integrity: 'intact' })
		expect(signature.signer.subject).toContain('(DEMO)')
		expect(new Date(signature.time.at)).toEqual(w.report.createdAt)
	} finally {
		withoutTsa()
	}
})
