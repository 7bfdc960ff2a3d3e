// The public verification pages (no sign-in): is this file, hash or report ID one this system
// issued, and what do its signatures say? The SHA-256 of the bytes decides whether this system
// issued them (ADR 008); the report ID found in a file only explains a mismatch. Each signature is
// described on its own (ADR 013): who signed, when (the time-stamp, else the time claimed), whether
// the certificate chains to a configured trust anchor and was valid then, and whether the signed
// bytes are unchanged. Nothing is written.
import { getDb } from '#db/client.server'
import { type PublicReport, publicReportById, publicReportBySha256, reportSignatureCms } from '#db/queries/reports'
import { inspectPdf, REPORT_ID_RE } from '#reports/inspect'
import { checkCms, checkSignatures, loadTrustAnchors, padesLevel, type SignatureCheck } from '#reports/signatures'
import { type TrustStatus } from '~/domain/enums'
import { getEnv } from '~/env.server'

export type { PublicReport }

/** One signature, as the page states it. */
export type SignatureView = {
	signer: { subject: string; issuer: string } | null
	/** The PDF SubFilter: ETSI.CAdES.detached (PAdES), adbe.pkcs7.detached… */
	type: string | null
	level: 'B-B' | 'B-T' | null
	time:
		| { kind: 'timestamp'; at: Date; tsa: string | null; tsaTrust: TrustStatus | null }
		/** A time-stamp is there but does not verify: only the claimed time is left. */
		| { kind: 'bad_timestamp'; at: Date | null }
		| { kind: 'claimed'; at: Date }
		| { kind: 'none' }
	trust: { status: TrustStatus; anchor: string | null } | null
	/** `recorded`: described from the issued report's record (its bytes are vouched for by the SHA-256). */
	integrity: 'intact' | 'extended' | 'altered' | 'unreadable' | 'recorded'
}

export type Verification =
	/** These exact bytes were issued by this system. */
	| { status: 'match'; report: PublicReport; sha256: string; signatures: Array<SignatureView> }
	/** The file names one of our reports, but its bytes differ from what was issued. */
	| { status: 'altered'; report: PublicReport; sha256: string; signatures: Array<SignatureView> }
	/** A PDF this system did not issue (or a hash / ID it does not know). */
	| { status: 'unknown'; sha256: string | null; signatures: Array<SignatureView> }
	| { status: 'not_pdf' }
	| { status: 'truncated'; report: PublicReport | null }

function anchors() {
	return loadTrustAnchors(getEnv().TRUST_ANCHORS_PATH)
}

function timeOf(found: Pick<SignatureCheck, 'timestamp' | 'claimedTime'>): SignatureView['time'] {
	if (found.timestamp?.valid) {
		return {
			kind: 'timestamp',
			at: found.timestamp.time,
			tsa: found.timestamp.tsa?.commonName ?? found.timestamp.tsa?.subject ?? null,
			tsaTrust: found.timestamp.trust?.status ?? null,
		}
	}
	if (found.timestamp) return { kind: 'bad_timestamp', at: found.claimedTime }
	return found.claimedTime ? { kind: 'claimed', at: found.claimedTime } : { kind: 'none' }
}

function view(found: SignatureCheck): SignatureView {
	return {
		signer: found.signer && { subject: found.signer.subject, issuer: found.signer.issuer },
		type: found.subFilter,
		level: found.level,
		time: timeOf(found),
		trust: found.trust && { status: found.trust.status, anchor: found.trust.anchor },
		integrity: !found.signer ? 'unreadable' : !found.intact ? 'altered' : found.coversWholeFile ? 'intact' : 'extended',
	}
}

/** The signatures of a file, each checked over its bytes. */
async function signaturesOf(bytes: Buffer): Promise<Array<SignatureView>> {
	return (await checkSignatures(bytes, anchors())).map(view)
}

/** The signature an issued report was signed with, from its record; none for reports issued before it was kept. */
async function recordedSignature(report: PublicReport): Promise<Array<SignatureView>> {
	const cms = reportSignatureCms(getDb(), report.id)
	if (!cms) return []
	const found = await checkCms(cms, null, report.createdAt, anchors())
	if (!found.signer) return []
	return [
		{
			signer: { subject: found.signer.subject, issuer: found.signer.issuer },
			type: 'ETSI.CAdES.detached',
			level: padesLevel('ETSI.CAdES.detached', found),
			time: timeOf(found),
			trust: found.trust && { status: found.trust.status, anchor: found.trust.anchor },
			integrity: 'recorded',
		},
	]
}

/** The public record of one issued report, by the ID its QR code carries (any case); null when there is none. */
export function publicRecord(reportId: string): PublicReport | null {
	const id = reportId.toUpperCase()
	return REPORT_ID_RE.test(id) ? publicReportById(getDb(), id) : null
}

/** The record page: the report's public record and what its signature says; null when there is none. */
export async function recordPage(reportId: string): Promise<{ report: PublicReport; signatures: Array<SignatureView> } | null> {
	const report = publicRecord(reportId)
	return report ? { report, signatures: await recordedSignature(report) } : null
}

export type Lookup =
	| { query: 'none' }
	/** Neither a SHA-256 nor a report ID. */
	| { query: 'bad' }
	/** `match` when this system issued it, `unknown` otherwise. */
	| { query: 'sha256' | 'reportId'; verification: Verification }

/** A typed-in query: a SHA-256 (64 hex digits, any case) or a report ID (any case). */
export async function lookUp(query: string): Promise<Lookup> {
	if (!query) return { query: 'none' }
	if (/^[0-9a-fA-F]{64}$/.test(query)) {
		const sha256 = query.toLowerCase()
		const report = publicReportBySha256(getDb(), sha256)
		return {
			query: 'sha256',
			verification: report
				? { status: 'match', report, sha256, signatures: await recordedSignature(report) }
				: { status: 'unknown', sha256, signatures: [] },
		}
	}
	if (!REPORT_ID_RE.test(query.toUpperCase())) return { query: 'bad' }
	const report = publicRecord(query)
	return {
		query: 'reportId',
		verification: report
			? { status: 'match', report, sha256: report.sha256, signatures: await recordedSignature(report) }
			: { status: 'unknown', sha256: null, signatures: [] },
	}
}

/** The verdict on an uploaded file: the SHA-256 decides; the claimed report ID only explains a mismatch; each signature is checked. */
export async function verifyFile(bytes: Buffer): Promise<Verification> {
	const inspection = inspectPdf(bytes)
	if (!inspection.ok) {
		if (inspection.problem === 'not_pdf') return { status: 'not_pdf' }
		const claimed = /ReportId:(R-[0-9]{4}-[0-9A-Z]{10})/.exec(bytes.toString('latin1'))
		return { status: 'truncated', report: claimed ? publicRecord(claimed[1]) : null }
	}
	const signatures = await signaturesOf(bytes)
	const report = publicReportBySha256(getDb(), inspection.sha256)
	if (report) return { status: 'match', report, sha256: inspection.sha256, signatures }
	const claimed = inspection.claimedReportId ? publicRecord(inspection.claimedReportId) : null
	return claimed
		? { status: 'altered', report: claimed, sha256: inspection.sha256, signatures }
		: { status: 'unknown', sha256: inspection.sha256, signatures }
}
