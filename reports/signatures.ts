// Reading and checking the signatures in a PDF, whoever made them (our reports, a director's
// signing software): which bytes each signature covers (ByteRange), whether the CMS verifies over
// them, who signed (the certificate's subject), when (an RFC 3161 time-stamp when there is one,
// else the time the signer claims), and whether the signer's certificate chains to a configured
// trust anchor and was valid at that time (pkijs' chain validation). Revocation is not checked:
// the signatures carry no revocation data (PAdES B-LT would) and this system fetches nothing.
// Nothing here trusts the file: every field is read defensively and an unreadable part is a finding.
import crypto from 'node:crypto'
import fs from 'node:fs'
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import { type TrustStatus } from '../app/domain/enums'
import { certificateDer, checkTimestampToken, OID, toArrayBuffer } from './cms'

export type { TrustStatus }

/** One signature dictionary as the file has it. */
export type PdfSignature = {
	byteRange: [number, number, number, number]
	subFilter: string | null
	/** The signature dictionary's /M: the signing time the signer's software wrote. */
	claimedTime: Date | null
	/** The CMS (DER) from /Contents, without the zero padding. */
	cms: Buffer
}

/** A certificate as the pages show it. */
export type CertificateInfo = {
	/** The subject as "CN=…, O=…, C=…" in the certificate's order. */
	subject: string
	commonName: string | null
	organization: string | null
	issuer: string
	serialNumber: string
	notBefore: Date
	notAfter: Date
	/** SHA-256 of the DER, hex. */
	fingerprint: string
}

export type TrustResult = { status: TrustStatus; at: Date; anchor: string | null }

export type TimestampResult = {
	time: Date
	/** The token time-stamps this signature's value, and the TSA's signature over it verifies. */
	valid: boolean
	tsa: CertificateInfo | null
	trust: TrustResult | null
}

export type SignatureCheck = {
	subFilter: string | null
	byteRange: [number, number, number, number]
	/** The signature covers the whole file: nothing was added after it. */
	coversWholeFile: boolean
	/** Where the signed revision ends (the bytes this signature covers end there). */
	revisionEnd: number
	/** The CMS could be read, its message digest is the SHA-256 of the covered bytes and its signature verifies. */
	intact: boolean
	problem: 'malformed_range' | 'unreadable' | 'digest_mismatch' | 'bad_signature' | null
	signer: CertificateInfo | null
	/** The signing-certificate-v2 attribute names the signer's certificate (PAdES requires it). */
	signingCertificateV2: 'match' | 'mismatch' | 'absent'
	/** A signing-time signed attribute (PAdES baseline forbids it; adbe.pkcs7.detached signers write it). */
	signingTimeAttribute: Date | null
	/** What the signer says: the signing-time attribute, else the dictionary's /M. */
	claimedTime: Date | null
	timestamp: TimestampResult | null
	/** The signer's certificate against the trust anchors, at the time-stamp's time when there is a valid one, else at the claimed time. */
	trust: TrustResult | null
	/** PAdES baseline level, when the signature is one. */
	level: 'B-B' | 'B-T' | null
}

const RDN_NAMES: Record<string, string> = {
	'2.5.4.3': 'CN',
	'2.5.4.10': 'O',
	'2.5.4.11': 'OU',
	'2.5.4.6': 'C',
	'2.5.4.7': 'L',
	'2.5.4.8': 'ST',
	'2.5.4.5': 'SERIALNUMBER',
	'2.5.4.12': 'T',
	'1.2.840.113549.1.9.1': 'E',
	'0.9.2342.19200300.100.1.1': 'UID',
}

function rdnValue(value: unknown): string {
	const block = (value as { valueBlock?: { value?: unknown } }).valueBlock
	return typeof block?.value === 'string' ? block.value : ''
}

/** Control and bidirectional characters in a name are shown as nothing (a certificate's subject is the signer's text). */
function clean(text: string): string {
	return text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '').normalize('NFC')
}

