// Reports: gathering the data of an assessment, issuing the signed PDF (kept in the object store
// with its SHA-256, one transaction + audit row) and drafts on demand. The final approval issues
// the signed report (review.server's `decide`); the batch command and the review page's button
// retry it (ADR 008). The signature is PAdES, time-stamped when TSA_URL is set (ADR 013).
import { type Db, schema } from '#db/client.server'
import { type AssessmentContext, evidenceCounts, getAssessmentContext, scoreContext } from '#db/queries/assessments'
import { latestDirectorSignature } from '#db/queries/director-signatures'
import { approvalOf, type ReportRow, signedReportOf } from '#db/queries/reports'
import { getSubmissions, getVerdicts } from '#db/queries/review'
import { TimestampError } from '#reports/cms'
import { generateReportPdf } from '#reports/generate'
import { newReportId, sha256Hex } from '#reports/inspect'
import { findSignatures, timestampTimeOf } from '#reports/signatures'
import { loadSigningIdentity, type SigningIdentity } from '#reports/signing'
import { getStore, type OpenedObject, readAll } from '#storage/index'
import { scoreAssessment } from '~/domain/catalog/scoring'
import { buildReportModel, isReportable, type ReportModel, type ReportVerdict } from '~/domain/report'
import { verifiedAnswers } from '~/domain/verification'
import { getEnv } from '~/env.server'
import { appendAudit } from './audit.server'
import { tsaTransport } from './trust.server'

let identity: { key: string; value: SigningIdentity } | null = null

/** The signing identity, opened once per configuration (the PKCS#12 parse is the slow part). */
export function getSigningIdentity(): SigningIdentity {
	const env = getEnv()
	const key = `${env.SIGNING_P12_PATH ?? ''}|${env.DATA_DIR}|${env.SIGNING_ORG_NAME}`
	if (identity?.key !== key) {
		identity = {
			key,
			value: loadSigningIdentity({
				p12Path: env.SIGNING_P12_PATH,
				passphrase: env.SIGNING_P12_PASSPHRASE,
				orgName: env.SIGNING_ORG_NAME,
				dataDir: env.DATA_DIR,
			}),
		}
	}
	return identity.value
}

export function verifyUrlFor(reportId: string) {
	return `${getEnv().PUBLIC_BASE_URL.replace(/\/$/, '')}/verify/${reportId}`
}

/** Everything the report shows, as a model (pure domain function over the data read here). */
export function reportModelFor(
	db: Db,
	ctx: AssessmentContext,
	opts: { kind: 'signed' | 'draft'; reportId: string; createdAt: Date; signer: SigningIdentity | null },
): ReportModel {
	const final = isReportable(ctx.assessment.status)
	const self = scoreContext(db, ctx)
	if (!self.result.ok) throw new Error(`stored answers of assessment ${ctx.assessment.id} do not score`)
	let verdicts = new Map<string, ReportVerdict>()
	let verifiedScores: ReturnType<typeof scoreAssessment> | null = null
	if (final) {
		verdicts = getVerdicts(db, ctx.assessment.id, ctx.assessment.round)
		verifiedScores = scoreAssessment(
			ctx.catalogs.map((c) => c.compiled),
			verifiedAnswers(self.stored, verdicts),
			ctx.facilityProfile,
			{ asOf: ctx.asOf },
		)
		if (!verifiedScores.ok) throw new Error(`verified answers of assessment ${ctx.assessment.id} do not score`)
	}
	const submission = getSubmissions(db, ctx.assessment.id).at(-1)
	const approval = final ? approvalOf(db, ctx.assessment.id) : null
	const director = final ? latestDirectorSignature(db, ctx.assessment.id) : null
	const selfScores = self.result.scores
	return buildReportModel({
		reportId: opts.reportId,
		kind: opts.kind,
		verifyUrl: verifyUrlFor(opts.reportId),
		createdAt: opts.createdAt,
		facility: { name: ctx.facility.name, provinceName: ctx.provinceName },
		campaign: { title: ctx.campaign.title, year: ctx.campaign.year },
		catalogs: ctx.catalogs.map((c, i) => ({
			compiled: c.compiled,
			self: selfScores[i],
			verified: verifiedScores?.ok ? verifiedScores.scores[i] : null,
		})),
		facilityProfile: ctx.facilityProfile,
		asOf: ctx.asOf,
		selfAnswers: self.answers,
		verdicts,
		evidence: evidenceCounts(db, ctx.assessment.id),
		attestation: submission ? { name: submission.attestationName, title: submission.attestationTitle, at: submission.submittedAt } : null,
		approval: approval ? { name: approval.name, title: approval.title, at: ctx.assessment.approvedAt ?? approval.at } : null,
		signer: opts.signer ? { name: opts.signer.name, demo: opts.signer.demo } : null,
		directorSignature: director && {
			subject: director.signerSubject,
			commonName: director.signerCommonName,
			signedAt: director.signedAt,
			timestamped: director.timestamped,
			trust: director.trust,
		},
	})
}

