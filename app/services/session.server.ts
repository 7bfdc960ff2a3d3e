import crypto from 'node:crypto'
import { and, eq, lt, ne } from 'drizzle-orm'
import { getDb, schema } from '#db/client.server'
import { liveSessionsOfUser, sessionById, type SessionRow } from '#db/queries/sessions'
import { getEnv } from '~/env.server'

export function hashToken(token: string) {
	return crypto.createHash('sha256').update(token).digest('hex')
}

/** Only refresh last_seen_at when it is this old, so reads do not turn into a write each time. */
const TOUCH_AFTER_MS = 60_000

/** Creates a new session and returns its secret token (for the cookie). */
export function createSession(userId: number, meta: { ip: string | null; userAgent: string | null }, now = new Date()) {
	const env = getEnv()
	const token = crypto.randomBytes(32).toString('base64url')
	getDb()
		.insert(schema.sessions)
		.values({
			id: hashToken(token),
			userId,
			createdAt: now,
			lastSeenAt: now,
			expiresAt: new Date(now.getTime() + env.SESSION_ABSOLUTE_HOURS * 3_600_000),
			ip: meta.ip,
			userAgent: meta.userAgent?.slice(0, 300) ?? null,
		})
		.run()
	return token
}

export type SessionLookup = { status: 'valid'; session: SessionRow } | { status: 'expired' } | { status: 'none' }

/**
 * Finds the live session for a token. A session past its absolute expiry, or idle for longer
 * than the idle timeout, is deleted and reported as expired.
 */
export function findSession(token: string, now = new Date()): SessionLookup {
	const env = getEnv()
	const db = getDb()
	const id = hashToken(token)
	const session = sessionById(db, id)
	if (!session) return { status: 'none' }
	const idleLimit = session.lastSeenAt.getTime() + env.SESSION_IDLE_MINUTES * 60_000
	if (session.expiresAt.getTime() <= now.getTime() || idleLimit <= now.getTime()) {
		db.delete(schema.sessions).where(eq(schema.sessions.id, id)).run()
		return { status: 'expired' }
	}
	if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
		db.update(schema.sessions).set({ lastSeenAt: now }).where(eq(schema.sessions.id, id)).run()
	}
	return { status: 'valid', session }
}

export function deleteSessionByToken(token: string) {
	getDb()
		.delete(schema.sessions)
		.where(eq(schema.sessions.id, hashToken(token)))
		.run()
}

export function deleteExpiredSessions(now = new Date()) {
	getDb().delete(schema.sessions).where(lt(schema.sessions.expiresAt, now)).run()
	// Second sign-in steps never finished (docs/decisions/016).
	getDb().delete(schema.signInChallenges).where(lt(schema.signInChallenges.expiresAt, now)).run()
}

/** A short handle for a session in a form: not the stored hash, which never leaves the server. */
function handleOf(sessionId: string) {
	return crypto.createHash('sha256').update(`session-handle:${sessionId}`).digest('hex').slice(0, 20)
}

/** A user's live sessions as they see them on their account page; `current` marks this browser's. */
export function describeSessions(userId: number, currentToken: string | null, now = new Date()) {
	const current = currentToken ? hashToken(currentToken) : null
	return liveSessionsOfUser(getDb(), userId, now).map((s) => ({
		handle: handleOf(s.id),
		current: s.id === current,
		createdAt: s.createdAt,
		lastSeenAt: s.lastSeenAt,
		ip: s.ip,
		userAgent: s.userAgent,
	}))
}

/** Ends one of the user's own sessions, named by its handle; false when there is no such session. */
export function endSessionByHandle(db: Pick<ReturnType<typeof getDb>, 'delete'>, userId: number, handle: string, now = new Date()) {
	const target = liveSessionsOfUser(getDb(), userId, now).find((s) => handleOf(s.id) === handle)
	if (!target) return false
	db.delete(schema.sessions)
		.where(and(eq(schema.sessions.id, target.id), eq(schema.sessions.userId, userId)))
		.run()
	return true
}

/** Ends every session of the user, except the one with `keepToken` (this browser's) when given. */
export function endSessions(db: Pick<ReturnType<typeof getDb>, 'delete'>, userId: number, keepToken?: string | null) {
	const where = keepToken
		? and(eq(schema.sessions.userId, userId), ne(schema.sessions.id, hashToken(keepToken)))
		: eq(schema.sessions.userId, userId)
	return db.delete(schema.sessions).where(where).run().changes
}
