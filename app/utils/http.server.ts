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

/** Only same-site relative paths may be redirect targets (no open redirects). */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = '/dashboard') {
	if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
	return to
}

export function getClientIp(request: Request): string | null {
	return request.headers.get('x-client-ip')
}

export { data }
