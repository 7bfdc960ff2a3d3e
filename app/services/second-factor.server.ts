// The second factor (TOTP, RFC 6238, and one-time recovery codes; docs/decisions/016): enrolment,
// checking a code, the secret's encryption at rest. Signing in with it is app/services/auth.server.ts.
import crypto from 'node:crypto'
import { and, eq, isNotNull, isNull, lt, or } from 'drizzle-orm'
import * as OTPAuth from 'otpauth'
import QRCode from 'qrcode'
import { type Db, schema } from '#db/client.server'
import { secondFactorOf, unusedRecoveryCodes } from '#db/queries/second-factor'
import {
	candidateSteps,
	RECOVERY_CODE_COUNT,
	RECOVERY_CODE_LENGTH,
	recoveryCodeFromBytes,
	TOTP_DIGITS,
	TOTP_PERIOD_SECONDS,
} from '~/domain/second-factor'
import { getEnv } from '~/env.server'
import { appendAudit } from './audit.server'
import { type ServiceError } from './campaigns.server'

const ISSUER = 'Hospital IT Readiness'
/** 160 bits, as RFC 4226 recommends for HMAC-SHA1. */
const SECRET_BYTES = 20

// ---- The secret at rest: AES-256-GCM under a key derived from SESSION_SECRET, bound to its user.

function secretKey(): Buffer {
	return Buffer.from(crypto.hkdfSync('sha256', getEnv().SESSION_SECRET, 'hospital-it-readiness', 'second-factor-secret v1', 32))
}

/** The base32 secret, encrypted for the user's row: "v1." + base64url(iv ‖ tag ‖ ciphertext). */
export function sealSecret(userId: number, base32: string): string {
	const iv = crypto.randomBytes(12)
	const cipher = crypto.createCipheriv('aes-256-gcm', secretKey(), iv)
	cipher.setAAD(Buffer.from(`user:${userId}`))
	const body = Buffer.concat([cipher.update(base32, 'utf8'), cipher.final()])
	return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`
}

/** The base32 secret of the user's row, or null when it cannot be opened (another SESSION_SECRET, another row). */
export function openSecret(userId: number, sealed: string): string | null {
	if (!sealed.startsWith('v1.')) return null
	const raw = Buffer.from(sealed.slice(3), 'base64url')
	if (raw.length < 29) return null
	try {
		const decipher = crypto.createDecipheriv('aes-256-gcm', secretKey(), raw.subarray(0, 12))
		decipher.setAAD(Buffer.from(`user:${userId}`))
		decipher.setAuthTag(raw.subarray(12, 28))
		return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
	} catch {
		return null
	}
}

// ---- Codes.

function totpFor(base32: string, label = '') {
	return new OTPAuth.TOTP({
		issuer: ISSUER,
		label,
		algorithm: 'SHA1',
		digits: TOTP_DIGITS,
		period: TOTP_PERIOD_SECONDS,
		secret: OTPAuth.Secret.fromBase32(base32),
	})
}

/**
 * The time step a six-digit code matches, among the steps it may still belong to (the current one,
 * one either side, none at or before the last one accepted), or null.
 */
export function matchingStep(base32: string, code: string, nowMs: number, lastUsedStep: number | null): number | null {
	const totp = totpFor(base32)
	const typed = Buffer.from(code)
	for (const step of candidateSteps(nowMs, lastUsedStep)) {
		const expected = Buffer.from(totp.generate({ timestamp: step * TOTP_PERIOD_SECONDS * 1000 }))
		if (expected.length === typed.length && crypto.timingSafeEqual(expected, typed)) return step
	}
	return null
}

/** A recovery code's stored form: SHA-256 of the normalised code (50 random bits each; one use). */
export function hashRecoveryCode(normalised: string): string {
	return crypto.createHash('sha256').update(`recovery-code:${normalised}`).digest('hex')
}

function newRecoveryCodes(): Array<string> {
	return Array.from({ length: RECOVERY_CODE_COUNT }, () => recoveryCodeFromBytes(crypto.randomBytes(RECOVERY_CODE_LENGTH)))
}

/**
 * Accepts a TOTP code's step once, in the caller's transaction: the row is updated only if the
 * step is later than the last one accepted, so a replay (even a concurrent one) changes nothing.
 */
export function claimStep(tx: Pick<Db, 'update'>, userId: number, step: number): boolean {
	const sf = schema.secondFactors
	return (
		tx
			.update(sf)
			.set({ lastUsedStep: step })
			.where(and(eq(sf.userId, userId), isNotNull(sf.confirmedAt), or(isNull(sf.lastUsedStep), lt(sf.lastUsedStep, step))))
			.run().changes === 1
	)
}

// ---- Enrolment.

/** Begins an enrolment: a new secret, not yet confirmed (any earlier unconfirmed one is replaced). */
export function startEnrolment(db: Db, userId: number, now = new Date()): { ok: true } | ServiceError {
	const existing = secondFactorOf(db, userId)
	if (existing?.confirmedAt) return { ok: false, code: 'mfa.alreadyOn', status: 409 }
	const base32 = new OTPAuth.Secret({ size: SECRET_BYTES }).base32
	db.insert(schema.secondFactors)
		.values({ userId, secret: sealSecret(userId, base32), createdAt: now })
		.onConflictDoUpdate({
			target: schema.secondFactors.userId,
			set: { secret: sealSecret(userId, base32), createdAt: now, lastUsedStep: null },
		})
		.run()
	return { ok: true }
}

export type EnrolmentView = { secret: string; uri: string; qrDataUrl: string }

/** What the enrolment page shows while an enrolment waits for its first code: the QR code and the secret. */
export async function pendingEnrolment(db: Db, user: { id: number; email: string }): Promise<EnrolmentView | null> {
	const row = secondFactorOf(db, user.id)
	if (!row || row.confirmedAt) return null
	const secret = openSecret(user.id, row.secret)
	if (!secret) return null
	const uri = totpFor(secret, user.email).toString()
	// An SVG drawn on the server: it shows with JavaScript off, and the CSP allows data: images.
	const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
	return { secret, uri, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` }
}