function dn(name: pkijs.RelativeDistinguishedNames): string {
	return name.typesAndValues.map((tv) => `${RDN_NAMES[tv.type] ?? tv.type}=${clean(rdnValue(tv.value))}`).join(', ')
}

function rdn(name: pkijs.RelativeDistinguishedNames, oid: string): string | null {
	const found = name.typesAndValues.find((tv) => tv.type === oid)
	return found ? clean(rdnValue(found.value)) : null
}

export function certificateInfo(certificate: pkijs.Certificate): CertificateInfo {
	return {
		subject: dn(certificate.subject),
		commonName: rdn(certificate.subject, OID.commonName),
		organization: rdn(certificate.subject, '2.5.4.10'),
		issuer: dn(certificate.issuer),
		serialNumber: Buffer.from(certificate.serialNumber.valueBlock.valueHexView).toString('hex'),
		notBefore: certificate.notBefore.value,
		notAfter: certificate.notAfter.value,
		fingerprint: crypto.createHash('sha256').update(certificateDer(certificate)).digest('hex'),
	}
}

/** "D:YYYYMMDDHHmmSS+HH'mm'" (PDF 32000-1 §7.9.4) as an instant; null when it is not one. */
export function parsePdfDate(text: string): Date | null {
	const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?|[+-]\d{2})?/.exec(text)
	if (!m) return null
	const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', tz] = m
	let offset = 0
	if (tz && tz !== 'Z') {
		const digits = tz.replace(/'/g, '')
		offset = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || '0'))
	}
	const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) - offset * 60_000
	return Number.isNaN(utc) ? null : new Date(utc)
}

/** Every signature dictionary with a ByteRange and a /Contents hex string where the range's gap is. */
export function findSignatures(pdf: Buffer): Array<PdfSignature> {
	const text = pdf.toString('latin1')
	const found: Array<PdfSignature> = []
	const re = /\/ByteRange\s*\[\s*(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s*\]/g
	for (let m = re.exec(text); m; m = re.exec(text)) {
		const byteRange = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] as [number, number, number, number]
		const [a, b, c] = byteRange
		const gapStart = a + b
		if (gapStart >= c || c > pdf.length || text[gapStart] !== '<' || text[c - 1] !== '>') {
			found.push({ byteRange, subFilter: null, claimedTime: null, cms: Buffer.alloc(0) })
			continue
		}
		const hex = text.slice(gapStart + 1, c - 1).replace(/\s+/g, '')
		const raw = /^[0-9a-fA-F]*$/.test(hex) && hex.length % 2 === 0 ? Buffer.from(hex, 'hex') : Buffer.alloc(0)
		// The dictionary around the range: from its object's start to its end (the hex string is skipped over).
		const start = Math.max(text.lastIndexOf(' obj', m.index), text.lastIndexOf('<<', Math.min(m.index, gapStart)) - 4096, 0)
		const endAt = text.indexOf('endobj', Math.max(m.index, c))
		const dict = text.slice(start, gapStart) + text.slice(c, endAt === -1 ? Math.min(text.length, c + 4096) : endAt)
		const subFilter = /\/SubFilter\s*\/([A-Za-z0-9.#_-]+)/.exec(dict)?.[1] ?? null
		const when = /\/M\s*\((D:[^)]*)\)/.exec(dict)?.[1]
		found.push({ byteRange, subFilter, claimedTime: when ? parsePdfDate(when) : null, cms: trimDer(raw) })
	}
	return found
}

/** The DER element at the start of `bytes` (the padding after it dropped); the bytes as they are when they are not DER. */
function trimDer(bytes: Buffer): Buffer {
	if (bytes.length < 2) return bytes
	const parsed = asn1js.fromBER(toArrayBuffer(bytes))
	return parsed.offset > 0 && parsed.offset <= bytes.length ? bytes.subarray(0, parsed.offset) : bytes
}

/** Certificates from a PEM bundle (a national root CA, intermediates); throws on a block that is not one. */
export function parsePemCertificates(pem: string): Array<pkijs.Certificate> {
	const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []
	return blocks.map((block) => {
		const der = Buffer.from(block.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, ''), 'base64')
		return pkijs.Certificate.fromBER(toArrayBuffer(der))
	})
}

