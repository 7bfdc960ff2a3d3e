// Reading an uploaded file on the public verification page: is it a PDF at all, is it complete,
// and which report ID does it claim to be. Nothing here trusts the file: the verdict is always the
// SHA-256 comparison with what this system stored.
import crypto from 'node:crypto'

export type Inspection = { ok: false; problem: 'not_pdf' | 'truncated' } | { ok: true; sha256: string; claimedReportId: string | null }

/** Report IDs as issued (see newReportId): printed on the PDF and in its Keywords. */
export const REPORT_ID_RE = /^R-[0-9]{4}-[0-9A-HJKMNP-TV-Z]{10}$/

export function sha256Hex(bytes: Uint8Array) {
	return crypto.createHash('sha256').update(bytes).digest('hex')
}

export function inspectPdf(bytes: Buffer): Inspection {
	if (bytes.length < 8 || bytes.subarray(0, 5).toString('latin1') !== '%PDF-') return { ok: false, problem: 'not_pdf' }
	// A complete PDF ends with %%EOF (possibly followed by a line end); a cut-off download does not.
	const tail = bytes.subarray(Math.max(0, bytes.length - 1024)).toString('latin1')
	if (!tail.includes('%%EOF')) return { ok: false, problem: 'truncated' }
	const match = /\(ReportId:(R-[0-9]{4}-[0-9A-HJKMNP-TV-Z]{10})\)/.exec(bytes.toString('latin1'))
	return { ok: true, sha256: sha256Hex(bytes), claimedReportId: match ? match[1] : null }
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** A public report ID: R-<year>-<10 Crockford base-32 characters> (50 random bits). */
export function newReportId(year: number, random: Uint8Array = crypto.randomBytes(10)) {
	let id = ''
	for (let i = 0; i < 10; i++) id += CROCKFORD[random[i] % 32]
	return `R-${year}-${id}`
}
