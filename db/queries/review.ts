import { and, asc, desc, eq, inArray, lt, type SQL } from 'drizzle-orm'
import { type Answer } from '../../app/domain/catalog/answers'
import { type AssessmentStatus, type FacilityType, type Verdict } from '../../app/domain/enums'
import { type Grant } from '../../app/domain/permissions'
import { type Db } from '../client.server'
import { assessments, campaigns, comments, criteria, facilities, provinces, reviewVerdicts, submissions, users } from '../schema/index'
import { facilityScopeCondition } from './scope'

export type QueueFilters = {
	campaignId?: number
	provinceCode?: string
	facilityType?: FacilityType
	status?: AssessmentStatus
	late?: boolean
}

export const QUEUE_STATUSES: ReadonlyArray<AssessmentStatus> = ['submitted', 'in_review', 'provincially_verified', 'returned', 'approved']

/** The campaigns the review queue filters by, newest first. */
export function queueCampaigns(db: Db): Array<{ id: number; title: string }> {
	return db.select({ id: campaigns.id, title: campaigns.title }).from(campaigns).orderBy(desc(campaigns.createdAt)).all()
}

/** Submissions of facilities under the evaluator's authority, with filters. */
export function reviewQueue(db: Db, grants: ReadonlyArray<Grant>, filters: QueueFilters, limit = 200) {
	const conditions: Array<SQL | undefined> = [
		facilityScopeCondition(grants, 'assessment:review'),
		inArray(assessments.status, filters.status ? [filters.status] : ['submitted', 'in_review', 'provincially_verified']),
		filters.campaignId ? eq(assessments.campaignId, filters.campaignId) : undefined,
		filters.provinceCode ? eq(facilities.provinceCode, filters.provinceCode) : undefined,
		filters.facilityType ? eq(facilities.type, filters.facilityType) : undefined,
		filters.late === undefined ? undefined : eq(assessments.late, filters.late),
	]
	return db
		.select({
			id: assessments.id,
			status: assessments.status,
			late: assessments.late,
			round: assessments.round,
			submittedAt: assessments.submittedAt,
			claimedBy: assessments.claimedBy,
			claimedByName: users.name,
			facilityId: facilities.id,
			facilityName: facilities.name,
			facilityType: facilities.type,
			managingBody: facilities.managingBody,
			provinceName: provinces.nameVi,
			campaignTitle: campaigns.title,
			dueAt: campaigns.dueAt,
		})
		.from(assessments)
		.innerJoin(facilities, eq(facilities.id, assessments.facilityId))
		.innerJoin(provinces, eq(provinces.code, facilities.provinceCode))
		.innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
		.leftJoin(users, eq(users.id, assessments.claimedBy))
		.where(and(...conditions))
		.orderBy(asc(assessments.submittedAt))
		.limit(limit)
		.all()
}

export type StoredVerdict = { verdict: Verdict; value: Answer | null; reason: string | null; evaluatorName: string; decidedAt: Date }

/** The verdicts of one round, by criterion key. */
export function getVerdicts(db: Pick<Db, 'select'>, assessmentId: number, round: number): Map<string, StoredVerdict> {
	const rows = db
		.select({
			key: criteria.key,
			verdict: reviewVerdicts.verdict,
			value: reviewVerdicts.value,
			reason: reviewVerdicts.reason,
			evaluatorName: users.name,
			decidedAt: reviewVerdicts.decidedAt,
		})
		.from(reviewVerdicts)
		.innerJoin(criteria, eq(criteria.id, reviewVerdicts.criterionId))
		.innerJoin(users, eq(users.id, reviewVerdicts.evaluatorId))
		.where(and(eq(reviewVerdicts.assessmentId, assessmentId), eq(reviewVerdicts.round, round)))
		.all()
	return new Map(
		rows.map((r) => [
			r.key,
			{
				verdict: r.verdict,
				value: (r.value as Answer | null) ?? null,
				reason: r.reason,
				evaluatorName: r.evaluatorName,
				decidedAt: r.decidedAt,
			},
		]),
	)
}

