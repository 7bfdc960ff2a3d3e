// The director's personal signature on a submission: the submission rows (with the issued PDF's
// SHA-256) and the signed uploads (docs/decisions/013-pades-signatures.md).
import { and, desc, eq } from 'drizzle-orm'
import { type Db } from '../client.server'
import { directorSignatures, submissions } from '../schema/index'

export type SubmissionRow = typeof submissions.$inferSelect
export type DirectorSignatureRow = typeof directorSignatures.$inferSelect

/** The submission of one round of an assessment, or null. Accepts a transaction. */
export function submissionOfRound(db: Pick<Db, 'select'>, assessmentId: number, round: number): SubmissionRow | null {
	return (
		db
			.select()
			.from(submissions)
			.where(and(eq(submissions.assessmentId, assessmentId), eq(submissions.round, round)))
			.get() ?? null
	)
}

/** The newest upload of the director's signature on a submission, or null. Accepts a transaction. */
export function directorSignatureOf(db: Pick<Db, 'select'>, submissionId: number): DirectorSignatureRow | null {
	return (
		db
			.select()
			.from(directorSignatures)
			.where(eq(directorSignatures.submissionId, submissionId))
			.orderBy(desc(directorSignatures.id))
			.get() ?? null
	)
}

/** The director's signature on the newest submission of an assessment (what its review and report show), or null. */
export function latestDirectorSignature(db: Pick<Db, 'select'>, assessmentId: number): DirectorSignatureRow | null {
	const latest = db
		.select({ id: submissions.id })
		.from(submissions)
		.where(eq(submissions.assessmentId, assessmentId))
		.orderBy(desc(submissions.round))
		.get()
	return latest ? directorSignatureOf(db, latest.id) : null
}
