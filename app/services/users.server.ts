import crypto from 'node:crypto'
import { and, eq, isNull } from 'drizzle-orm'
import { type Db, schema } from '#db/client.server'
import { facilityPlaceByCode } from '#db/queries/facilities'
import { provinceByCode } from '#db/queries/provinces'
import { userByEmail } from '#db/queries/sessions'
import { emailTaken, passwordLinkByHash, userById, userGrants, userProfile } from '#db/queries/users'
import { type Locale } from '~/domain/enums'
import { type Grant } from '~/domain/permissions'
import { cleanName } from '~/domain/safe-text'
import { type GrantInput, type GrantView, type InviteInput, mayAssign, mayManageUser, passwordIssue } from '~/domain/user-admin'
import { getEnv } from '~/env.server'
import { translate } from '~/i18n/translate'
import { hashPassword, passwordStrengthIssue, verifyPassword } from '~/services/passwords.server'
import { appendAudit } from './audit.server'
import { forgetAttempt, reserveAttempt } from './auth.server'
import { type ServiceError } from './campaigns.server'
import { type Outgoing, sendMail } from './notifications.server'
import { removeSecondFactor } from './second-factor.server'
import { endSessionByHandle, endSessions, hashToken } from './session.server'

export const INVITE_DAYS = 7
export const RESET_HOURS = 24
/** A reset link one asked for oneself (not handed over by an admin) is good for a shorter time. */
export const SELF_RESET_HOURS = 2

type Actor = { id: number; grants: ReadonlyArray<Grant> }
type Reader = Pick<Db, 'select'>

function fail(code: string, status: number): ServiceError {
	return { ok: false, code, status }
}

/** The grant as administration judges it: with its facility's place, or null when the facility does not exist. */
function grantView(db: Reader, g: GrantInput): GrantView | null {
	if (g.scopeKind === 'facility') {
		const f = facilityPlaceByCode(db, g.facilityCode!)
		if (!f) return null
		return {
			role: g.role,
			scopeKind: 'facility',
			facilityId: f.id,
			provinceCode: null,
			facility: { provinceCode: f.provinceCode, managingBody: f.managingBody },
		}
	}
	if (g.scopeKind === 'province') {
		const p = provinceByCode(db, g.provinceCode!)
		if (!p) return null
		return { role: g.role, scopeKind: 'province', facilityId: null, provinceCode: p.code, facility: null }
	}
	return { role: g.role, scopeKind: 'national', facilityId: null, provinceCode: null, facility: null }
}

function newToken() {
	const token = crypto.randomBytes(32).toString('base64url')
	return { token, hash: hashToken(token) }
}

function passwordLink(token: string) {
	return `${getEnv().PUBLIC_BASE_URL}/password/${token}`
}

function linkMail(
	to: { email: string; locale: Locale; name: string },
	purpose: 'invite' | 'reset' | 'self_reset',
	token: string,
): Outgoing {
	const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(to.locale, key, params)
	const hours = purpose === 'invite' ? INVITE_DAYS * 24 : purpose === 'reset' ? RESET_HOURS : SELF_RESET_HOURS
	const body = purpose === 'invite' ? 'mail.invite.body' : purpose === 'reset' ? 'mail.reset.body' : 'mail.selfReset.body'
	return {
		to: to.email,
		subject: t(purpose === 'invite' ? 'mail.invite.subject' : 'mail.reset.subject', { app: t('app.name') }),
		text: `${t('mail.greeting', { name: to.name })}\n\n${t(body, { app: t('app.name') })}\n\n${passwordLink(token)}\n\n${t('mail.linkExpires', { hours })}\n`,
	}
}

type Issued = { ok: true; userId: number; token: string; mail: Outgoing }

/**
 * A one-time link once its change has committed: e-mailed when SMTP is configured and sending
 * works (`mailed`); otherwise the link itself, for the admin to hand over.
 */
export type LinkResult = { ok: true; userId: number; mailed: boolean; link: string | null } | ServiceError

async function mailLink(issued: Issued | ServiceError): Promise<LinkResult> {
	if (!issued.ok) return issued
	const { sent } = await sendMail([issued.mail])
	return { ok: true, userId: issued.userId, mailed: sent > 0, link: sent > 0 ? null : passwordLink(issued.token) }
}