export type CommentView = {
	id: number
	criterionKey: string | null
	authorName: string
	body: string
	requestsChange: boolean
	round: number
	createdAt: Date
}

/** Comment threads of an assessment, oldest first; `criterionKey` null for general remarks. */
export function getComments(db: Db, assessmentId: number): Array<CommentView> {
	return db
		.select({
			id: comments.id,
			criterionKey: criteria.key,
			authorName: users.name,
			body: comments.body,
			requestsChange: comments.requestsChange,
			round: comments.round,
			createdAt: comments.createdAt,
		})
		.from(comments)
		.leftJoin(criteria, eq(criteria.id, comments.criterionId))
		.innerJoin(users, eq(users.id, comments.authorId))
		.where(eq(comments.assessmentId, assessmentId))
		.orderBy(asc(comments.createdAt), asc(comments.id))
		.all()
}

/** The submission rounds of an assessment, oldest first. */
export function getSubmissions(db: Db, assessmentId: number) {
	return db
		.select({
			round: submissions.round,
			submittedAt: submissions.submittedAt,
			late: submissions.late,
			attestationName: submissions.attestationName,
			attestationTitle: submissions.attestationTitle,
		})
		.from(submissions)
		.where(eq(submissions.assessmentId, assessmentId))
		.orderBy(asc(submissions.round))
		.all()
}

/** The snapshot a submission froze (app/services/submission.server.ts writes it): answers with notes, evidence counts. */
export type SubmissionSnapshot = {
	answers: Record<string, { answer: Answer; note: string | null }>
	evidence?: Record<string, number>
}

/**
 * The latest submission of an earlier round than `round` (what a resubmission is compared with), or
 * without `round` the latest of all; null when there is none.
 */
export function previousSubmission(db: Pick<Db, 'select'>, assessmentId: number, round?: number) {
	const row = db
		.select({ round: submissions.round, submittedAt: submissions.submittedAt, snapshot: submissions.snapshot })
		.from(submissions)
		.where(and(eq(submissions.assessmentId, assessmentId), round === undefined ? undefined : lt(submissions.round, round)))
		.orderBy(desc(submissions.round))
		.limit(1)
		.get()
	return row ? { round: row.round, submittedAt: row.submittedAt, snapshot: row.snapshot as SubmissionSnapshot } : null
}

/** The assessment row as it stands: the re-read a review decision starts from, inside its transaction. */
export function currentAssessment(db: Pick<Db, 'select'>, assessmentId: number) {
	return db.select().from(assessments).where(eq(assessments.id, assessmentId)).get() ?? null
}

/** The name of the evaluator holding the claim on an assessment, or null. */
export function claimantName(db: Db, userId: number | null): string | null {
	if (userId === null) return null
	return db.select({ name: users.name }).from(users).where(eq(users.id, userId)).get()?.name ?? null
}

/** The row ID of a criterion of a catalog version, by its key; null when the version has no such criterion. */
export function criterionRowId(db: Pick<Db, 'select'>, catalogVersionId: number, key: string): number | null {
	return (
		db
			.select({ id: criteria.id })
			.from(criteria)
			.where(and(eq(criteria.catalogVersionId, catalogVersionId), eq(criteria.key, key)))
			.get()?.id ?? null
	)
}

/** The verdict already recorded on one criterion in one round (what a new verdict replaces), or null. */
export function verdictRow(db: Pick<Db, 'select'>, assessmentId: number, criterionRowId: number, round: number) {
	return (
		db
			.select()
			.from(reviewVerdicts)
			.where(
				and(eq(reviewVerdicts.assessmentId, assessmentId), eq(reviewVerdicts.criterionId, criterionRowId), eq(reviewVerdicts.round, round)),
			)
			.get() ?? null
	)
}
