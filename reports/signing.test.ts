// The signer assembles the CMS itself (ADR 011): byte for byte what node-forge's pkcs7.sign writes.
import forge from 'node-forge'
import { expect, test } from 'vitest'
import { seededBytes } from '#tests/helpers'
import { createDemoP12, IdentitySigner, openP12 } from './signing'

test('the CMS our signer builds is byte for byte what node-forge\u2019s pkcs7.sign writes for the same file, key and time', async () => {
	const identity = openP12(createDemoP12('Sở Y tế Thử'), 'demo-only')
	const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), seededBytes(200_000, 1)])
	for (const at of [new Date('2026-03-01T02:03:04Z'), new Date('2051-01-01T00:00:00Z')]) {
		const ours = await new IdentitySigner(identity).sign(pdf, at)
		const p7 = forge.pkcs7.createSignedData()
		p7.content = forge.util.createBuffer(pdf.toString('binary'))
		p7.addCertificate(identity.certificate)
		p7.addSigner({
			key: forge.pki.privateKeyFromPem(identity.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()) as forge.pki.rsa.PrivateKey,
			certificate: identity.certificate,
			digestAlgorithm: forge.pki.oids.sha256,
			authenticatedAttributes: [
				{ type: forge.pki.oids.contentType, value: forge.pki.oids.data },
				{ type: forge.pki.oids.messageDigest },
				{ type: forge.pki.oids.signingTime, value: at as unknown as string },
			],
		})
		p7.sign({ detached: true })
		expect(ours.toString('hex')).toBe(Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary').toString('hex'))
	}
})
