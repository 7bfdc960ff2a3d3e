// Reading and validating signatures against trust anchors (ADR 013): who signed, when (the
// time-stamp, else the claimed time), whether the certificate chains to an anchor and was valid
// then, whether the signed bytes are unchanged; and the director's incremental signature on an
// issued PDF, made by poppler's pdfsig as a person's signing software would.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { pdfsig, placeholderPdf, plainPdf, signWithPdfsig } from '#tests/pdf-tools'
import { createTestPki, startTsa, type TestPki, type TestTsa, transportTo } from '#tests/pki'
import { sha256 } from './cms'
import { checkSignatures, checkSignedRevision, loadTrustAnchors, parsePemCertificates, TrustAnchorsError } from './signatures'
import { createDemoP12, loadSigningIdentity, openP12, type SigningIdentity, signWithIdentity } from './signing'

let pki: TestPki
let stranger: TestPki
let tsa: TestTsa
beforeAll(async () => {
	pki = createTestPki('Gốc Tin Cậy Thử')
	stranger = createTestPki('Gốc Lạ')
	tsa = await startTsa(pki, 'TSA Thử')
})
afterAll(async () => {
	await tsa.close()
})

const anchors = () => parsePemCertificates(pki.caPem)

/** Each identity issued in this file gets its own name (a counter: runs are repeatable). */
let issuedCount = 0

function identityFrom(p: TestPki, subject: string, validity: { notBefore?: Date; notAfter?: Date } = {}): SigningIdentity {
	const issued = p.issue(`id-${++issuedCount}`, { subject, organization: 'Sở Y tế', ...validity })
	return loadSigningIdentity({ p12Path: issued.p12('pw'), passphrase: 'pw', dataDir: '/nonexistent' })
}

