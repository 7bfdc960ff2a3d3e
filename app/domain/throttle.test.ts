import { expect, test } from 'vitest'
import { addressDelaySeconds, type FailureCount, throttleDecision, type ThrottleDecision } from './throttle'

const config = { maxFailuresPerAccount: 5, windowMinutes: 15, freeFailuresPerAddress: 50 }
const NOW = Date.UTC(2026, 0, 1, 8, 0, 0)
const none: FailureCount = { failures: 0, newest: null }
const ago = (seconds: number) => NOW - seconds * 1000

test.each<[string, FailureCount, FailureCount | null, ThrottleDecision]>([
	['a first attempt goes ahead', none, none, { allowed: true }],
	['four failures of an account still allow a fifth attempt', { failures: 4, newest: ago(1) }, none, { allowed: true }],
	[
		'five failures lock the account for the window after the latest',
		{ failures: 5, newest: ago(0) },
		none,
		{ allowed: false, scope: 'account', retryAfterMinutes: 15 },
	],
	[
		'the lock counts from the latest failure',
		{ failures: 7, newest: ago(10 * 60) },
		none,
		{ allowed: false, scope: 'account', retryAfterMinutes: 5 },
	],
	['a lock ends when the window has passed', { failures: 5, newest: ago(15 * 60) }, none, { allowed: true }],
	['forty-nine failures from an address cost nothing', none, { failures: 49, newest: ago(0) }, { allowed: true }],
	[
		'the fiftieth failure from an address makes the next attempt wait a second',
		none,
		{ failures: 50, newest: ago(0) },
		{ allowed: false, scope: 'address', retryAfterSeconds: 1 },
	],
	[
		'each further failure doubles the wait',
		none,
		{ failures: 53, newest: ago(3) },
		{ allowed: false, scope: 'address', retryAfterSeconds: 5 },
	],
	['once the wait has passed, the address may try again', none, { failures: 53, newest: ago(8) }, { allowed: true }],
	[
		'the wait never exceeds a minute, however many failures',
		none,
		{ failures: 5000, newest: ago(0) },
		{ allowed: false, scope: 'address', retryAfterSeconds: 60 },
	],
	['an address is never locked for the whole window', none, { failures: 5000, newest: ago(61) }, { allowed: true }],
	['an unknown address is not slowed', none, null, { allowed: true }],
	[
		'a locked account stays locked from a fresh address',
		{ failures: 5, newest: ago(60) },
		none,
		{ allowed: false, scope: 'account', retryAfterMinutes: 14 },
	],
])('%s', (_name, account, address, expected) => {
	expect(throttleDecision({ account, address, now: NOW }, config)).toEqual(expected)
})

test.each([
	[0, 0],
	[49, 0],
	[50, 1],
	[51, 2],
	[52, 4],
	[55, 32],
	[56, 60],
	[100_000, 60],
])('%i failures from an address: %i s between attempts', (failures, seconds) => {
	expect(addressDelaySeconds(failures, 50)).toBe(seconds)
})
