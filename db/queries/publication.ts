import { and, desc, eq, inArray, isNull } from 'drizzle-orm'
import { type Grant } from '../../app/domain/permissions'
import { type Db } from '../client.server'
import { assessments, campaigns, facilities, provinces, publications } from '../schema/index'
import { facilityScopeCondition } from './scope'

/** Approved and published results a publisher may act on. */
export function publishable(
	db: Db,
	grants: ReadonlyArray<Grant>,
	opts: { ids?: ReadonlyArray<number>; campaignId?: number; limit?: number } = {},
) {
	return db
		.select({
			id: assessments.id,
			status: assessments.status,
			approvedAt: assessments.approvedAt,
			facilityId: facilities.id,
			facilityName: facilities.name,
			provinceCode: facilities.provinceCode,
			managingBody: facilities.managingBody,
			provinceName: provinces.nameVi,
			campaignId: campaigns.id,
			campaignTitle: campaigns.title,
			campaignOpensAt: campaigns.opensAt,
			verifiedScore: assessments.verifiedScore,
			publishedAt: publications.publishedAt,
		})
		.from(assessments)
		.innerJoin(facilities, eq(facilities.id, assessments.facilityId))
		.innerJoin(provinces, eq(provinces.code, facilities.provinceCode))
		.innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
		.leftJoin(publications, and(eq(publications.assessmentId, assessments.id), isNull(publications.withdrawnAt)))
		.where(
			and(
				inArray(assessments.status, ['approved', 'published']),
				facilityScopeCondition(grants, 'publication:manage'),
				opts.ids ? inArray(assessments.id, [...opts.ids]) : undefined,
				opts.campaignId ? eq(assessments.campaignId, opts.campaignId) : undefined,
			),
		)
		.orderBy(desc(assessments.approvedAt))
		.limit(opts.limit ?? 500)
		.all()
}

/** What publishing or withdrawing a result starts from, re-read inside its transaction; null when there is no such assessment. */
export function publicationSubject(db: Pick<Db, 'select'>, assessmentId: number) {
	return (
		db
			.select({
				status: assessments.status,
				version: assessments.version,
				claimedBy: assessments.claimedBy,
				managingBody: facilities.managingBody,
			})
			.from(assessments)
			.innerJoin(facilities, eq(facilities.id, assessments.facilityId))
			.where(eq(assessments.id, assessmentId))
			.get() ?? null
	)
}
