import { describe, expect, test } from 'vitest'
import {
	candidateSteps,
	classifyCode,
	normaliseRecoveryCode,
	recoveryCodeFromBytes,
	secondFactorRequired,
	TOTP_PERIOD_SECONDS,
	timeStep,
} from './second-factor'

const AT = (step: number, secondInStep = 0) => (step * TOTP_PERIOD_SECONDS + secondInStep) * 1000

describe('which time steps a code typed now may belong to', () => {
	test.each([
		{ name: 'never used: the current step, the next and the previous', now: AT(1000, 10), last: null, steps: [1001, 1000, 999] },
		{ name: 'the previous step was used: only the current and the next', now: AT(1000, 10), last: 999, steps: [1001, 1000] },
		{
			name: 'the current step was used: a replay within its 30 s matches nothing but the next',
			now: AT(1000, 29),
			last: 1000,
			steps: [1001],
		},
		{ name: 'the next step was used (a fast clock): nothing left until later', now: AT(1000), last: 1001, steps: [] },
		{ name: 'an old use does not narrow the window', now: AT(1000), last: 10, steps: [1001, 1000, 999] },
	])('$name', ({ now, last, steps }) => {
		expect(candidateSteps(now, last)).toEqual(steps)
	})

	test('the time step is the count of 30-second periods since the epoch (RFC 6238)', () => {
		expect(timeStep(59_000)).toBe(1)
		expect(timeStep(1_111_111_109_000)).toBe(37_037_036)
	})
})

describe('what a typed code is', () => {
	test.each([
		{ input: '123456', out: { kind: 'totp', code: '123456' } },
		{ input: ' 123 456 ', out: { kind: 'totp', code: '123456' } },
		{ input: '１２３４５６', out: { kind: 'totp', code: '123456' } },
		{ input: '12345', out: { kind: 'invalid' } },
		{ input: '1234567', out: { kind: 'invalid' } },
		{ input: 'abcde-fghjk', out: { kind: 'recovery', code: 'ABCDEFGHJK' } },
		{ input: 'ABCDE FGHJK', out: { kind: 'recovery', code: 'ABCDEFGHJK' } },
		{ input: 'oo1il-22222', out: { kind: 'recovery', code: '0011122222' } },
		{ input: 'ABCDE-FGHJU', out: { kind: 'invalid' } },
		{ input: '', out: { kind: 'invalid' } },
		{ input: "' OR 1=1 --", out: { kind: 'invalid' } },
	])('$input', ({ input, out }) => {
		expect(classifyCode(input)).toEqual(out)
	})

	test('a recovery code as shown reads back as stored, whatever the case and dashes', () => {
		const shown = recoveryCodeFromBytes(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 31]))
		expect(shown).toBe('01234-5678Z')
		expect(normaliseRecoveryCode(shown.toLowerCase())).toBe('012345678Z')
		expect(normaliseRecoveryCode('01234-5678')).toBeNull()
	})

	test('a recovery code needs ten random bytes', () => {
		expect(() => recoveryCodeFromBytes(new Uint8Array(9))).toThrow()
	})
})

describe('who must use a second factor', () => {
	const production = ['admin', 'evaluator', 'publisher'] as const
	test.each([
		{ roles: ['admin'], required: production, out: true },
		{ roles: ['evaluator'], required: production, out: true },
		{ roles: ['publisher'], required: production, out: true },
		{ roles: ['facility_editor'], required: production, out: false },
		{ roles: ['facility_director'], required: production, out: false },
		{ roles: ['facility_editor', 'publisher'], required: production, out: true },
		{ roles: [], required: production, out: false },
		{ roles: ['admin'], required: [], out: false },
	] as const)('$roles with $required', ({ roles, required, out }) => {
		expect(secondFactorRequired(roles, required)).toBe(out)
	})
})
