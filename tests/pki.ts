// A real test PKI and a real RFC 3161 time-stamping authority, made with Debian's openssl: a root
// CA, certificates it issues (signing, time-stamping with the timeStamping EKU, any validity
// period, through `openssl ca`), and `openssl ts -reply` behind a small HTTP endpoint on loopback,
// as the app's TSA_URL expects (POST application/timestamp-query → application/timestamp-reply).
import { execFile, execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import { type AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

function openssl(args: Array<string>, cwd: string) {
	return execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
}

const CA_CONFIG = `
[ca]
default_ca = test_ca
[test_ca]
dir = .
database = ./index.txt
new_certs_dir = ./issued
serial = ./serial
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
[anything]
commonName = supplied
organizationName = optional
countryName = optional
[req]
distinguished_name = dn
prompt = no
utf8 = yes
string_mask = utf8only
[dn]
CN = placeholder
[v3_root]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[v3_signing]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_tsa]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`

export type IssuedCertificate = {
	keyFile: string
	certFile: string
	certPem: string
	/** The key and certificate (with the CA) as a PKCS#12 file protected by `passphrase`. */
	p12(passphrase: string): string
}

export type TestPki = {
	dir: string
	name: string
	caFile: string
	caPem: string
	issue(
		name: string,
		opts: { subject: string; profile?: 'signing' | 'tsa'; notBefore?: Date; notAfter?: Date; organization?: string },
	): IssuedCertificate
}

/** openssl's date form for -startdate/-enddate: YYYYMMDDHHMMSSZ. */
const asn1Date = (d: Date) =>
	d
		.toISOString()
		.replace(/[-:T]/g, '')
		.replace(/\.\d+Z$/, 'Z')

/** A root CA of its own in a fresh folder: every certificate `issue` makes chains to it and to nothing else. */
export function createTestPki(name = 'Test Root CA'): TestPki {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-pki-'))
	fs.writeFileSync(path.join(dir, 'ca.cnf'), CA_CONFIG)
	fs.writeFileSync(path.join(dir, 'index.txt'), '')
	fs.writeFileSync(path.join(dir, 'serial'), crypto.randomBytes(8).toString('hex').replace(/^./, '1') + '\n')
	fs.mkdirSync(path.join(dir, 'issued'))
	const day = 24 * 3600_000
	// The root is valid from 2000 (openssl ca -selfsign takes a start date; req -x509 does not), so that
	// certificates valid in the past chain to it then.
	openssl(
		[
			'req',
			'-new',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-keyout',
			'ca.key',
			'-out',
			'ca.csr',
			'-config',
			'ca.cnf',
			'-subj',
			`/CN=${name}/O=Test PKI/C=VN`,
			'-utf8',
		],
		dir,
	)
	openssl(
		[
			'ca',
			'-batch',
			'-selfsign',
			'-config',
			'ca.cnf',
			'-keyfile',
			'ca.key',
			'-in',
			'ca.csr',
			'-out',
			'ca.crt',
			'-extensions',
			'v3_root',
			'-startdate',
			'20000101000000Z',
			'-enddate',
			asn1Date(new Date(Date.now() + 7300 * day)),
			'-notext',
			'-utf8',
		],
		dir,
	)
	const caFile = path.join(dir, 'ca.crt')
	return {
		dir,
		name,
		caFile,
		caPem: fs.readFileSync(caFile, 'utf8'),
		issue(file, opts) {
			const keyFile = path.join(dir, `${file}.key`)
			const certFile = path.join(dir, `${file}.crt`)
			const subject = `/CN=${opts.subject}${opts.organization ? `/O=${opts.organization}` : ''}/C=VN`
			openssl(
				[
					'req',
					'-new',
					'-newkey',
					'rsa:2048',
					'-nodes',
					'-keyout',
					keyFile,
					'-out',
					`${file}.csr`,
					'-config',
					'ca.cnf',
					'-subj',
					subject,
					'-utf8',
				],
				dir,
			)
			const notBefore = opts.notBefore ?? new Date(Date.now() - day)
			const notAfter = opts.notAfter ?? new Date(Date.now() + 3650 * day)
			openssl(
				[
					'ca',
					'-batch',
					'-config',
					'ca.cnf',
					'-cert',
					'ca.crt',
					'-keyfile',
					'ca.key',
					'-in',
					`${file}.csr`,
					'-out',
					certFile,
					'-extensions',
					opts.profile === 'tsa' ? 'v3_tsa' : 'v3_signing',
					'-startdate',
					asn1Date(notBefore),
					'-enddate',
					asn1Date(notAfter),
					'-notext',
					'-utf8',
				],
				dir,
			)
			return {
				keyFile,
				certFile,
				certPem: fs.readFileSync(certFile, 'utf8'),
				p12(passphrase) {
					const out = path.join(dir, `${file}-${crypto.randomBytes(4).toString('hex')}.p12`)
					openssl(
						[
							'pkcs12',
							'-export',
							'-inkey',
							keyFile,
							'-in',
							certFile,
							'-certfile',
							caFile,
							'-name',
							file,
							'-out',
							out,
							'-passout',
							`pass:${passphrase}`,
						],
						dir,
					)
					return out
				},
			}
		},
	}
}

export type TestTsa = {
	url: string
	/** Requests answered so far. */
	readonly answered: number
	/** 'ok' answers with openssl; 'error' answers HTTP 500 (a TSA that is down behind its proxy). */
	mode: 'ok' | 'error'
	close(): Promise<void>
}

/**
 * A time-stamping authority on loopback: a TSA certificate (timeStamping EKU) from `pki`, and
 * `openssl ts -reply` for each request, one at a time (openssl keeps the serial number in a file).
 */
export async function startTsa(pki: TestPki, name = 'Test TSA'): Promise<TestTsa> {
	const tsa = pki.issue('tsa', { subject: name, profile: 'tsa' })
	const dir = fs.mkdtempSync(path.join(pki.dir, 'tsa-'))
	const config = path.join(dir, 'tsa.cnf')
	fs.writeFileSync(path.join(dir, 'serial'), '01\n')
	fs.writeFileSync(
		config,
		[
			'[tsa]',
			'default_tsa = test_tsa',
			'[test_tsa]',
			`serial = ${path.join(dir, 'serial')}`,
			'crypto_device = builtin',
			`signer_cert = ${tsa.certFile}`,
			`certs = ${pki.caFile}`,
			`signer_key = ${tsa.keyFile}`,
			'signer_digest = sha256',
			'default_policy = 1.3.6.1.4.1.99999.1',
			'other_policies = 1.3.6.1.4.1.99999.2',
			'digests = sha256, sha384, sha512',
			'accuracy = secs:1',
			'ordering = yes',
			'tsa_name = yes',
			'ess_cert_id_chain = no',
			'ess_cert_id_alg = sha256',
			'',
		].join('\n'),
	)
	let queue = Promise.resolve()
	let answered = 0
	let n = 0
	const state: { mode: 'ok' | 'error' } = { mode: 'ok' }
	const server = http.createServer((req, res) => {
		const chunks: Array<Buffer> = []
		req.on('data', (c: Buffer) => chunks.push(c))
		req.on('end', () => {
			if (req.method !== 'POST' || req.headers['content-type'] !== 'application/timestamp-query' || state.mode === 'error') {
				res.writeHead(state.mode === 'error' ? 500 : 400).end('no')
				return
			}
			const id = ++n
			const query = path.join(dir, `q${id}.tsq`)
			const reply = path.join(dir, `r${id}.tsr`)
			queue = queue.then(async () => {
				try {
					fs.writeFileSync(query, Buffer.concat(chunks))
					await run('openssl', ['ts', '-reply', '-config', config, '-queryfile', query, '-out', reply])
					const body = fs.readFileSync(reply)
					answered++
					res.writeHead(200, { 'Content-Type': 'application/timestamp-reply', 'Content-Length': body.length }).end(body)
				} catch (error) {
					res.writeHead(500).end(String(error))
				}
			})
		})
	})
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`,
		get answered() {
			return answered
		},
		get mode() {
			return state.mode
		},
		set mode(m) {
			state.mode = m
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	}
}

/** A loopback address where nothing listens (a TSA that is unreachable). */
export async function deadUrl(): Promise<string> {
	const server = http.createServer()
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
	const { port } = server.address() as AddressInfo
	await new Promise<void>((resolve) => server.close(() => resolve()))
	return `http://127.0.0.1:${port}/tsa`
}

/** What the app's TSA_URL transport does (app/services/trust.server.ts), for tests that sign without the app. */
export function transportTo(url: string) {
	return async (request: Buffer): Promise<Buffer> => {
		const res = await fetch(url, {
			method: 'POST',
			headers: { 'Content-Type': 'application/timestamp-query' },
			body: new Uint8Array(request),
		})
		if (!res.ok) throw new Error(`HTTP ${res.status}`)
		return Buffer.from(await res.arrayBuffer())
	}
}
