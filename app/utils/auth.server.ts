import { createCookie, redirect } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { facilityPlace } from '#db/queries/scope'
import { hasConfirmedSecondFactor } from '#db/queries/second-factor'
import { sessionUser } from '#db/queries/sessions'
import { can, type Grant, type Permission, type Target } from '~/domain/permissions'
import { SIGN_IN_CHALLENGE_MINUTES, secondFactorRequired } from '~/domain/second-factor'
import { getEnv } from '~/env.server'
import { findSession } from '~/services/session.server'
import { forbidden, notFound } from './http.server'

let sessionCookie: ReturnType<typeof createCookie> | null = null

export function getSessionCookie() {
	const env = getEnv()
	sessionCookie ??= createCookie('__session', {
		httpOnly: true,
		sameSite: 'lax',
		secure: env.COOKIE_SECURE,
		path: '/',
		secrets: [env.SESSION_SECRET],
		// No maxAge: a browser session cookie; the server enforces idle and absolute timeouts.
	})
	return sessionCookie
}

/**
 * What the guards read of a request: its address (where to come back to after signing in) and its
 * headers. A Fetch API Request is one; the autosave endpoint served before Remix passes a lighter
 * object (docs/PERFORMANCE.md).
 */
export type GuardRequest = { url: string; headers: { get(name: string): string | null } }

// Checking a cookie's signature (Web Crypto HMAC, async) is the same work for the same header on every
// request of a session: the answer is kept per Cookie header, for a bounded number of headers of a
// bounded length (at most about 10 MB). Whether the session behind the token is still live is
// checked in the database on every request.
const verifiedCookies = new Map<string, string | null>()
const VERIFIED_COOKIES_LIMIT = 10_000
const VERIFIED_COOKIE_MAX_LENGTH = 1_024

export async function readSessionToken(request: GuardRequest): Promise<string | null> {
	const header = request.headers.get('Cookie')
	const known = header ? verifiedCookies.get(header) : undefined
	if (known !== undefined) return known
	const value = await getSessionCookie().parse(header)
	const token = typeof value === 'string' && value.length > 0 ? value : null
	if (header && header.length <= VERIFIED_COOKIE_MAX_LENGTH) {
		if (verifiedCookies.size >= VERIFIED_COOKIES_LIMIT) verifiedCookies.clear()
		verifiedCookies.set(header, token)
	}
	return token
}

export function commitSessionToken(token: string) {
	return getSessionCookie().serialize(token)
}

export function clearSessionCookie() {
	return getSessionCookie().serialize('', { maxAge: 0 })
}

let challengeCookie: ReturnType<typeof createCookie> | null = null

/** The pending second sign-in step (docs/decisions/016): its token, for the sign-in pages only, for minutes. */
export function getChallengeCookie() {
	const env = getEnv()
	challengeCookie ??= createCookie('__signin_step', {
		httpOnly: true,
		sameSite: 'lax',
		secure: env.COOKIE_SECURE,
		path: '/login',
		maxAge: SIGN_IN_CHALLENGE_MINUTES * 60,
		secrets: [env.SESSION_SECRET],
	})
	return challengeCookie
}

export async function readChallengeToken(request: GuardRequest): Promise<string | null> {
	const value = await getChallengeCookie().parse(request.headers.get('Cookie'))
	return typeof value === 'string' && value.length > 0 ? value : null
}

export type MembershipView = Grant & {
	id: number
	facilityName: string | null
	provinceName: string | null
}

export type CurrentUser = {
	id: number
	email: string
	name: string
	jobTitle: string
	grants: Array<MembershipView>
	/**
	 * The account's roles require a second factor and it has none yet (docs/decisions/016): it holds
	 * no grant until it enrols, and every guarded page sends it to enrolment.
	 */
	mustEnrolSecondFactor: boolean
}

/** Where an account that must enrol a second factor is sent. */
export const ENROLMENT_PATH = '/account/two-factor'

function loadUser(userId: number): CurrentUser | null {
	const db = getDb()
	const found = sessionUser(db, userId)
	if (!found || found.user.status !== 'active') return null
	const { user, grants } = found
	const mustEnrol =
		secondFactorRequired(
			grants.map((g) => g.role),
			getEnv().MFA_REQUIRED_ROLES,
		) && !hasConfirmedSecondFactor(db, user.id)
	return {
		id: user.id,
		email: user.email,
		name: user.name,
		jobTitle: user.jobTitle,
		grants: mustEnrol ? [] : grants,
		mustEnrolSecondFactor: mustEnrol,
	}
}

export type AuthState = { user: CurrentUser; token: string } | { user: null; expired: boolean }

/** The signed-in user, or null. Expired or idle sessions are ended here. */
export async function getAuth(request: GuardRequest): Promise<AuthState> {
	const token = await readSessionToken(request)
	if (!token) return { user: null, expired: false }
	const found = findSession(token)
	if (found.status !== 'valid') return { user: null, expired: found.status === 'expired' }
	const user = loadUser(found.session.userId)
	if (!user) return { user: null, expired: true }
	return { user, token }
}

export async function getOptionalUser(request: GuardRequest) {
	return (await getAuth(request)).user
}

/**
 * Throws a redirect to the sign-in page (with where to come back to) when nobody is signed in, and
 * to the second factor's enrolment when the account must enrol one first.
 */
export async function requireUser(request: GuardRequest): Promise<CurrentUser> {
	const user = await requireSignedIn(request)
	if (user.mustEnrolSecondFactor) throw redirect(ENROLMENT_PATH)
	return user
}

/** Signed in, whether or not a second factor is still to be enrolled: for the enrolment page alone. */
export async function requireSignedIn(request: GuardRequest): Promise<CurrentUser> {
	const auth = await getAuth(request)
	if (auth.user) return auth.user
	const url = new URL(request.url)
	const params = new URLSearchParams({ redirectTo: url.pathname + url.search })
	if (auth.expired) params.set('expired', '1')
	throw redirect(`/login?${params}`, { headers: { 'Set-Cookie': await clearSessionCookie() } })
}

/** The 403 of a failed guard, for the routes that weigh a permission themselves. */
export { forbidden }

/**
 * The one guard every loader and action uses: signed in, and some grant allows the permission
 * on the target. Deny by default.
 */
export async function requirePermission(request: GuardRequest, permission: Permission, target: Target) {
	const user = await requireUser(request)
	if (!can(user.grants, permission, target)) forbidden()
	return user
}

/** The scope target of a facility; 404 when it does not exist. */
export function facilityTarget(facilityId: number): Extract<Target, { kind: 'facility' }> {
	const f = Number.isSafeInteger(facilityId) ? facilityPlace(getDb(), facilityId) : undefined
	if (!f) notFound()
	return { kind: 'facility', facilityId: f.id, provinceCode: f.provinceCode, managingBody: f.managingBody }
}
