// The second factor's rules (docs/decisions/016): which accounts must use one, which time steps a
// TOTP code may match and when one was already used, the shape of recovery codes. Pure: the
// time is passed in; computing a code (HMAC) happens in app/services/second-factor.server.ts.
import { type Role } from './enums'

/** RFC 6238 defaults, which every authenticator app uses. */
export const TOTP_PERIOD_SECONDS = 30
export const TOTP_DIGITS = 6
/** Codes of the step before and after the current one are accepted too (a clock off by up to 30 s). */
export const TOTP_WINDOW = 1
/** How long the second step of a sign-in may wait after the password. */
export const SIGN_IN_CHALLENGE_MINUTES = 5
/** How many one-time recovery codes an enrolment gives. */
export const RECOVERY_CODE_COUNT = 10
/** A recovery code: 10 characters of Crockford's base32 (50 bits), shown as two groups of five. */
export const RECOVERY_CODE_LENGTH = 10
const RECOVERY_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** The RFC 6238 time step of an instant. */
export function timeStep(nowMs: number): number {
	return Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS)
}

/**
 * The steps a code typed now may belong to, newest first, leaving out every step at or before the
 * last one accepted (a replayed code, or an older one seen after a newer one).
 */
export function candidateSteps(nowMs: number, lastUsedStep: number | null): Array<number> {
	const current = timeStep(nowMs)
	const steps: Array<number> = []
	for (let delta = TOTP_WINDOW; delta >= -TOTP_WINDOW; delta--) {
		const step = current + delta
		if (lastUsedStep === null || step > lastUsedStep) steps.push(step)
	}
	return steps
}

/** What a typed code is: six digits are a TOTP code, ten base32 characters a recovery code. */
export function classifyCode(input: string): { kind: 'totp'; code: string } | { kind: 'recovery'; code: string } | { kind: 'invalid' } {
	const compact = input.normalize('NFKC').replace(/[\s-]/g, '')
	if (/^\d{6}$/.test(compact)) return { kind: 'totp', code: compact }
	const recovery = normaliseRecoveryCode(compact)
	return recovery ? { kind: 'recovery', code: recovery } : { kind: 'invalid' }
}

/**
 * A recovery code as stored (upper case, no separators; the letters Crockford's base32 leaves out
 * read as the digits they resemble), or null when it cannot be one.
 */
export function normaliseRecoveryCode(input: string): string | null {
	const compact = input.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
	if (compact.length !== RECOVERY_CODE_LENGTH) return null
	for (const ch of compact) if (!RECOVERY_ALPHABET.includes(ch)) return null
	return compact
}

/** A recovery code from random bytes (one byte per character, 5 bits of each used), as shown: XXXXX-XXXXX. */
export function recoveryCodeFromBytes(bytes: Uint8Array): string {
	if (bytes.length < RECOVERY_CODE_LENGTH) throw new Error('not enough random bytes for a recovery code')
	let code = ''
	for (let i = 0; i < RECOVERY_CODE_LENGTH; i++) code += RECOVERY_ALPHABET[bytes[i] & 31]
	return `${code.slice(0, 5)}-${code.slice(5)}`
}

/** Whether an account with these roles must sign in with a second factor. */
export function secondFactorRequired(roles: ReadonlyArray<Role>, requiredRoles: ReadonlyArray<Role>): boolean {
	return roles.some((r) => requiredRoles.includes(r))
}
