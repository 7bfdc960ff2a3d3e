// The sign-in throttle's rule (docs/SECURITY.md, findings 1 and 11): an account is locked for the
// window after too many failures; an address is never locked, it is slowed down — past a number of
// free failures, each further attempt from it waits twice as long as the last (at most a minute),
// so one proxy without TRUST_PROXY cannot lock everyone behind it out. Pure: the counts come from
// the database, the time is passed in.

export type ThrottleConfig = {
	/** Failures of one account within the window that lock it (LOGIN_MAX_FAILURES). */
	maxFailuresPerAccount: number
	windowMinutes: number
	/** Failures from one address within the window before its attempts are slowed (LOGIN_MAX_FAILURES_PER_IP). */
	freeFailuresPerAddress: number
}

/** The longest wait between two attempts from one address. */
export const MAX_ADDRESS_DELAY_SECONDS = 60

export type FailureCount = { failures: number; newest: number | null }

export type ThrottleDecision =
	| { allowed: true }
	| { allowed: false; scope: 'account'; retryAfterMinutes: number }
	| { allowed: false; scope: 'address'; retryAfterSeconds: number }

/** How long an address waits after its latest failure, given how many it has had in the window. */
export function addressDelaySeconds(failures: number, freeFailures: number): number {
	if (failures < freeFailures) return 0
	return Math.min(2 ** Math.min(failures - freeFailures, 10), MAX_ADDRESS_DELAY_SECONDS)
}

/**
 * Whether one more attempt may go ahead. `account` counts the account's failures since its last
 * success (within the window); `address` the failures from the client's address within the
 * window, whatever the account (null when the address is unknown). In-flight attempts count as
 * failures: they are recorded before they are checked.
 */
export function throttleDecision(
	input: { account: FailureCount; address: FailureCount | null; now: number },
	config: ThrottleConfig,
): ThrottleDecision {
	const { account, address, now } = input
	if (account.failures >= config.maxFailuresPerAccount && account.newest !== null) {
		const until = account.newest + config.windowMinutes * 60_000
		if (until > now) return { allowed: false, scope: 'account', retryAfterMinutes: Math.ceil((until - now) / 60_000) }
	}
	if (address && address.newest !== null) {
		const delay = addressDelaySeconds(address.failures, config.freeFailuresPerAddress)
		const until = address.newest + delay * 1000
		if (delay > 0 && until > now) return { allowed: false, scope: 'address', retryAfterSeconds: Math.ceil((until - now) / 1000) }
	}
	return { allowed: true }
}
