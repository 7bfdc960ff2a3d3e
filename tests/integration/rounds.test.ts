import { expect, test } from 'vitest'
import { getAnswers, getAssessmentContext } from '#db/queries/assessments'
import { cookieFor, db, makeRequest, run } from '#tests/helpers'
import { answered, importVersion, NO, roundFacility, roundPeople, runRound } from '#tests/rounds'
import { scoreAssessment } from '~/domain/catalog/scoring'
import { buildCatalog, catalogInput, catalogV2Input } from '~/domain/catalog/testing'
import { HEADLINE_INDICATORS } from '~/domain/indicators'
import * as overviewRoute from '~/routes/assessments.$assessmentId._index'
import * as provincePortal from '~/routes/portal.$province'
import * as nationalPortal from '~/routes/portal._index'
import * as facilityPortal from '~/routes/portal.facility.$code'
import * as reviewRoute from '~/routes/review.$assessmentId'

const V1 = buildCatalog(catalogInput({ effective_from: '2023-01-01' }))
/** Version 2 of the test catalog: A1 split in two, B1 and B2 merged, A9 new, C2 dropped. */
const V2 = buildCatalog(catalogV2Input({ effective_from: '2026-01-01' }))

async function overview(assessmentId: number, userId: number) {
	const { cookie } = await cookieFor(userId)
	const res = await run(overviewRoute.loader, makeRequest(`/assessments/${assessmentId}`, { cookie }), {
		assessmentId: String(assessmentId),
	})
	expect(res.status).toBe(200)
	return res.data
}

type Change = { kind: string; change?: string; relation?: string; after?: { id: string }; before?: { id: string } | Array<{ id: string }> }
const summary = (changes: Array<Change>) =>
	changes.map((c) =>
		c.kind === 'changed'
			? `${c.after!.id} ${c.relation} ${c.change}`
			: c.kind === 'new'
				? `${c.after!.id} new`
				: `${(c.before as { id: string }).id} dropped`,
	)

test("the overview shows the previous round's verified result beside this round: levels, systems and the criteria that changed", async () => {
	const people = await roundPeople(db())
	const f = await roundFacility(db())
	const v1 = importVersion(db(), V1)
	await runRound(db(), people, {
		title: 'Đợt 2025',
		opensOn: '2025-03-01',
		versionIds: [v1],
		facilities: [
			{
				facility: f,
				answers: { ...answered(['A1', 'A2', 'B1', 'B2', 'C1']), C2: NO },
				upTo: 'published',
				verdicts: { B2: { verdict: 'not_met', reason: 'Không có minh chứng' } },
			},
		],
	})
	const r2 = await runRound(db(), people, {
		title: 'Đợt 2026',
		opensOn: '2026-03-01',
		versionIds: [v1],
		facilities: [{ facility: f, answers: answered(['A1', 'A2', 'B1', 'B2', 'C1', 'C2']), upTo: 'submitted' }],
	})
	const data = await overview(r2.assessmentIds[0], f.director.id)
	const cmp = data.previousRound
	expect(cmp.previous).toEqual({ campaignTitle: 'Đợt 2025', basis: 'verified' })
	expect(cmp.current).toEqual({ campaignTitle: 'Đợt 2026', basis: 'current' })
	const c = cmp.catalogs[0]
	expect(c.sameVersion).toBe(true)
	expect(c.before.level.id).toBe('L2')
	expect(c.after.level.id).toBe('L3')
	// B2 was found not met by the evaluator: the verified result is what is compared.
	expect(summary(c.changes)).toEqual(['B2 same now_met', 'C2 same now_met'])
	expect(cmp.systems.map((s: { system: string }) => s.system)).toContain('his')
})

test('across two catalog versions the overview compares a split criterion part by part, says a new one has no predecessor and lists the dropped one', async () => {
	const people = await roundPeople(db())
	const f = await roundFacility(db())
	const v1 = importVersion(db(), V1)
	const v2 = importVersion(db(), V2)
	await runRound(db(), people, {
		title: 'Đợt 2025',
		opensOn: '2025-03-01',
		versionIds: [v1],
		facilities: [{ facility: f, answers: { ...answered(['A1', 'A2', 'B1', 'C1', 'C2']), B2: NO }, upTo: 'approved' }],
	})
	const r2 = await runRound(db(), people, {
		title: 'Đợt 2026',
		opensOn: '2026-03-01',
		versionIds: [v2],
		facilities: [{ facility: f, answers: { ...answered(['A1a', 'A2', 'A9', 'B12', 'C1']), A1b: NO }, upTo: 'submitted' }],
	})
	const c = (await overview(r2.assessmentIds[0], f.director.id)).previousRound.catalogs[0]
	expect(c.before.version).toBe(1)
	expect(c.after.version).toBe(2)
	expect(summary(c.changes)).toEqual(['A1b split no_longer_met', 'A9 new', 'B12 merged now_met', 'C2 dropped'])
	expect(c.unchanged).toBe(3)
})

