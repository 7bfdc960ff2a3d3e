import { data } from '@remix-run/node'

/** Throws a Response with the status when the condition is false (a guard, not an `if` ladder). */
export function invariantResponse(condition: unknown, message: string, init?: { status?: number }): asserts condition {
	if (!condition) {
		throw new Response(message, { status: init?.status ?? 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
	}
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
