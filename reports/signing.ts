// PDF signing: a PKCS#7 detached signature (adbe.pkcs7.detached, SHA-256) over the whole file,
// made with the organisation's certificate from a PKCS#12 file, or a demo certificate generated
// on first run. The PKCS#12 is opened once at start-up; each signature is then one RSA operation
// in node:crypto (node-forge only assembles the CMS structure), which is what makes signing cheap.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { SignPdf } from '@signpdf/signpdf'
import { Signer } from '@signpdf/utils'
import forge from 'node-forge'

export type SigningIdentity = {
	/** The name printed on the report and recorded with it. */
	name: string
	/** A generated demo certificate: the report says DEMO in large letters. */
	demo: boolean
	certificate: forge.pki.Certificate
	chain: Array<forge.pki.Certificate>
	privateKey: crypto.KeyObject
	/** SHA-256 of the certificate (DER), hex. */
	fingerprint: string
}

export type SigningConfig = {
	p12Path?: string
	passphrase?: string
	orgName?: string
	dataDir: string
}

/** A configuration problem that must stop the server at start-up. */
export class SigningConfigError extends Error {
	override name = 'SigningConfigError'
}

/** The passphrase of the generated demo PKCS#12: the file is a local convenience, not a secret. */
export const DEMO_PASSPHRASE = 'demo-only'
export const DEMO_FILE = path.join('signing', 'demo-signing.p12')

/** Opens a PKCS#12 file: the first private key and its certificate (with any chain). */
export function openP12(p12: Buffer, passphrase: string, opts: { name?: string; demo?: boolean; source?: string } = {}): SigningIdentity {
	const where = opts.source ? ` (${opts.source})` : ''
	let parsed: forge.pkcs12.Pkcs12Pfx
	try {
		const asn1 = forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary')))
		parsed = forge.pkcs12.pkcs12FromAsn1(asn1, false, passphrase)
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error)
		if (/MAC could not be verified|Invalid password|decrypt/i.test(message)) {
			throw new SigningConfigError(`SIGNING_P12_PASSPHRASE does not open the PKCS#12 file${where}: wrong passphrase.`)
		}
		throw new SigningConfigError(`The PKCS#12 file${where} could not be read (${message}). Is it a .p12/.pfx file?`)
	}
	const keyBags = [
		...(parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
		...(parsed.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
	]
	const certs = (parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [])
		.map((b) => b.cert)
		.filter((c): c is forge.pki.Certificate => Boolean(c))
	const key = keyBags.find((b) => b.key)?.key as forge.pki.rsa.PrivateKey | undefined
	if (!key) throw new SigningConfigError(`The PKCS#12 file${where} holds no private key (an RSA key is required).`)
	const certificate = certs.find((c) => (c.publicKey as forge.pki.rsa.PublicKey).n?.equals(key.n))
	if (!certificate) throw new SigningConfigError(`The PKCS#12 file${where} holds no certificate for its private key.`)
	const privateKey = crypto.createPrivateKey(forge.pki.privateKeyToPem(key))
	const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes(), 'binary')
	const field = certificate.subject.getField('CN') as { value: string; valueTagClass?: number } | null
	const cn = field ? (field.valueTagClass === forge.asn1.Type.UTF8 ? forge.util.decodeUtf8(field.value) : field.value) : undefined
	return {
		name: opts.name || cn || 'Unknown signer',
		demo: opts.demo ?? false,
		certificate,
		chain: certs.filter((c) => c !== certificate),
		privateKey,
		fingerprint: crypto.createHash('sha256').update(der).digest('hex'),
	}
}

/** A self-signed certificate for local use, as a PKCS#12 protected by DEMO_PASSPHRASE. */
export function createDemoP12(orgName: string, now = new Date()): Buffer {
	const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
	const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()) as forge.pki.rsa.PrivateKey
	const cert = forge.pki.createCertificate()
	cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString())
	cert.serialNumber = '01' + crypto.randomBytes(8).toString('hex')
	cert.validity.notBefore = new Date(now.getTime() - 24 * 3600_000)
	cert.validity.notAfter = new Date(now.getTime() + 5 * 365 * 24 * 3600_000)
	// Vietnamese names: UTF8String with the bytes forge expects (a binary string).
	const utf8 = (value: string) => ({
		value: forge.util.encodeUtf8(value),
		valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class,
	})
	const attrs = [
		{ name: 'commonName', ...utf8(`${orgName} (DEMO)`) },
		{ name: 'organizationName', ...utf8('DEMO - not for official use') },
		{ name: 'countryName', value: 'VN' },
	]
	cert.setSubject(attrs)
	cert.setIssuer(attrs)
	cert.setExtensions([
		{ name: 'basicConstraints', cA: false },
		{ name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
	])
	cert.sign(key, forge.md.sha256.create())
	const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], DEMO_PASSPHRASE, { algorithm: '3des', friendlyName: 'demo' })
	return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary')
}

/**
 * The signing identity the server uses: the configured PKCS#12, or the demo certificate under
 * dataDir (generated on first run). Throws SigningConfigError with a message naming the variable.
 */