/** The unsigned, watermarked draft of an assessment as it stands: rendered on demand, never stored. */
export async function renderDraft(db: Db, ctx: AssessmentContext, now = new Date()) {
	const model = reportModelFor(db, ctx, { kind: 'draft', reportId: `DRAFT-${ctx.assessment.id}`, createdAt: now, signer: null })
	return generateReportPdf(model, null)
}

export type IssueResult =
	| { ok: true; report: ReportRow; created: boolean }
	| { ok: false; status: 404 | 409; code: string }
	/** The time-stamping authority failed (ADR 013): nothing is issued; `detail` says what happened, for the log. */
	| { ok: false; status: 503; code: 'report.timestamp_failed'; detail: string }

/**
 * Issues the signed report of an approved assessment: render, sign, store the bytes in the object
 * store (`reports/<id>.pdf`, under DATA_DIR with the local store), then record them (SHA-256, size, signer) with an audit row in one
 * transaction. Idempotent: an assessment has at most one signed report; asking again returns it.
 */
export async function issueSignedReport(
	db: Db,
	input: { assessmentId: number; actorId: number | null },
	now = new Date(),
): Promise<IssueResult> {
	const existing = signedReportOf(db, input.assessmentId)
	if (existing) return { ok: true, report: existing, created: false }
	const ctx = getAssessmentContext(db, input.assessmentId)
	if (!ctx) return { ok: false, status: 404, code: 'assessment.not_found' }
	if (!isReportable(ctx.assessment.status)) return { ok: false, status: 409, code: 'report.not_approved' }
	const signer = getSigningIdentity()
	const reportId = newReportId(ctx.campaign.year)
	// Whole seconds: the PDF dates have one-second resolution, and the stored row must agree.
	const createdAt = new Date(Math.floor(now.getTime() / 1000) * 1000)
	let bytes: Buffer
	try {
		bytes = await generateReportPdf(reportModelFor(db, ctx, { kind: 'signed', reportId, createdAt, signer }), signer, tsaTransport())
	} catch (error) {
		if (!(error instanceof TimestampError)) throw error
		return { ok: false, status: 503, code: 'report.timestamp_failed', detail: `${getEnv().TSA_URL}: ${error.message}` }
	}
	const sha256 = sha256Hex(bytes)
	const signatureCms = findSignatures(bytes)[0]?.cms ?? null
	const timestampedAt = signatureCms ? timestampTimeOf(signatureCms) : null
	const storagePath = `reports/${reportId}.pdf`
	const store = getStore()
	await store.put(storagePath, bytes, { sha256, contentType: 'application/pdf' })
	let result: IssueResult & { raced?: boolean }
	try {
		result = db.transaction((tx): IssueResult & { raced?: boolean } => {
			const raced = signedReportOf(tx, ctx.assessment.id)
			if (raced) return { ok: true, report: raced, created: false, raced: true }
			const row = tx
				.insert(schema.reports)
				.values({
					id: reportId,
					assessmentId: ctx.assessment.id,
					kind: 'signed',
					sha256,
					size: bytes.length,
					storagePath,
					signerName: signer.name,
					signerIsDemo: signer.demo,
					signatureCms,
					timestampedAt,
					createdBy: input.actorId,
					createdAt,
				})
				.returning()
				.get()
			appendAudit(tx, {
				actorId: input.actorId,
				action: 'report.issue',
				entityType: 'assessment',
				entityId: ctx.assessment.id,
				after: {
					reportId,
					sha256,
					size: bytes.length,
					signer: signer.name,
					demo: signer.demo,
					certificate: signer.fingerprint,
					timestampedAt: timestampedAt?.toISOString() ?? null,
				},
				at: now,
			})
			return { ok: true, report: row, created: true }
		})
	} catch (error) {
		await store.delete(storagePath).catch(() => {})
		throw error
	}
	// Another request issued this assessment's report first: its bytes stay, ours go (the key is this attempt's own).
	if (result.raced) await store.delete(storagePath)
	const { raced: _, ...issued } = result
	return issued
}

/**
 * The stored bytes of an issued report as a stream, exactly as signed: checked against the recorded
 * SHA-256 and size as they are read; null when the object is missing.
 */
export function openSignedReport(report: ReportRow): Promise<OpenedObject | null> {
	return getStore().get(report.storagePath, { sha256: report.sha256, size: report.size })
}

/** The stored bytes of an issued report, whole (tools and tests; downloads stream `openSignedReport`). */
export async function readReportBytes(report: ReportRow): Promise<Buffer> {
	const opened = await openSignedReport(report)
	if (!opened) throw new Error(`signed report ${report.id} is missing from the store`)
	return readAll(opened.stream)
}
