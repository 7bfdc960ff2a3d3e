// The director's personal signature on a submission (docs/decisions/013-pades-signatures.md): the
// system issues the frozen submission as a PDF (deterministic: rendered from the submission's
// snapshot, dated by the submission; stored under DATA_DIR and recorded with its SHA-256, once),
// the director signs it in their own signing software (an incremental update) and uploads it; the
// upload is accepted only when its signed revision starts with exactly the issued bytes and the
// signature holds. Who signed, when, and whether the certificate chains to the trust anchors are
// recorded and audited.
import fs from 'node:fs'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { type Db, schema } from '#db/client.server'
import { type AssessmentContext } from '#db/queries/assessments'
import { type DirectorSignatureRow, directorSignatureOf, submissionOfRound, type SubmissionRow } from '#db/queries/director-signatures'
import { currentAssessment } from '#db/queries/review'
import { sha256Hex } from '#reports/inspect'
import { renderReportPdf } from '#reports/render'
import { checkSignedRevision, type SignedRevisionCheck } from '#reports/signatures'
import { type Answer } from '~/domain/catalog/answers'
import { scoreAssessment } from '~/domain/catalog/scoring'
import { buildReportModel, type ReportModel } from '~/domain/report'
import { directorMaySign, submissionDocumentId } from '~/domain/submission'
import { getEnv } from '~/env.server'
import { appendAudit } from './audit.server'
import { trustAnchors } from './trust.server'

type Refusal = { ok: false; status: 400 | 404 | 409 | 422; code: string }

export type SubmissionDocument = { ok: true; bytes: Buffer; fileName: string; sha256: string; documentId: string }

/** The submission's snapshot as stored (app/services/submission.server.ts writes it). */
type Snapshot = { answers: Record<string, { answer: Answer }>; evidence: Record<string, number> }

/** The submission as it was frozen, as a report model: self-assessed values only, the attestation, no approval. */
export function submissionModel(ctx: AssessmentContext, submission: SubmissionRow): ReportModel {
	const snapshot = submission.snapshot as Snapshot
	const answers = new Map(Object.entries(snapshot.answers).map(([key, value]) => [key, value.answer]))
	const scored = scoreAssessment(
		ctx.catalogs.map((c) => c.compiled),
		answers,
		ctx.facilityProfile,
		{ asOf: ctx.asOf },
	)
	if (!scored.ok) throw new Error(`the snapshot of assessment ${ctx.assessment.id}, round ${submission.round}, does not score`)
	// Whole seconds: the PDF dates have one-second resolution.
	const at = new Date(Math.floor(submission.submittedAt.getTime() / 1000) * 1000)
	return buildReportModel({
		reportId: submissionDocumentId(ctx.assessment.id, submission.round),
		kind: 'submission',
		verifyUrl: `${getEnv().PUBLIC_BASE_URL.replace(/\/$/, '')}/verify`,
		createdAt: at,
		facility: { name: ctx.facility.name, provinceName: ctx.provinceName },
		campaign: { title: ctx.campaign.title, year: ctx.campaign.year },
		catalogs: ctx.catalogs.map((c, i) => ({ compiled: c.compiled, self: scored.scores[i], verified: null })),
		facilityProfile: ctx.facilityProfile,
		asOf: ctx.asOf,
		selfAnswers: answers,
		verdicts: new Map(),
		evidence: new Map(Object.entries(snapshot.evidence ?? {})),
		attestation: { name: submission.attestationName, title: submission.attestationTitle, at },
		approval: null,
		signer: null,
	})
}

function dataFile(storagePath: string) {
	return path.join(getEnv().DATA_DIR, storagePath)
}

function writeDataFile(storagePath: string, bytes: Buffer) {
	const file = dataFile(storagePath)
	fs.mkdirSync(path.dirname(file), { recursive: true })
	fs.writeFileSync(`${file}.tmp`, bytes, { mode: 0o600 })
	fs.renameSync(`${file}.tmp`, file)
	return file
}

/** The round's submission when the round asks the director to sign; the refusal otherwise. */
function signableSubmission(db: Pick<Db, 'select'>, ctx: AssessmentContext): SubmissionRow | Refusal {
	if (!ctx.campaign.directorSignature) return { ok: false, status: 409, code: 'directorSignature.notRequested' }
	const submission = submissionOfRound(db, ctx.assessment.id, ctx.assessment.round)
	if (!submission) return { ok: false, status: 409, code: 'directorSignature.notSubmitted' }
	return submission
}

/**
 * The submission PDF of the assessment's current round, exactly as issued: rendered and recorded
 * (SHA-256, size, an audit row) the first time it is asked for, the stored bytes every time after.
 */