describe('a report signature against the trust anchors', () => {
	test('time-stamped and issued under an anchor: signed by the subject, at the time-stamp\u2019s time, trusted, intact, PAdES B-T', async () => {
		const identity = identityFrom(pki, 'Sở Y tế Hà Nội')
		const signed = await signWithIdentity(await placeholderPdf(new Date('2026-03-01T00:00:00Z')), identity, transportTo(tsa.url))
		const [check] = await checkSignatures(signed, anchors())
		expect(check).toMatchObject({
			subFilter: 'ETSI.CAdES.detached',
			level: 'B-T',
			intact: true,
			coversWholeFile: true,
			signingCertificateV2: 'match',
			signingTimeAttribute: null,
			signer: {
				subject: 'CN=Sở Y tế Hà Nội, O=Sở Y tế, C=VN',
				commonName: 'Sở Y tế Hà Nội',
				issuer: 'CN=Gốc Tin Cậy Thử, O=Test PKI, C=VN',
			},
			claimedTime: new Date('2026-03-01T00:00:00Z'),
			trust: { status: 'trusted', anchor: 'CN=Gốc Tin Cậy Thử, O=Test PKI, C=VN' },
			timestamp: { valid: true, tsa: { commonName: 'TSA Thử' }, trust: { status: 'trusted' } },
		})
		// The chain is judged at the time-stamp's time, not the claimed one.
		expect(check.trust!.at).toEqual(check.timestamp!.time)
		expect(Math.abs(check.timestamp!.time.getTime() - Date.now())).toBeLessThan(10 * 60_000)
	})

	test('the same signature with no anchors configured, or anchors it does not chain to, is not trusted', async () => {
		const identity = identityFrom(pki, 'Sở Y tế Huế')
		const signed = await signWithIdentity(await placeholderPdf(new Date()), identity, transportTo(tsa.url))
		expect((await checkSignatures(signed, []))[0].trust!.status).toBe('no_anchors')
		expect((await checkSignatures(signed, parsePemCertificates(stranger.caPem)))[0].trust!.status).toBe('untrusted')
		// Several anchors: the one it chains to is found.
		const both = [...parsePemCertificates(stranger.caPem), ...anchors()]
		expect((await checkSignatures(signed, both))[0].trust).toMatchObject({
			status: 'trusted',
			anchor: 'CN=Gốc Tin Cậy Thử, O=Test PKI, C=VN',
		})
	})

	test('the demo certificate is never trusted unless it is listed as an anchor itself', async () => {
		const identity = openP12(createDemoP12('Sở Y tế Thử'), 'demo-only', { demo: true })
		const signed = await signWithIdentity(await placeholderPdf(new Date()), identity)
		const [check] = await checkSignatures(signed, anchors())
		expect(check).toMatchObject({ level: 'B-B', intact: true, trust: { status: 'untrusted' }, timestamp: null })
		expect(check.signer!.subject).toContain('(DEMO)')
		const demoPem = `-----BEGIN CERTIFICATE-----\n${identity.signer.certificateDer.toString('base64')}\n-----END CERTIFICATE-----\n`
		const listed = [...anchors(), ...parsePemCertificates(demoPem)]
		expect((await checkSignatures(signed, listed))[0].trust!.status).toBe('trusted')
	})

	test('a certificate that had expired when the time-stamp was made chains to the anchor but was not valid at that time', async () => {
		const expired = identityFrom(pki, 'Chứng thư hết hạn', { notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') })
		const stamped = await signWithIdentity(await placeholderPdf(new Date('2020-06-01T00:00:00Z')), expired, transportTo(tsa.url))
		const [check] = await checkSignatures(stamped, anchors())
		expect(check).toMatchObject({
			intact: true,
			level: 'B-T',
			trust: { status: 'not_valid_at_time', anchor: 'CN=Gốc Tin Cậy Thử, O=Test PKI, C=VN' },
		})
		// Without a time-stamp only the signer's claim is left (a back-dated /M): valid then, and the time says it is claimed.
		const claimed = await signWithIdentity(await placeholderPdf(new Date('2020-06-01T00:00:00Z')), expired)
		const [b] = await checkSignatures(claimed, anchors())
		expect(b).toMatchObject({ level: 'B-B', timestamp: null, claimedTime: new Date('2020-06-01T00:00:00Z'), trust: { status: 'trusted' } })
	})

	test('one changed byte under the signature: the signature no longer holds; bytes appended after it are not covered', async () => {
		const identity = identityFrom(pki, 'Sở Y tế Đà Nẵng')
		const signed = await signWithIdentity(await placeholderPdf(new Date()), identity, transportTo(tsa.url))
		const tampered = Buffer.from(signed)
		const at = tampered.indexOf('stream\n') + 12
		tampered[at] ^= 1
		const [bad] = await checkSignatures(tampered, anchors())
		expect(bad).toMatchObject({ intact: false, problem: 'digest_mismatch', level: null, signer: { commonName: 'Sở Y tế Đà Nẵng' } })
		expect(pdfsig(tampered)).not.toContain('Signature is Valid')
		const extended = Buffer.concat([signed, Buffer.from('\n% appended\n')])
		const [more] = await checkSignatures(extended, anchors())
		expect(more).toMatchObject({ intact: true, coversWholeFile: false, revisionEnd: signed.length })
		expect(await checkSignatures(await plainPdf(new Date()), anchors())).toEqual([])
	})
})

describe('the trust anchors file', () => {
	test('a PEM bundle is read once per version of the file; a missing, empty or broken file is refused naming TRUST_ANCHORS_PATH', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anchors-'))
		const file = path.join(dir, 'anchors.pem')
		fs.writeFileSync(file, `${pki.caPem}\n${stranger.caPem}`)
		expect(loadTrustAnchors(file)).toHaveLength(2)
		expect(loadTrustAnchors(undefined)).toEqual([])
		expect(() => loadTrustAnchors(path.join(dir, 'missing.pem'))).toThrow(TrustAnchorsError)
		expect(() => loadTrustAnchors(path.join(dir, 'missing.pem'))).toThrow(/TRUST_ANCHORS_PATH names a file that cannot be read/)
		const empty = path.join(dir, 'empty.pem')
		fs.writeFileSync(empty, 'nothing here')
		expect(() => loadTrustAnchors(empty)).toThrow(/holds no PEM certificate/)
		const broken = path.join(dir, 'broken.pem')
		fs.writeFileSync(broken, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')
		expect(() => loadTrustAnchors(broken)).toThrow(/not a certificate/)
	})
})

describe('a director\u2019s incremental signature on an issued PDF', () => {
	async function issued() {
		const bytes = await plainPdf(new Date('2026-04-01T03:00:00Z'))
		return { bytes, record: { sha256: sha256(bytes).toString('hex'), size: bytes.length, documentId: 'S-1-1' } }
	}

	test('signed in poppler\u2019s pdfsig: the signed revision starts with exactly the issued bytes, the signature holds, the signer is named and trusted', async () => {
		const { bytes, record } = await issued()
		const director = pki.issue(`director-${Date.now()}`, { subject: 'Nguyễn Văn An', organization: 'Bệnh viện Thử' })
		const signed = signWithPdfsig(bytes, director.p12('pw'), 'pw')
		expect(signed.subarray(0, bytes.length).equals(bytes)).toBe(true)
		const result = await checkSignedRevision(signed, record, anchors())
		expect(result).toMatchObject({
			ok: true,
			signature: {
				subFilter: 'adbe.pkcs7.detached',
				intact: true,
				coversWholeFile: true,
				signer: { commonName: 'Nguyễn Văn An' },
				trust: { status: 'trusted' },
			},
		})
		const untrusted = await checkSignedRevision(signed, record, parsePemCertificates(stranger.caPem))
		expect(untrusted).toMatchObject({ ok: true, signature: { trust: { status: 'untrusted' } } })
	})

	test('refused: unsigned, not the issued file, another document, changed after signing, and a tampered signed revision', async () => {
		const { bytes, record } = await issued()
		const director = pki.issue(`director2-${Date.now()}`, { subject: 'Trần Thị Bình' })
		const signed = signWithPdfsig(bytes, director.p12('pw'), 'pw')
		expect(await checkSignedRevision(Buffer.from('hello'), record, anchors())).toEqual({ ok: false, problem: 'not_pdf' })
		expect(await checkSignedRevision(bytes, record, anchors())).toEqual({ ok: false, problem: 'unsigned' })
		// A byte of the issued part changed: the signed revision no longer starts with the issued bytes.
		const edited = Buffer.from(signed)
		const producer = bytes.indexOf('PDFKit')
		expect(producer).toBeGreaterThan(0)
		edited[producer] ^= 0x20
		expect(await checkSignedRevision(edited, record, anchors())).toEqual({ ok: false, problem: 'not_issued_file' })
		// The same file claimed by another submission record.
		expect(await checkSignedRevision(signed, { ...record, sha256: 'ab'.repeat(32), documentId: 'S-2-1' }, anchors())).toEqual({
			ok: false,
			problem: 'other_document',
		})
		expect(await checkSignedRevision(Buffer.concat([signed, Buffer.from('\n% later\n')]), record, anchors())).toEqual({
			ok: false,
			problem: 'changed_after_signing',
		})
		// A byte of the signed revision changed, after the issued part and outside the signature value.
		const tampered = Buffer.from(signed)
		const reason = tampered.lastIndexOf('/Reason')
		tampered[reason + 10] ^= 0x01
		expect(await checkSignedRevision(tampered, record, anchors())).toEqual({ ok: false, problem: 'invalid_signature' })
	})
})
