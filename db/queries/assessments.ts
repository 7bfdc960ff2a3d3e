import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm'
import { type Answer } from '../../app/domain/catalog/answers'
import { type Facility } from '../../app/domain/catalog/compile'
import { scoreAssessment } from '../../app/domain/catalog/scoring'
import { vnIsoDate } from '../../app/domain/dates'
import { type Db } from '../client.server'
import { prepared } from '../prepared'
import { answers, assessments, blobs, campaigns, criteria, evidenceFiles, facilities, provinces, users } from '../schema/index'
import { getCampaignCatalogs, type LoadedVersion } from './catalogs'

export type AssessmentContext = {
	assessment: typeof assessments.$inferSelect
	campaign: typeof campaigns.$inferSelect
	facility: typeof facilities.$inferSelect
	provinceName: string
	catalogs: Array<LoadedVersion>
	facilityProfile: Facility
	/** The assessment's reference date (yyyy-mm-dd, the campaign's opening day): repeals before it apply. */
	asOf: string
}

/** An assessment with its campaign, facility and pinned catalog versions; null when it does not exist. */
export function getAssessmentContext(db: Db, assessmentId: number): AssessmentContext | null {
	const row = prepared(db, 'assessment.context', (d) =>
		d
			.select({ assessment: assessments, campaign: campaigns, facility: facilities, provinceName: provinces.nameVi })
			.from(assessments)
			.innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
			.innerJoin(facilities, eq(facilities.id, assessments.facilityId))
			.innerJoin(provinces, eq(provinces.code, facilities.provinceCode))
			.where(eq(assessments.id, sql.placeholder('id')))
			.prepare(),
	).get({ id: assessmentId })
	if (!row) return null
	const catalogs = getCampaignCatalogs(db, row.campaign.id)
	return {
		...row,
		catalogs,
		facilityProfile: { type: row.facility.type, class: row.facility.class, managingBody: row.facility.managingBody },
		asOf: vnIsoDate(row.campaign.opensAt),
	}
}

export type StoredAnswer = {
	key: string
	answer: Answer
	note: string | null
	version: number
	updatedAt: Date
	updatedByName: string | null
}

/** Every answer of an assessment, by criterion key. */
export function getAnswers(db: Db, assessmentId: number): Map<string, StoredAnswer> {
	const rows = prepared(db, 'assessment.answers', (d) =>
		d
			.select({
				key: criteria.key,
				value: answers.value,
				note: answers.note,
				version: answers.version,
				updatedAt: answers.updatedAt,
				updatedByName: users.name,
			})
			.from(answers)
			.innerJoin(criteria, eq(criteria.id, answers.criterionId))
			.leftJoin(users, eq(users.id, answers.updatedBy))
			.where(eq(answers.assessmentId, sql.placeholder('id')))
			.prepare(),
	).all({ id: assessmentId })
	return new Map(
		rows.map((r) => [
			r.key,
			{ key: r.key, answer: r.value as Answer, note: r.note, version: r.version, updatedAt: r.updatedAt, updatedByName: r.updatedByName },
		]),
	)
}

export type EvidenceItem = {
	id: number
	key: string
	fileName: string
	size: number
	mime: string
	sha256: string
	uploadedAt: Date
	uploadedByName: string | null
}

export function getEvidence(db: Db, assessmentId: number, criterionKeys?: ReadonlyArray<string>): Array<EvidenceItem> {
	return db
		.select({
			id: evidenceFiles.id,
			key: criteria.key,
			fileName: evidenceFiles.fileName,
			size: blobs.size,
			mime: blobs.mime,
			sha256: evidenceFiles.sha256,
			uploadedAt: evidenceFiles.uploadedAt,
			uploadedByName: users.name,
		})
		.from(evidenceFiles)
		.innerJoin(criteria, eq(criteria.id, evidenceFiles.criterionId))
		.innerJoin(blobs, eq(blobs.sha256, evidenceFiles.sha256))
		.leftJoin(users, eq(users.id, evidenceFiles.uploadedBy))
		.where(
			and(
				eq(evidenceFiles.assessmentId, assessmentId),
				isNull(evidenceFiles.removedAt),
				criterionKeys ? inArray(criteria.key, [...criterionKeys]) : undefined,
			),
		)
		.orderBy(asc(evidenceFiles.uploadedAt))
		.all()
}

export function evidenceCounts(db: Db, assessmentId: number): Map<string, number> {
	const rows = prepared(db, 'assessment.evidenceCounts', (d) =>
		d
			.select({ key: criteria.key, n: count() })
			.from(evidenceFiles)
			.innerJoin(criteria, eq(criteria.id, evidenceFiles.criterionId))
			.where(and(eq(evidenceFiles.assessmentId, sql.placeholder('id')), isNull(evidenceFiles.removedAt)))
			.groupBy(criteria.key)
			.prepare(),
	).all({ id: assessmentId })
	return new Map(rows.map((r) => [r.key, r.n]))
}

/** Scores the assessment's current answers (the live self-assessment) with its pinned catalogs. */
export function scoreContext(db: Db, ctx: AssessmentContext) {
	const stored = getAnswers(db, ctx.assessment.id)
	const answers = new Map<string, Answer>([...stored].map(([k, v]) => [k, v.answer]))
	const result = scoreAssessment(
		ctx.catalogs.map((c) => c.compiled),
		answers,
		ctx.facilityProfile,
		{ asOf: ctx.asOf },
	)
	return { stored, answers, result }
}
