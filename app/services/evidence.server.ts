import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { type Readable } from 'node:stream'
import { eq } from 'drizzle-orm'
import { fileTypeFromBuffer } from 'file-type'
import { type Db, schema } from '#db/client.server'
import { assessmentEditState, type AssessmentContext } from '#db/queries/assessments'
import {
	attachedEvidence,
	attachedEvidenceWithContent,
	blobInUse,
	criterionRowId,
	type EvidenceFileRow,
	findEvidenceFile,
} from '#db/queries/evidence'
import { cleanFileName } from '~/domain/safe-text'
import { editRefusal } from '~/domain/workflow'
import { getEnv } from '~/env.server'
import { appendAudit } from './audit.server'

export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024

/** What a hospital may attach: documents and pictures. Decided from the bytes, never the name. */
export const ALLOWED_EVIDENCE: Record<string, string> = {
	'application/pdf': 'pdf',
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
	'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
	'application/vnd.oasis.opendocument.text': 'odt',
	'application/vnd.oasis.opendocument.spreadsheet': 'ods',
	'application/x-cfb': 'doc',
}

export function blobPath(sha256: string) {
	return path.join(getEnv().DATA_DIR, 'blobs', sha256.slice(0, 2), sha256)
}

/**
 * Writes the bytes once per distinct content; an existing file with this hash is kept. True when
 * this call wrote the file (so a refused request can take back what it wrote).
 */
function storeBlob(sha256: string, bytes: Uint8Array): boolean {
	const target = blobPath(sha256)
	if (fs.existsSync(target)) return false
	fs.mkdirSync(path.dirname(target), { recursive: true })
	const tmp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`
	fs.writeFileSync(tmp, bytes, { flag: 'wx' })
	fs.renameSync(tmp, target)
	return true
}

export type EvidenceResult = { ok: true; id: number; duplicate: boolean } | { ok: false; status: 400 | 404 | 409 | 413; code: string }

/** The name as stored and shown: no folder, no control, bidirectional or invisible characters (app/domain/safe-text). */
function evidenceFileName(name: string) {
	return cleanFileName(name, 'minh-chung')
}

export async function addEvidence(
	db: Db,
	input: { ctx: AssessmentContext; criterionId: string; fileName: string; bytes: Uint8Array; actorId: number },
	now = new Date(),
): Promise<EvidenceResult> {
	const { ctx } = input
	const assessmentId = ctx.assessment.id
	if (input.bytes.byteLength === 0) return { ok: false, status: 400, code: 'evidence.empty' }
	if (input.bytes.byteLength > MAX_EVIDENCE_BYTES) return { ok: false, status: 413, code: 'evidence.too_large' }
	const sniffed = await fileTypeFromBuffer(input.bytes)
	if (!sniffed || !ALLOWED_EVIDENCE[sniffed.mime]) return { ok: false, status: 400, code: 'evidence.type_not_allowed' }
	const sha256 = crypto.createHash('sha256').update(input.bytes).digest('hex')

	const owner = ctx.catalogs.find((c) => c.compiled.indexOf.has(input.criterionId))
	if (!owner) return { ok: false, status: 400, code: 'answer.unknown_criterion' }

	// Checked before anything is written (docs/SECURITY.md, finding 5), and again in the transaction.
	const early = editRefusalOf(db, assessmentId)
	if (early) return { ok: false, status: 409, code: early }
	const wrote = storeBlob(sha256, input.bytes)
	const result = db.transaction((tx) => {
		const refusal = editRefusalOf(tx, assessmentId)
		if (refusal) return { ok: false as const, status: 409 as const, code: refusal }
		const criterionId = criterionRowId(tx, owner.id, input.criterionId)!
		tx.insert(schema.blobs).values({ sha256, size: input.bytes.byteLength, mime: sniffed.mime, createdAt: now }).onConflictDoNothing().run()
		const already = attachedEvidenceWithContent(tx, { assessmentId, criterionId, sha256 })
		if (already) return { ok: true as const, id: already.id, duplicate: true }
		const row = tx
			.insert(schema.evidenceFiles)
			.values({
				assessmentId: assessmentId,
				criterionId,
				sha256,
				fileName: evidenceFileName(input.fileName),
				uploadedBy: input.actorId,
				uploadedAt: now,
			})
			.returning({ id: schema.evidenceFiles.id })
			.get()
		appendAudit(tx, {
			actorId: input.actorId,
			action: 'evidence.add',
			entityType: 'assessment',
			entityId: assessmentId,
			after: {
				evidenceId: row.id,
				criterionId: input.criterionId,
				sha256,
				size: input.bytes.byteLength,
				mime: sniffed.mime,
				fileName: evidenceFileName(input.fileName),
			},
			at: now,
		})
		return { ok: true as const, id: row.id, duplicate: false }
	})
	// Refused meanwhile (submitted in between): the file this request wrote goes, unless a row uses it.
	if (!result.ok && wrote && !blobInUse(db, sha256)) fs.rmSync(blobPath(sha256), { force: true })
	return result
}

export function removeEvidence(
	db: Db,
	input: { assessmentId: number; evidenceId: number; actorId: number },
	now = new Date(),
): EvidenceResult {
	return db.transaction((tx) => {
		const refusal = editRefusalOf(tx, input.assessmentId)
		if (refusal === 'assessment.not_found') return { ok: false as const, status: 404 as const, code: refusal }
		if (refusal) return { ok: false as const, status: 409 as const, code: refusal }
		const row = attachedEvidence(tx, input.assessmentId, input.evidenceId)
		if (!row) return { ok: false as const, status: 404 as const, code: 'evidence.not_found' }
		tx.update(schema.evidenceFiles).set({ removedAt: now }).where(eq(schema.evidenceFiles.id, row.id)).run()
		appendAudit(tx, {
			actorId: input.actorId,
			action: 'evidence.remove',
			entityType: 'assessment',
			entityId: input.assessmentId,
			before: { evidenceId: row.id, sha256: row.sha256, fileName: row.fileName },
			at: now,
		})
		return { ok: true as const, id: row.id, duplicate: false }
	})
}

/** An evidence file to download: whose it is (for the guard), its name and type, and its bytes to open once allowed. */
export type EvidenceDownload = EvidenceFileRow & {
	/** The bytes as a stream with their length; null when the stored file is missing. */
	open(): { stream: Readable; size: number } | null
}

/** The evidence file behind a download link; null when removed or unknown. Nothing is read until `open`. */
export function evidenceDownload(db: Db, evidenceId: number): EvidenceDownload | null {
	const row = findEvidenceFile(db, evidenceId)
	if (!row) return null
	return {
		...row,
		open() {
			let fd: number
			try {
				fd = fs.openSync(blobPath(row.sha256), 'r')
			} catch {
				return null
			}
			const size = fs.fstatSync(fd).size
			return { stream: fs.createReadStream('', { fd }), size }
		},
	}
}

/** The assessment's status and its round's, read inside the writing transaction. */
function editRefusalOf(tx: Pick<Db, 'select'>, assessmentId: number) {
	const row = assessmentEditState(tx, assessmentId)
	return row ? editRefusal(row.status, row.campaignStatus) : 'assessment.not_found'
}
