import { eq } from 'drizzle-orm'
import { type Db, schema } from '#db/client.server'
import { evidenceCounts, getAssessmentContext, scoreContext } from '#db/queries/assessments'
import { type ScopeKind } from '~/domain/enums'
import { cleanName } from '~/domain/safe-text'
import { attestationText, type Missing, missingForSubmission } from '~/domain/submission'
import { transition } from '~/domain/workflow'
import { appendAudit } from './audit.server'
import { submissionDocument } from './director-signature.server'
import { evaluatorRecipients, notify, type Outgoing, sendMail } from './notifications.server'

export type SubmitResult =
	| { ok: true; round: number; late: boolean; mail: Array<Outgoing> }
	| { ok: false; status: 400 | 403 | 404 | 409; code: string; missing?: Array<Missing> }

type SubmitInput = {
	assessmentId: number
	actor: { id: number; role: 'facility_director'; scopeKind: ScopeKind }
	attestation: { name: string; title: string; accepted: boolean }
}

/**
 * The director submits: the checklist must be empty, the attestation present; the answers and
 * scores are frozen in a snapshot and the facility can no longer edit until the assessment is returned.
 * Once committed, the evaluators of the facility's jurisdiction are e-mailed (`mail`: the messages, sent when SMTP is configured).
 */
export async function submitAssessment(db: Db, input: SubmitInput, now = new Date()): Promise<SubmitResult> {
	const result = recordSubmission(db, input, now)
	if (result.ok) {
		await sendMail(result.mail)
		await issueSubmissionDocument(db, input.assessmentId, input.actor.id, now)
	}
	return result
}

/**
 * When the round asks the director to sign the submission, its PDF is issued as soon as it is
 * frozen (ADR 013). A failure here does not undo the submission: the PDF is issued on its first
 * download instead.
 */
async function issueSubmissionDocument(db: Db, assessmentId: number, actorId: number, now: Date) {
	const ctx = getAssessmentContext(db, assessmentId)
	if (!ctx?.campaign.directorSignature) return
	try {
		const issued = await submissionDocument(db, { ctx, actorId }, now)
		if (!issued.ok) console.error(`submission PDF of assessment ${assessmentId} not issued: ${issued.code}`)
	} catch (error) {
		console.error(`submission PDF of assessment ${assessmentId} not issued:`, error)
	}
}

/**
 * The submission's transaction without the e-mails that follow it (the in-app notifications are
 * written): only for generators of synthetic data that run many submissions inside one transaction
 * of their own (bench/data.ts). Everything else submits with submitAssessment.
 */
export function recordSubmission(db: Db, typed: SubmitInput, now = new Date()): SubmitResult {
	// The signer's name and title as `cleanName` stores names (NFC): they are printed on the report.
	const { name, title } = typed.attestation
	const input = { ...typed, attestation: { ...typed.attestation, name: cleanName(name), title: cleanName(title) } }
	return db.transaction((tx) => {
		const ctx = getAssessmentContext(tx as unknown as Db, input.assessmentId)
		if (!ctx) return { ok: false, status: 404, code: 'assessment.not_found' }
		if (ctx.campaign.status === 'closed' && ctx.assessment.status === 'draft') return { ok: false, status: 409, code: 'campaign.closed' }
		const { stored, answers, result } = scoreContext(tx, ctx)
		const pastDue = now.getTime() > ctx.campaign.dueAt.getTime()
		const decision = transition(
			ctx.assessment.status,
			{
				type: 'submit',
				attested: input.attestation.accepted && input.attestation.name.trim() !== '' && input.attestation.title.trim() !== '',
			},
			{ userId: input.actor.id, role: input.actor.role, scopeKind: input.actor.scopeKind },
			{
				secondStage: ctx.campaign.secondStage,
				managingBody: ctx.facility.managingBody,
				claimedBy: ctx.assessment.claimedBy,
				pastDue,
				acceptsLate: ctx.campaign.acceptsLate,
			},
		)
		if (!decision.ok) {
			const status = decision.reason === 'attestation_required' ? 400 : decision.reason === 'role_not_allowed' ? 403 : 409
			return { ok: false, status, code: `workflow.${decision.reason}` }
		}
		const missing = missingForSubmission(
			ctx.catalogs.map((c) => c.compiled),
			answers,
			evidenceCounts(tx, input.assessmentId),
			ctx.facilityProfile,
			ctx.asOf,
		)
		if (missing.length) return { ok: false, status: 400, code: 'submit.incomplete', missing }
		if (!result.ok) return { ok: false, status: 409, code: 'submit.invalid_answers' }

		const late = decision.effects.some((e) => e.type === 'mark_late')
		const text = attestationText({
			name: input.attestation.name.trim(),
			title: input.attestation.title.trim(),
			facilityName: ctx.facility.name,
			campaignTitle: ctx.campaign.title,
		})
		const snapshot = {
			catalogs: ctx.catalogs.map((c) => ({ id: c.id, code: c.code, version: c.version, hash: c.hash })),
			answers: Object.fromEntries([...stored].map(([k, v]) => [k, { answer: v.answer, note: v.note }])),
			evidence: Object.fromEntries(evidenceCounts(tx, input.assessmentId)),
			scores: result.scores.map((s) => ({
				code: s.code,
				version: s.version,
				achievedLevel: s.achievedLevel,
				nextLevel: s.nextLevel,
				percent: s.percent,
				provisional: s.provisional,
				completion: s.completion,
			})),
		}
		tx.insert(schema.submissions)
			.values({
				assessmentId: input.assessmentId,
				round: ctx.assessment.round,
				submittedBy: input.actor.id,
				attestationName: input.attestation.name.trim(),
				attestationTitle: input.attestation.title.trim(),
				attestationText: text,
				submittedAt: now,
				late,
				snapshot,
			})
			.run()
		tx.update(schema.assessments)
			.set({
				status: decision.next,
				submittedAt: now,
				late,
				selfScore: snapshot.scores,
				version: ctx.assessment.version + 1,
				updatedAt: now,
			})
			.where(eq(schema.assessments.id, input.assessmentId))
			.run()
		appendAudit(tx, {
			actorId: input.actor.id,
			action: 'assessment.submit',
			entityType: 'assessment',
			entityId: input.assessmentId,
			before: { status: ctx.assessment.status },
			after: {
				status: decision.next,
				round: ctx.assessment.round,
				late,
				attestation: text,
				levels: snapshot.scores.map((s) => [s.code, s.achievedLevel?.id ?? null]),
			},
			at: now,
		})
		const mail = notify(
			tx,
			evaluatorRecipients(tx, { provinceCode: ctx.facility.provinceCode, managingBody: ctx.facility.managingBody }),
			'assessment.submitted',
			{
				assessmentId: input.assessmentId,
				facilityName: ctx.facility.name,
				campaignTitle: ctx.campaign.title,
				by: input.attestation.name.trim(),
			},
			now,
		)
		return { ok: true, round: ctx.assessment.round, late, mail }
	})
}