/** A configuration problem that must stop the server at start-up. */
export class TrustAnchorsError extends Error {
	override name = 'TrustAnchorsError'
}

let anchorsCache: { key: string; anchors: Array<pkijs.Certificate> } | null = null

/**
 * The trust anchors from a PEM bundle file, read once per path and modification time; none when
 * no path is configured. Throws TrustAnchorsError naming the variable when the file is unusable.
 */
export function loadTrustAnchors(file: string | undefined): Array<pkijs.Certificate> {
	if (!file) return []
	let stat: fs.Stats
	try {
		stat = fs.statSync(file)
	} catch {
		throw new TrustAnchorsError(`TRUST_ANCHORS_PATH names a file that cannot be read: ${file}`)
	}
	const key = `${file}|${stat.mtimeMs}|${stat.size}`
	if (anchorsCache?.key === key) return anchorsCache.anchors
	let anchors: Array<pkijs.Certificate>
	try {
		anchors = parsePemCertificates(fs.readFileSync(file, 'utf8'))
	} catch {
		throw new TrustAnchorsError(`TRUST_ANCHORS_PATH (${file}) holds a block that is not a certificate.`)
	}
	if (anchors.length === 0) throw new TrustAnchorsError(`TRUST_ANCHORS_PATH (${file}) holds no PEM certificate.`)
	anchorsCache = { key, anchors }
	return anchors
}

function sameCertificate(a: pkijs.Certificate, b: pkijs.Certificate) {
	return (
		Buffer.from(a.tbsView).equals(Buffer.from(b.tbsView)) &&
		Buffer.from(a.signatureValue.valueBlock.valueHexView).equals(Buffer.from(b.signatureValue.valueBlock.valueHexView))
	)
}

const validAt = (c: pkijs.Certificate, at: Date) =>
	c.notBefore.value.getTime() <= at.getTime() && at.getTime() <= c.notAfter.value.getTime()

async function chainAt(
	certificate: pkijs.Certificate,
	others: ReadonlyArray<pkijs.Certificate>,
	anchors: ReadonlyArray<pkijs.Certificate>,
	at: Date,
) {
	const engine = new pkijs.CertificateChainValidationEngine({
		trustedCerts: [...anchors],
		certs: [...others.filter((c) => !sameCertificate(c, certificate)), certificate],
		checkDate: at,
	})
	try {
		const result = await engine.verify()
		return result.result ? (result.certificatePath ?? []) : null
	} catch {
		return null
	}
}

/**
 * Whether `certificate` chains to one of `anchors` (through `others`, the certificates the
 * signature carries) with every certificate valid at `at`. A certificate that is itself an anchor
 * is trusted within its validity; a self-signed certificate that is not listed never is.
 */
export async function validateCertificate(
	certificate: pkijs.Certificate,
	others: ReadonlyArray<pkijs.Certificate>,
	anchors: ReadonlyArray<pkijs.Certificate>,
	at: Date,
): Promise<TrustResult> {
	if (anchors.length === 0) return { status: 'no_anchors', at, anchor: null }
	const listed = anchors.find((a) => sameCertificate(a, certificate))
	if (listed) return { status: validAt(listed, at) ? 'trusted' : 'not_valid_at_time', at, anchor: certificateInfo(listed).subject }
	const path = await chainAt(certificate, others, anchors, at)
	const anchorOf = (p: Array<pkijs.Certificate>) => {
		const root = p.at(-1)
		return root ? certificateInfo(root).subject : null
	}
	if (path) return { status: 'trusted', at, anchor: anchorOf(path) }
	// Would it chain at another time (now, or the ends of the certificate's validity)? Then the time is the problem, not the chain.
	for (const when of [
		new Date(),
		new Date(certificate.notBefore.value.getTime() + 1000),
		new Date(certificate.notAfter.value.getTime() - 1000),
	]) {
		const elsewhen = await chainAt(certificate, others, anchors, when)
		if (elsewhen) return { status: 'not_valid_at_time', at, anchor: anchorOf(elsewhen) }
	}
	return { status: 'untrusted', at, anchor: null }
}

