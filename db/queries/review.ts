import { and, asc, eq, inArray, type SQL } from 'drizzle-orm'
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
export function getVerdicts(db: Db, assessmentId: number, round: number): Map<string, StoredVerdict> {
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
