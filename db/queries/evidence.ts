// Reads of the evidence a facility attaches to its answers (the rows; the bytes are files kept by
// the evidence service). The lists shown on the pages are in ./assessments (getEvidence, evidenceCounts).
import { and, eq, isNull } from 'drizzle-orm'
import { type Db } from '../client.server'
import { blobs, criteria, evidenceFiles } from '../schema/index'

type Reader = Pick<Db, 'select'>

/** The row id of a criterion, by its key within one catalog version; undefined when there is none. */
export function criterionRowId(db: Reader, catalogVersionId: number, key: string): number | undefined {
	return db
		.select({ id: criteria.id })
		.from(criteria)
		.where(and(eq(criteria.catalogVersionId, catalogVersionId), eq(criteria.key, key)))
		.get()?.id
}

/** The evidence of a criterion with exactly these bytes, still attached; undefined when there is none. */
export function attachedEvidenceWithContent(db: Reader, input: { assessmentId: number; criterionId: number; sha256: string }) {
	return db
		.select({ id: evidenceFiles.id })
		.from(evidenceFiles)
		.where(
			and(
				eq(evidenceFiles.assessmentId, input.assessmentId),
				eq(evidenceFiles.criterionId, input.criterionId),
				eq(evidenceFiles.sha256, input.sha256),
				isNull(evidenceFiles.removedAt),
			),
		)
		.get()
}

/** One evidence row of an assessment, still attached; undefined when removed or of another assessment. */
export function attachedEvidence(db: Reader, assessmentId: number, evidenceId: number) {
	return db
		.select({ id: evidenceFiles.id, sha256: evidenceFiles.sha256, fileName: evidenceFiles.fileName })
		.from(evidenceFiles)
		.where(and(eq(evidenceFiles.id, evidenceId), eq(evidenceFiles.assessmentId, assessmentId), isNull(evidenceFiles.removedAt)))
		.get()
}

export type EvidenceFileRow = { id: number; assessmentId: number; fileName: string; sha256: string; mime: string; size: number }

/** An evidence file as its download needs it (whose it is, its name and type); null when removed or unknown. */
export function findEvidenceFile(db: Reader, evidenceId: number): EvidenceFileRow | null {
	return (
		db
			.select({
				id: evidenceFiles.id,
				assessmentId: evidenceFiles.assessmentId,
				fileName: evidenceFiles.fileName,
				sha256: evidenceFiles.sha256,
				mime: blobs.mime,
				size: blobs.size,
			})
			.from(evidenceFiles)
			.innerJoin(blobs, eq(blobs.sha256, evidenceFiles.sha256))
			.where(and(eq(evidenceFiles.id, evidenceId), isNull(evidenceFiles.removedAt)))
			.get() ?? null
	)
}

/** Whether stored bytes with this SHA-256 are recorded (a file on disk without a row belongs to no one). */
export function blobInUse(db: Reader, sha256: string): boolean {
	return db.select({ sha256: blobs.sha256 }).from(blobs).where(eq(blobs.sha256, sha256)).get() !== undefined
}
