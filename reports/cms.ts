// The CMS of a PAdES signature (ETSI EN 319 142-1, baseline B-B and B-T), built and read with
// pkijs + asn1js (docs/decisions/013-pades-signatures.md). Signing: content-type, message-digest
// and signing-certificate-v2 as signed attributes (no signing-time: PAdES puts the claimed time in
// the signature dictionary's /M), the RSA operation in node:crypto with the key parsed once, and
// for B-T an RFC 3161 time-stamp token over the signature value as an unsigned attribute. The
// transport to the time-stamping authority is the caller's (reports/ does no I/O): it gets the
// DER request and returns the DER response.
import crypto from 'node:crypto'
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'

pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: crypto.webcrypto as unknown as Crypto }))

export const OID = {
	data: '1.2.840.113549.1.7.1',
	signedData: '1.2.840.113549.1.7.2',
	contentType: '1.2.840.113549.1.9.3',
	messageDigest: '1.2.840.113549.1.9.4',
	signingTime: '1.2.840.113549.1.9.5',
	signingCertificate: '1.2.840.113549.1.9.16.2.12',
	signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
	signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
	tstInfo: '1.2.840.113549.1.9.16.1.4',
	sha256: '2.16.840.1.101.3.4.2.1',
	rsaEncryption: '1.2.840.113549.1.1.1',
	sha256WithRSA: '1.2.840.113549.1.1.11',
	timeStamping: '1.3.6.1.5.5.7.3.8',
	extKeyUsage: '2.5.29.37',
	commonName: '2.5.4.3',
} as const

/** What signs: the certificate (with the chain to include in the CMS) and the private key, parsed once. */
export type CmsSigner = {
	certificate: pkijs.Certificate
	certificateDer: Buffer
	chain: ReadonlyArray<pkijs.Certificate>
	privateKey: crypto.KeyObject
}

/** Sends a DER TimeStampReq to the time-stamping authority and returns its DER TimeStampResp. */
export type TsaTransport = (request: Buffer) => Promise<Buffer>

/** The time-stamping authority refused, answered nonsense, or answered for something else: no report without it. */
export class TimestampError extends Error {
	override name = 'TimestampError'
}

export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
	return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
}

export function sha256(bytes: Uint8Array): Buffer {
	return crypto.createHash('sha256').update(bytes).digest()
}

/** A certificate in DER, as pkijs reads it. */
export function certificateFromDer(der: Uint8Array): pkijs.Certificate {
	return pkijs.Certificate.fromBER(toArrayBuffer(der))
}

export function certificateDer(certificate: pkijs.Certificate): Buffer {
	return Buffer.from(certificate.toSchema().toBER(false))
}

const algorithm = (oid: string) => new pkijs.AlgorithmIdentifier({ algorithmId: oid, algorithmParams: new asn1js.Null() })

/**
 * SigningCertificateV2 (RFC 5035) with one ESSCertIDv2: the SHA-256 of the signer's certificate
 * (the hash algorithm is the default, so it is left out, as DER requires) and its issuer and serial.
 */
function signingCertificateV2(signer: CmsSigner): asn1js.Sequence {
	const issuerSerial = new pkijs.IssuerSerial({
		issuer: new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: signer.certificate.issuer })] }),
		serialNumber: signer.certificate.serialNumber,
	})
	const essCertIdV2 = new asn1js.Sequence({
		value: [new asn1js.OctetString({ valueHex: toArrayBuffer(sha256(signer.certificateDer)) }), issuerSerial.toSchema()],
	})
	return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })
}

/** DER orders a SET OF by the encodings of its members (X.690 §11.6); the signature covers that order. */
function derOrdered(attributes: Array<pkijs.Attribute>): Array<pkijs.Attribute> {
	return attributes
		.map((a) => ({ a, der: Buffer.from(a.toSchema().toBER(false)) }))
		.sort((x, y) => Buffer.compare(x.der, y.der))
		.map((x) => x.a)
}

/** A TimeStampReq for the SHA-256 of `data`, asking for the TSA's certificate, with a fresh nonce. */
export function timestampRequest(data: Uint8Array, nonce: Buffer = crypto.randomBytes(8)): Buffer {
	const request = new pkijs.TimeStampReq({
		version: 1,
		messageImprint: new pkijs.MessageImprint({
			hashAlgorithm: algorithm(OID.sha256),
			hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(sha256(data)) }),
		}),
		// A positive INTEGER: the first byte's high bit clear.
		nonce: new asn1js.Integer({ valueHex: toArrayBuffer(Buffer.concat([Buffer.from([0x01]), nonce])) }),
		certReq: true,
	})
	return Buffer.from(request.toSchema().toBER(false))
}

/**
 * The time-stamp token in a TSA's answer to `request` (made by timestampRequest over `data`),
 * checked: granted, for this data and nonce, signed by a certificate the token carries. Throws
 * TimestampError saying what was wrong.
 */
