// Headers and request checks of the running production server (docs/SECURITY.md, V3).
import { expect, inject, test } from 'vitest'

const base = () => inject('baseURL')

test('pages carry a nonce-based CSP without unsafe-inline scripts, HSTS, no-sniff, a referrer policy and no framing', async () => {
	const res = await fetch(`${base()}/login`)
	const csp = res.headers.get('content-security-policy')!
	const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1]
	expect(nonce).toBeTruthy()
	expect(csp).not.toContain('unsafe-inline')
	expect(csp).not.toContain('unsafe-eval')
	expect(csp).toContain("frame-ancestors 'none'")
	expect(csp).toContain("object-src 'none'")
	expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains')
	expect(res.headers.get('x-content-type-options')).toBe('nosniff')
	expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
	expect(res.headers.get('x-frame-options')).toBe('DENY')
	expect(res.headers.get('x-powered-by')).toBeNull()
	// Every inline script the page carries has this response's nonce.
	const html = await res.text()
	const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)]
	expect(scripts.length).toBeGreaterThan(0)
	for (const s of scripts) expect(s[1]).toContain(`nonce="${nonce}"`)
})

test('each response gets a fresh nonce', async () => {
	const a = (await fetch(`${base()}/login`)).headers.get('content-security-policy')
	const b = (await fetch(`${base()}/login`)).headers.get('content-security-policy')
	expect(a).not.toBe(b)
})

test('a state-changing request from another site is refused before it reaches the app', async () => {
	const res = await fetch(`${base()}/login`, {
		method: 'POST',
		headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
		body: 'email=admin%40demo.vn&password=Demo%402026',
		redirect: 'manual',
	})
	expect(res.status).toBe(403)
	expect(res.headers.get('set-cookie')).toBeNull()
})

test('an unknown address is a 404 page without a stack trace', async () => {
	const res = await fetch(`${base()}/khong-co/trang-nay`)
	expect(res.status).toBe(404)
	const html = await res.text()
	expect(html).not.toMatch(/at .*\.(js|ts):\d+/)
	expect(html).toContain('Không tìm thấy trang')
})

/** Signs in through the real form as facility staff (no second factor), and returns the session cookie. */
async function sessionCookie(email = 'cntt.xanhpon@demo.vn') {
	const res = await fetch(`${base()}/login`, {
		method: 'POST',
		headers: { origin: base(), 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email, password: 'Demo@2026' }),
		redirect: 'manual',
	})
	expect(res.status).toBe(302)
	return (res.headers.get('set-cookie') ?? '').split(';')[0]
}

test('a POST with Origin: null (a sandboxed frame, a data: page) is refused as cross-site, for pages and data requests alike', async () => {
	const cookie = await sessionCookie()
	const attempts = [
		['/login', new URLSearchParams({ email: 'cntt.xanhpon@demo.vn', password: 'Demo@2026' })],
		['/account?_data=routes%2Faccount', new URLSearchParams({ intent: 'profile', name: 'Bị đổi tên', locale: 'vi' })],
		['/account.data', new URLSearchParams({ intent: 'profile', name: 'Bị đổi tên', locale: 'vi' })],
		['/account', new URLSearchParams({ intent: 'profile', name: 'Bị đổi tên', locale: 'vi' })],
	] as const
	for (const [path, body] of attempts) {
		const res = await fetch(`${base()}${path}`, {
			method: 'POST',
			headers: { origin: 'null', cookie, 'content-type': 'application/x-www-form-urlencoded' },
			body,
			redirect: 'manual',
		})
		expect({ path, status: res.status }).toEqual({ path, status: 403 })
		expect(res.headers.get('set-cookie')).toBeNull()
	}
	const account = await (await fetch(`${base()}/account`, { headers: { cookie } })).text()
	expect(account).not.toContain('Bị đổi tên')
})

test('a POST that the browser marks as coming from another site is refused even without an Origin header', async () => {
	const res = await fetch(`${base()}/login`, {
		method: 'POST',
		headers: { 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' },
		body: 'email=cntt.xanhpon%40demo.vn&password=Demo%402026',
		redirect: 'manual',
	})
	expect(res.status).toBe(403)
})

test('line breaks in redirectTo give a redirect to our own page, never a 500 with a stack trace', async () => {
	const cookie = await sessionCookie()
	const res = await fetch(`${base()}/login?redirectTo=${encodeURIComponent('/x\r\nSet-Cookie: evil=1')}`, {
		headers: { cookie },
		redirect: 'manual',
	})
	expect(res.status).toBe(302)
	expect(res.headers.get('location')).toBe('/dashboard')
	expect(res.headers.get('set-cookie') ?? '').not.toContain('evil')
})

test('a request the server cannot handle gets a page without a stack trace', async () => {
	const res = await fetch(`${base()}/login`, {
		method: 'POST',
		headers: { origin: base(), 'content-type': 'multipart/form-data; boundary=x' },
		body: '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\nbroken',
		redirect: 'manual',
	})
	expect(res.status).toBeLessThan(500)
	expect(await res.text()).not.toMatch(/at .*\.(js|ts):\d+/)
})

test('a portal page is cacheable by shared caches only for anonymous visitors: signed in, it is private, and it varies by cookie', async () => {
	const anonymous = await fetch(`${base()}/portal`)
	expect(anonymous.headers.get('cache-control')).toBe('public, no-cache')
	expect(anonymous.headers.get('vary') ?? '').toMatch(/\bCookie\b/i)
	const signedIn = await fetch(`${base()}/portal`, { headers: { cookie: await sessionCookie() } })
	expect(await signedIn.text()).toContain('Đỗ Văn Long')
	expect(signedIn.headers.get('cache-control')).toBe('private, no-cache')
	expect(signedIn.headers.get('vary') ?? '').toMatch(/\bCookie\b/i)
})
