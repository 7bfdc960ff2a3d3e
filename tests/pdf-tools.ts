// The outside tools that judge our PDF signatures, so that no test trusts our own reader alone:
// poppler's pdfsig (verification, dumping the signatures, and signing as a director's signing
// software would), OpenSSL (the CMS and the RFC 3161 token inside it) and NSS's certutil/pk12util
// (pdfsig's certificate store).
import { execFileSync, spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pdfkitAddPlaceholder } from '@signpdf/placeholder-pdfkit'
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils'
import PDFDocument from 'pdfkit'

/** Output as text; what the tool says on stderr ("Using configuration from …") stays out of the test log. */
const QUIET = { encoding: 'utf8' as const, stdio: ['ignore', 'pipe', 'pipe'] as Array<'ignore' | 'pipe'> }

export function tmpDir(prefix = 'pdf-tools-') {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

export function tmpFile(name: string, bytes: Uint8Array) {
	const file = path.join(tmpDir(), name)
	fs.writeFileSync(file, bytes)
	return file
}

/** pdfsig's report on a file (stdout and stderr together), optionally against an NSS store that trusts some CA. */
export function pdfsig(bytes: Uint8Array, opts: { nssDir?: string } = {}): string {
	const file = tmpFile('signed.pdf', bytes)
	const args = opts.nssDir ? ['-nssdir', `sql:${opts.nssDir}`, file] : [file]
	const r = spawnSync('pdfsig', args, { encoding: 'utf8' })
	return `${r.stdout}${r.stderr}`
}

/** The CMS of each signature, as pdfsig extracts it (`pdfsig -dump`), zero padding included. */
export function dumpSignatures(bytes: Uint8Array): Array<Buffer> {
	const dir = tmpDir('pdfsig-dump-')
	const file = path.join(dir, 'signed.pdf')
	fs.writeFileSync(file, bytes)
	execFileSync('pdfsig', ['-dump', file], { cwd: dir, stdio: 'ignore' })
	return fs
		.readdirSync(dir)
		.filter((f) => /\.sig\d+$/.test(f))
		.sort()
		.map((f) => fs.readFileSync(path.join(dir, f)))
}

/** `openssl cms -cmsout -print` of a CMS in DER: the structure in words. */
export function printCms(cms: Buffer): string {
	return execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', tmpFile('sig.der', cms)], QUIET)
}

type Asn1Line = { offset: number; header: number; length: number; text: string }

function asn1parse(der: Buffer): Array<Asn1Line> {
	const out = execFileSync('openssl', ['asn1parse', '-inform', 'DER', '-in', tmpFile('x.der', der)], { ...QUIET, maxBuffer: 1 << 26 })
	return out
		.split('\n')
		.map((line) => /^\s*(\d+):d=\s*\d+\s+hl=\s*(\d+)\s+l=\s*(\d+)\s+(.*)$/.exec(line))
		.filter((m): m is RegExpExecArray => Boolean(m))
		.map((m) => ({ offset: Number(m[1]), header: Number(m[2]), length: Number(m[3]), text: m[4] }))
}

/**
 * The RFC 3161 token in a signature's unsigned attributes, found and judged by OpenSSL: the
 * token's bytes (as `openssl asn1parse` locates them), its printed time (`openssl ts -reply
 * -token_in -text`) and `openssl ts -verify` of it against the SHA-256 of the signature value
 * with `caFile` as the trust anchor. Null when the signature carries no token.
 */
export function signatureTimestamp(cms: Buffer, caFile: string): { time: string; tsa: string; verify: string } | null {
	const lines = asn1parse(cms)
	const at = lines.findIndex((l) => l.text.includes(':id-smime-aa-timeStampToken'))
	if (at < 0) return null
	const token = lines[at + 2]
	const tokenFile = tmpFile('token.der', cms.subarray(token.offset, token.offset + token.header + token.length))
	// The signer's signature value: the OCTET STRING just before the unsigned attributes [1].
	const signatureHex = /\[HEX DUMP\]:([0-9A-F]+)/.exec(lines[at - 3].text)![1]
	const digest = crypto.createHash('sha256').update(Buffer.from(signatureHex, 'hex')).digest('hex')
	const text = execFileSync('openssl', ['ts', '-reply', '-token_in', '-in', tokenFile, '-text'], QUIET)
	const verify = spawnSync('openssl', ['ts', '-verify', '-token_in', '-in', tokenFile, '-digest', digest, '-CAfile', caFile], {
		encoding: 'utf8',
	})
	return {
		time: /Time stamp: (.*)/.exec(text)![1].trim(),
		tsa: /TSA: (.*)/.exec(text)?.[1].trim() ?? '',
		verify: `${verify.stdout}${verify.stderr}`,
	}
}

/** `openssl cms -verify` of a detached signature over `content`, against `caFile` (or without checking the chain). */
export function opensslVerify(cms: Buffer, content: Buffer, caFile?: string): string {
	const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', tmpFile('sig.der', cms), '-content', tmpFile('content.bin', content)]
	args.push(...(caFile ? ['-CAfile', caFile, '-purpose', 'any'] : ['-noverify']), '-out', '/dev/null')
	const r = spawnSync('openssl', args, { encoding: 'utf8' })
	return `${r.stdout}${r.stderr}`
}

/** An NSS certificate store (pdfsig's) that trusts the CA in `caPem` for signing. */
export function nssStoreTrusting(caPem: string): string {
	const dir = tmpDir('nss-')
	execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password'], { stdio: 'ignore' })
	execFileSync('certutil', ['-A', '-d', `sql:${dir}`, '-n', 'test-root', '-t', 'CT,C,C', '-i', tmpFile('ca.pem', Buffer.from(caPem))], {
		stdio: 'ignore',
	})
	return dir
}

/**
 * Signs `pdf` as a person would in their own signing software: poppler's `pdfsig -add-signature`
 * with the key and certificate of a PKCS#12 file imported into a fresh NSS store. pdfsig appends
 * an incremental update (adbe.pkcs7.detached, SHA-256) and never rewrites the original bytes.
 */
export function signWithPdfsig(pdf: Uint8Array, p12File: string, passphrase: string, reason = 'Tôi ký bản nộp'): Buffer {
	const dir = tmpDir('nss-signer-')
	execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password'], { stdio: 'ignore' })
	execFileSync('pk12util', ['-i', p12File, '-d', `sql:${dir}`, '-W', passphrase, '-K', ''], { stdio: 'ignore' })
	const nick = /^(.+?)\s+u,u,u\s*$/m.exec(execFileSync('certutil', ['-L', '-d', `sql:${dir}`], QUIET))![1].trim()
	const input = tmpFile('issued.pdf', pdf)
	const output = path.join(path.dirname(input), 'signed.pdf')
	const r = spawnSync('pdfsig', ['-add-signature', '-nssdir', `sql:${dir}`, '-nick', nick, '-kpw', '', '-reason', reason, input, output], {
		encoding: 'utf8',
	})
	if (!fs.existsSync(output)) throw new Error(`pdfsig could not sign: ${r.stdout}${r.stderr}`)
	return fs.readFileSync(output)
}

/** A one-page PDF with a PAdES signature placeholder whose /M is `at`, as reports/render.ts makes them. */
export function placeholderPdf(at: Date, text = 'Bao cao thu'): Promise<Buffer> {
	const doc = new PDFDocument({ info: { CreationDate: at, ModDate: at } })
	const chunks: Array<Buffer> = []
	doc.on('data', (c: Buffer) => chunks.push(c))
	const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
	doc.text(text)
	pdfkitAddPlaceholder({
		pdf: doc,
		pdfBuffer: Buffer.alloc(0),
		reason: 'test',
		contactInfo: 'test',
		name: 'test',
		location: 'VN',
		signingTime: at,
		signatureLength: 16384,
		subFilter: SUBFILTER_ETSI_CADES_DETACHED,
	})
	doc.end()
	return done
}

/** A one-page PDF without any signature (what a director receives to sign), dated `at`. */
export function plainPdf(at: Date, text = 'Ban nop'): Promise<Buffer> {
	const doc = new PDFDocument({ info: { CreationDate: at, ModDate: at, Keywords: 'ReportId:S-1-1' } })
	const chunks: Array<Buffer> = []
	doc.on('data', (c: Buffer) => chunks.push(c))
	const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
	doc.text(text)
	doc.end()
	return done
}