function attribute(attributes: pkijs.SignedAndUnsignedAttributes | undefined, type: string) {
	return attributes?.attributes.find((a) => a.type === type)
}

function hasTimestampingUsage(certificate: pkijs.Certificate) {
	const eku = certificate.extensions?.find((e) => e.extnID === OID.extKeyUsage)
	const usages = (eku?.parsedValue as { keyPurposes?: Array<string> } | undefined)?.keyPurposes ?? []
	return usages.includes(OID.timeStamping)
}

/** The signing-certificate-v2 attribute's first ESSCertIDv2 hash against the signer's certificate. */
function checkSigningCertificateV2(signerInfo: pkijs.SignerInfo, signer: pkijs.Certificate): 'match' | 'mismatch' | 'absent' {
	const attr = attribute(signerInfo.signedAttrs, OID.signingCertificateV2)
	if (!attr) return 'absent'
	try {
		const certs = (attr.values[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence
		const first = certs.valueBlock.value[0] as asn1js.Sequence
		const parts = first.valueBlock.value
		let hashAlgorithm: string = OID.sha256
		let index = 0
		if (parts[0] instanceof asn1js.Sequence) {
			hashAlgorithm = new pkijs.AlgorithmIdentifier({ schema: parts[0] }).algorithmId
			index = 1
		}
		const hash = Buffer.from((parts[index] as asn1js.OctetString).valueBlock.valueHexView)
		const name = { [OID.sha256]: 'sha256', '2.16.840.1.101.3.4.2.2': 'sha384', '2.16.840.1.101.3.4.2.3': 'sha512' }[hashAlgorithm]
		if (!name) return 'mismatch'
		return crypto.createHash(name).update(certificateDer(signer)).digest().equals(hash) ? 'match' : 'mismatch'
	} catch {
		return 'mismatch'
	}
}

function timeAttribute(signerInfo: pkijs.SignerInfo): Date | null {
	const attr = attribute(signerInfo.signedAttrs, OID.signingTime)
	const value = attr?.values[0] as { toDate?: () => Date } | undefined
	try {
		return value?.toDate ? value.toDate() : null
	} catch {
		return null
	}
}

function signerCertificate(signerInfo: pkijs.SignerInfo, certificates: ReadonlyArray<pkijs.Certificate>): pkijs.Certificate | null {
	const sid = signerInfo.sid as pkijs.IssuerAndSerialNumber | asn1js.Constructed
	if (sid instanceof pkijs.IssuerAndSerialNumber) {
		return certificates.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber)) ?? null
	}
	// SubjectKeyIdentifier: the SHA-1 of the public key (RFC 5280 §4.2.1.2, method 1), as pkijs looks it up.
	try {
		const keyId = Buffer.from((sid.valueBlock.value[0] as asn1js.OctetString).valueBlock.valueHexView)
		return (
			certificates.find((c) =>
				crypto.createHash('sha1').update(c.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest().equals(keyId),
			) ?? null
		)
	} catch {
		return null
	}
}

export type CmsFindings = Omit<SignatureCheck, 'subFilter' | 'byteRange' | 'coversWholeFile' | 'revisionEnd' | 'level' | 'intact'> & {
	/** null when the covered bytes were not given (the record of a report, whose bytes the SHA-256 vouches for). */
	intact: boolean | null
}

/**
 * What a signature's CMS says and whether it holds: over `covered` (the ByteRange bytes) when
 * given, the message digest and the signature; always the signer, the signing-certificate-v2
 * attribute, the time-stamp, and the chain to the trust anchors at the time-stamp's time (or the
 * claimed time, or `now`).
 */
export async function checkCms(
	cms: Buffer,
	covered: Buffer | null,
	dictionaryTime: Date | null,
	anchors: ReadonlyArray<pkijs.Certificate>,
	now = new Date(),
): Promise<CmsFindings> {
	const none: CmsFindings = {
		intact: false,
		problem: 'unreadable',
		signer: null,
		signingCertificateV2: 'absent',
		signingTimeAttribute: null,
		claimedTime: dictionaryTime,
		timestamp: null,
		trust: null,
	}
	let signedData: pkijs.SignedData
	try {
		const contentInfo = pkijs.ContentInfo.fromBER(toArrayBuffer(cms))
		if (contentInfo.contentType !== OID.signedData) return none
		signedData = new pkijs.SignedData({ schema: contentInfo.content })
	} catch {
		return none
	}
	const signerInfo = signedData.signerInfos[0]
	if (!signerInfo) return none
	const certificates = (signedData.certificates ?? []).filter((x): x is pkijs.Certificate => x instanceof pkijs.Certificate)
	const signer = signerCertificate(signerInfo, certificates)
	if (!signer) return none
	let problem: SignatureCheck['problem'] = null
	if (covered) {
		try {
			const result = await signedData.verify({ signer: 0, data: toArrayBuffer(covered), extendedMode: true })
			if (!result.signatureVerified) problem = 'bad_signature'
		} catch (error) {
			problem = /digest doesn't match/i.test((error as Error).message ?? '') ? 'digest_mismatch' : 'bad_signature'
		}
	}
	const signingTimeAttribute = timeAttribute(signerInfo)
	const claimedTime = signingTimeAttribute ?? dictionaryTime
	let timestamp: TimestampResult | null = null
	const token = attribute(signerInfo.unsignedAttrs, OID.signatureTimeStampToken)
	if (token) {
		try {
			const checked = await checkTimestampToken(
				new pkijs.ContentInfo({ schema: token.values[0] }),
				signerInfo.signature.valueBlock.valueHexView,
			)
			const tsa = checked.tsaCertificate
			timestamp = {
				time: checked.time,
				valid: checked.imprintMatches && checked.signatureValid && !!tsa && hasTimestampingUsage(tsa),
				tsa: tsa ? certificateInfo(tsa) : null,
				trust: tsa ? await validateCertificate(tsa, checked.certificates, anchors, checked.time) : null,
			}
		} catch {
			timestamp = { time: new Date(0), valid: false, tsa: null, trust: null }
		}
	}
	const at = timestamp?.valid ? timestamp.time : (claimedTime ?? now)
	return {
		intact: covered ? problem === null : null,
		problem,
		signer: certificateInfo(signer),
		signingCertificateV2: checkSigningCertificateV2(signerInfo, signer),
		signingTimeAttribute,
		claimedTime,
		timestamp,
		trust: await validateCertificate(signer, certificates, anchors, at),
	}
}

/** The PAdES baseline level the findings meet, if any. */
export function padesLevel(subFilter: string | null, findings: CmsFindings): 'B-B' | 'B-T' | null {
	const pades = subFilter === 'ETSI.CAdES.detached' && findings.signingCertificateV2 === 'match' && findings.signingTimeAttribute === null
	if (!pades || findings.intact === false || findings.problem) return null
	return findings.timestamp?.valid ? 'B-T' : 'B-B'
}

/**
 * Checks one signature of `pdf` against the trust anchors: integrity over its ByteRange, signer,
 * time-stamp, chain. `now` is the time used when the signature states none.
 */
export async function checkSignature(
	pdf: Buffer,
	signature: PdfSignature,
	anchors: ReadonlyArray<pkijs.Certificate>,
	now = new Date(),
): Promise<SignatureCheck> {
	const [a, b, c, d] = signature.byteRange
	const frame = {
		subFilter: signature.subFilter,
		byteRange: signature.byteRange,
		coversWholeFile: a === 0 && c + d === pdf.length,
		revisionEnd: c + d,
	}
	if (a !== 0 || a + b > c || c + d > pdf.length || signature.cms.length === 0) {
		return {
			...frame,
			intact: false,
			problem: 'malformed_range',
			signer: null,
			signingCertificateV2: 'absent',
			signingTimeAttribute: null,
			claimedTime: signature.claimedTime,
			timestamp: null,
			trust: null,
			level: null,
		}
	}
	const covered = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)])
	const findings = await checkCms(signature.cms, covered, signature.claimedTime, anchors, now)
	return { ...frame, ...findings, intact: findings.intact === true, level: padesLevel(signature.subFilter, findings) }
}

