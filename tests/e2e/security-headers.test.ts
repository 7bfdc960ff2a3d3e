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
