// The director's personal signature on the submission (docs/decisions/013-pades-signatures.md):
// what the signature page, the review page and the overview show of it. Read only.
import { type Db } from '#db/client.server'
import { type AssessmentContext } from '#db/queries/assessments'
import { directorSignatureOf, submissionOfRound } from '#db/queries/director-signatures'
import { type TrustStatus } from '~/domain/enums'
import { can, type Grant, type Target } from '~/domain/permissions'
import { directorMaySign, submissionDocumentId } from '~/domain/submission'

export type DirectorSignatureSummary = {
	/** The round asks the director to sign the submission. */
	requested: boolean
	/** The current round's submission exists (there is something to sign). */
	submitted: boolean
	signature: {
		subject: string
		issuer: string
		signedAt: Date | null
		timestamped: boolean
		trust: TrustStatus
		trustAnchor: string | null
		subFilter: string | null
		uploadedAt: Date
	} | null
}

/** The signature on the current round's submission, if the round asks for one. */
export function directorSignatureSummary(db: Db, ctx: AssessmentContext): DirectorSignatureSummary {
	const requested = ctx.campaign.directorSignature
	const submission = requested ? submissionOfRound(db, ctx.assessment.id, ctx.assessment.round) : null
	const row = submission ? directorSignatureOf(db, submission.id) : null
	return {
		requested,
		submitted: Boolean(submission),
		signature: row && {
			subject: row.signerSubject,
			issuer: row.signerIssuer,
			signedAt: row.signedAt,
			timestamped: row.timestamped,
			trust: row.trust,
			trustAnchor: row.trustAnchor,
			subFilter: row.subFilter,
			uploadedAt: row.uploadedAt,
		},
	}
}

/** The signature page: the summary, the submission's issued PDF (once issued), and whether this user may upload now. */
export function directorSignaturePage(db: Db, ctx: AssessmentContext, user: { grants: ReadonlyArray<Grant> }, target: Target) {
	const submission = ctx.campaign.directorSignature ? submissionOfRound(db, ctx.assessment.id, ctx.assessment.round) : null
	return {
		assessment: { id: ctx.assessment.id, status: ctx.assessment.status, round: ctx.assessment.round },
		facility: { name: ctx.facility.name },
		campaign: { title: ctx.campaign.title },
		summary: directorSignatureSummary(db, ctx),
		document: submission ? { id: submissionDocumentId(ctx.assessment.id, submission.round), sha256: submission.documentSha256 } : null,
		canSign: Boolean(submission) && directorMaySign(ctx.assessment.status) && can(user.grants, 'assessment:submit', target),
	}
}