/** Every signature of the file, checked (in the order they appear). */
export async function checkSignatures(pdf: Buffer, anchors: ReadonlyArray<pkijs.Certificate>, now = new Date()) {
	const out: Array<SignatureCheck> = []
	for (const signature of findSignatures(pdf)) out.push(await checkSignature(pdf, signature, anchors, now))
	return out
}

export type SignedRevisionCheck =
	| { ok: true; signature: SignatureCheck }
	| {
			ok: false
			problem:
				| 'not_pdf'
				/** No signature, or none made after the issued bytes. */
				| 'unsigned'
				/** The file's signed part does not start with the bytes issued (changed, or another file). */
				| 'not_issued_file'
				/** It is the issued document of something else (its ID says so). */
				| 'other_document'
				/** Bytes were added after the signature: they are not covered by it. */
				| 'changed_after_signing'
				/** The signature does not hold over the bytes it covers (tampered), or cannot be read. */
				| 'invalid_signature'
	  }

/** The document ID a PDF made here carries in its Keywords ("ReportId:…"), or null. */
export function documentIdOf(pdf: Buffer): string | null {
	return /\(ReportId:([A-Z]-[0-9A-Z-]{1,40})\)/.exec(pdf.toString('latin1'))?.[1] ?? null
}

/**
 * A PDF this system issued (`issued`: its SHA-256, size and document ID), signed elsewhere by
 * appending an incremental update: the signed revision's covered bytes must start with exactly
 * the issued bytes (ByteRange [0, b, c, d] with b past the issued file's end), the signature must
 * cover the whole upload and hold over it. Who signed and whether they are trusted is reported,
 * not required.
 */