export async function submissionDocument(
	db: Db,
	input: { ctx: AssessmentContext; actorId: number },
	now = new Date(),
): Promise<SubmissionDocument | Refusal> {
	const found = signableSubmission(db, input.ctx)
	if ('ok' in found) return found
	const documentId = submissionDocumentId(input.ctx.assessment.id, found.round)
	const fileName = `ban-nop-${documentId}.pdf`
	if (found.documentPath && found.documentSha256) {
		return { ok: true, bytes: fs.readFileSync(dataFile(found.documentPath)), fileName, sha256: found.documentSha256, documentId }
	}
	const bytes = await renderReportPdf(submissionModel(input.ctx, found))
	const sha256 = sha256Hex(bytes)
	const storagePath = `submissions/${documentId}-${sha256.slice(0, 16)}.pdf`
	const file = writeDataFile(storagePath, bytes)
	try {
		return db.transaction((tx): SubmissionDocument => {
			// Two first downloads at once: the one recorded first is the issued one.
			const raced = submissionOfRound(tx, found.assessmentId, found.round)
			if (raced?.documentPath && raced.documentSha256) {
				if (raced.documentPath !== storagePath) fs.rmSync(file, { force: true })
				return { ok: true, bytes: fs.readFileSync(dataFile(raced.documentPath)), fileName, sha256: raced.documentSha256, documentId }
			}
			tx.update(schema.submissions)
				.set({ documentSha256: sha256, documentSize: bytes.length, documentPath: storagePath })
				.where(eq(schema.submissions.id, found.id))
				.run()
			appendAudit(tx, {
				actorId: input.actorId,
				action: 'submission.document',
				entityType: 'assessment',
				entityId: found.assessmentId,
				after: { round: found.round, documentId, sha256, size: bytes.length },
				at: now,
			})
			return { ok: true, bytes, fileName, sha256, documentId }
		})
	} catch (error) {
		fs.rmSync(file, { force: true })
		throw error
	}
}

export type SignatureResult = { ok: true; signature: DirectorSignatureRow } | Refusal

const PROBLEM_STATUS: Record<Extract<SignedRevisionCheck, { ok: false }>['problem'], 400 | 422> = {
	not_pdf: 400,
	unsigned: 422,
	not_issued_file: 422,
	other_document: 422,
	changed_after_signing: 422,
	invalid_signature: 422,
}

/**
 * Records the director's signed submission PDF: refused unless the round asks for it, the
 * submission is with the reviewers and undecided, its PDF was issued, and the upload is that PDF
 * with a valid signature appended (checkSignedRevision). The signer and the chain to the trust
 * anchors are recorded as found (an untrusted certificate is recorded and shown as such).
 */
export async function recordDirectorSignature(
	db: Db,
	input: { ctx: AssessmentContext; actorId: number; bytes: Buffer },
	now = new Date(),
): Promise<SignatureResult> {
	const found = signableSubmission(db, input.ctx)
	if ('ok' in found) return found
	if (!directorMaySign(input.ctx.assessment.status)) return { ok: false, status: 409, code: 'directorSignature.wrongState' }
	if (!found.documentSha256 || found.documentSize === null) return { ok: false, status: 409, code: 'directorSignature.downloadFirst' }
	const documentId = submissionDocumentId(input.ctx.assessment.id, found.round)
	const check = await checkSignedRevision(
		input.bytes,
		{ sha256: found.documentSha256, size: found.documentSize, documentId },
		trustAnchors(),
		now,
	)
	if (!check.ok) return { ok: false, status: PROBLEM_STATUS[check.problem], code: `directorSignature.${check.problem}` }
	const { signature } = check
	const signer = signature.signer!
	const sha256 = sha256Hex(input.bytes)
	// The same signed file again: it is recorded already.
	const recorded = directorSignatureOf(db, found.id)
	if (recorded?.sha256 === sha256) return { ok: true, signature: recorded }
	const storagePath = `submissions/${documentId}-signed-${sha256.slice(0, 16)}.pdf`
	const file = writeDataFile(storagePath, input.bytes)
	const signedAt = signature.timestamp?.valid ? signature.timestamp.time : signature.claimedTime
	try {
		return db.transaction((tx): SignatureResult => {
			// The status may have moved since the guard read it (an approval in between).
			const current = currentAssessment(tx, input.ctx.assessment.id)
			if (!current || !directorMaySign(current.status) || current.round !== found.round) {
				fs.rmSync(file, { force: true })
				return { ok: false, status: 409, code: 'directorSignature.wrongState' }
			}
			const previous = directorSignatureOf(tx, found.id)
			const row = tx
				.insert(schema.directorSignatures)
				.values({
					assessmentId: found.assessmentId,
					submissionId: found.id,
					sha256,
					size: input.bytes.length,
					storagePath,
					signerSubject: signer.subject,
					signerCommonName: signer.commonName,
					signerIssuer: signer.issuer,
					certificateFingerprint: signer.fingerprint,
					trust: signature.trust!.status,
					trustAnchor: signature.trust!.anchor,
					signedAt,
					timestamped: Boolean(signature.timestamp?.valid),
					subFilter: signature.subFilter,
					uploadedBy: input.actorId,
					uploadedAt: now,
				})
				.returning()
				.get()
			appendAudit(tx, {
				actorId: input.actorId,
				action: 'submission.director_sign',
				entityType: 'assessment',
				entityId: found.assessmentId,
				before: previous ? { sha256: previous.sha256, signer: previous.signerSubject } : undefined,
				after: {
					round: found.round,
					documentId,
					sha256,
					signer: signer.subject,
					issuer: signer.issuer,
					certificate: signer.fingerprint,
					trust: row.trust,
					signedAt: signedAt?.toISOString() ?? null,
					timestamped: row.timestamped,
				},
				at: now,
			})
			return { ok: true, signature: row }
		})
	} catch (error) {
		fs.rmSync(file, { force: true })
		throw error
	}
}
