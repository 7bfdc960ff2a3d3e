// Reads behind the comparison across rounds (docs/ROUNDS.md): a facility's previous round, what it
// submitted then, and what its peers answered in the same round.
import { and, desc, eq, inArray, lt, ne, or, sql } from 'drizzle-orm'
import { type Answer } from '../../app/domain/catalog/answers'
import { type Db } from '../client.server'
import { answers, assessments, campaigns, criteria, facilities } from '../schema/index'
import { previousSubmission } from './review'

type Reader = Pick<Db, 'select'>

/**
 * The same facility's assessment in the most recent round that opened before this one and that
 * the facility submitted (any status but draft); null when there is none.
 */
export function previousAssessment(db: Reader, current: { facilityId: number; campaignId: number; opensAt: Date }) {
	return (
		db
			.select({
				id: assessments.id,
				campaignId: campaigns.id,
				status: assessments.status,
				round: assessments.round,
				campaignTitle: campaigns.title,
			})
			.from(assessments)
			.innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
			.where(
				and(
					eq(assessments.facilityId, current.facilityId),
					ne(assessments.status, 'draft'),
					ne(campaigns.id, current.campaignId),
					or(lt(campaigns.opensAt, current.opensAt), and(eq(campaigns.opensAt, current.opensAt), lt(campaigns.id, current.campaignId))),
				),
			)
			.orderBy(desc(campaigns.opensAt), desc(campaigns.id))
			.limit(1)
			.get() ?? null
	)
}

/** The answers of an assessment's last submission, as frozen in its snapshot, by criterion key. */
export function lastSubmittedAnswers(db: Reader, assessmentId: number): Map<string, Answer> | null {
	const last = previousSubmission(db, assessmentId)
	if (!last) return null
	return new Map(Object.entries(last.snapshot.answers ?? {}).map(([k, v]) => [k, v.answer]))
}

export type PeerCounts = Map<string, { total: number; values: Map<string, number> }>

/**
 * What submitted peers (same type and class, same round, another facility) answered to each
 * yes/no or choice criterion: the number of peers who answered, and how many gave each value.
 */
export function peerAnswerCounts(
	db: Reader,
	input: { campaignId: number; facilityId: number; type: string; class: string; keys: ReadonlyArray<string> },
): PeerCounts {
	const out: PeerCounts = new Map()
	if (!input.keys.length) return out
	const value = sql<string>`json_extract(${answers.value}, '$.value')`
	const rows = db
		.select({ key: criteria.key, value, n: sql<number>`count(*)` })
		.from(answers)
		.innerJoin(assessments, eq(assessments.id, answers.assessmentId))
		.innerJoin(facilities, eq(facilities.id, assessments.facilityId))
		.innerJoin(criteria, eq(criteria.id, answers.criterionId))
		.where(
			and(
				eq(assessments.campaignId, input.campaignId),
				ne(assessments.facilityId, input.facilityId),
				ne(assessments.status, 'draft'),
				eq(facilities.type, input.type as typeof facilities.$inferSelect.type),
				eq(facilities.class, input.class as typeof facilities.$inferSelect.class),
				inArray(sql<string>`json_extract(${answers.value}, '$.kind')`, ['yes_no', 'choice']),
				inArray(criteria.key, [...input.keys]),
			),
		)
		.groupBy(criteria.key, value)
		.all()
	for (const r of rows) {
		let c = out.get(r.key)
		if (!c) out.set(r.key, (c = { total: 0, values: new Map() }))
		c.total += r.n
		c.values.set(String(r.value), r.n)
	}
	return out
}

/** The due dates of these campaigns, by id: the portal orders rounds by them (latest first, then the newest). */
export function campaignDueDates(db: Reader, ids: ReadonlyArray<number>): Map<number, number> {
	if (!ids.length) return new Map()
	return new Map(
		db
			.select({ id: campaigns.id, dueAt: campaigns.dueAt })
			.from(campaigns)
			.where(inArray(campaigns.id, [...ids]))
			.all()
			.map((c) => [c.id, c.dueAt.getTime()]),
	)
}
