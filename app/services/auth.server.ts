import { eq } from 'drizzle-orm'
import { getDb, schema } from '#db/client.server'
import { lastSuccessfulSignIn, signInFailuresForEmail, signInFailuresFromAddress, userByEmail } from '#db/queries/sessions'
import { getEnv } from '~/env.server'
import { burnPasswordCheck, verifyPassword } from '~/services/passwords.server'
import { appendAudit } from './audit.server'
import { createSession, deleteSessionByToken } from './session.server'

export type SignInResult =
	| { ok: true; token: string; userId: number }
	| { ok: false; reason: 'failed' | 'disabled' }
	| { ok: false; reason: 'throttled'; retryAfterMinutes: number }

function normaliseEmail(email: string) {
	return email.trim().toLowerCase()
}

/**
 * How long the e-mail or the address is locked out: failures since the last success inside the
 * window, per e-mail (LOGIN_MAX_FAILURES) and per client address (LOGIN_MAX_FAILURES_PER_IP).
 */
export function lockoutMinutes(email: string, ip: string | null, now: Date): number {
	const env = getEnv()
	const db = getDb()
	const windowStart = new Date(now.getTime() - env.LOGIN_WINDOW_MINUTES * 60_000)
	const lastSuccess = lastSuccessfulSignIn(db, email)
	const since = lastSuccess && lastSuccess > windowStart ? lastSuccess : windowStart
	const failures = signInFailuresForEmail(db, email, since)
	let until = 0
	if (failures && failures.n >= env.LOGIN_MAX_FAILURES) {
		until = Number(failures.newest) + env.LOGIN_WINDOW_MINUTES * 60_000
	}
	if (ip) {
		const perIp = signInFailuresFromAddress(db, ip, windowStart)
		if (perIp && perIp.n >= env.LOGIN_MAX_FAILURES_PER_IP) {
			until = Math.max(until, Number(perIp.newest) + env.LOGIN_WINDOW_MINUTES * 60_000)
		}
	}
	return until > now.getTime() ? Math.ceil((until - now.getTime()) / 60_000) : 0
}

export function recordAttempt(email: string, ip: string | null, success: boolean, at: Date) {
	getDb().insert(schema.loginAttempts).values({ email, ip, success, at }).run()
}

export async function signIn(
	input: { email: string; password: string; ip: string | null; userAgent: string | null; previousToken?: string | null },
	now = new Date(),
): Promise<SignInResult> {
	const email = normaliseEmail(input.email)
	const locked = lockoutMinutes(email, input.ip, now)
	if (locked > 0) return { ok: false, reason: 'throttled', retryAfterMinutes: locked }

	const db = getDb()
	const user = userByEmail(db, email)
	const passwordOk = user?.passwordHash
		? await verifyPassword(user.passwordHash, input.password)
		: (await burnPasswordCheck(input.password), false)

	if (!user || !passwordOk) {
		recordAttempt(email, input.ip, false, now)
		return { ok: false, reason: 'failed' }
	}
	if (user.status !== 'active') {
		recordAttempt(email, input.ip, false, now)
		return { ok: false, reason: 'disabled' }
	}

	// Rotation: whatever session the browser held before is ended; a fresh token is issued.
	if (input.previousToken) deleteSessionByToken(input.previousToken)
	const token = db.transaction((tx) => {
		recordAttempt(email, input.ip, true, now)
		tx.update(schema.users).set({ lastLoginAt: now }).where(eq(schema.users.id, user.id)).run()
		appendAudit(tx, {
			actorId: user.id,
			action: 'user.sign_in',
			entityType: 'user',
			entityId: user.id,
			after: { ip: input.ip },
			at: now,
		})
		return createSession(user.id, { ip: input.ip, userAgent: input.userAgent }, now)
	})
	return { ok: true, token, userId: user.id }
}

export function signOut(token: string) {
	deleteSessionByToken(token)
}
