// Steps shared by the browser journeys, written as a person would do them.
import { type Page } from 'playwright-core'
import { expect } from 'vitest'
import { messages } from '~/i18n/messages'
import { DEMO_DOMAIN } from '~/services/demo-seed.server'
import { latestCatalogs, loadAllCatalogFiles } from '../../scripts/catalog-validate'
import { signIn } from './browser'

export const vi = messages.vi

export function nav(page: Page, key: keyof typeof messages.vi) {
	return page.getByRole('navigation', { name: vi['nav.main'] }).getByRole('link', { name: vi[key], exact: true })
}

export async function signInAs(page: Page, account: string) {
	await signIn(page, `${account}${DEMO_DOMAIN}`)
	await page.waitForURL('**/dashboard')
}

const newest = new Map(latestCatalogs(loadAllCatalogFiles()).flatMap((l) => (l.ok ? [[l.catalog.code, l.catalog.version]] : [])))

/** The label of a catalog's version (the newest shipped unless said) among the round form's choices ("… (CODE vN)"). */
export function catalogChoice(code: string, version = newest.get(code)) {
	return new RegExp(`\\(${code} v${version}\\)`)
}

/**
 * The admin creates a round with these catalogs (their newest shipped version, or the version given
 * in `versions`) for these provinces (due far ahead unless `dueOn` says, yyyy-mm-dd) and opens it.
 */
export async function createAndOpenCampaign(
	page: Page,
	title: string,
	catalogCodes: Array<string>,
	provinces: Array<string>,
	versions: Record<string, number> = {},
	dueOn = '2099-12-31',
) {
	await nav(page, 'nav.campaigns').click()
	await page.getByRole('link', { name: vi['campaigns.new'] }).click()
	await page.getByLabel(vi['campaign.field.title']).fill(title)
	for (const code of catalogCodes) await page.getByLabel(catalogChoice(code, versions[code] ?? newest.get(code))).check()
	await page.getByLabel(vi['campaign.field.provinces']).selectOption(provinces)
	await page.getByLabel(vi['campaign.field.dueOn']).fill(dueOn)
	await page.getByLabel(vi['campaign.field.acceptsLate']).check()
	await page.getByRole('button', { name: vi['campaign.create'] }).click()
	await page.waitForURL(/\/admin\/campaigns\/\d+$/)
	// The round says how it is reviewed and whether late work counts, in words.
	expect(await page.getByTestId('campaign-rules').textContent()).toBe(
		`${vi['campaign.rules.oneStage']} ${vi['campaign.rules.lateAccepted']}`,
	)
	await page.getByRole('button', { name: vi['campaign.open'] }).click()
	await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Đã mở đợt đánh giá: tạo \d+ phiếu đánh giá\./)
}

/** Opens the facility's assessment of the named round from the navigation; returns its URL. */
export async function openAssessment(page: Page, campaignTitle: string) {
	await nav(page, 'nav.assessments').click()
	// The dashboard links the same round by the same title: wait for the list, or the click may land
	// on the dashboard's link just as the page changes under it.
	await page.waitForURL(/\/assessments$/)
	await page.getByRole('link', { name: campaignTitle, exact: true }).click()
	await page.waitForURL(/\/assessments\/\d+$/)
	return page.url()
}

/** A security catalog's facts about a system: left unanswered once the system is said not to run. */
const SYSTEM_FACT = /^ATTT\.(HIS|LIS|RISPACS|EMR|PORTAL)\.(?!operated$)/

/**
 * Answers every criterion on the page the way a careful hospital would; returns how many. The
 * hospital runs none of the systems the security catalog classifies (as its inventory says: the
 * first choice, "not deployed"), so it answers their "in operation" fact and nothing else of them,
 * and has none of the security measures in place.
 */
export async function answerPage(page: Page, opts: { js: boolean }) {
	const fieldsets = page.locator('fieldset[data-criterion]')
	const n = await fieldsets.count()
	let answered = 0
	for (let i = 0; i < n; i++) {
		const fs = fieldsets.nth(i)
		const id = (await fs.getAttribute('data-criterion'))!
		if (SYSTEM_FACT.test(id)) continue
		answered++
		const radios = fs.locator('input[type=radio]')
		let changed = true
		if (await radios.count()) {
			// Security measures need evidence when claimed: this hospital claims none.
			const value =
				id.endsWith('.operated') || /^ATTT\.[MT]\./.test(id)
					? 'no'
					: (await fs.locator('input[type=radio][value=yes]').count())
						? 'yes'
						: null
			const radio = value ? fs.locator(`input[type=radio][value="${value}"]`) : radios.first()
			changed = !(await radio.isChecked())
			await radio.check()
		} else if (await fs.locator('input[type=date]').count()) {
			await fs.locator('input[type=date]').fill('2025-09-30')
		} else {
			await fs.locator('input[type=text], textarea').first().fill('12')
			if (opts.js) await fs.locator('input[type=text], textarea').first().blur()
		}
		if (opts.js && changed)
			await expect.poll(() => fs.locator('[data-save-state]').getAttribute('data-save-state'), { timeout: 10_000 }).toBe('saved')
	}
	if (!opts.js) {
		await page.getByRole('button', { name: vi['form.saveAll'] }).click()
		await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Đã lưu \d+ câu trả lời\./)
	}
	return answered
}

/** Goes through every form page of the assessment, answering everything. */
export async function fillWholeAssessment(page: Page, overviewUrl: string, opts: { js: boolean }) {
	await page.goto(overviewUrl)
	let href = await page.locator('.group-list a').first().getAttribute('href')
	let answered = 0
	while (href) {
		await page.goto(href)
		answered += await answerPage(page, opts)
		const next = page.getByRole('link', { name: vi['form.nextGroup'] })
		href = (await next.count()) ? await next.getAttribute('href') : null
	}
	return answered
}

/** The director submits with the attestation (name and title prefilled from the account). */
export async function submitAsDirector(page: Page, overviewUrl: string) {
	await page.goto(`${overviewUrl}/submit`)
	await expect.poll(() => page.getByText(vi['submit.ready']).count()).toBe(1)
	await page.getByLabel(vi['submit.accept']).check()
	await page.getByRole('button', { name: vi['submit.button'] }).click()
	await page.waitForURL(/submitted=1/)
}
