import { data } from '@remix-run/node'

function plainResponse(message: string, status: number) {
	return new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}

/**
 * A guard: throws a plain-text Response with the status (400 unless told) when the condition is
 * false. The nearest error boundary (app/components/error-boundary.tsx) shows the page for it.
 */
export function invariantResponse(condition: unknown, message: string, init?: { status?: number }): asserts condition {
	if (!condition) throw plainResponse(message, init?.status ?? 400)
}

/** Stops the request with 403: the user is signed in but no grant allows this. */
export function forbidden(): never {
	throw plainResponse('Forbidden', 403)
}

/** Stops the request with 404: there is no such thing, or the user may not know it exists. */
export function notFound(message = 'Not found'): never {
	throw plainResponse(message, 404)
}

const OUR_ORIGIN = 'http://redirect.invalid'

/**
 * Only same-site paths may be redirect targets (no open redirects, docs/SECURITY.md finding 2).
 * Browsers drop tabs and line breaks from a URL and read a backslash as "/", so "/\t/evil.example" is
 * "//evil.example": any control character or backslash sends the user to the fallback, and what
 * remains is resolved as a URL and must stay on our origin. The answer is the resolved, encoded
 * path, so it is always a valid Location header (CR/LF used to end in a 500, finding 7).
 */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = '/dashboard') {
	if (typeof to !== 'string' || to.length > 2000 || !to.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(to)) return fallback
	let url: URL
	try {
		url = new URL(to, OUR_ORIGIN)
	} catch {
		return fallback
	}
	if (url.origin !== OUR_ORIGIN) return fallback
	return url.pathname + url.search + url.hash
}

/**
 * The request's form. A body that is not a well-formed form (a cut multipart body, a wrong
 * boundary) is a 400, not a 500 (docs/SECURITY.md, finding 7).
 */
export async function readFormData(request: Request): Promise<FormData> {
	try {
		return await request.formData()
	} catch {
		throw plainResponse('Bad request: the form could not be read', 400)
	}
}

export function getClientIp(request: Request): string | null {
	return request.headers.get('x-client-ip')
}

export { data }