export async function checkSignedRevision(
	upload: Buffer,
	issued: { sha256: string; size: number; documentId: string },
	anchors: ReadonlyArray<pkijs.Certificate>,
	now = new Date(),
): Promise<SignedRevisionCheck> {
	if (upload.length < 8 || upload.subarray(0, 5).toString('latin1') !== '%PDF-') return { ok: false, problem: 'not_pdf' }
	const signatures = findSignatures(upload)
	if (signatures.length === 0) return { ok: false, problem: 'unsigned' }
	const prefixMatches =
		upload.length >= issued.size && crypto.createHash('sha256').update(upload.subarray(0, issued.size)).digest('hex') === issued.sha256
	if (!prefixMatches) {
		const claimed = documentIdOf(upload)
		return { ok: false, problem: claimed && claimed !== issued.documentId ? 'other_document' : 'not_issued_file' }
	}
	// Signatures made after the issued bytes: their ByteRange starts at 0 and their gap lies beyond them.
	const after = signatures.filter(({ byteRange: [a, b] }) => a === 0 && a + b >= issued.size)
	if (after.length === 0) return { ok: false, problem: 'unsigned' }
	const whole = after.filter(({ byteRange: [, , c, d] }) => c + d === upload.length)
	const chosen = whole.at(-1)
	if (!chosen) return { ok: false, problem: 'changed_after_signing' }
	const signature = await checkSignature(upload, chosen, anchors, now)
	if (!signature.intact || !signature.signer) return { ok: false, problem: 'invalid_signature' }
	return { ok: true, signature }
}

/** The time of the RFC 3161 token in a signature's CMS, read without checking it (what the signer itself just obtained); null without one. */
export function timestampTimeOf(cms: Buffer): Date | null {
	try {
		const signedData = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(toArrayBuffer(cms)).content })
		const token = attribute(signedData.signerInfos[0]?.unsignedAttrs, OID.signatureTimeStampToken)
		if (!token) return null
		const inner = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: token.values[0] }).content })
		return inner.encapContentInfo.eContent ? pkijs.TSTInfo.fromBER(inner.encapContentInfo.eContent.getValue()).genTime : null
	} catch {
		return null
	}
}