/**
 * Confirms an enrolment with a current code: the factor is on from now, the code's step counts as
 * used, and ten recovery codes are made; they come back once, here, and only their hashes are kept.
 */
export function confirmEnrolment(
	db: Db,
	userId: number,
	code: string,
	now = new Date(),
): { ok: true; recoveryCodes: Array<string> } | ServiceError {
	const row = secondFactorOf(db, userId)
	if (!row) return { ok: false, code: 'mfa.notStarted', status: 409 }
	if (row.confirmedAt) return { ok: false, code: 'mfa.alreadyOn', status: 409 }
	const secret = openSecret(userId, row.secret)
	if (!secret) return { ok: false, code: 'mfa.notStarted', status: 409 }
	const compact = code.replace(/\s/g, '')
	const step = /^\d{6}$/.test(compact) ? matchingStep(secret, compact, now.getTime(), null) : null
	if (step === null) return { ok: false, code: 'mfa.wrongCode', status: 400 }
	const codes = newRecoveryCodes()
	return db.transaction((tx) => {
		const changed = tx
			.update(schema.secondFactors)
			.set({ confirmedAt: now, lastUsedStep: step })
			.where(and(eq(schema.secondFactors.userId, userId), isNull(schema.secondFactors.confirmedAt)))
			.run().changes
		if (changed !== 1) return { ok: false as const, code: 'mfa.alreadyOn', status: 409 }
		tx.delete(schema.recoveryCodes).where(eq(schema.recoveryCodes.userId, userId)).run()
		tx.insert(schema.recoveryCodes)
			.values(codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c.replace('-', '')), createdAt: now })))
			.run()
		appendAudit(tx, {
			actorId: userId,
			action: 'user.mfa_enrol',
			entityType: 'user',
			entityId: userId,
			after: { recoveryCodes: codes.length },
			at: now,
		})
		return { ok: true as const, recoveryCodes: codes }
	})
}

/** Signs a user's second factor out of existence (used by the admin reset, app/services/users.server.ts). */
export function removeSecondFactor(tx: Pick<Db, 'delete'>, userId: number): boolean {
	const removed = tx.delete(schema.secondFactors).where(eq(schema.secondFactors.userId, userId)).run().changes
	tx.delete(schema.recoveryCodes).where(eq(schema.recoveryCodes.userId, userId)).run()
	tx.delete(schema.signInChallenges).where(eq(schema.signInChallenges.userId, userId)).run()
	return removed > 0
}

export type SecondFactorState =
	{ status: 'on'; since: Date; recoveryCodesLeft: number } | { status: 'pending'; enrolment: EnrolmentView } | { status: 'off' }

/** The enrolment page's state: on (since when, recovery codes left), being enrolled (QR, secret) or off. */
export async function secondFactorState(db: Db, user: { id: number; email: string }): Promise<SecondFactorState> {
	const row = secondFactorOf(db, user.id)
	if (row?.confirmedAt) return { status: 'on', since: row.confirmedAt, recoveryCodesLeft: unusedRecoveryCodes(db, user.id) }
	const enrolment = row ? await pendingEnrolment(db, user) : null
	return enrolment ? { status: 'pending', enrolment } : { status: 'off' }
}