test('without an approved result the previous round is its last submission; a round never submitted is not a previous round', async () => {
	const people = await roundPeople(db())
	const f = await roundFacility(db())
	const v1 = importVersion(db(), V1)
	await runRound(db(), people, {
		title: 'Đợt 2024',
		opensOn: '2024-03-01',
		versionIds: [v1],
		facilities: [{ facility: f, answers: { ...answered(['A1', 'A2']), ...answered(['B1', 'C1', 'C2'], NO) }, upTo: 'submitted' }],
	})
	const r2 = await runRound(db(), people, {
		title: 'Đợt 2025',
		opensOn: '2025-03-01',
		versionIds: [v1],
		facilities: [{ facility: f, answers: answered(['A1']), upTo: 'draft' }],
	})
	const r3 = await runRound(db(), people, {
		title: 'Đợt 2026',
		opensOn: '2026-03-01',
		versionIds: [v1],
		facilities: [{ facility: f, answers: { ...answered(['A1', 'A2', 'B1']), ...answered(['C1', 'C2'], NO) }, upTo: 'draft' }],
	})
	const cmp = (await overview(r3.assessmentIds[0], f.director.id)).previousRound
	expect(cmp.previous).toEqual({ campaignTitle: 'Đợt 2024', basis: 'submitted' })
	expect(summary(cmp.catalogs[0].changes)).toEqual(['B1 same now_met'])
	// The first round has nothing before it.
	const none = await overview(r2.assessmentIds[0], f.director.id)
	expect(none.previousRound.previous.campaignTitle).toBe('Đợt 2024')
	// A round barely begun has changed nothing: what it has not answered yet is counted, not listed.
	expect(summary(none.previousRound.catalogs[0].changes)).toEqual([])
	expect(none.previousRound.catalogs[0].unansweredNow).toBe(4)
	const first = await runRound(db(), people, {
		title: 'Đợt 2023',
		opensOn: '2023-03-01',
		versionIds: [v1],
		facilities: [{ facility: f, answers: answered(['A1']), upTo: 'draft' }],
	})
	expect((await overview(first.assessmentIds[0], f.director.id)).previousRound).toBeNull()
})

test("the portal's facility page lists the facility's level in every published round, and the national and province pages the distribution per round", async () => {
	const people = await roundPeople(db())
	const f = await roundFacility(db())
	const peer = await roundFacility(db())
	const v1 = importVersion(db(), V1)
	const level1 = { ...answered(['A1', 'A2']), ...answered(['B1', 'B2', 'C1', 'C2'], NO) }
	const level3 = answered(['A1', 'A2', 'B1', 'B2', 'C1', 'C2'])
	await runRound(db(), people, {
		title: 'Đợt 2025',
		opensOn: '2025-03-01',
		versionIds: [v1],
		facilities: [
			{ facility: f, answers: level1, upTo: 'published' },
			{ facility: peer, answers: level1, upTo: 'published' },
		],
	})
	await runRound(db(), people, {
		title: 'Đợt 2026',
		opensOn: '2026-03-01',
		versionIds: [v1],
		facilities: [
			{ facility: f, answers: level3, upTo: 'published' },
			{ facility: peer, answers: level1, upTo: 'approved' },
		],
	})
	const page = await run(facilityPortal.loader, makeRequest(`/portal/facility/${f.code}`), { code: f.code })
	const trend = page.data.trend[0]
	expect(trend.code).toBe('TEST-CAT')
	expect(trend.maxRank).toBe(3)
	expect(trend.points.map((p: { campaignTitle: string; rank: number }) => [p.campaignTitle, p.rank])).toEqual([
		['Đợt 2025', 1],
		['Đợt 2026', 3],
	])
	const national = await run(nationalPortal.loader, makeRequest('/portal'))
	const dist = national.data.levelTrend[0]
	expect(dist.levels.map((l: { id: string }) => l.id)).toEqual(['L1', 'L3'])
	// The peer's second round is approved but not published: it is not counted.
	expect(dist.rounds.map((r: { campaignTitle: string; counts: Array<number> }) => [r.campaignTitle, r.counts])).toEqual([
		['Đợt 2025', [2, 0]],
		['Đợt 2026', [0, 1]],
	])
	const province = await run(provincePortal.loader, makeRequest('/portal/da-nang'), { province: 'da-nang' })
	expect(province.status).toBe(200)
	expect(province.data.levelTrend[0].rounds).toHaveLength(2)
})

