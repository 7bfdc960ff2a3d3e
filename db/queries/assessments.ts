import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { type Answer } from '../../app/domain/catalog/answers'
import { type Facility } from '../../app/domain/catalog/compile'
import { scoreAssessment } from '../../app/domain/catalog/scoring'
import { vnIsoDate } from '../../app/domain/dates'
import { type Db } from '../client.server'
import { prepared } from '../prepared'
import { answers, assessments, blobs, campaigns, criteria, evidenceFiles, facilities, provinces, reports, users } from '../schema/index'
import { getCampaignCatalogs, type LoadedVersion } from './catalogs'

/** The database or a transaction over it: every read here runs in either. */
type Reader = Pick<Db, 'select'>

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
export function getAnswers(db: Reader, assessmentId: number): Map<string, StoredAnswer> {
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

export function getEvidence(db: Reader, assessmentId: number, criterionKeys?: ReadonlyArray<string>): Array<EvidenceItem> {
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

export function evidenceCounts(db: Reader, assessmentId: number): Map<string, number> {
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

/** The answers of one of the assessment's catalog versions, by criterion key: what its live score needs. */
export function catalogAnswers(db: Reader, assessmentId: number, versionId: number): Map<string, Answer> {
	const rows = prepared(db, 'assessment.catalogAnswers', (d) =>
		d
			.select({ key: criteria.key, value: answers.value })
			.from(answers)
			.innerJoin(criteria, eq(criteria.id, answers.criterionId))
			.where(and(eq(answers.assessmentId, sql.placeholder('assessmentId')), eq(criteria.catalogVersionId, sql.placeholder('versionId'))))
			.prepare(),
	).all({ assessmentId, versionId })
	return new Map(rows.map((r) => [r.key, r.value as Answer]))
}

/** Scores the assessment's current answers (the live self-assessment) with its pinned catalogs. */
export function scoreContext(db: Reader, ctx: AssessmentContext) {
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

/**
 * What decides whether the facility may still edit: the assessment's status and its round's, read
 * again inside a writing transaction (the guard's copy may be stale). Undefined when it does not exist.
 */
export function assessmentEditState(db: Reader, assessmentId: number) {
	return prepared(db, 'assessment.editState', (d) =>
		d
			.select({ status: assessments.status, version: assessments.version, campaignStatus: campaigns.status })
			.from(assessments)
			.innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
			.where(eq(assessments.id, sql.placeholder('id')))
			.prepare(),
	).get({ id: assessmentId })
}

/**
 * The criteria about to be saved (by key, within the assessment's catalog versions) with their
 * current answers, if any, and who wrote them: one prepared statement whatever the number of keys
 * (the lists travel as JSON arrays).
 */
export function answersForSave(
	db: Reader,
	input: { assessmentId: number; versionIds: ReadonlyArray<number>; keys: ReadonlyArray<string> },
) {
	if (!input.keys.length) return []
	return prepared(db, 'assessment.answersForSave', (d) =>
		d
			.select({
				criterionId: criteria.id,
				key: criteria.key,
				value: answers.value,
				version: answers.version,
				updatedAt: answers.updatedAt,
				byName: users.name,
			})
			.from(criteria)
			.leftJoin(answers, and(eq(answers.assessmentId, sql.placeholder('assessmentId')), eq(answers.criterionId, criteria.id)))
			.leftJoin(users, eq(users.id, answers.updatedBy))
			// One pair list, not two IN lists: with two, SQLite built two temporary tables per call and
			// took about 350 µs; the pairs are sought in the (version, key) index in about 15 µs.
			.where(
				sql`(${criteria.catalogVersionId}, ${criteria.key}) in (select v.value, k.value from json_each(${sql.placeholder('versionIds')}) v, json_each(${sql.placeholder('keys')}) k)`,
			)
			.prepare(),
	).all({ assessmentId: input.assessmentId, versionIds: JSON.stringify(input.versionIds), keys: JSON.stringify(input.keys) })
}

/** The assessment's signed report, as its overview links it (the newest, should there be several). */
export function signedReportLink(db: Reader, assessmentId: number): { id: string; demo: boolean } | null {
	const row = db
		.select({ id: reports.id, demo: reports.signerIsDemo })
		.from(reports)
		.where(and(eq(reports.assessmentId, assessmentId), eq(reports.kind, 'signed')))
		.orderBy(desc(reports.createdAt))
		.get()
	return row ?? null
}
