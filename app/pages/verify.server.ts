// The public verification pages (no sign-in): is this file, hash or report ID one this system
// issued? The SHA-256 of the bytes decides (ADR 008); the report ID found in a file only explains
// a mismatch. Nothing is written.
import { getDb } from '#db/client.server'
import { type PublicReport, publicReportById, publicReportBySha256 } from '#db/queries/reports'
import { inspectPdf, REPORT_ID_RE } from '#reports/inspect'

export type { PublicReport }

export type Verification =
	/** These exact bytes were issued by this system. */
	| { status: 'match'; report: PublicReport; sha256: string }
	/** The file names one of our reports, but its bytes differ from what was issued. */
	| { status: 'altered'; report: PublicReport; sha256: string }
	/** A PDF this system did not issue (or a hash / ID it does not know). */
	| { status: 'unknown'; sha256: string | null }
	| { status: 'not_pdf' }
	| { status: 'truncated'; report: PublicReport | null }

/** The public record of one issued report, by the ID its QR code carries (any case); null when there is none. */
export function publicRecord(reportId: string): PublicReport | null {
	const id = reportId.toUpperCase()
	return REPORT_ID_RE.test(id) ? publicReportById(getDb(), id) : null
}

export type Lookup =
	| { query: 'none' }
	/** Neither a SHA-256 nor a report ID. */
	| { query: 'bad' }
	/** `match` when this system issued it, `unknown` otherwise. */
	| { query: 'sha256' | 'reportId'; verification: Verification }

/** A typed-in query: a SHA-256 (64 hex digits, any case) or a report ID (any case). */
export function lookUp(query: string): Lookup {
	if (!query) return { query: 'none' }
	if (/^[0-9a-fA-F]{64}$/.test(query)) {
		const sha256 = query.toLowerCase()
		const report = publicReportBySha256(getDb(), sha256)
		return { query: 'sha256', verification: report ? { status: 'match', report, sha256 } : { status: 'unknown', sha256 } }
	}
	if (!REPORT_ID_RE.test(query.toUpperCase())) return { query: 'bad' }
	const report = publicRecord(query)
	return {
		query: 'reportId',
		verification: report ? { status: 'match', report, sha256: report.sha256 } : { status: 'unknown', sha256: null },
	}
}

/** The verdict on an uploaded file: the SHA-256 decides; the claimed report ID only explains a mismatch. */
export function verifyFile(bytes: Buffer): Verification {
	const inspection = inspectPdf(bytes)
	if (!inspection.ok) {
		if (inspection.problem === 'not_pdf') return { status: 'not_pdf' }
		const claimed = /ReportId:(R-[0-9]{4}-[0-9A-Z]{10})/.exec(bytes.toString('latin1'))
		return { status: 'truncated', report: claimed ? publicRecord(claimed[1]) : null }
	}
	const report = publicReportBySha256(getDb(), inspection.sha256)
	if (report) return { status: 'match', report, sha256: inspection.sha256 }
	const claimed = inspection.claimedReportId ? publicRecord(inspection.claimedReportId) : null
	return claimed ? { status: 'altered', report: claimed, sha256: inspection.sha256 } : { status: 'unknown', sha256: inspection.sha256 }
}
