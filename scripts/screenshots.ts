// `npm run screenshots`: the README's screenshots (docs/screenshots/*.png), taken from a running demo
// (`npm run demo`; SCREENSHOTS_BASE_URL, default http://localhost:3000) with Debian's Chromium
// (CHROMIUM_PATH, default /usr/bin/chromium; never a downloaded browser). Pages are 1280 px wide but
// the phone view, 390 px. Each shot signs in as the demo role that sees the page.
import path from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { DEMO_DOMAIN, DEMO_PASSWORD } from '~/services/demo-seed.server'

const base = (process.env.SCREENSHOTS_BASE_URL ?? 'http://localhost:3000').replace(/\/$/, '')
const out = path.resolve('docs/screenshots')
const DESKTOP = { width: 1280, height: 860 }
const PHONE = { width: 390, height: 844 }

type Shot = {
	file: string
	account: string | null
	viewport?: { width: number; height: number }
	/** Goes to the page to capture (after signing in). */
	open: (page: Page) => Promise<void>
}

/** The first link of the page's first table (the demo's first row), followed. */
async function firstRow(page: Page, listPath: string) {
	await page.goto(base + listPath)
	await page.locator('main table').first().getByRole('link').first().click()
	await page.waitForLoadState('networkidle')
}

const SHOTS: Array<Shot> = [
	{ file: 'login.png', account: null, open: (p) => p.goto(`${base}/login`).then(() => undefined) },
	{ file: 'dashboard.png', account: 'admin', open: (p) => p.goto(`${base}/dashboard`).then(() => undefined) },
	{ file: 'facilities.png', account: 'admin', open: (p) => p.goto(`${base}/facilities`).then(() => undefined) },
	{ file: 'assessment-overview.png', account: 'cntt.xanhpon', open: (p) => firstRow(p, '/assessments') },
	{ file: 'review.png', account: 'thamdinh.danang', open: (p) => firstRow(p, '/review?status=approved') },
	{ file: 'portal.png', account: null, open: (p) => p.goto(`${base}/portal`).then(() => undefined) },
	{
		file: 'portal-tile-map.png',
		account: null,
		open: async (p) => {
			await p.goto(`${base}/portal`)
			await p.locator('figure.tile-map').first().scrollIntoViewIfNeeded()
		},
	},
	{ file: 'phone-dashboard.png', account: 'cntt.xanhpon', viewport: PHONE, open: (p) => p.goto(`${base}/dashboard`).then(() => undefined) },
]

async function signIn(page: Page, account: string) {
	await page.goto(`${base}/login`)
	await page.getByLabel(/Địa chỉ thư điện tử|E-mail address/).fill(`${account}${DEMO_DOMAIN}`)
	await page.getByLabel(/Mật khẩu|Password/).fill(DEMO_PASSWORD)
	await page.getByRole('button', { name: /^(Đăng nhập|Sign in)$/ }).click()
	await page.waitForURL('**/dashboard')
}

async function take(browser: Browser, shot: Shot) {
	const context = await browser.newContext({ viewport: shot.viewport ?? DESKTOP, deviceScaleFactor: 1 })
	try {
		const page = await context.newPage()
		if (shot.account) await signIn(page, shot.account)
		await shot.open(page)
		await page.screenshot({ path: path.join(out, shot.file) })
	} finally {
		await context.close()
	}
}

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	headless: true,
	args: ['--no-sandbox', '--disable-dev-shm-usage'],
})
let failed = 0
for (const shot of SHOTS) {
	try {
		await take(browser, shot)
		console.log(`docs/screenshots/${shot.file}`)
	} catch (error) {
		failed++
		console.error(`${shot.file}: ${String(error)}`)
	}
}
await browser.close()
process.exit(failed > 0 ? 1 : 0)
