// The director's personal signature on the submission (ADR 013), through the real routes: the
// issued submission PDF, signed in poppler's pdfsig as a person's signing software would, uploaded,
// checked (the issued bytes, the signature, the signer against the trust anchors) and recorded.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterEach, expect, test } from 'vitest'
import { schema } from '#db/client.server'
import { answerAllYes, submitAsDirector } from '#tests/assessment-steps'
import { assessmentWorld } from '#tests/fixtures'
import { db, makeRequest, run } from '#tests/helpers'
import { signWithPdfsig } from '#tests/pdf-tools'
import { createTestPki, type TestPki } from '#tests/pki'
import { resetEnv } from '~/env.server'
import * as signatureRoute from '~/routes/assessments.$assessmentId.signature'
import * as pdfRoute from '~/routes/assessments.$assessmentId.submission[.]pdf'
import * as reviewRoute from '~/routes/review.$assessmentId'

let pkiCache: TestPki | null = null
function pki() {
	pkiCache ??= createTestPki('Gốc Chữ Ký Số Quốc Gia Thử')
	return pkiCache
}

afterEach(() => {
	delete process.env.TRUST_ANCHORS_PATH
	resetEnv()
})

/** A submitted EMRAM assessment of a round that asks the director to sign, with the national root as trust anchor. */
async function submittedWorld(requested = true) {
	const w = await assessmentWorld({ catalogs: ['HIMSS-EMRAM-2008'] })
	db().update(schema.campaigns).set({ directorSignature: requested }).where(eq(schema.campaigns.id, w.campaignId)).run()
	const anchors = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'anchors-')), 'anchors.pem')
	fs.writeFileSync(anchors, pki().caPem)
	process.env.TRUST_ANCHORS_PATH = anchors
	resetEnv()
	await answerAllYes(w)
	const submitted = await submitAsDirector(w, { name: 'Nguyễn Văn An', jobTitle: 'Giám đốc' })
	expect(submitted.status).toBe(302)
	return w
}

type World = Awaited<ReturnType<typeof submittedWorld>>

async function downloadSubmission(w: World, who: { id: number }) {
	const res = await pdfRoute.loader({
		request: makeRequest(`/assessments/${w.assessment.id}/submission.pdf`, { cookie: await w.cookie(who) }),
		params: { assessmentId: String(w.assessment.id) },
		context: {},
	})
	return { res, bytes: Buffer.from(await res.arrayBuffer()) }
}

async function uploadSigned(w: World, who: { id: number }, bytes: Buffer) {
	const form = new FormData()
	form.append('file', new File([new Uint8Array(bytes)], 'ban-nop-da-ky.pdf', { type: 'application/pdf' }))
	return run(signatureRoute.action, makeRequest(`/assessments/${w.assessment.id}/signature`, { cookie: await w.cookie(who), form }), {
		assessmentId: String(w.assessment.id),
	})
}

