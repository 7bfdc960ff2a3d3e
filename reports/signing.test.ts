// The PAdES signer (ADR 013), judged by OpenSSL and poppler rather than by our own reader: the
// signed attributes PAdES baseline B-B requires (and no signing-time), the signing-certificate-v2
// hash, the signature over the signed bytes, and for B-T an RFC 3161 token over the signature
// value from a real time-stamping authority (OpenSSL's `ts` behind an HTTP endpoint).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { dumpSignatures, opensslVerify, pdfsig, placeholderPdf, printCms, signatureTimestamp } from '#tests/pdf-tools'
import { createTestPki, deadUrl, startTsa, type TestPki, type TestTsa, transportTo } from '#tests/pki'
import { certificateDer, sha256, timestampRequest, timestampToken, TimestampError } from './cms'
import { findSignatures } from './signatures'
import { createDemoP12, loadSigningIdentity, openP12, signWithIdentity } from './signing'

const SIGNED_AT = new Date('2026-03-01T02:03:04Z')

/** The bytes a signature covers (its ByteRange). */
function covered(pdf: Buffer) {
	const [a, b, c, d] = findSignatures(pdf)[0].byteRange
	return Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)])
}

let pki: TestPki
let tsa: TestTsa
beforeAll(async () => {
	pki = createTestPki('Gốc Thử Ký Số')
	tsa = await startTsa(pki, 'Máy chủ dấu thời gian thử')
})
afterAll(async () => {
	await tsa.close()
})

/** Each identity issued in this file gets its own name (a counter: runs are repeatable). */
let issuedCount = 0

function organisation() {
	const issued = pki.issue(`org-${++issuedCount}`, { subject: 'Sở Y tế Thử', organization: 'Sở Y tế' })
	return loadSigningIdentity({ p12Path: issued.p12('mat-khau'), passphrase: 'mat-khau', dataDir: '/nonexistent' })
}

test('a report signature is PAdES baseline B-B: ETSI.CAdES.detached, content-type, message-digest and signing-certificate-v2 signed, no signing-time', async () => {
	const identity = openP12(createDemoP12('Sở Y tế Thử'), 'demo-only')
	const signed = await signWithIdentity(await placeholderPdf(SIGNED_AT), identity)
	const report = pdfsig(signed)
	expect(report).toContain('Signature Type: ETSI.CAdES.detached')
	expect(report).toContain('Signature Validation: Signature is Valid.')
	expect(report).toContain('Total document signed')
	// PAdES puts the claimed time in the dictionary's /M: pdfsig shows it.
	expect(report).toContain('Signing Time: Mar 01 2026 02:03:04')
	const [cms] = dumpSignatures(signed)
	const printed = printCms(cms)
	const signedAttrs = printed.slice(
		printed.indexOf('signedAttrs:'),
		printed.indexOf('signatureAlgorithm:', printed.indexOf('signedAttrs:')),
	)
	expect(signedAttrs).toContain('contentType (1.2.840.113549.1.9.3)')
	expect(signedAttrs).toContain('messageDigest (1.2.840.113549.1.9.4)')
	expect(signedAttrs).toContain('id-smime-aa-signingCertificateV2 (1.2.840.113549.1.9.16.2.47)')
	expect(signedAttrs).not.toContain('signingTime')
	// ESSCertIDv2: SHA-256 (the default algorithm, left out) of the signer's certificate.
	const certHash = sha256(certificateDer(identity.signer.certificate)).toString('hex').toUpperCase()
	expect(signedAttrs).toContain(certHash)
	expect(printed).not.toContain('unsignedAttrs:\n            object')
	// OpenSSL verifies the signature over exactly the ByteRange bytes, and not over anything else.
	expect(opensslVerify(cms, covered(signed))).toContain('Verification successful')
	const other = Buffer.from(covered(signed))
	other[200] ^= 1
	expect(opensslVerify(cms, other)).toMatch(/verification failure|digest failure/i)
})

test('with a time-stamping authority the signature is B-T: an RFC 3161 token over the signature value that OpenSSL verifies', async () => {
	const identity = organisation()
	const before = tsa.answered
	const signed = await signWithIdentity(await placeholderPdf(SIGNED_AT), identity, transportTo(tsa.url))
	expect(tsa.answered).toBe(before + 1)
	const report = pdfsig(signed)
	expect(report).toContain('Signature Type: ETSI.CAdES.detached')
	expect(report).toContain('Signature Validation: Signature is Valid.')
	const [cms] = dumpSignatures(signed)
	expect(printCms(cms)).toContain('id-smime-aa-timeStampToken (1.2.840.113549.1.9.16.2.14)')
	const stamp = signatureTimestamp(cms, pki.caFile)!
	expect(stamp.verify).toContain('Verification: OK')
	expect(stamp.tsa).toMatch(/^DirName:/)
	// The token's time is the TSA's clock, now (not the claimed /M).
	const time = new Date(stamp.time)
	expect(Math.abs(time.getTime() - Date.now())).toBeLessThan(10 * 60_000)
	expect(opensslVerify(cms, covered(signed), pki.caFile)).toContain('Verification successful')
})

test('the signer fails with a TimestampError when the time-stamping authority is down, unreachable or answers for other data', async () => {
	const identity = organisation()
	const pdf = await placeholderPdf(SIGNED_AT)
	tsa.mode = 'error'
	try {
		await expect(signWithIdentity(pdf, identity, transportTo(tsa.url))).rejects.toThrow(TimestampError)
	} finally {
		tsa.mode = 'ok'
	}
	await expect(signWithIdentity(pdf, identity, transportTo(await deadUrl()))).rejects.toThrow(/could not be reached/)
	// A TSA that answers with a token for something else (a replayed answer).
	const replayed = await transportTo(tsa.url)(timestampRequest(Buffer.from('something else')))
	await expect(signWithIdentity(pdf, identity, async () => replayed)).rejects.toThrow(/other data|nonce/)
	await expect(signWithIdentity(pdf, identity, async () => Buffer.from('<html>proxy error</html>'))).rejects.toThrow(
		/not a time-stamp response/,
	)
})

test('a token checked against the request: granted, for this data, with the nonce sent', async () => {
	const data = Buffer.from('chữ ký')
	const request = timestampRequest(data)
	const response = await transportTo(tsa.url)(request)
	const { time } = await timestampToken(response, request, data)
	expect(Math.abs(time.getTime() - Date.now())).toBeLessThan(10 * 60_000)
	await expect(timestampToken(response, request, Buffer.from('khác'))).rejects.toThrow(/other data/)
	// The same answer to another request (another nonce) is refused.
	await expect(timestampToken(response, timestampRequest(data), data)).rejects.toThrow(/nonce/)
})

test('signing stays one RSA operation on a key parsed once: the demo identity signs again and again with the same certificate', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sign-'))
	const identity = loadSigningIdentity({ dataDir: dir, orgName: 'Sở Y tế Thử' })
	const pdf = await placeholderPdf(SIGNED_AT)
	const one = await signWithIdentity(pdf, identity)
	const two = await signWithIdentity(pdf, identity)
	// PKCS#1 v1.5 is deterministic: the same bytes and key give the same signature.
	expect(one.equals(two)).toBe(true)
	expect(pdfsig(one)).toContain('Signature is Valid')
})