export async function timestampToken(
	response: Buffer,
	request: Buffer,
	data: Uint8Array,
): Promise<{ token: pkijs.ContentInfo; time: Date }> {
	let resp: pkijs.TimeStampResp
	let req: pkijs.TimeStampReq
	try {
		req = pkijs.TimeStampReq.fromBER(toArrayBuffer(request))
		resp = pkijs.TimeStampResp.fromBER(toArrayBuffer(response))
	} catch {
		throw new TimestampError('the time-stamping authority answered something that is not a time-stamp response')
	}
	const status = resp.status.status
	if (status !== 0 && status !== 1) {
		const text = resp.status.statusStrings?.map((s) => s.valueBlock.value).join('; ')
		throw new TimestampError(`the time-stamping authority refused the request (PKIStatus ${status}${text ? `: ${text}` : ''})`)
	}
	if (!resp.timeStampToken) throw new TimestampError('the time-stamping authority granted the request but sent no token')
	let checked: TimestampCheck
	try {
		checked = await checkTimestampToken(resp.timeStampToken, data)
	} catch {
		throw new TimestampError('the time-stamping authority sent a token that cannot be read')
	}
	if (!checked.imprintMatches) throw new TimestampError('the time-stamp token is for other data than was sent')
	const sentNonce = req.nonce ? Buffer.from(req.nonce.valueBlock.valueHexView) : null
	if (sentNonce && (!checked.nonce || !checked.nonce.equals(sentNonce))) {
		throw new TimestampError('the time-stamp token does not carry the nonce sent')
	}
	if (!checked.signatureValid) throw new TimestampError('the time-stamp token\u2019s signature does not verify')
	return { token: resp.timeStampToken, time: checked.time }
}

export type TimestampCheck = {
	time: Date
	nonce: Buffer | null
	/** The token's imprint is the SHA-256 of the data: it time-stamps this data. */
	imprintMatches: boolean
	/** The TSA's signature over the token verifies with the certificate the token carries (checked only for a matching imprint). */
	signatureValid: boolean
	tsaCertificate: pkijs.Certificate | null
	certificates: Array<pkijs.Certificate>
}

/** Reads and checks an RFC 3161 token (a ContentInfo holding SignedData over a TSTInfo) against the data it should time-stamp. */
export async function checkTimestampToken(token: pkijs.ContentInfo, data: Uint8Array): Promise<TimestampCheck> {
	const signed = new pkijs.SignedData({ schema: token.content })
	if (signed.encapContentInfo.eContentType !== OID.tstInfo || !signed.encapContentInfo.eContent) {
		throw new TimestampError('the time-stamp token holds no TSTInfo')
	}
	const tstInfo = pkijs.TSTInfo.fromBER(signed.encapContentInfo.eContent.getValue())
	const imprint = Buffer.from(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView)
	const certificates = (signed.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)
	const imprintMatches = tstInfo.messageImprint.hashAlgorithm.algorithmId === OID.sha256 && imprint.equals(sha256(data))
	let signatureValid = false
	let tsaCertificate: pkijs.Certificate | null = null
	if (imprintMatches) {
		try {
			// For TSTInfo content pkijs also checks the imprint against the data, then the TSA's signature.
			const result = await signed.verify({ signer: 0, data: toArrayBuffer(data), extendedMode: true })
			signatureValid = result.signatureVerified === true
			tsaCertificate = result.signerCertificate ?? null
		} catch (error) {
			tsaCertificate = (error as { signerCertificate?: pkijs.Certificate }).signerCertificate ?? null
		}
	}
	return {
		time: tstInfo.genTime,
		nonce: tstInfo.nonce ? Buffer.from(tstInfo.nonce.valueBlock.valueHexView) : null,
		imprintMatches,
		signatureValid,
		tsaCertificate,
		certificates,
	}
}

/**
 * The CMS SignedData (DER) of a PAdES baseline signature over `content` (the PDF's ByteRange
 * bytes): B-B, and B-T when a TSA transport is given. Throws TimestampError when the TSA fails.
 */
export async function padesCms(content: Uint8Array, signer: CmsSigner, tsa?: TsaTransport): Promise<Buffer> {
	const signedAttributes = derOrdered([
		new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
		new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: toArrayBuffer(sha256(content)) })] }),
		new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2(signer)] }),
	])
	const signerInfo = new pkijs.SignerInfo({
		version: 1,
		sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.certificate.issuer, serialNumber: signer.certificate.serialNumber }),
		digestAlgorithm: algorithm(OID.sha256),
		signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: signedAttributes }),
		signatureAlgorithm: algorithm(OID.sha256WithRSA),
	})
	// The signature covers the signed attributes DER-encoded with the SET OF tag (RFC 5652 §5.4).
	const attributesDer = Buffer.from(signerInfo.signedAttrs!.toSchema().toBER(false))
	attributesDer[0] = 0x31
	const signature = crypto.sign('sha256', attributesDer, signer.privateKey)
	signerInfo.signature = new asn1js.OctetString({ valueHex: toArrayBuffer(signature) })
	if (tsa) {
		const request = timestampRequest(signature)
		let response: Buffer
		try {
			response = await tsa(request)
		} catch (error) {
			if (error instanceof TimestampError) throw error
			throw new TimestampError(
				`the time-stamping authority could not be reached (${error instanceof Error ? error.message : String(error)})`,
			)
		}
		const { token } = await timestampToken(response, request, signature)
		signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
			type: 1,
			attributes: [new pkijs.Attribute({ type: OID.signatureTimeStampToken, values: [token.toSchema()] })],
		})
	}
	const signedData = new pkijs.SignedData({
		version: 1,
		digestAlgorithms: [algorithm(OID.sha256)],
		encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
		certificates: [signer.certificate, ...signer.chain],
		signerInfos: [signerInfo],
	})
	const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) })
	return Buffer.from(contentInfo.toSchema().toBER(false))
}
