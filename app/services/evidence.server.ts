import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { and, eq, isNull } from 'drizzle-orm'
import { fileTypeFromBuffer } from 'file-type'
import { type Db, schema } from '#db/client.server'
import { type AssessmentContext } from '#db/queries/assessments'
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

/** Writes the bytes once per distinct content; an existing file with this hash is kept. */
function storeBlob(sha256: string, bytes: Uint8Array) {
	const target = blobPath(sha256)
	if (fs.existsSync(target)) return
	fs.mkdirSync(path.dirname(target), { recursive: true })
	const tmp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`
	fs.writeFileSync(tmp, bytes, { flag: 'wx' })
	fs.renameSync(tmp, target)
}

export type EvidenceResult = { ok: true; id: number; duplicate: boolean } | { ok: false; status: 400 | 404 | 409 | 413; code: string }

function cleanFileName(name: string) {
	const base = path
		.basename(name.replace(/\\/g, '/'))
		.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '_')
		.trim()
	return (base || 'minh-chung').slice(0, 200)
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

	storeBlob(sha256, input.bytes)
	return db.transaction((tx) => {
		const refusal = editRefusalOf(tx, assessmentId)
		if (refusal) return { ok: false as const, status: 409 as const, code: refusal }
		const criterion = tx
			.select({ id: schema.criteria.id })
			.from(schema.criteria)
			.where(and(eq(schema.criteria.catalogVersionId, owner.id), eq(schema.criteria.key, input.criterionId)))
			.get()!
		tx.insert(schema.blobs).values({ sha256, size: input.bytes.byteLength, mime: sniffed.mime, createdAt: now }).onConflictDoNothing().run()
		const already = tx
			.select({ id: schema.evidenceFiles.id })
			.from(schema.evidenceFiles)
			.where(
				and(
					eq(schema.evidenceFiles.assessmentId, assessmentId),
					eq(schema.evidenceFiles.criterionId, criterion.id),
					eq(schema.evidenceFiles.sha256, sha256),
					isNull(schema.evidenceFiles.removedAt),
				),
			)
			.get()
		if (already) return { ok: true as const, id: already.id, duplicate: true }
		const row = tx
			.insert(schema.evidenceFiles)
			.values({
				assessmentId: assessmentId,
				criterionId: criterion.id,
				sha256,
				fileName: cleanFileName(input.fileName),
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
				fileName: cleanFileName(input.fileName),
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
		const row = tx
			.select()
			.from(schema.evidenceFiles)
			.where(
				and(
					eq(schema.evidenceFiles.id, input.evidenceId),
					eq(schema.evidenceFiles.assessmentId, input.assessmentId),
					isNull(schema.evidenceFiles.removedAt),
				),
			)
			.get()
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

/** The evidence row and where its bytes are; null when removed, missing, or of another assessment. */
export function findEvidenceFile(db: Db, evidenceId: number) {
	const row = db
		.select({
			id: schema.evidenceFiles.id,
			assessmentId: schema.evidenceFiles.assessmentId,
			fileName: schema.evidenceFiles.fileName,
			sha256: schema.evidenceFiles.sha256,
			mime: schema.blobs.mime,
			size: schema.blobs.size,
		})
		.from(schema.evidenceFiles)
		.innerJoin(schema.blobs, eq(schema.blobs.sha256, schema.evidenceFiles.sha256))
		.where(and(eq(schema.evidenceFiles.id, evidenceId), isNull(schema.evidenceFiles.removedAt)))
		.get()
	return row ? { ...row, path: blobPath(row.sha256) } : null
}

/** The assessment's status and its round's, read inside the writing transaction. */
function editRefusalOf(tx: Pick<Db, 'select'>, assessmentId: number) {
	const row = tx
		.select({ status: schema.assessments.status, campaignStatus: schema.campaigns.status })
		.from(schema.assessments)
		.innerJoin(schema.campaigns, eq(schema.campaigns.id, schema.assessments.campaignId))
		.where(eq(schema.assessments.id, assessmentId))
		.get()
	return row ? editRefusal(row.status, row.campaignStatus) : 'assessment.not_found'
}
