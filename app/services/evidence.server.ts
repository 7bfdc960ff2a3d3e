import crypto from 'node:crypto'
import { eq } from 'drizzle-orm'
import { fileTypeFromBuffer, fileTypeFromFile } from 'file-type'
import { type Db, schema } from '#db/client.server'
import { assessmentEditState, type AssessmentContext } from '#db/queries/assessments'
import { attachedEvidence, attachedEvidenceWithContent, criterionRowId, type EvidenceFileRow, findEvidenceFile } from '#db/queries/evidence'
import { blobKey, getStore, isStorageError, type OpenedObject } from '#storage/index'
import { cleanFileName } from '~/domain/safe-text'
import { editRefusal } from '~/domain/workflow'
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

/** An upload the HTTP glue streamed to a local file, with its size and SHA-256 counted on the way (app/utils/upload.server.ts). */
export type StagedFile = { path: string; size: number; sha256: string }

export type EvidenceResult = { ok: true; id: number; duplicate: boolean } | { ok: false; status: 400 | 404 | 409 | 413 | 503; code: string }

/** The name as stored and shown: no folder, no control, bidirectional or invisible characters (app/domain/safe-text). */
function evidenceFileName(name: string) {
	return cleanFileName(name, 'minh-chung')
}

/**
 * Attaches a file to a criterion. Everything that can refuse it is checked before a byte goes to
 * the store (size, type by content, criterion, the assessment's and round's state), so a refused
 * upload stores nothing. The bytes are stored once per distinct content (content-addressed by
 * SHA-256; concurrent uploads of the same file are safe, docs/STORAGE.md), then the rows and the
 * audit event are written in one transaction, which checks the state again. A store that cannot
 * be reached refuses the upload with `evidence.storage_unavailable` (503): nothing is recorded, the
 * answers already saved are untouched, and the same upload can be sent again.
 */
export async function addEvidence(
	db: Db,
	input: {
		ctx: AssessmentContext
		criterionId: string
		fileName: string
		/** The file's bytes, in memory or staged on disk by the upload glue. */
		bytes: Uint8Array | StagedFile
		actorId: number
	},
	now = new Date(),
): Promise<EvidenceResult> {
	const { ctx, bytes: content } = input
	const assessmentId = ctx.assessment.id
	const size = content instanceof Uint8Array ? content.byteLength : content.size
	if (size === 0) return { ok: false, status: 400, code: 'evidence.empty' }
	if (size > MAX_EVIDENCE_BYTES) return { ok: false, status: 413, code: 'evidence.too_large' }
	const sniffed = content instanceof Uint8Array ? await fileTypeFromBuffer(content) : await fileTypeFromFile(content.path)
	if (!sniffed || !ALLOWED_EVIDENCE[sniffed.mime]) return { ok: false, status: 400, code: 'evidence.type_not_allowed' }
	const sha256 = content instanceof Uint8Array ? crypto.createHash('sha256').update(content).digest('hex') : content.sha256

	const owner = ctx.catalogs.find((c) => c.compiled.indexOf.has(input.criterionId))
	if (!owner) return { ok: false, status: 400, code: 'answer.unknown_criterion' }
	const refused = editRefusalOf(db, assessmentId)
	if (refused) return { ok: false, status: refused === 'assessment.not_found' ? 404 : 409, code: refused }

	try {
		await getStore().put(blobKey(sha256), content instanceof Uint8Array ? content : { file: content.path }, {
			sha256,
			contentType: sniffed.mime,
			ifAbsent: true,
		})
	} catch (error) {
		if (!isStorageError(error) || error.problem === 'source_mismatch') throw error
		console.error(`evidence upload to assessment ${assessmentId} not stored: ${error.message}`)
		return { ok: false, status: 503, code: 'evidence.storage_unavailable' }
	}
	// An object stored here whose rows are then refused (the assessment was submitted meanwhile)
	// stays unreferenced: it is never served, and deleting it could race with another upload of
	// the same content that is about to reference it (docs/STORAGE.md).
	return db.transaction((tx) => {
		const refusal = editRefusalOf(tx, assessmentId)
		if (refusal) return { ok: false as const, status: 409 as const, code: refusal }
		const criterionId = criterionRowId(tx, owner.id, input.criterionId)!
		tx.insert(schema.blobs).values({ sha256, size, mime: sniffed.mime, createdAt: now }).onConflictDoNothing().run()
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
				size,
				mime: sniffed.mime,
				fileName: evidenceFileName(input.fileName),
			},
			at: now,
		})
		return { ok: true as const, id: row.id, duplicate: false }
	})
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
	/**
	 * The bytes as a stream with their length, from the store; null when the stored object is
	 * missing. The stream fails before its last bytes when they do not hash to the recorded SHA-256;
	 * a store that cannot be reached rejects with a StorageError (`unavailable`).
	 */
	open(): Promise<OpenedObject | null>
}

/** The evidence file behind a download link; null when removed or unknown. Nothing is read until `open`. */
export function evidenceDownload(db: Db, evidenceId: number): EvidenceDownload | null {
	const row = findEvidenceFile(db, evidenceId)
	if (!row) return null
	return {
		...row,
		open: () => getStore().get(blobKey(row.sha256), { sha256: row.sha256, size: row.size }),
	}
}

/** The assessment's status and its round's: read before storing, and again inside the writing transaction. */
function editRefusalOf(tx: Pick<Db, 'select'>, assessmentId: number) {
	const row = assessmentEditState(tx, assessmentId)
	return row ? editRefusal(row.status, row.campaignStatus) : 'assessment.not_found'
}