test('the director downloads the issued submission PDF, signs it in their own software and uploads it: signer, time and trust are recorded, audited and shown', async () => {
	const w = await submittedWorld()
	const first = await downloadSubmission(w, w.users.director)
	expect(first.res.status).toBe(200)
	expect(first.bytes.subarray(0, 5).toString()).toBe('%PDF-')
	// The same bytes on every download, by anyone who may read the assessment.
	expect((await downloadSubmission(w, w.users.editor)).bytes.equals(first.bytes)).toBe(true)
	const submission = db().select().from(schema.submissions).where(eq(schema.submissions.assessmentId, w.assessment.id)).get()!
	expect(submission.documentSize).toBe(first.bytes.length)
	expect(first.res.headers.get('ETag')).toBe(`"${submission.documentSha256}"`)

	const p12 = pki().issue(`director-${Date.now()}`, { subject: 'Nguyễn Văn An', organization: 'Bệnh viện Thử' }).p12('pw')
	const signed = signWithPdfsig(first.bytes, p12, 'pw')
	const res = await uploadSigned(w, w.users.director, signed)
	expect(res.status).toBe(302)
	const row = db().select().from(schema.directorSignatures).where(eq(schema.directorSignatures.assessmentId, w.assessment.id)).get()!
	expect(row).toMatchObject({
		signerSubject: 'CN=Nguyễn Văn An, O=Bệnh viện Thử, C=VN',
		signerCommonName: 'Nguyễn Văn An',
		signerIssuer: 'CN=Gốc Chữ Ký Số Quốc Gia Thử, O=Test PKI, C=VN',
		trust: 'trusted',
		timestamped: false,
		subFilter: 'adbe.pkcs7.detached',
		size: signed.length,
	})
	expect(row.signedAt).toBeInstanceOf(Date)
	const audit = db().select().from(schema.auditEvents).where(eq(schema.auditEvents.action, 'submission.director_sign')).all()
	expect(audit).toHaveLength(1)
	// The signature page and the review page show it.
	const page = await run(
		signatureRoute.loader,
		makeRequest(`/assessments/${w.assessment.id}/signature`, { cookie: await w.cookie(w.users.director) }),
		{
			assessmentId: String(w.assessment.id),
		},
	)
	expect(page.data.summary.signature).toMatchObject({ subject: 'CN=Nguyễn Văn An, O=Bệnh viện Thử, C=VN', trust: 'trusted' })
	const review = await run(reviewRoute.loader, makeRequest(`/review/${w.assessment.id}`, { cookie: await w.cookie(w.users.evaluator) }), {
		assessmentId: String(w.assessment.id),
	})
	expect(review.data.directorSignature.signature).toMatchObject({ trust: 'trusted' })

	// Approved: the signed report states the director's signature.
	const decide = (intent: string) =>
		w.cookie(w.users.evaluator).then((cookie) =>
			run(reviewRoute.action, makeRequest(`/review/${w.assessment.id}`, { cookie, form: { intent } }), {
				assessmentId: String(w.assessment.id),
			}),
		)
	await decide('claim')
	expect((await decide('approve')).data.done).toBe('approve')
	const report = db().select().from(schema.reports).where(eq(schema.reports.assessmentId, w.assessment.id)).get()!
	const file = path.join(process.env.DATA_DIR!, report.storagePath)
	const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
	expect(text).toContain('Chữ ký số của người đứng đầu cơ sở trên bản nộp')
	expect(text).toContain('CN=Nguyễn Văn An, O=Bệnh viện Thử, C=VN')
	// After the decision the submission can no longer be signed.
	expect((await uploadSigned(w, w.users.director, signed)).status).toBe(409)
})

test('refused: an unsigned file, an edited issued file, appended bytes after signing, another person than the director; an untrusted certificate is recorded as untrusted', async () => {
	const w = await submittedWorld()
	const { bytes } = await downloadSubmission(w, w.users.director)
	const p12 = pki().issue(`director-r-${Date.now()}`, { subject: 'Nguyễn Văn An' }).p12('pw')
	const signed = signWithPdfsig(bytes, p12, 'pw')
	const refused = async (file: Buffer, code: string, status = 422) => {
		const res = await uploadSigned(w, w.users.director, file)
		expect(res.status).toBe(status)
		expect(res.data.error).toBe(code)
	}
	await refused(bytes, 'directorSignature.unsigned')
	await refused(Buffer.from('not a pdf at all'), 'directorSignature.not_pdf', 400)
	// One letter of the issued file changed (a key of its Info dictionary), then signed: not the issued bytes.
	const key = bytes.indexOf('/CreationDate')
	expect(key).toBeGreaterThan(0)
	const edited = Buffer.from(bytes)
	edited[key + 1] ^= 0x20
	await refused(signWithPdfsig(edited, p12, 'pw'), 'directorSignature.not_issued_file')
	await refused(Buffer.concat([signed, Buffer.from('\n% later\n')]), 'directorSignature.changed_after_signing')
	// The editor may read the assessment but not sign for the director.
	expect((await uploadSigned(w, w.users.editor, signed)).status).toBe(403)
	expect(db().select().from(schema.directorSignatures).all()).toHaveLength(0)

	const stranger = createTestPki('Gốc Lạ').issue('stranger', { subject: 'Người Lạ' }).p12('pw')
	expect((await uploadSigned(w, w.users.director, signWithPdfsig(bytes, stranger, 'pw'))).status).toBe(302)
	expect(db().select().from(schema.directorSignatures).get()).toMatchObject({ signerCommonName: 'Người Lạ', trust: 'untrusted' })
})

test('a round that does not ask for the director\u2019s signature issues no submission PDF and refuses uploads', async () => {
	const w = await submittedWorld(false)
	expect((await downloadSubmission(w, w.users.director).catch((r: Response) => ({ res: r }))).res.status).toBe(409)
	const res = await uploadSigned(w, w.users.director, Buffer.from('%PDF-1.7\n'))
	expect(res.status).toBe(409)
	expect(res.data.error).toBe('directorSignature.notRequested')
})
