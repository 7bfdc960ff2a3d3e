import crypto from 'node:crypto'
import { and, eq, isNull } from 'drizzle-orm'
import { type Db, getDb, schema } from '#db/client.server'
import { hasConfirmedSecondFactor, secondFactorOf, signInChallengeById } from '#db/queries/second-factor'
import { lastSuccessfulSignIn, signInFailuresForEmail, signInFailuresFromAddress, userByEmail } from '#db/queries/sessions'
import { userById } from '#db/queries/users'
import { type AttemptKind } from '~/domain/enums'
import { classifyCode, SIGN_IN_CHALLENGE_MINUTES } from '~/domain/second-factor'
import { throttleDecision } from '~/domain/throttle'
import { getEnv } from '~/env.server'
import { burnPasswordCheck, verifyPassword } from '~/services/passwords.server'
import { appendAudit } from './audit.server'
import { claimStep, hashRecoveryCode, matchingStep, openSecret } from './second-factor.server'
import { createSession, deleteSessionByToken, hashToken } from './session.server'

export type ThrottleRefusal =
	| { ok: false; reason: 'throttled'; scope: 'account'; retryAfterMinutes: number }
	| { ok: false; reason: 'throttled'; scope: 'address'; retryAfterSeconds: number }

export type SignInResult =
	| { ok: true; token: string; userId: number }
	| { ok: false; reason: 'failed' | 'disabled' }
	/** The password was right and the account has a second factor: no session yet, a code is asked for (docs/decisions/016). */
	| { ok: false; reason: 'second_factor'; challenge: string }
	| ThrottleRefusal

function normaliseEmail(email: string) {
	return email.trim().toLowerCase()
}

/**
 * Counts before anything is verified (docs/SECURITY.md, finding 1): in one immediate transaction
 * (the write lock is taken first, so other processes on the same file wait) it counts the recent
 * failures of the e-mail and of the address, decides with the pure rule (app/domain/throttle.ts),
 * and if the attempt may go ahead writes it as a failure at once. Parallel attempts therefore see
 * each other: the sixth of sixty concurrent guesses is refused before its password is checked.
 * The caller settles the attempt when it knows the answer.
 */
export function reserveAttempt(
	email: string,
	ip: string | null,
	now: Date,
	kind: AttemptKind = 'sign_in',
): { ok: true; attemptId: number } | ThrottleRefusal {
	const env = getEnv()
	return getDb().transaction(
		(tx) => {
			const windowStart = new Date(now.getTime() - env.LOGIN_WINDOW_MINUTES * 60_000)
			const lastSuccess = lastSuccessfulSignIn(tx, email, kind)
			const since = lastSuccess && lastSuccess > windowStart ? lastSuccess : windowStart
			const account = signInFailuresForEmail(tx, email, since, kind)
			const address = ip ? signInFailuresFromAddress(tx, ip, windowStart, kind) : undefined
			const decision = throttleDecision(
				{
					account: { failures: account?.n ?? 0, newest: account?.newest == null ? null : Number(account.newest) },
					address: ip ? { failures: address?.n ?? 0, newest: address?.newest == null ? null : Number(address.newest) } : null,
					now: now.getTime(),
				},
				{
					maxFailuresPerAccount: env.LOGIN_MAX_FAILURES,
					windowMinutes: env.LOGIN_WINDOW_MINUTES,
					freeFailuresPerAddress: env.LOGIN_MAX_FAILURES_PER_IP,
				},
			)
			if (!decision.allowed) {
				return decision.scope === 'account'
					? { ok: false as const, reason: 'throttled' as const, scope: 'account' as const, retryAfterMinutes: decision.retryAfterMinutes }
					: { ok: false as const, reason: 'throttled' as const, scope: 'address' as const, retryAfterSeconds: decision.retryAfterSeconds }
			}
			const row = tx
				.insert(schema.loginAttempts)
				.values({ email, ip, success: false, at: now, kind })
				.returning({ id: schema.loginAttempts.id })
				.get()
			return { ok: true as const, attemptId: row.id }
		},
		{ behavior: 'immediate' },
	)
}

/** A reserved attempt turned out right: it becomes a success (which ends the account's count). */
export function settleAttemptAsSuccess(tx: Pick<Db, 'update'>, attemptId: number) {
	tx.update(schema.loginAttempts).set({ success: true }).where(eq(schema.loginAttempts.id, attemptId)).run()
}

/** A reserved attempt that proved nothing either way (a re-check of one's own password that was right): forgotten. */
export function forgetAttempt(attemptId: number) {
	getDb().delete(schema.loginAttempts).where(eq(schema.loginAttempts.id, attemptId)).run()
}

/**
 * The end of a sign-in that proved who it is (the password, or the password then the second
 * factor): the attempt a success, the sign-in noted and audited, a fresh session (its token).
 */
function openSession(
	tx: Parameters<Parameters<Db['transaction']>[0]>[0],
	userId: number,
	attemptId: number,
	client: { ip: string | null; userAgent: string | null },
	now: Date,
	audited: Record<string, unknown>,
) {
	settleAttemptAsSuccess(tx, attemptId)
	tx.update(schema.users).set({ lastLoginAt: now }).where(eq(schema.users.id, userId)).run()
	appendAudit(tx, { actorId: userId, action: 'user.sign_in', entityType: 'user', entityId: userId, after: audited, at: now })
	return createSession(userId, { ip: client.ip, userAgent: client.userAgent }, now)
}

