// What the demo seed reads: whether a database may be wiped, and the assessments a round opened.
import { eq, notLike } from 'drizzle-orm'
import { type Db } from '../client.server'
import { assessments, users } from '../schema/index'

/** The e-mail of an account whose address is not in the demo domain (a sign of a real database), or null. */
export function accountOutsideDomain(db: Db, domain: string): string | null {
	return (
		db
			.select({ email: users.email })
			.from(users)
			.where(notLike(users.email, `%${domain}`))
			.limit(1)
			.get()?.email ?? null
	)
}

/** The assessments of a campaign, in the order they were opened. */
export function campaignAssessmentIds(db: Db, campaignId: number): Array<number> {
	return db
		.select({ id: assessments.id })
		.from(assessments)
		.where(eq(assessments.campaignId, campaignId))
		.orderBy(assessments.id)
		.all()
		.map((r) => r.id)
}