/**
 * Invites someone: an account with no password yet, its first grant, and a one-time link to set
 * a password, e-mailed after the commit (or handed back when there is no SMTP).
 */
export async function inviteUser(db: Db, input: InviteInput, actor: Actor, now = new Date()): Promise<LinkResult> {
	const issued: Issued | ServiceError = db.transaction((tx) => {
		const view = grantView(tx, input)
		if (!view) return fail(input.scopeKind === 'facility' ? 'users.unknownFacility' : 'users.unknownProvince', 400)
		if (!mayAssign(actor.grants, view)) return fail('users.notYourScope', 403)
		if (emailTaken(tx, input.email)) return fail('users.emailTaken', 409)
		const user = tx
			.insert(schema.users)
			.values({
				email: input.email,
				name: cleanName(input.name),
				jobTitle: cleanName(input.jobTitle ?? ''),
				passwordHash: null,
				status: 'active',
				locale: input.locale,
				createdAt: now,
			})
			.returning({ id: schema.users.id })
			.get()
		tx.insert(schema.memberships)
			.values({
				userId: user.id,
				role: view.role,
				scopeKind: view.scopeKind,
				facilityId: view.facilityId,
				provinceCode: view.provinceCode,
				createdAt: now,
			})
			.run()
		const { token, hash } = newToken()
		const expiresAt = new Date(now.getTime() + INVITE_DAYS * 86_400_000)
		tx.insert(schema.passwordTokens).values({ tokenHash: hash, userId: user.id, purpose: 'invite', expiresAt, createdAt: now }).run()
		appendAudit(tx, {
			actorId: actor.id,
			action: 'user.invite',
			entityType: 'user',
			entityId: user.id,
			after: {
				email: input.email,
				name: input.name,
				role: view.role,
				scopeKind: view.scopeKind,
				facilityId: view.facilityId,
				provinceCode: view.provinceCode,
			},
			at: now,
		})
		return {
			ok: true as const,
			userId: user.id,
			token,
			mail: linkMail({ email: input.email, locale: input.locale, name: input.name }, 'invite', token),
		}
	})
	return mailLink(issued)
}

/** The account and its grants, if the actor may administer it. */
function manageable(db: Reader, userId: number, actor: Actor) {
	const user = userById(db, userId)
	if (!user) return { error: fail('users.notFound', 404) }
	const grants = userGrants(db, [userId])
	if (!mayManageUser(actor.grants, grants)) return { error: fail('users.notYourScope', 403) }
	return { user, grants }
}

/**
 * A fresh one-time link for the account: a new invitation while no password is set, otherwise a
 * password reset, e-mailed after the commit. Earlier unused links stop working.
 */
export async function issuePasswordLink(db: Db, userId: number, actor: Actor, now = new Date()): Promise<LinkResult> {
	const issued: Issued | ServiceError = db.transaction((tx) => {
		const found = manageable(tx, userId, actor)
		if (found.error) return found.error
		const { user } = found
		if (user.status !== 'active') return fail('users.disabledNoLink', 409)
		const purpose = user.passwordHash === null ? 'invite' : 'reset'
		tx.delete(schema.passwordTokens)
			.where(and(eq(schema.passwordTokens.userId, userId), isNull(schema.passwordTokens.usedAt)))
			.run()
		const { token, hash } = newToken()
		const expiresAt = new Date(now.getTime() + (purpose === 'invite' ? INVITE_DAYS * 86_400_000 : RESET_HOURS * 3_600_000))
		tx.insert(schema.passwordTokens).values({ tokenHash: hash, userId, purpose, expiresAt, createdAt: now }).run()
		appendAudit(tx, {
			actorId: actor.id,
			action: purpose === 'invite' ? 'user.invite_again' : 'user.password_reset',
			entityType: 'user',
			entityId: userId,
			at: now,
		})
		return { ok: true as const, userId, token, mail: linkMail({ email: user.email, locale: user.locale, name: user.name }, purpose, token) }
	})
	return mailLink(issued)
}

export type ResetRequestResult = { ok: true; delivered: Promise<void> } | (ServiceError & { minutes?: number })

