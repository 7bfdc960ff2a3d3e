import { and, count, eq, isNotNull, isNull, sql } from 'drizzle-orm'
import { type Db } from '../client.server'
import { prepared } from '../prepared'
import { recoveryCodes, secondFactors, signInChallenges } from '../schema/index'

/** A user's second factor, confirmed or still being enrolled (docs/decisions/016). */
export function secondFactorOf(db: Pick<Db, 'select'>, userId: number) {
	return db.select().from(secondFactors).where(eq(secondFactors.userId, userId)).get()
}

/** Whether the user signs in with a confirmed second factor. Run on the requests of accounts that must have one. */
export function hasConfirmedSecondFactor(db: Db, userId: number): boolean {
	const row = prepared(db, 'secondFactor.confirmed', (d) =>
		d
			.select({ one: sql<number>`1` })
			.from(secondFactors)
			.where(and(eq(secondFactors.userId, sql.placeholder('userId')), isNotNull(secondFactors.confirmedAt)))
			.prepare(),
	).get({ userId })
	return row !== undefined
}

/** How many of the user's recovery codes are still unused. */
export function unusedRecoveryCodes(db: Pick<Db, 'select'>, userId: number): number {
	return (
		db
			.select({ n: count() })
			.from(recoveryCodes)
			.where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
			.get()?.n ?? 0
	)
}

/** A pending second sign-in step by its token's hash. */
export function signInChallengeById(db: Pick<Db, 'select'>, id: string) {
	return db.select().from(signInChallenges).where(eq(signInChallenges.id, id)).get()
}
