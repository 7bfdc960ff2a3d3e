// Sessions and sign-in: the reads behind every request's "who is this?" and the sign-in throttle.
import { and, count, desc, eq, gt, sql } from 'drizzle-orm'
import { type AttemptKind } from '../../app/domain/enums'
import { type Db } from '../client.server'
import { prepared } from '../prepared'
import { facilities, loginAttempts, memberships, provinces, sessions, users } from '../schema/index'

export type SessionRow = typeof sessions.$inferSelect
export type UserRow = typeof users.$inferSelect

/** The session stored under a token's hash. Every request runs it: built and prepared once per connection. */
export function sessionById(db: Db, id: string): SessionRow | undefined {
	return prepared(db, 'session.byId', (d) =>
		d
			.select()
			.from(sessions)
			.where(eq(sessions.id, sql.placeholder('id')))
			.prepare(),
	).get({ id })
}

/** A user's sessions that have not reached their absolute expiry, most recently used first. */
export function liveSessionsOfUser(db: Pick<Db, 'select'>, userId: number, now: Date): Array<SessionRow> {
	return db
		.select()
		.from(sessions)
		.where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
		.orderBy(desc(sessions.lastSeenAt))
		.all()
}

export type SessionGrant = Pick<typeof memberships.$inferSelect, 'id' | 'role' | 'scopeKind' | 'facilityId' | 'provinceCode'> & {
	facilityName: string | null
	provinceName: string | null
}

/**
 * The account a session belongs to, with its grants and the names of their places; null when the
 * account does not exist. Every signed-in request runs it: prepared once per connection.
 */
export function sessionUser(db: Db, userId: number): { user: UserRow; grants: Array<SessionGrant> } | null {
	const user = prepared(db, 'user.byId', (d) =>
		d
			.select()
			.from(users)
			.where(eq(users.id, sql.placeholder('id')))
			.prepare(),
	).get({ id: userId })
	if (!user) return null
	const grants = prepared(db, 'user.memberships', (d) =>
		d
			.select({
				id: memberships.id,
				role: memberships.role,
				scopeKind: memberships.scopeKind,
				facilityId: memberships.facilityId,
				provinceCode: memberships.provinceCode,
				facilityName: facilities.name,
				provinceName: provinces.nameVi,
			})
			.from(memberships)
			.leftJoin(facilities, eq(facilities.id, memberships.facilityId))
			.leftJoin(provinces, eq(provinces.code, memberships.provinceCode))
			.where(eq(memberships.userId, sql.placeholder('userId')))
			.prepare(),
	).all({ userId })
	return { user, grants }
}

/** The account signing in with this (normalised) e-mail, or undefined. */
export function userByEmail(db: Pick<Db, 'select'>, email: string): UserRow | undefined {
	return db.select().from(users).where(eq(users.email, email)).get()
}

/** When this e-mail last succeeded at an attempt of this kind, or undefined. */
export function lastSuccessfulSignIn(db: Pick<Db, 'select'>, email: string, kind: AttemptKind = 'sign_in'): Date | undefined {
	return db
		.select({ at: loginAttempts.at })
		.from(loginAttempts)
		.where(and(eq(loginAttempts.email, email), eq(loginAttempts.success, true), eq(loginAttempts.kind, kind)))
		.orderBy(desc(loginAttempts.at))
		.limit(1)
		.get()?.at
}

export type FailureCount = { n: number; newest: number }

/**
 * Failed attempts of this kind with this e-mail after `since` (in-flight ones included: they are
 * written as failures before they are checked): how many, and when the newest was (epoch ms).
 */
export function signInFailuresForEmail(
	db: Pick<Db, 'select'>,
	email: string,
	since: Date,
	kind: AttemptKind = 'sign_in',
): FailureCount | undefined {
	return db
		.select({ n: count(), newest: sql<number>`max(${loginAttempts.at})` })
		.from(loginAttempts)
		.where(and(eq(loginAttempts.email, email), eq(loginAttempts.success, false), eq(loginAttempts.kind, kind), gt(loginAttempts.at, since)))
		.get()
}

/** Failed attempts of this kind from this client address after `since`, whatever the e-mail: how many, and the newest. */
export function signInFailuresFromAddress(
	db: Pick<Db, 'select'>,
	ip: string,
	since: Date,
	kind: AttemptKind = 'sign_in',
): FailureCount | undefined {
	return db
		.select({ n: count(), newest: sql<number>`max(${loginAttempts.at})` })
		.from(loginAttempts)
		.where(and(eq(loginAttempts.ip, ip), eq(loginAttempts.success, false), eq(loginAttempts.kind, kind), gt(loginAttempts.at, since)))
		.get()
}