/**
 * Self-service password reset (docs/SECURITY.md): someone who forgot their password asks for a
 * link by e-mail. Only when SMTP is configured (otherwise an administrator issues links). Throttled
 * like sign-in, counted before anything is looked up, per e-mail and per address (attempts of kind
 * `reset`). The answer is the same for a known, an unknown and a disabled address — the mail is
 * sent after the answer (`delivered` settles when it has gone), so not even the timing tells.
 * The link follows the invitation rules: random, stored hashed, one use, earlier unused links
 * revoked, shorter-lived (SELF_RESET_HOURS); setting the password ends every session.
 */
export function requestPasswordReset(db: Db, input: { email: string; ip: string | null }, now = new Date()): ResetRequestResult {
	if (!getEnv().SMTP_URL) return fail('forgot.unavailable', 409)
	const email = input.email.trim().toLowerCase()
	const attempt = reserveAttempt(email, input.ip, now, 'reset')
	if (!attempt.ok) {
		const minutes = attempt.scope === 'account' ? attempt.retryAfterMinutes : Math.ceil(attempt.retryAfterSeconds / 60)
		return { ...fail('forgot.throttled', 429), minutes }
	}
	const issued = db.transaction((tx) => {
		const user = userByEmail(tx, email)
		if (!user || user.status !== 'active') return null
		tx.delete(schema.passwordTokens)
			.where(and(eq(schema.passwordTokens.userId, user.id), isNull(schema.passwordTokens.usedAt)))
			.run()
		const { token, hash } = newToken()
		const expiresAt = new Date(now.getTime() + SELF_RESET_HOURS * 3_600_000)
		tx.insert(schema.passwordTokens).values({ tokenHash: hash, userId: user.id, purpose: 'reset', expiresAt, createdAt: now }).run()
		appendAudit(tx, {
			actorId: user.id,
			action: 'user.password_reset_request',
			entityType: 'user',
			entityId: user.id,
			after: { ip: input.ip },
			at: now,
		})
		return linkMail({ email: user.email, locale: user.locale, name: user.name }, 'self_reset', token)
	})
	// Nobody awaits this in a request: it must never reject.
	const delivered = issued
		? sendMail([issued]).then(
				() => undefined,
				(error: unknown) => console.warn(`reset e-mail failed: ${(error as Error).message}`),
			)
		: Promise.resolve()
	return { ok: true, delivered }
}

/** Who a one-time link is for, if it is still good (unknown, used and expired links look the same). */
export function findPasswordLink(db: Reader, token: string, now = new Date()) {
	if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null
	const row = passwordLinkByHash(db, hashToken(token))
	if (!row || row.usedAt || row.expiresAt.getTime() <= now.getTime() || row.status !== 'active') return null
	return row
}

export type SetPasswordResult = { ok: true; userId: number } | (ServiceError & { field?: 'password' })

/** Sets the password from a one-time link; the link is used up and every open session of the account ends. */
export async function setPasswordWithLink(db: Db, token: string, password: string, now = new Date()): Promise<SetPasswordResult> {
	const link = findPasswordLink(db, token, now)
	if (!link) return fail('password.linkInvalid', 410)
	const issue = passwordIssue(password, link.email) ?? passwordStrengthIssue(password, [link.email, link.email.split('@')[0], link.name])
	if (issue) return { ...fail(issue, 400), field: 'password' }
	const passwordHash = await hashPassword(password)
	return db.transaction((tx) => {
		// Checked again inside the transaction: two tabs submitting the same link set it once.
		const still = findPasswordLink(tx, token, now)
		if (!still) return fail('password.linkInvalid', 410)
		tx.update(schema.users).set({ passwordHash }).where(eq(schema.users.id, link.userId)).run()
		tx.update(schema.passwordTokens)
			.set({ usedAt: now })
			.where(eq(schema.passwordTokens.tokenHash, hashToken(token)))
			.run()
		tx.delete(schema.passwordTokens)
			.where(and(eq(schema.passwordTokens.userId, link.userId), isNull(schema.passwordTokens.usedAt)))
			.run()
		endSessions(tx, link.userId)
		appendAudit(tx, {
			actorId: link.userId,
			action: link.purpose === 'invite' ? 'user.password_set' : 'user.password_reset_done',
			entityType: 'user',
			entityId: link.userId,
			at: now,
		})
		return { ok: true as const, userId: link.userId }
	})
}