test('the review page flags a jump without new evidence, an answer unlike most peers and one the evaluator adjusted last time, and its scores are those of the answers alone', async () => {
	const people = await roundPeople(db())
	const f = await roundFacility(db())
	const peers = []
	for (let i = 0; i < 5; i++) peers.push(await roundFacility(db()))
	const v1 = importVersion(db(), V1)
	await runRound(db(), people, {
		title: 'Đợt 2025',
		opensOn: '2025-03-01',
		versionIds: [v1],
		facilities: [
			{
				facility: f,
				answers: { ...answered(['A2', 'B1', 'B2', 'C1', 'C2']), A1: NO },
				upTo: 'published',
				verdicts: { C1: { verdict: 'adjust', value: 'no', reason: 'Chưa triển khai thực tế' } },
			},
		],
	})
	const r2 = await runRound(db(), people, {
		title: 'Đợt 2026',
		opensOn: '2026-03-01',
		versionIds: [v1],
		facilities: [
			{ facility: f, answers: answered(['A1', 'A2', 'B1', 'B2', 'C1', 'C2']), upTo: 'submitted' },
			...peers.map((p) => ({ facility: p, answers: { ...answered(['A1', 'A2', 'B1', 'C1', 'C2']), B2: NO }, upTo: 'submitted' as const })),
		],
	})
	const { cookie } = await cookieFor(people.evaluator.id)
	const id = r2.assessmentIds[0]
	// The review shows one group per screen: open each screen and gather what its criteria are flagged with.
	const screen = async (criterion: string) => {
		const page = await run(reviewRoute.loader, makeRequest(`/review/${id}?criterion=${criterion}`, { cookie }), {
			assessmentId: String(id),
		})
		expect(page.status).toBe(200)
		return page
	}
	const flagged = new Map<string, Array<{ reason: string; value?: string; agreeing?: number; peers?: number }>>()
	for (const criterion of ['A1', 'B1', 'C1']) {
		const page = await screen(criterion)
		for (const cr of page.data.group.criteria) if (cr.flags.length > 0) flagged.set(cr.id, cr.flags)
	}
	expect(Object.fromEntries([...flagged].map(([k, v]) => [k, v.map((x) => x.reason)]))).toEqual({
		A1: ['jumped'],
		B2: ['differs_from_peers'],
		C1: ['jumped', 'adjusted_last_time'],
	})
	expect(flagged.get('B2')![0]).toMatchObject({ value: 'no', agreeing: 5, peers: 5 })
	const page = await screen('A1')
	// Flags never change a score: the page's scores are those of the answers scored alone.
	const ctx = getAssessmentContext(db(), id)!
	const alone = scoreAssessment(
		ctx.catalogs.map((c) => c.compiled),
		new Map([...getAnswers(db(), id)].map(([k, v]) => [k, v.answer])),
		ctx.facilityProfile,
		{ asOf: ctx.asOf },
	)
	if (!alone.ok) throw new Error('does not score')
	const summary = { achievedLevel: alone.scores[0]!.achievedLevel?.id ?? null, percent: alone.scores[0]!.percent }
	for (const side of [page.data.catalogs[0].self, page.data.catalogs[0].verified]) {
		expect({ achievedLevel: side.achievedLevel?.id ?? null, percent: side.percent }).toEqual(summary)
	}
})

test("the national map's level share counts, per province, the published facilities at that level or above among those reporting on the catalog", async () => {
	const people = await roundPeople(db())
	const v1 = importVersion(db(), V1)
	const danang = [await roundFacility(db()), await roundFacility(db()), await roundFacility(db())]
	const hue = await roundFacility(db(), { provinceCode: '46' })
	const level1 = { ...answered(['A1', 'A2']), ...answered(['B1', 'B2', 'C1', 'C2'], NO) }
	const level3 = answered(['A1', 'A2', 'B1', 'B2', 'C1', 'C2'])
	const round = await runRound(db(), people, {
		title: 'Đợt bản đồ',
		opensOn: '2026-03-01',
		versionIds: [v1],
		province: ['48', '46'],
		facilities: [
			{ facility: danang[0], answers: level3, upTo: 'published' },
			{ facility: danang[1], answers: level1, upTo: 'published' },
			{ facility: danang[2], answers: level3, upTo: 'approved' },
			{ facility: hue, answers: level1, upTo: 'published' },
		],
	})
	const map = async (choice: string) => {
		const res = await run(nationalPortal.loader, makeRequest(`/portal?campaign=${round.campaignId}&map=${encodeURIComponent(choice)}`))
		expect(res.status).toBe(200)
		return res.data as {
			map: string
			mapped: {
				choices: Array<{ id: string }>
				provinces: Array<{ code: string; figure: { numerator: number; denominator: number } | null }>
			}
		}
	}
	const l3 = await map('level:TEST-CAT:L3')
	expect(l3.map).toBe('level:TEST-CAT:L3')
	// Every level some published facility reached is offered after the headline indicators, lowest first.
	expect(l3.mapped.choices.map((c) => c.id).filter((id) => id.startsWith('level:'))).toEqual(['level:TEST-CAT:L1', 'level:TEST-CAT:L3'])
	const figure = (m: typeof l3, code: string) => m.mapped.provinces.find((p) => p.code === code)!.figure
	// Đà Nẵng: one of its two published facilities reached L3 (the approved, unpublished one is not counted).
	expect(figure(l3, '48')).toMatchObject({ numerator: 1, denominator: 2, percent: 50 })
	expect(figure(l3, '46')).toMatchObject({ numerator: 0, denominator: 1, percent: 0 })
	expect(figure(l3, '01')).toBeNull()
	expect(figure(await map('level:TEST-CAT:L1'), '48')).toMatchObject({ numerator: 2, denominator: 2, percent: 100 })
	// An unknown choice shows the first headline indicator.
	expect((await map('level:TEST-CAT:L9')).map).toBe(HEADLINE_INDICATORS[0])
})
