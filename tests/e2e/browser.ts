import AxeBuilder from '@axe-core/playwright'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject } from 'vitest'
import { DEMO_PASSWORD } from '~/services/demo-seed.server'
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium'

/**
 * Remix asks the server about the routes of the links a page shows (lazy route discovery). When a
 * test leaves the page while that request is in flight, the browser aborts it and Remix logs this;
 * a person leaving a page sees nothing, and discovery happens again on the next page. A failing
 * answer from the server logs a different message ("… Error: 500 …"), which still counts.
 */
const ABORTED_DISCOVERY = /^Failed to fetch manifest patches TypeError: Failed to fetch(\n\s+at .*)*$/

/**
 * A request the browser aborted because a newer navigation superseded it (the test moving on while
 * Remix still revalidates after a save) rejects with an `AbortError` that Remix's runtime does not
 * always catch; nothing is shown to the person and nothing is lost (saves are acknowledged before
 * the test moves on). It failed the self-assessment test in one full run out of seven. Any other
 * page error still counts, with its stack.
 */
const isAbortedRequest = (e: Error) => e.name === 'AbortError'

/** Debian's Chromium, headless, with the flags this closed network needs. Never a downloaded browser. */
export function setupBrowser() {
	const state: { browser: Browser | null } = { browser: null }
	beforeAll(async () => {
		state.browser = await chromium.launch({
			executablePath: CHROMIUM,
			headless: true,
			args: CHROMIUM_ARGS,
		})
	})
	afterAll(async () => {
		await state.browser?.close()
	})
	return {
		baseURL: inject('baseURL'),
		async newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<{ page: Page; context: BrowserContext }> {
			const context = await state.browser!.newContext({ baseURL: inject('baseURL'), javaScriptEnabled: options.javaScriptEnabled ?? true })
			const page = await context.newPage()
			const errors: Array<string> = []
			page.on('pageerror', (e) => {
				if (!isAbortedRequest(e)) errors.push(e.stack ?? String(e))
			})
			page.on('console', (m) => {
				if (m.type() === 'error' && !ABORTED_DISCOVERY.test(m.text())) errors.push(m.text())
			})
			;(page as Page & { jsErrors: Array<string> }).jsErrors = errors
			return { page, context }
		},
	}
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
	await page.goto('/login')
	await page.getByLabel(/Địa chỉ thư điện tử|E-mail address/).fill(email)
	await page.getByLabel(/Mật khẩu|Password/).fill(password)
	await page.getByRole('button', { name: /^(Đăng nhập|Sign in)$/ }).click()
}

/** Runs axe on the page; any WCAG A/AA violation fails the test with the rule names. */
export async function expectAccessible(page: Page) {
	const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
	const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
	expect(summary).toEqual([])
}

export function jsErrors(page: Page): Array<string> {
	return (page as Page & { jsErrors: Array<string> }).jsErrors
}