export type ChangePasswordResult =
	{ ok: true; endedSessions: number } | (ServiceError & { field?: 'current' | 'password'; minutes?: number })

/**
 * Changes one's own password; the current one proves it (throttled like sign-in, so a borrowed
 * session cannot be used to guess it), other browsers are signed out, and unused reset links die.
 */
export async function changeOwnPassword(
	db: Db,
	input: { userId: number; current: string; password: string; keepToken: string | null; ip: string | null },
	now = new Date(),
): Promise<ChangePasswordResult> {
	const user = userById(db, input.userId)
	if (!user) return fail('users.notFound', 404)
	const attempt = reserveAttempt(user.email, input.ip, now)
	if (!attempt.ok) {
		const minutes = attempt.scope === 'account' ? attempt.retryAfterMinutes : Math.ceil(attempt.retryAfterSeconds / 60)
		return { ...fail('login.throttled', 429), field: 'current', minutes }
	}
	// The attempt stays recorded as a failure unless the current password is right.
	if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.current))) {
		return { ...fail('password.currentWrong', 400), field: 'current' }
	}
	forgetAttempt(attempt.attemptId)
	const issue =
		passwordIssue(input.password, user.email) ?? passwordStrengthIssue(input.password, [user.email, user.email.split('@')[0], user.name])
	if (issue) return { ...fail(issue, 400), field: 'password' }
	if (input.password === input.current) return { ...fail('password.same', 400), field: 'password' }
	const passwordHash = await hashPassword(input.password)
	return db.transaction((tx) => {
		tx.update(schema.users).set({ passwordHash }).where(eq(schema.users.id, input.userId)).run()
		tx.delete(schema.passwordTokens)
			.where(and(eq(schema.passwordTokens.userId, input.userId), isNull(schema.passwordTokens.usedAt)))
			.run()
		const endedSessions = endSessions(tx, input.userId, input.keepToken)
		appendAudit(tx, {
			actorId: input.userId,
			action: 'user.password_change',
			entityType: 'user',
			entityId: input.userId,
			after: { endedSessions },
			at: now,
		})
		return { ok: true as const, endedSessions }
	})
}

export function addGrant(db: Db, userId: number, input: GrantInput, actor: Actor, now = new Date()): { ok: true } | ServiceError {
	return db.transaction((tx) => {
		const found = manageable(tx, userId, actor)
		if (found.error) return found.error
		const view = grantView(tx, input)
		if (!view) return fail(input.scopeKind === 'facility' ? 'users.unknownFacility' : 'users.unknownProvince', 400)
		if (!mayAssign(actor.grants, view)) return fail('users.notYourScope', 403)
		if (
			found.grants.some(
				(g) =>
					g.role === view.role &&
					g.scopeKind === view.scopeKind &&
					g.facilityId === view.facilityId &&
					g.provinceCode === view.provinceCode,
			)
		)
			return fail('users.grantExists', 409)
		tx.insert(schema.memberships)
			.values({
				userId,
				role: view.role,
				scopeKind: view.scopeKind,
				facilityId: view.facilityId,
				provinceCode: view.provinceCode,
				createdAt: now,
			})
			.run()
		appendAudit(tx, {
			actorId: actor.id,
			action: 'user.grant_add',
			entityType: 'user',
			entityId: userId,
			after: { role: view.role, scopeKind: view.scopeKind, facilityId: view.facilityId, provinceCode: view.provinceCode },
			at: now,
		})
		return { ok: true as const }
	})
}

/** Takes a grant away. An account keeps at least one (disable it instead), and an admin cannot lock themselves out. */
export function removeGrant(db: Db, userId: number, membershipId: number, actor: Actor, now = new Date()): { ok: true } | ServiceError {
	return db.transaction((tx) => {
		const found = manageable(tx, userId, actor)
		if (found.error) return found.error
		const grant = found.grants.find((g) => g.id === membershipId)
		if (!grant) return fail('users.grantNotFound', 404)
		if (!mayAssign(actor.grants, grant)) return fail('users.notYourScope', 403)
		if (found.grants.length === 1) return fail('users.lastGrant', 409)
		if (userId === actor.id && grant.role === 'admin') return fail('users.ownAdminGrant', 409)
		tx.delete(schema.memberships)
			.where(and(eq(schema.memberships.id, membershipId), eq(schema.memberships.userId, userId)))
			.run()
		appendAudit(tx, {
			actorId: actor.id,
			action: 'user.grant_remove',
			entityType: 'user',
			entityId: userId,
			before: { role: grant.role, scopeKind: grant.scopeKind, facilityId: grant.facilityId, provinceCode: grant.provinceCode },
			at: now,
		})
		return { ok: true as const }
	})
}

