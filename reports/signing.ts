// PDF signing: a PAdES baseline signature (ETSI.CAdES.detached, SHA-256; B-T with a time-stamp
// when a time-stamping authority is configured) over the whole file, made with the organisation's
// certificate from a PKCS#12 file, or a demo certificate generated on first run. The PKCS#12 is
// opened once at start-up (node-forge reads it); each signature is then built by ./cms (pkijs)
// with one RSA operation in node:crypto (docs/decisions/013-pades-signatures.md).
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { SignPdf } from '@signpdf/signpdf'
import { Signer } from '@signpdf/utils'
import forge from 'node-forge'
import { certificateFromDer, type CmsSigner, padesCms, type TsaTransport } from './cms'

export type SigningIdentity = {
	/** The name printed on the report and recorded with it. */
	name: string
	/** A generated demo certificate: the report says DEMO in large letters. */
	demo: boolean
	/** The certificate, its chain and the private key, as the CMS builder takes them. */
	signer: CmsSigner
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
	const derOf = (c: forge.pki.Certificate) => Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(c)).getBytes(), 'binary')
	const der = derOf(certificate)
	const field = certificate.subject.getField('CN') as { value: string; valueTagClass?: number } | null
	const cn = field ? (field.valueTagClass === forge.asn1.Type.UTF8 ? forge.util.decodeUtf8(field.value) : field.value) : undefined
	return {
		name: opts.name || cn || 'Unknown signer',
		demo: opts.demo ?? false,
		signer: {
			certificate: certificateFromDer(der),
			certificateDer: der,
			chain: certs.filter((c) => c !== certificate).map((c) => certificateFromDer(derOf(c))),
			privateKey,
		},
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

/** A @signpdf Signer that writes the PAdES CMS (./cms) for the bytes @signpdf hands it. */
export class PadesSigner extends Signer {
	constructor(
		private readonly identity: SigningIdentity,
		private readonly tsa?: TsaTransport,
	) {
		super()
	}

	override async sign(pdfBuffer: Buffer): Promise<Buffer> {
		return padesCms(pdfBuffer, this.identity.signer, this.tsa)
	}
}

const signPdf = new SignPdf()

/**
 * Signs a PDF that carries a signature placeholder (whose /M holds the claimed signing time). With
 * a TSA transport the signature gets a time-stamp token (B-T); a TSA failure throws TimestampError.
 */
export function signWithIdentity(pdf: Buffer, identity: SigningIdentity, tsa?: TsaTransport): Promise<Buffer> {
	return signPdf.sign(pdf, new PadesSigner(identity, tsa))
}
