// Helpers for integration tests: call the real route modules with real Requests against the
// per-test SQLite copy. Nothing of ours is mocked.
import { getDb } from '#db/client.server'
import { seeded } from '~/domain/random'
import { createSession } from '~/services/session.server'
import { commitSessionToken } from '~/utils/auth.server'

export const BASE_URL = 'http://localhost'

export function db() {
	return getDb()
}

/** A real session for the user, as the Cookie header a browser would send. */
export async function cookieFor(userId: number, now = new Date()) {
	const token = createSession(userId, { ip: '127.0.0.1', userAgent: 'vitest' }, now)
	const setCookie = await commitSessionToken(token)
	return { cookie: setCookie.split(';')[0], token }
}

export function makeRequest(
	pathname: string,
	init: {
		method?: string
		cookie?: string
		form?: Record<string, string | Array<string>> | FormData
		headers?: Record<string, string>
	} = {},
) {
	const headers = new Headers(init.headers)
	if (init.cookie) headers.set('Cookie', init.cookie)
	headers.set('x-client-ip', headers.get('x-client-ip') ?? '127.0.0.1')
	let body: FormData | undefined
	if (init.form instanceof FormData) body = init.form
	else if (init.form) {
		body = new FormData()
		for (const [k, v] of Object.entries(init.form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item)
	}
	return new Request(new URL(pathname, BASE_URL), { method: init.method ?? (body ? 'POST' : 'GET'), headers, body })
}

export type RouteResult = { status: number; data: any; headers: Headers; location: string | null; bytes?: Uint8Array }

type Fn = (args: { request: Request; params: Record<string, string | undefined>; context: any }) => unknown

/**
 * Runs a loader or action the way Remix does: a thrown Response is the result; `data()` carries
 * a status; plain objects are 200.
 */
export async function run(fn: Fn | undefined, request: Request, params: Record<string, string> = {}): Promise<RouteResult> {
	if (!fn) throw new Error('route has no such export')
	let out: unknown
	try {
		out = await fn({ request, params, context: { cspNonce: 'test' } })
	} catch (thrown) {
		out = thrown
	}
	if (out instanceof Response) {
		const bytes = new Uint8Array(await out.arrayBuffer())
		return { status: out.status, data: new TextDecoder().decode(bytes), headers: out.headers, location: out.headers.get('Location'), bytes }
	}
	if (out && typeof out === 'object' && (out as any).type === 'DataWithResponseInit') {
		const init = (out as any).init ?? {}
		return { status: init.status ?? 200, data: (out as any).data, headers: new Headers(init.headers), location: null }
	}
	if (out instanceof Error) throw out
	return { status: 200, data: out, headers: new Headers(), location: null }
}

/** Bytes that look random and are the same on every run (the seeded generator of app/domain/random.ts). */
export function seededBytes(length: number, seed: number): Buffer {
	const next = seeded(seed)
	const bytes = Buffer.alloc(length)
	for (let i = 0; i < length; i++) bytes[i] = Math.floor(next() * 256)
	return bytes
}