/** Disables (every session ends at once) or re-enables an account; nobody disables themselves. */
export function setUserStatus(
	db: Db,
	userId: number,
	status: 'active' | 'disabled',
	actor: Actor,
	now = new Date(),
): { ok: true } | ServiceError {
	return db.transaction((tx) => {
		const found = manageable(tx, userId, actor)
		if (found.error) return found.error
		if (userId === actor.id) return fail('users.notYourself', 409)
		if (found.user.status === status) return { ok: true as const }
		tx.update(schema.users).set({ status }).where(eq(schema.users.id, userId)).run()
		const ended = status === 'disabled' ? endSessions(tx, userId) : 0
		if (status === 'disabled')
			tx.delete(schema.passwordTokens)
				.where(and(eq(schema.passwordTokens.userId, userId), isNull(schema.passwordTokens.usedAt)))
				.run()
		appendAudit(tx, {
			actorId: actor.id,
			action: status === 'disabled' ? 'user.disable' : 'user.enable',
			entityType: 'user',
			entityId: userId,
			before: { status: found.user.status },
			after: { status, endedSessions: ended },
			at: now,
		})
		return { ok: true as const }
	})
}

/** Signs an account out everywhere (a lost laptop, a shared computer). */
export function endUserSessions(db: Db, userId: number, actor: Actor, now = new Date()): { ok: true; ended: number } | ServiceError {
	return db.transaction((tx) => {
		const found = manageable(tx, userId, actor)
		if (found.error) return found.error
		const ended = endSessions(tx, userId)
		appendAudit(tx, { actorId: actor.id, action: 'user.sessions_end', entityType: 'user', entityId: userId, after: { ended }, at: now })
		return { ok: true as const, ended }
	})
}

/**
 * Removes an account's second factor (lost phone and recovery codes; docs/decisions/016) and ends
 * its sessions: it signs in with its password again and, if its roles require one, enrols anew.
 */
export function resetSecondFactor(db: Db, userId: number, actor: Actor, now = new Date()): { ok: true } | ServiceError {
	return db.transaction((tx) => {
		const found = manageable(tx, userId, actor)
		if (found.error) return found.error
		if (!removeSecondFactor(tx, userId)) return fail('users.mfa.notOn', 409)
		const ended = endSessions(tx, userId)
		appendAudit(tx, { actorId: actor.id, action: 'user.mfa_reset', entityType: 'user', entityId: userId, after: { ended }, at: now })
		return { ok: true as const }
	})
}

export function updateOwnProfile(db: Db, userId: number, input: { name: string; jobTitle?: string; locale: Locale }, now = new Date()) {
	db.transaction((tx) => {
		const before = userProfile(tx, userId)
		const after = { name: cleanName(input.name), jobTitle: cleanName(input.jobTitle ?? ''), locale: input.locale }
		tx.update(schema.users).set(after).where(eq(schema.users.id, userId)).run()
		appendAudit(tx, { actorId: userId, action: 'user.profile', entityType: 'user', entityId: userId, before, after, at: now })
	})
}

/** Ends one of one's own sessions (by its handle), with an audit event; false when there is no such session. */
export function endOwnSession(db: Db, userId: number, handle: string, now = new Date()) {
	return db.transaction((tx) => {
		const ended = endSessionByHandle(tx, userId, handle, now)
		if (ended) appendAudit(tx, { actorId: userId, action: 'user.session_end_own', entityType: 'user', entityId: userId, at: now })
		return ended
	})
}

/** Signs one out of every other browser, with an audit event. */
export function endOtherOwnSessions(db: Db, userId: number, keepToken: string | null, now = new Date()) {
	return db.transaction((tx) => {
		const ended = endSessions(tx, userId, keepToken)
		appendAudit(tx, {
			actorId: userId,
			action: 'user.sessions_end_others',
			entityType: 'user',
			entityId: userId,
			after: { ended },
			at: now,
		})
		return ended
	})
}
