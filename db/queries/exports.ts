import { and, asc, eq, sql } from 'drizzle-orm'
import { type Answer } from '../../app/domain/catalog/answers'
import { type Grant } from '../../app/domain/permissions'
import { type Db } from '../client.server'
import { prepared } from '../prepared'
import { assessments, criteria, facilities, provinces, reviewVerdicts } from '../schema/index'
import { recordColumns } from './facilities'
import { facilityScopeCondition } from './scope'

/**
 * A round's assessments in the user's reach, with the facility's attributes: by province code, then
 * facility name in Vietnamese order (the stored sort key, docs/decisions/017); the page model puts the
 * provinces in the order of their names.
 */
export function exportAssessments(db: Db, campaignId: number, grants: ReadonlyArray<Grant>) {
	return db
		.select({
			id: assessments.id,
			status: assessments.status,
			submittedAt: assessments.submittedAt,
			late: assessments.late,
			approvedAt: assessments.approvedAt,
			facility: recordColumns,
			provinceVi: provinces.nameVi,
			provinceEn: provinces.nameEn,
		})
		.from(assessments)
		.innerJoin(facilities, eq(facilities.id, assessments.facilityId))
		.innerJoin(provinces, eq(provinces.code, facilities.provinceCode))
		.where(and(eq(assessments.campaignId, campaignId), facilityScopeCondition(grants, 'campaign:monitor')))
		.orderBy(asc(facilities.provinceCode), asc(facilities.sortKey), asc(facilities.code))
		.all()
}

export type LatestVerdict = { verdict: 'accept' | 'adjust' | 'not_met'; value: Answer | null; reason: string | null; round: number }

/** The evaluator's latest verdict on each criterion of an assessment (the last round that judged it). */
export function latestVerdicts(db: Db, assessmentId: number): Map<string, LatestVerdict> {
	const rows = prepared(db, 'export.verdicts', (d) =>
		d
			.select({
				key: criteria.key,
				verdict: reviewVerdicts.verdict,
				value: reviewVerdicts.value,
				reason: reviewVerdicts.reason,
				round: reviewVerdicts.round,
			})
			.from(reviewVerdicts)
			.innerJoin(criteria, eq(criteria.id, reviewVerdicts.criterionId))
			.where(eq(reviewVerdicts.assessmentId, sql.placeholder('id')))
			.orderBy(asc(reviewVerdicts.round))
			.prepare(),
	).all({ id: assessmentId })
	return new Map(
		rows.map((r) => [r.key, { verdict: r.verdict, value: (r.value as Answer | null) ?? null, reason: r.reason, round: r.round }]),
	)
}

/**
 * How many assessments of a round reached each level of each catalog, self-assessed and verified,
 * counted by SQLite from the cached scores (nothing held in memory for a national round).
 */
export function levelCounts(db: Db, campaignId: number, grants: ReadonlyArray<Grant>): Map<string, { self: number; verified: number }> {
	const out = new Map<string, { self: number; verified: number }>()
	for (const [column, key] of [
		[assessments.selfScore, 'self'],
		[assessments.verifiedScore, 'verified'],
	] as const) {
		const rows = db
			.select({
				code: sql<string>`json_extract(s.value, '$.code')`,
				level: sql<string | null>`json_extract(s.value, '$.achievedLevel.id')`,
				n: sql<number>`count(*)`,
			})
			.from(assessments)
			.innerJoin(facilities, eq(facilities.id, assessments.facilityId))
			.innerJoin(sql`json_each(${column}) s`, sql`1 = 1`)
			.where(and(eq(assessments.campaignId, campaignId), facilityScopeCondition(grants, 'campaign:monitor')))
			.groupBy(sql`1`, sql`2`)
			.all()
		for (const r of rows) {
			if (!r.level) continue
			const k = `${r.code} ${r.level}`
			const entry = out.get(k) ?? { self: 0, verified: 0 }
			entry[key] = r.n
			out.set(k, entry)
		}
	}
	return out
}