export async function signIn(
	input: { email: string; password: string; ip: string | null; userAgent: string | null; previousToken?: string | null },
	now = new Date(),
): Promise<SignInResult> {
	const email = normaliseEmail(input.email)
	const attempt = reserveAttempt(email, input.ip, now)
	if (!attempt.ok) return attempt

	const db = getDb()
	const user = userByEmail(db, email)
	const passwordOk = user?.passwordHash
		? await verifyPassword(user.passwordHash, input.password)
		: (await burnPasswordCheck(input.password), false)

	// The attempt is already recorded as a failure: a wrong password or a disabled account leaves it so.
	if (!user || !passwordOk) return { ok: false, reason: 'failed' }
	if (user.status !== 'active') return { ok: false, reason: 'disabled' }

	// The second step: a challenge bound to this user, valid for minutes, that grants nothing.
	if (hasConfirmedSecondFactor(db, user.id)) {
		const challenge = crypto.randomBytes(32).toString('base64url')
		db.transaction((tx) => {
			settleAttemptAsSuccess(tx, attempt.attemptId)
			tx.insert(schema.signInChallenges)
				.values({
					id: hashToken(challenge),
					userId: user.id,
					createdAt: now,
					expiresAt: new Date(now.getTime() + SIGN_IN_CHALLENGE_MINUTES * 60_000),
				})
				.run()
		})
		return { ok: false, reason: 'second_factor', challenge }
	}

	// Rotation: whatever session the browser held before is ended; a fresh token is issued.
	if (input.previousToken) deleteSessionByToken(input.previousToken)
	const token = db.transaction((tx) => {
		return openSession(tx, user.id, attempt.attemptId, input, now, { ip: input.ip })
	})
	return { ok: true, token, userId: user.id }
}

export type SecondStepResult =
	| { ok: true; token: string; userId: number; factor: 'totp' | 'recovery' }
	/** No such pending sign-in, or it expired: start again with the password. */
	| { ok: false; reason: 'expired' }
	| { ok: false; reason: 'failed' }
	| ThrottleRefusal

/**
 * The second step of a sign-in: the code of the user's authenticator (each time step once) or one
 * of their recovery codes (each once). The attempt is counted before the code is checked, as a
 * password is, per account and per address ('second_factor' attempts), so parallel guesses see
 * each other. Only a right code creates a session; the pending step is then spent.
 */
export async function completeSignIn(
	input: { challenge: string; code: string; ip: string | null; userAgent: string | null; previousToken?: string | null },
	now = new Date(),
): Promise<SecondStepResult> {
	const db = getDb()
	const challengeId = hashToken(input.challenge)
	const pending = signInChallengeById(db, challengeId)
	if (!pending) return { ok: false, reason: 'expired' }
	if (pending.expiresAt.getTime() <= now.getTime()) {
		db.delete(schema.signInChallenges).where(eq(schema.signInChallenges.id, challengeId)).run()
		return { ok: false, reason: 'expired' }
	}
	const user = userById(db, pending.userId)
	const factor = secondFactorOf(db, pending.userId)
	if (!user || user.status !== 'active' || !factor?.confirmedAt) return { ok: false, reason: 'expired' }

	const attempt = reserveAttempt(user.email, input.ip, now, 'second_factor')
	if (!attempt.ok) return attempt

	const typed = classifyCode(input.code)
	let step: number | null = null
	if (typed.kind === 'totp') {
		const secret = openSecret(user.id, factor.secret)
		step = secret ? matchingStep(secret, typed.code, now.getTime(), factor.lastUsedStep) : null
		if (step === null) return { ok: false, reason: 'failed' }
	} else if (typed.kind === 'invalid') {
		return { ok: false, reason: 'failed' }
	}

	const token = db.transaction((tx) => {
		// Spent at most once, even by two requests at the same moment.
		const spent =
			step !== null
				? claimStep(tx, user.id, step)
				: tx
						.update(schema.recoveryCodes)
						.set({ usedAt: now })
						.where(
							and(
								eq(schema.recoveryCodes.codeHash, hashRecoveryCode(typed.code)),
								eq(schema.recoveryCodes.userId, user.id),
								isNull(schema.recoveryCodes.usedAt),
							),
						)
						.run().changes === 1
		if (!spent) return null
		// Rotation, as after a password: the browser's earlier session ends.
		if (input.previousToken) deleteSessionByToken(input.previousToken)
		tx.delete(schema.signInChallenges).where(eq(schema.signInChallenges.id, challengeId)).run()
		return openSession(tx, user.id, attempt.attemptId, input, now, { ip: input.ip, factor: step !== null ? 'totp' : 'recovery' })
	})
	if (!token) return { ok: false, reason: 'failed' }
	return { ok: true, token, userId: user.id, factor: step !== null ? 'totp' : 'recovery' }
}

export function signOut(token: string) {
	deleteSessionByToken(token)
}
