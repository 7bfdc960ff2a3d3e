// The TOTP code check with the library (otpauth) and the secret at rest (docs/decisions/016).
import * as OTPAuth from 'otpauth'
import { expect, test } from 'vitest'
import { TOTP_PERIOD_SECONDS } from '~/domain/second-factor'
import { hashRecoveryCode, matchingStep, openSecret, sealSecret } from '~/services/second-factor.server'

// RFC 6238, appendix B: the SHA-1 secret "12345678901234567890"; at T = 59 s the 8-digit code is
// 94287082, so the 6-digit one is 287082; at T = 1111111109 s, 07081804 → 081804.
const RFC_SECRET = OTPAuth.Secret.fromLatin1('12345678901234567890').base32

test('the codes of RFC 6238 are accepted at their time, with the step they belong to', () => {
	expect(matchingStep(RFC_SECRET, '287082', 59_000, null)).toBe(1)
	expect(matchingStep(RFC_SECRET, '081804', 1_111_111_109_000, null)).toBe(37_037_036)
})

function codeAt(step: number) {
	return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(RFC_SECRET), period: TOTP_PERIOD_SECONDS }).generate({
		timestamp: step * TOTP_PERIOD_SECONDS * 1000,
	})
}

test('a code of the previous or next 30 s is accepted; two steps away it is not', () => {
	const now = 1_000 * TOTP_PERIOD_SECONDS * 1000 + 5_000
	expect(matchingStep(RFC_SECRET, codeAt(999), now, null)).toBe(999)
	expect(matchingStep(RFC_SECRET, codeAt(1001), now, null)).toBe(1001)
	expect(matchingStep(RFC_SECRET, codeAt(998), now, null)).toBeNull()
	expect(matchingStep(RFC_SECRET, codeAt(1002), now, null)).toBeNull()
})

test('a code already used (its step or a later one accepted) is refused, even within its 30 s', () => {
	const now = 1_000 * TOTP_PERIOD_SECONDS * 1000 + 5_000
	expect(matchingStep(RFC_SECRET, codeAt(1000), now, 1000)).toBeNull()
	expect(matchingStep(RFC_SECRET, codeAt(999), now, 1000)).toBeNull()
	expect(matchingStep(RFC_SECRET, codeAt(1001), now, 1000)).toBe(1001)
})

test('a wrong code, or one of the wrong length, matches nothing', () => {
	expect(matchingStep(RFC_SECRET, '000000', 59_000, null)).toBeNull()
	expect(matchingStep(RFC_SECRET, '28708', 59_000, null)).toBeNull()
})

test('the secret is stored encrypted: it opens only for its own user, and not once altered', () => {
	const sealed = sealSecret(7, RFC_SECRET)
	expect(sealed).not.toContain(RFC_SECRET)
	expect(sealSecret(7, RFC_SECRET)).not.toBe(sealed)
	expect(openSecret(7, sealed)).toBe(RFC_SECRET)
	expect(openSecret(8, sealed)).toBeNull()
	const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA')
	expect(openSecret(7, tampered)).toBeNull()
	expect(openSecret(7, 'plain')).toBeNull()
})

test('recovery codes are kept as SHA-256 hashes, one per code', () => {
	const a = hashRecoveryCode('ABCDEFGHJK')
	expect(a).toMatch(/^[0-9a-f]{64}$/)
	expect(hashRecoveryCode('ABCDEFGHJK')).toBe(a)
	expect(hashRecoveryCode('ABCDEFGHJM')).not.toBe(a)
})
