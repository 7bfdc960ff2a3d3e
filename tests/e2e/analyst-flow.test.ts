// The analyst's whole flow of issue 19: a new TT54 version authored in the browser, a round on it,
// and the comparison with the facility's earlier round on version 2 across the split criterion.
import { inject, expect, onTestFinished, test } from 'vitest'
import { openDatabase } from '#db/client.server'
import { getCatalogVersion } from '#db/queries/catalogs'
import { completeRound, NO, roundFacility, roundPeople, runRound, YES } from '#tests/rounds'
import { type Answer } from '~/domain/catalog/answers'
import { type Catalog } from '~/domain/catalog/schema'
import { vnIsoDate } from '~/domain/dates'
import { withdraw } from '~/services/publication.server'
import { expectAccessible, jsErrors, setupBrowser } from './browser'
import { nextTt54Version, publishDraft, readTt54Preview, TT54, TT54_V3, uploadTt54Version } from './catalog-authoring'
import { createAndOpenCampaign, signInAs, vi } from './flows'

const browser = setupBrowser()
/** Cần Thơ: no demo facility and no other browser test's round. */
const PROVINCE = '92'

/**
 * Every criterion answered at its best (yes; the highest-scoring option), except the declarations
 * that need an attached file to count as met (answered no: files are not what this test is about),
 * then the exceptions.
 */
function answersFor(catalog: Catalog, exceptions: Record<string, Answer> = {}): Record<string, Answer> {
	const answers: Record<string, Answer> = {}
	for (const c of catalog.groups.flatMap((g) => g.criteria)) {
		if (c.answer.type === 'yes_no') answers[c.id] = c.evidence === 'required' ? NO : YES
		else if (c.answer.type === 'choice')
			answers[c.id] = { kind: 'choice', value: [...c.answer.options].sort((a, b) => (b.points ?? 0) - (a.points ?? 0))[0].value }
		else throw new Error(`no answer written for ${c.id} (${c.answer.type})`)
	}
	return { ...answers, ...exceptions }
}

async function withDb<T>(work: (db: ReturnType<typeof openDatabase>) => Promise<T>): Promise<T> {
	const db = openDatabase(inject('e2eDbFile'))
	try {
		return await work(db)
	} finally {
		db.$client.close()
	}
}

/**
 * When the test ends, its results leave the portal again: the portal shows the round due last by
 * default, and the browser tests that follow read the demo's rounds there.
 */
function leaveThePortal(people: { publisher: { id: number } }, assessmentIds: ReadonlyArray<number>) {
	onTestFinished(() =>
		withDb(async (db) => {
			const actor = { id: people.publisher.id, name: 'Công bố', role: 'publisher' as const, scopeKind: 'national' as const }
			for (const assessmentId of assessmentIds) withdraw(db, { assessmentId, actor, reason: 'Kết thúc phần thử nghiệm.' })
		}),
	)
}

test("an analyst publishes a new TT54 version with a split criterion, a round uses it, and the facility's overview and portal trend compare it with the round on version 2", async () => {
	// Not under test: the facility's earlier round on version 2, answered, approved and published.
	const earlier = await withDb(async (db) => {
		const people = await roundPeople(db, 'analyst-flow')
		const facility = await roundFacility(db, { provinceCode: PROVINCE, code: '92901', name: 'Bệnh viện Phân tích Tiêu chí' })
		const v2 = getCatalogVersion(db, TT54, 2)!
		const round = await runRound(db, people, {
			title: 'Đợt TT54 cũ 2025',
			opensOn: '2025-09-01',
			province: PROVINCE,
			versionIds: [v2.id],
			facilities: [{ facility, answers: answersFor(v2.catalog), upTo: 'published' }],
		})
		leaveThePortal(people, round.assessmentIds)
		return { people, facility }
	})

	// Under test: the analyst authors and publishes the new version in the browser.
	const { page, context } = await browser.newPage()
	await signInAs(page, 'admin')
	const version = nextTt54Version()
	await uploadTt54Version(page, version)
	await readTt54Preview(page, version)
	await expectAccessible(page)
	await publishDraft(page, version)
	await expectAccessible(page)

	// The admin creates the new round on the published version in the browser and opens it.
	// Due before the demo's current round: the portal shows the round due last by default, and other
	// browser tests read the demo's round there.
	const dueOn = vnIsoDate(Date.now() + 7 * 86_400_000)
	await createAndOpenCampaign(page, 'Đợt TT54 mới 2026', [TT54], [PROVINCE], { [TT54]: version }, dueOn)
	const campaignId = Number(/\/admin\/campaigns\/(\d+)$/.exec(page.url())![1])
	await expectAccessible(page)

	// Not under test: the facility meets everything but the split-off half of LIS.89, and is
	// submitted, approved and published.
	const [assessmentId] = await withDb(async (db) => {
		const published = getCatalogVersion(db, TT54, version)!
		expect(published.catalog.based_on).toBe(2)
		const ids = await completeRound(db, earlier.people, campaignId, [
			{ facility: earlier.facility, answers: answersFor(published.catalog, { [TT54_V3.splitInto]: NO }), upTo: 'published' },
		])
		leaveThePortal(earlier.people, ids)
		return ids
	})

	// The facility's overview: the previous round beside this one, the split part against its predecessor.
	await page.goto(`/assessments/${assessmentId}`)
	const section = page.getByTestId('round-comparison')
	await expect.poll(() => section.getByRole('heading', { level: 2 }).textContent()).toBe(vi['rounds.title'])
	expect(await section.textContent()).toContain('Đợt TT54 cũ 2025')
	const levels = await section.getByTestId('round-levels').textContent()
	expect(levels).toContain('phiên bản 2')
	expect(levels).toContain(`phiên bản ${version}`)
	const criteria = section.getByTestId(`round-criteria-${TT54}`)
	const splitRow = criteria.locator('tr[data-change="no_longer_met"]')
	expect(await splitRow.count()).toBe(1)
	const splitText = await splitRow.textContent()
	expect(splitText).toContain(TT54_V3.splitInto)
	expect(splitText).toContain(vi['rounds.relation.split'].replace('{from}', TT54_V3.split))
	expect(await criteria.locator('tr[data-change="new"]').textContent()).toContain(vi['rounds.new'])
	await expectAccessible(page)

	// The portal's facility page: the trend table lists both rounds.
	await page.goto(`/portal/facility/${earlier.facility.code}`)
	const trend = page.getByTestId(`trend-${TT54}`)
	const rows = await trend.locator('tbody tr').allTextContents()
	expect(rows).toHaveLength(2)
	expect(rows[0]).toMatch(/^Đợt TT54 cũ 2025/)
	expect(rows[1]).toMatch(/^Đợt TT54 mới 2026/)
	await expectAccessible(page)
	expect(jsErrors(page)).toEqual([])
	await context.close()
})