export function loadSigningIdentity(config: SigningConfig, now = new Date()): SigningIdentity {
	if (config.p12Path) {
		if (config.passphrase === undefined) {
			throw new SigningConfigError(`SIGNING_P12_PASSPHRASE is not set: it is needed to open SIGNING_P12_PATH (${config.p12Path}).`)
		}
		let p12: Buffer
		try {
			p12 = fs.readFileSync(config.p12Path)
		} catch {
			throw new SigningConfigError(`SIGNING_P12_PATH names a file that cannot be read: ${config.p12Path}`)
		}
		return openP12(p12, config.passphrase, { name: config.orgName, demo: false, source: `SIGNING_P12_PATH=${config.p12Path}` })
	}
	const file = path.join(config.dataDir, DEMO_FILE)
	if (!fs.existsSync(file)) {
		fs.mkdirSync(path.dirname(file), { recursive: true })
		const tmp = `${file}.${process.pid}.tmp`
		fs.writeFileSync(tmp, createDemoP12(config.orgName ?? 'Hospital IT Readiness', now), { mode: 0o600 })
		// Several server workers start together: the first complete file wins. A hard link is created
		// atomically and fails when the name exists, where a rename would replace a certificate another
		// worker has already loaded, and the workers would sign with different keys.
		try {
			fs.linkSync(tmp, file)
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
		} finally {
			fs.rmSync(tmp, { force: true })
		}
	}
	const identity = openP12(fs.readFileSync(file), DEMO_PASSPHRASE, { demo: true, source: file })
	return { ...identity, name: `${config.orgName ?? 'Hospital IT Readiness'} (DEMO)` }
}

/** DigestInfo prefix for SHA-256 (RFC 8017 §9.2): PKCS#1 v1.5 signs DigestInfo, not the bare hash. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex')

/**
 * A @signpdf Signer that builds the CMS with node-forge's ASN.1 encoder and signs with node:crypto.
 *
 * The structure is exactly what forge.pkcs7's sign() writes (version 1, SHA-256, authenticated
 * attributes content type, message digest and signing time, in that order), but the digest of the
 * PDF is node:crypto's: pkcs7.sign() copied the whole file into a binary string, wrapped it in an
 * ASN.1 OCTET STRING, re-encoded it and hashed it in JavaScript, ≈ 1.5 ms of a 12 ms report.
 */
export class IdentitySigner extends Signer {
	constructor(private readonly identity: SigningIdentity) {
		super()
	}

	override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
		const digest = crypto.createHash('sha256').update(pdfBuffer).digest()
		const { asn1 } = forge
		const { Class, Type } = asn1
		const oid = (o: string) => asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(o).getBytes())
		const algorithm = (o: string) =>
			asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [oid(o), asn1.create(Class.UNIVERSAL, Type.NULL, false, '')])
		const attribute = (type: string, value: forge.asn1.Asn1) =>
			asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [oid(type), asn1.create(Class.UNIVERSAL, Type.SET, true, [value])])
		const time = signingTime ?? new Date()
		// RFC 2985: UTCTime for 1950–2049, GeneralizedTime otherwise (as forge encodes it).
		const inUtcRange = time >= new Date('1950-01-01T00:00:00Z') && time < new Date('2050-01-01T00:00:00Z')
		const attributes = [
			attribute(forge.pki.oids.contentType, oid(forge.pki.oids.data)),
			attribute(forge.pki.oids.messageDigest, asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, digest.toString('binary'))),
			attribute(
				forge.pki.oids.signingTime,
				inUtcRange
					? asn1.create(Class.UNIVERSAL, Type.UTCTIME, false, asn1.dateToUtcTime(time))
					: asn1.create(Class.UNIVERSAL, Type.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(time)),
			),
		]
		// The signature covers the attributes DER-encoded as a SET OF (RFC 2315 §9.3), PKCS#1 v1.5 over DigestInfo.
		const signedAttributes = Buffer.from(asn1.toDer(asn1.create(Class.UNIVERSAL, Type.SET, true, attributes)).getBytes(), 'binary')
		const attributesDigest = crypto.createHash('sha256').update(signedAttributes).digest()
		const signature = crypto.privateEncrypt(
			{ key: this.identity.privateKey, padding: crypto.constants.RSA_PKCS1_PADDING },
			Buffer.concat([SHA256_DIGEST_INFO, attributesDigest]),
		)
		const { certificate } = this.identity
		const signerInfo = asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
			asn1.create(Class.UNIVERSAL, Type.INTEGER, false, asn1.integerToDer(1).getBytes()),
			asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
				forge.pki.distinguishedNameToAsn1(certificate.issuer),
				asn1.create(Class.UNIVERSAL, Type.INTEGER, false, forge.util.hexToBytes(certificate.serialNumber)),
			]),
			algorithm(forge.pki.oids.sha256),
			asn1.create(Class.CONTEXT_SPECIFIC, 0, true, attributes),
			algorithm(forge.pki.oids.rsaEncryption),
			asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, signature.toString('binary')),
		])
		const signedData = asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
			asn1.create(Class.UNIVERSAL, Type.INTEGER, false, asn1.integerToDer(1).getBytes()),
			asn1.create(Class.UNIVERSAL, Type.SET, true, [algorithm(forge.pki.oids.sha256)]),
			asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [oid(forge.pki.oids.data)]),
			asn1.create(
				Class.CONTEXT_SPECIFIC,
				0,
				true,
				[certificate, ...this.identity.chain].map((c) => forge.pki.certificateToAsn1(c)),
			),
			asn1.create(Class.UNIVERSAL, Type.SET, true, [signerInfo]),
		])
		const contentInfo = asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
			oid(forge.pki.oids.signedData),
			asn1.create(Class.CONTEXT_SPECIFIC, 0, true, [signedData]),
		])
		return Buffer.from(asn1.toDer(contentInfo).getBytes(), 'binary')
	}
}

const signPdf = new SignPdf()

/** Signs a PDF that carries a signature placeholder; the signing time is fixed by the caller. */
export function signWithIdentity(pdf: Buffer, identity: SigningIdentity, signingTime: Date): Promise<Buffer> {
	return signPdf.sign(pdf, new IdentitySigner(identity), signingTime)
}
