// Every page, as each demo role sees it, byte for byte: no NUL and no U+FFFD anywhere in a text
// response. React 18.3.1's stream sent stale buffer bytes where a Vietnamese character straddled
// 2,048 bytes (react#31134; patches/react-dom+18.3.1.patch); a page whose text moves by one byte
// can bring it back, so this walks the demo as people do, following the links each role is shown,
// and checks that the walk reached every page the application has.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { expect, inject, test } from 'vitest'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '~/services/demo-seed.server'

const baseURL = inject('baseURL')
/** Per role: at most this many addresses of one route (a facility page is like the next) and pages in all. */
const PER_ROUTE = 3
const PER_ROLE = 120

type RouteInfo = { id: string; path?: string; parentId?: string; index?: boolean }

/** The application's routes, from the production build the browser suite serves. */
async function leafRoutes(): Promise<Array<{ id: string; pattern: RegExp; statics: number }>> {
	const build = (await import(pathToFileURL(path.resolve('build/index.js')).href)) as { routes: Record<string, RouteInfo> }
	// A route's path is relative to its parent's (admin/campaigns/:campaignId, then export).
	const fullPath = (r: RouteInfo): string => [r.parentId ? fullPath(build.routes[r.parentId]) : '', r.path ?? ''].filter(Boolean).join('/')
	const routes = Object.values(build.routes).filter((r) => r.id !== 'root')
	return routes.map((r) => {
		const segments = fullPath(r).split('/').filter(Boolean)
		const source = segments
			.map((s) => (s === '*' ? '.*' : s.startsWith(':') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
			.join('/')
		return { id: r.id, pattern: new RegExp(`^/${source}/?$`), statics: segments.filter((s) => !s.startsWith(':') && s !== '*').length }
	})
}

/** The route a path reaches: among those that match, the one with the most fixed segments (as Remix ranks them). */
function routeOf(routes: Awaited<ReturnType<typeof leafRoutes>>, pathname: string) {
	const matching = routes.filter((r) => r.pattern.test(pathname)).sort((a, b) => b.statics - a.statics)
	return matching[0]?.id ?? 'routes/$'
}

async function signIn(email: string): Promise<string> {
	const res = await fetch(`${baseURL}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseURL },
		body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
	})
	const cookie = res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ')
	if (res.status !== 302 || !cookie) throw new Error(`${email} could not sign in (${res.status})`)
	return cookie
}

const TEXT = /^(text\/|application\/(json|xml|javascript)|image\/svg)/

/** Follows a role's links from its first page; returns what each text response held that it should not. */
async function walk(cookie: string | null, routes: Awaited<ReturnType<typeof leafRoutes>>, seen: Set<string>) {
	const problems: Array<string> = []
	const perRoute = new Map<string, number>()
	// Pages of a route nobody has reached yet go first, so the walk covers the application before it
	// goes deeper into pages like the ones already seen.
	const fresh: Array<string> = []
	const queue: Array<string> = []
	const queued = new Set<string>()
	const enqueue = (href: string) => {
		if (queued.has(href)) return
		queued.add(href)
		;(seen.has(routeOf(routes, new URL(href, baseURL).pathname)) ? queue : fresh).push(href)
	}
	for (const start of ['/', '/portal', '/this-page-does-not-exist']) enqueue(start)
	let pages = 0
	while ((fresh.length > 0 || queue.length > 0) && pages < PER_ROLE) {
		const href = (fresh.shift() ?? queue.shift())!
		const route = routeOf(routes, new URL(href, baseURL).pathname)
		if ((perRoute.get(route) ?? 0) >= PER_ROUTE) continue
		perRoute.set(route, (perRoute.get(route) ?? 0) + 1)
		pages++
		const res = await fetch(new URL(href, baseURL), { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} })
		seen.add(route)
		const location = res.headers.get('location')
		const target = location ? new URL(location, baseURL) : null
		if (target?.origin === baseURL) enqueue(target.pathname + target.search)
		if (!TEXT.test(res.headers.get('content-type') ?? '')) {
			await res.body?.cancel()
			continue
		}
		const bytes = Buffer.from(await res.arrayBuffer())
		if (bytes.includes(0)) problems.push(`${href}: NUL at byte ${bytes.indexOf(0)}`)
		const text = bytes.toString('utf8')
		if (text.includes('\uFFFD')) problems.push(`${href}: U+FFFD at character ${text.indexOf('\uFFFD')}`)
		// Links, and our own addresses written out in the text (the portal's embed code, the API's examples).
		const links = [...text.matchAll(/href="([^"#]+)/g)].map((m) => m[1])
		for (const [absolute] of text.matchAll(new RegExp(`${baseURL.replace(/[.:/]/g, '\\$&')}/[^"&<>\\s#]*`, 'g'))) links.push(absolute)
		for (const link of links) {
			const url = new URL(link.replaceAll('&amp;', '&'), new URL(href, baseURL))
			// Static files and the build's scripts are not pages; signing out would end the walk.
			if (url.origin !== baseURL || url.pathname.startsWith('/build/') || url.pathname === '/logout') continue
			enqueue(url.pathname + url.search)
		}
	}
	return problems
}

/**
 * Routes a walk cannot reach by following links, each for a reason: the address carries a
 * one-time secret or a file just uploaded, or the route answers only POST.
 */
const UNREACHED = new Set([
	'routes/assessments.$assessmentId.submission[.]pdf', // offered when a round asks for the director's signature; the demo's rounds do not
	'routes/assessments.$assessmentId.signature', // the same
	'routes/evidence.$evidenceId', // an uploaded file's own bytes; the demo has none
	'routes/admin.campaigns.$campaignId_.edit', // a round not yet opened; the demo's are open or closed
	'routes/password.$token', // a one-time link from an e-mail
	'routes/login_.code', // the second sign-in step: only after the password of an account with a second factor (e2e/second-factor.test.ts)
	'routes/assessments.$assessmentId.excel.$importId', // a workbook just uploaded
	'routes/facilities.import.$importId', // a registry file just uploaded
	'routes/admin.catalogs.$code.drafts.$draftId', // a catalog workbook just uploaded (e2e/catalog-authoring.test.ts)
	'routes/assessments.$assessmentId.answers', // autosave: POST only
	'routes/lang', // the language switch: POST only
	'routes/logout', // POST only, and it would end the walk
])

test('no page, as any demo role or signed out, carries a NUL byte or a replacement character, and the walk reaches every page', async () => {
	const routes = await leafRoutes()
	const seen = new Set<string>()
	const problems: Array<string> = []
	for (const account of [null, ...DEMO_ACCOUNTS.map((a) => a.email)]) {
		const cookie = account ? await signIn(account) : null
		for (const p of await walk(cookie, routes, seen)) problems.push(`${account ?? 'signed out'} ${p}`)
	}
	expect(problems).toEqual([])
	const missed = routes.map((r) => r.id).filter((id) => !seen.has(id) && !UNREACHED.has(id))
	expect(missed).toEqual([])
})

test('the icon browsers ask for by default is served, not a 404', async () => {
	const res = await fetch(`${baseURL}/favicon.ico`)
	expect(res.status).toBe(200)
	expect(res.headers.get('content-type')).toMatch(/icon/)
	expect(Buffer.from(await res.arrayBuffer()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]))
})
