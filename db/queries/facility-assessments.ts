import { count, desc, eq, inArray } from 'drizzle-orm'
import { applicabilityFor } from '../../app/domain/catalog/compile'
import { vnIsoDate } from '../../app/domain/dates'
import { type Grant } from '../../app/domain/permissions'
import { type Db } from '../client.server'
import { answers, assessments, campaignCatalogs, campaigns, facilities } from '../schema/index'
import { getCatalogVersionById, type LoadedVersion } from './catalogs'
import { facilityScopeCondition } from './scope'

/** The assessments a user may read, newest round first, facilities in Vietnamese order (the stored sort key, docs/decisions/017), with how many answers each has. */
export function listAssessments(db: Db, grants: ReadonlyArray<Grant>, limit = 200) {
	const order = [desc(campaigns.dueAt), facilities.sortKey, facilities.code] as const
	// Two steps in one query: the first `limit` ids in order (a narrow sort over the index), then their
	// rows; sorting every wide row in scope took five times as long (docs/PERFORMANCE.md, "Long lists").
	const first = db
		.select({ id: assessments.id })
		.from(assessments)
		.innerJoin(facilities, eq(facilities.id, assessments.facilityId))
		.innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
		.where(facilityScopeCondition(grants, 'assessment:read'))
		.orderBy(...order)
		.limit(limit)
	const rows = db
		.select({
			id: assessments.id,
			status: assessments.status,
			late: assessments.late,
			submittedAt: assessments.submittedAt,
			facilityId: facilities.id,
			facilityName: facilities.name,
			facilityType: facilities.type,
			facilityClass: facilities.class,
			managingBody: facilities.managingBody,
			opensAt: campaigns.opensAt,
			campaignId: campaigns.id,
			campaignTitle: campaigns.title,
			year: campaigns.year,
			dueAt: campaigns.dueAt,
		})
		.from(assessments)
		.innerJoin(facilities, eq(facilities.id, assessments.facilityId))
		.innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
		.where(inArray(assessments.id, first))
		.orderBy(...order)
		.all()
	const ids = rows.map((r) => r.id)
	const counts = ids.length
		? db
				.select({ id: answers.assessmentId, n: count() })
				.from(answers)
				.where(inArray(answers.assessmentId, ids))
				.groupBy(answers.assessmentId)
				.all()
		: []
	const answered = new Map(counts.map((c) => [c.id, c.n]))
	const catalogsOf = new Map<number, Array<LoadedVersion>>()
	return rows.map(({ facilityType, facilityClass, managingBody, opensAt, ...r }) => {
		let catalogs = catalogsOf.get(r.campaignId)
		if (!catalogs) {
			catalogs = db
				.select({ id: campaignCatalogs.catalogVersionId })
				.from(campaignCatalogs)
				.where(eq(campaignCatalogs.campaignId, r.campaignId))
				.all()
				.map((c) => getCatalogVersionById(db, c.id))
				.filter((c): c is LoadedVersion => c !== null)
			catalogsOf.set(r.campaignId, catalogs)
		}
		const profile = { type: facilityType, class: facilityClass, managingBody }
		const asOf = vnIsoDate(opensAt)
		const applicable = catalogs.reduce((sum, c) => sum + applicabilityFor(c.compiled, profile, asOf).reduce((a, b) => a + b, 0), 0)
		return { ...r, answered: answered.get(r.id) ?? 0, applicable }
	})
}
