import fs from 'node:fs'
import path from 'node:path'
import { count, eq } from 'drizzle-orm'
import { expect, test, vi } from 'vitest'
import { schema } from '#db/client.server'
import { answerAllYes, submitAsDirector } from '#tests/assessment-steps'
import { insertUser } from '#tests/factories'
import { assessmentWorld, shippedCatalog } from '#tests/fixtures'
import { cookieFor, db, makeRequest, run } from '#tests/helpers'
import { getEnv } from '~/env.server'
import * as groupRoute from '~/routes/assessments.$assessmentId.$catalogCode.$groupId'
import * as answersRoute from '~/routes/assessments.$assessmentId.answers'
import * as reviewRoute from '~/routes/review.$assessmentId'
import * as queueRoute from '~/routes/review._index'
import { verifyAuditChain } from '~/services/audit.server'

type World = Awaited<ReturnType<typeof assessmentWorld>>

const EMRAM = shippedCatalog('HIMSS-EMRAM-2008')

async function submit(w: World) {
	const res = await submitAsDirector(w, { name: 'Giám đốc Thử', jobTitle: 'Giám đốc' })
	expect(res.status, JSON.stringify(res.data)).toBe(302)
}

async function review(w: World, who: { id: number }, form: Record<string, string>) {
	const cookie = await w.cookie(who)
	return run(reviewRoute.action, makeRequest(`/review/${w.assessment.id}`, { cookie, form }), { assessmentId: String(w.assessment.id) })
}

async function page(w: World, who: { id: number }) {
	const cookie = await w.cookie(who)
	return run(reviewRoute.loader, makeRequest(`/review/${w.assessment.id}`, { cookie }), { assessmentId: String(w.assessment.id) })
}

function status(w: World) {
	return db().select().from(schema.assessments).where(eq(schema.assessments.id, w.assessment.id)).get()!
}

async function submitted() {
	const w = await assessmentWorld({ catalogs: ['HIMSS-EMRAM-2008'] })
	await answerAllYes(w)
	await submit(w)
	return w
}

test('the review queue lists submissions of the evaluator\u2019s province only, with filters', async () => {
	const w = await submitted()
	const otherProvince = await insertUser(db(), { grants: [{ role: 'evaluator', scopeKind: 'province', provinceCode: '01' }] })
	const mine = await run(queueRoute.loader, makeRequest('/review', { cookie: await w.cookie(w.users.evaluator) }))
	expect(mine.data.rows.map((r: { id: number }) => r.id)).toEqual([w.assessment.id])
	const filtered = await run(queueRoute.loader, makeRequest('/review?late=yes', { cookie: await w.cookie(w.users.evaluator) }))
	expect(filtered.data.rows).toEqual([])
	const theirs = await run(queueRoute.loader, makeRequest('/review', { cookie: (await cookieFor(otherProvince.id)).cookie }))
	expect(theirs.data.rows).toEqual([])
	expect((await run(queueRoute.loader, makeRequest('/review', { cookie: await w.cookie(w.users.editor) }))).status).toBe(403)
})

test('the whole loop: claim, two adjusted verdicts with reasons, return, revise, resubmit, approve; verified differs from self', async () => {
	const w = await submitted()
	expect((await review(w, w.users.evaluator, { intent: 'claim' })).data.done).toBe('claim')
	expect(status(w)).toMatchObject({ status: 'in_review', claimedBy: w.users.evaluator.id })

	const s7 = await review(w, w.users.evaluator, {
		intent: 'verdict',
		criterionId: 'EMRAM.S7.ccd',
		verdict: 'not_met',
		reason: 'Chưa có bản tóm tắt CCD được trao đổi',
	})
	expect(s7.data).toEqual({ done: 'verdict', criterionId: 'EMRAM.S7.ccd' })
	const s6 = await review(w, w.users.evaluator, {
		intent: 'verdict',
		criterionId: 'EMRAM.S6.full_rpacs',
		verdict: 'adjust',
		value: 'no',
		reason: 'PACS chưa triển khai toàn viện',
	})
	expect(s6.status).toBe(200)

	const before = await page(w, w.users.evaluator)
	const scores = before.data.catalogs[0]
	expect(scores.self.achievedLevel.id).toBe('STAGE7')
	expect(scores.verified.achievedLevel.id).toBe('STAGE5')

	const returned = await review(w, w.users.evaluator, { intent: 'return', changes: 'Bổ sung minh chứng PACS\nXác nhận lại CCD' })
	expect(returned.data.done).toBe('return')
	expect(status(w)).toMatchObject({ status: 'returned', round: 2, claimedBy: null })
	const requested = db().select().from(schema.comments).where(eq(schema.comments.requestsChange, true)).all()
	expect(requested.map((c) => c.body)).toEqual(['Bổ sung minh chứng PACS', 'Xác nhận lại CCD'])
	// The facility is told, in the app.
	const notes = db().select().from(schema.notifications).where(eq(schema.notifications.kind, 'assessment.returned')).all()
	expect(new Set(notes.map((n) => n.userId))).toEqual(new Set([w.users.editor.id, w.users.editor2.id, w.users.director.id]))

	// The facility revises what was asked and resubmits.
	const cookie = await w.cookie(w.users.editor)
	const v = status(w).version
	const fix = await run(
		answersRoute.action,
		makeRequest(`/assessments/${w.assessment.id}/answers`, {
			cookie,
			form: { criterionId: 'EMRAM.S7.ccd', value: 'no', baseVersion: String(v) },
		}),
		{ assessmentId: String(w.assessment.id) },
	)
	expect(JSON.parse(fix.data).status).toBe('saved')
	await submit(w)
	expect(status(w)).toMatchObject({ status: 'submitted', round: 2 })
	expect(db().select({ n: count() }).from(schema.submissions).get()!.n).toBe(2)

	await review(w, w.users.evaluator, { intent: 'claim' })
	await review(w, w.users.evaluator, {
		intent: 'verdict',
		criterionId: 'EMRAM.S6.full_rpacs',
		verdict: 'adjust',
		value: 'no',
		reason: 'PACS chưa triển khai toàn viện',
	})
	const approved = await review(w, w.users.evaluator, { intent: 'approve' })
	expect(approved.data.done).toBe('approve')
	const final = status(w)
	expect(final.status).toBe('approved')
	expect((final.verifiedScore as Array<{ code: string; achievedLevel: { id: string } }>)[0].achievedLevel.id).toBe('STAGE5')
	expect(verifyAuditChain(db()).ok).toBe(true)
	const actions = db()
		.select()
		.from(schema.auditEvents)
		.all()
		.map((a) => a.action)
	expect(actions).toEqual(
		expect.arrayContaining(['review.claim', 'review.verdict', 'review.return', 'review.approve', 'assessment.submit']),
	)
})

async function pageAt(w: World, who: { id: number }, query: string) {
	const cookie = await w.cookie(who)
	return run(reviewRoute.loader, makeRequest(`/review/${w.assessment.id}${query}`, { cookie }), { assessmentId: String(w.assessment.id) })
}

type GroupScreen = {
	previousRound: number | null
	filter: string
	nav: Array<{ key: string; total: number; attention: number; verdicts: number }>
	prev: { key: string; part: number } | null
	next: { key: string; part: number } | null
	group: {
		key: string
		criteria: Array<{
			id: string
			changed: boolean | null
			attention: Array<string>
			previous: { verdict: string; reason: string | null } | null
		}>
	}
}

test('the review shows one group at a time, chosen by the query string, with counts of what needs looking at per group', async () => {
	const w = await submitted()
	const first = (await page(w, w.users.evaluator)).data as GroupScreen
	expect(first.previousRound).toBeNull()
	// The page's title names the facility and the application, in the reader's language.
	const title = (locale: string) =>
		reviewRoute.meta({ data: first, matches: [{ id: 'root', data: { locale } }] } as unknown as Parameters<typeof reviewRoute.meta>[0])
	expect(title('vi')).toEqual([{ title: 'Thẩm định: Bệnh viện Thử Đà Nẵng · Đánh giá ứng dụng CNTT y tế' }])
	expect(title('en')).toEqual([{ title: 'Review: Bệnh viện Thử Đà Nẵng · Hospital IT Readiness' }])
	expect(first.nav.map((g) => g.key)).toEqual(EMRAM.groups.map((g) => `HIMSS-EMRAM-2008:${g.id}`))
	// The first screen is the first group, and only its criteria.
	expect(first.group.key).toBe('HIMSS-EMRAM-2008:S1')
	expect(first.group.criteria.map((c) => c.id)).toEqual(['EMRAM.S1.lab', 'EMRAM.S1.rad', 'EMRAM.S1.pharmacy'])
	expect([first.prev, first.next?.key]).toEqual([null, 'HIMSS-EMRAM-2008:S2'])
	// A first round: nothing decided, so everything needs a verdict.
	expect(first.nav.every((g) => g.attention === g.total && g.verdicts === 0)).toBe(true)
	expect(first.group.criteria.every((c) => c.changed === null && c.previous === null && c.attention.join() === 'no_verdict')).toBe(true)

	const s6 = (await pageAt(w, w.users.evaluator, '?group=HIMSS-EMRAM-2008:S6')).data as GroupScreen
	expect(s6.group.criteria.map((c) => c.id)).toEqual(['EMRAM.S6.physician_documentation', 'EMRAM.S6.full_cdss', 'EMRAM.S6.full_rpacs'])
	expect([s6.prev?.key, s6.next?.key]).toEqual(['HIMSS-EMRAM-2008:S5', 'HIMSS-EMRAM-2008:S7'])
	// A link to a criterion opens its group; a group that does not exist shows the first.
	expect(((await pageAt(w, w.users.evaluator, '?criterion=EMRAM.S7.ccd')).data as GroupScreen).group.key).toBe('HIMSS-EMRAM-2008:S7')
	expect(((await pageAt(w, w.users.evaluator, '?group=NOPE:S9')).data as GroupScreen).group.key).toBe('HIMSS-EMRAM-2008:S1')
	// The readiness matrix is a screen of its own, not repeated on every group's.
	expect((first as GroupScreen & { readiness: unknown }).readiness).toBeNull()
	const matrix = (await pageAt(w, w.users.evaluator, '?group=readiness')).data as GroupScreen & { readiness: unknown }
	expect(matrix.readiness).not.toBeNull()
	expect([matrix.group, matrix.next?.key]).toEqual([null, 'HIMSS-EMRAM-2008:S1'])

	await review(w, w.users.evaluator, { intent: 'claim' })
	await review(w, w.users.evaluator, { intent: 'verdict', criterionId: 'EMRAM.S7.ccd', verdict: 'accept', reason: '' })
	const after = (await pageAt(w, w.users.evaluator, '?group=HIMSS-EMRAM-2008:S7&filter=attention')).data as GroupScreen
	expect(after.nav.find((g) => g.key === 'HIMSS-EMRAM-2008:S7')).toMatchObject({ total: 3, attention: 2, verdicts: 1 })
	expect(after.group.criteria.map((c) => c.id)).toEqual(['EMRAM.S7.fully_electronic', 'EMRAM.S7.data_warehouse'])
})

test('once approved, the review page flags nothing as needing attention: it lists every criterion with what was decided', async () => {
	const w = await submitted()
	await review(w, w.users.evaluator, { intent: 'claim' })
	await review(w, w.users.evaluator, { intent: 'verdict', criterionId: 'EMRAM.S7.ccd', verdict: 'accept', reason: '' })
	const open = (await pageAt(w, w.users.evaluator, '?group=HIMSS-EMRAM-2008:S7')).data as GroupScreen & { reviewOpen: boolean }
	expect(open.reviewOpen).toBe(true)
	expect(open.nav.find((g) => g.key === 'HIMSS-EMRAM-2008:S7')).toMatchObject({ attention: 2, verdicts: 1 })

	expect((await review(w, w.users.evaluator, { intent: 'approve' })).data.done).toBe('approve')
	const settled = (await pageAt(w, w.users.evaluator, '?group=HIMSS-EMRAM-2008:S7&filter=attention')).data as GroupScreen & {
		reviewOpen: boolean
	}
	expect(settled.reviewOpen).toBe(false)
	// It says who approved it, instead of who holds it.
	const { approval } = (settled as unknown as { assessment: { approval: { name: string } | null } }).assessment
	expect(approval?.name).toBe(db().select().from(schema.users).where(eq(schema.users.id, w.users.evaluator.id)).get()!.name)
	// No group counts criteria to look at; the verdicts given are still counted.
	expect(settled.nav.every((g) => g.attention === 0)).toBe(true)
	expect(settled.nav.find((g) => g.key === 'HIMSS-EMRAM-2008:S7')).toMatchObject({ total: 3, verdicts: 1 })
	// The attention filter of a settled review shows every criterion, none with an attention badge.
	expect(settled.filter).toBe('all')
	expect(settled.group.criteria.map((c) => c.id)).toEqual(EMRAM.groups.find((g) => g.id === 'S7')!.criteria.map((c) => c.id))
	expect(settled.group.criteria.every((c) => c.attention.length === 0)).toBe(true)
})

test('a large group is shown in parts of eight criteria, each part a link of its own, and a link to a criterion opens its part', async () => {
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026', 'INV-DIGITAL-2026'], current: true })
	type Parted = GroupScreen & { part: { n: number; count: number } }
	const all = (await page(w, w.users.evaluator)).data as Parted
	const large = all.nav.find((g) => g.total > 8)!
	expect(large).toBeDefined()
	const key = encodeURIComponent(large.key)
	const one = (await pageAt(w, w.users.evaluator, `?group=${key}`)).data as Parted
	expect(one.group.criteria).toHaveLength(8)
	expect(one.part).toEqual({ n: 1, count: Math.ceil(large.total / 8) })
	expect(one.next).toEqual({ key: large.key, part: 2 })
	const two = (await pageAt(w, w.users.evaluator, `?group=${key}&part=2`)).data as Parted
	expect(two.group.criteria.map((c) => c.id)).not.toContain(one.group.criteria[0].id)
	expect(two.prev).toEqual({ key: large.key, part: 1 })
	const ninth = two.group.criteria[0].id
	const linked = (await pageAt(w, w.users.evaluator, `?criterion=${encodeURIComponent(ninth)}`)).data as Parted
	expect([linked.group.key, linked.part.n]).toEqual([large.key, 2])
	// A part that does not exist shows the nearest one.
	expect(((await pageAt(w, w.users.evaluator, `?group=${key}&part=99`)).data as Parted).part.n).toBe(one.part.count)
})

test('after a return and a resubmission each criterion shows the previous verdict and whether the facility changed it, and the filter keeps what needs looking at', async () => {
	const w = await submitted()
	await review(w, w.users.evaluator, { intent: 'claim' })
	await review(w, w.users.evaluator, { intent: 'verdict', criterionId: 'EMRAM.S7.ccd', verdict: 'not_met', reason: 'Chưa có CCD' })
	await review(w, w.users.evaluator, { intent: 'verdict', criterionId: 'EMRAM.S7.fully_electronic', verdict: 'accept', reason: '' })
	await review(w, w.users.evaluator, { intent: 'verdict', criterionId: 'EMRAM.S7.data_warehouse', verdict: 'accept', reason: '' })
	await review(w, w.users.evaluator, {
		intent: 'verdict',
		criterionId: 'EMRAM.S6.full_rpacs',
		verdict: 'adjust',
		value: 'no',
		reason: 'PACS chưa toàn viện',
	})
	for (const id of ['EMRAM.S6.physician_documentation', 'EMRAM.S6.full_cdss'])
		await review(w, w.users.evaluator, { intent: 'verdict', criterionId: id, verdict: 'accept', reason: '' })
	await review(w, w.users.evaluator, { intent: 'return', changes: 'Bổ sung CCD' })
	// The facility changes two answers: one the evaluator found not met, one it had accepted.
	const cookie = await w.cookie(w.users.editor)
	for (const id of ['EMRAM.S7.ccd', 'EMRAM.S7.data_warehouse']) {
		const fix = await run(
			answersRoute.action,
			makeRequest(`/assessments/${w.assessment.id}/answers`, {
				cookie,
				form: { criterionId: id, value: 'no', baseVersion: String(status(w).version) },
			}),
			{ assessmentId: String(w.assessment.id) },
		)
		expect(JSON.parse(fix.data).status).toBe('saved')
	}
	await submit(w)

	const s7 = (await pageAt(w, w.users.evaluator, '?group=HIMSS-EMRAM-2008:S7')).data as GroupScreen
	expect(s7.previousRound).toBe(1)
	const byId = new Map(s7.group.criteria.map((c) => [c.id, c]))
	expect(byId.get('EMRAM.S7.ccd')).toMatchObject({
		changed: true,
		previous: { verdict: 'not_met', reason: 'Chưa có CCD' },
		attention: ['changed', 'previously_rejected'],
	})
	expect(byId.get('EMRAM.S7.data_warehouse')).toMatchObject({ changed: true, previous: { verdict: 'accept' }, attention: ['changed'] })
	expect(byId.get('EMRAM.S7.fully_electronic')).toMatchObject({ changed: false, previous: { verdict: 'accept' }, attention: [] })
	const s6 = (await pageAt(w, w.users.evaluator, '?group=HIMSS-EMRAM-2008:S6')).data as GroupScreen
	expect(s6.group.criteria.find((c) => c.id === 'EMRAM.S6.full_rpacs')).toMatchObject({
		changed: false,
		previous: { verdict: 'adjust' },
		attention: ['previously_rejected'],
	})
	expect(s6.nav.find((g) => g.key === 'HIMSS-EMRAM-2008:S6')).toMatchObject({ total: 3, attention: 1, verdicts: 0 })

	// Filtered: only what needs looking at; previous and next skip groups with nothing to look at.
	const filtered = (await pageAt(w, w.users.evaluator, '?group=HIMSS-EMRAM-2008:S7&filter=attention')).data as GroupScreen
	expect(filtered.filter).toBe('attention')
	expect(filtered.group.criteria.map((c) => c.id)).toEqual(['EMRAM.S7.ccd', 'EMRAM.S7.data_warehouse'])
	expect(filtered.prev?.key).toBe('HIMSS-EMRAM-2008:S6')
	const s6Filtered = (await pageAt(w, w.users.evaluator, '?group=HIMSS-EMRAM-2008:S6&filter=attention')).data as GroupScreen
	expect(s6Filtered.group.criteria.map((c) => c.id)).toEqual(['EMRAM.S6.full_rpacs'])
	// S1–S5 were not looked at in round 1: they still need a verdict.
	expect(s6Filtered.prev?.key).toBe('HIMSS-EMRAM-2008:S5')
	// Once decided in this round, a criterion leaves the filter.
	await review(w, w.users.evaluator, { intent: 'claim' })
	await review(w, w.users.evaluator, {
		intent: 'verdict',
		criterionId: 'EMRAM.S6.full_rpacs',
		verdict: 'adjust',
		value: 'no',
		reason: 'Vẫn chưa',
	})
	const decided = (await pageAt(w, w.users.evaluator, '?group=HIMSS-EMRAM-2008:S6&filter=attention')).data as GroupScreen
	expect(decided.group.criteria).toEqual([])
	// The criterion just decided (the verdict form answers to `?criterion=`) stays in view under the filter.
	const kept = (await pageAt(w, w.users.evaluator, '?group=HIMSS-EMRAM-2008:S6&filter=attention&criterion=EMRAM.S6.full_rpacs'))
		.data as GroupScreen
	expect(kept.group.criteria.map((c) => [c.id, c.attention])).toEqual([['EMRAM.S6.full_rpacs', []]])
	expect(decided.nav.find((g) => g.key === 'HIMSS-EMRAM-2008:S6')).toMatchObject({ attention: 0, verdicts: 1 })
})

test('an adjust or a not-met verdict without a reason is refused next to the reason, and nothing changes', async () => {
	const w = await submitted()
	await review(w, w.users.evaluator, { intent: 'claim' })
	const res = await review(w, w.users.evaluator, { intent: 'verdict', criterionId: 'EMRAM.S1.lab', verdict: 'not_met', reason: '  ' })
	expect(res.status).toBe(400)
	expect(res.data).toMatchObject({ error: 'review.reason_required', field: 'reason', criterionId: 'EMRAM.S1.lab' })
	const adjust = await review(w, w.users.evaluator, {
		intent: 'verdict',
		criterionId: 'EMRAM.S1.lab',
		verdict: 'adjust',
		value: 'maybe',
		reason: 'x',
	})
	expect(adjust.status).toBe(400)
	expect(db().select({ n: count() }).from(schema.reviewVerdicts).get()!.n).toBe(0)
})

test('approving a submission that is not in review is refused', async () => {
	const w = await submitted()
	const res = await review(w, w.users.evaluator, { intent: 'approve' })
	expect(res.status).toBe(409)
	expect(res.data.error).toBe('workflow.wrong_state')
	expect(status(w).status).toBe('submitted')
})

test('a second evaluator cannot claim, decide or record verdicts on a submission someone else holds', async () => {
	const w = await submitted()
	const second = await insertUser(db(), { name: 'Thẩm định 2', grants: [{ role: 'evaluator', scopeKind: 'province', provinceCode: '48' }] })
	await review(w, w.users.evaluator, { intent: 'claim' })
	expect((await review(w, second, { intent: 'claim' })).data.error).toBe('workflow.already_claimed')
	expect((await review(w, second, { intent: 'approve' })).data.error).toBe('workflow.not_claimed_by_actor')
	expect((await review(w, second, { intent: 'verdict', criterionId: 'EMRAM.S1.lab', verdict: 'accept', reason: '' })).data.error).toBe(
		'workflow.not_claimed_by_actor',
	)
	expect(status(w)).toMatchObject({ status: 'in_review', claimedBy: w.users.evaluator.id })
})

test('an evaluator of another province and a facility user are refused every review action (403)', async () => {
	const w = await submitted()
	const foreign = await insertUser(db(), { grants: [{ role: 'evaluator', scopeKind: 'province', provinceCode: '01' }] })
	expect((await review(w, foreign, { intent: 'claim' })).status).toBe(403)
	expect((await review(w, w.users.director, { intent: 'claim' })).status).toBe(403)
	expect((await review(w, w.users.editor, { intent: 'approve' })).status).toBe(403)
	expect((await page(w, w.users.editor)).status).toBe(403)
	expect(status(w).status).toBe('submitted')
})

test('returning without any requested change is refused', async () => {
	const w = await submitted()
	await review(w, w.users.evaluator, { intent: 'claim' })
	const res = await review(w, w.users.evaluator, { intent: 'return', changes: ' \n ' })
	expect(res.status).toBe(400)
	expect(res.data.error).toBe('workflow.changes_required')
	expect(status(w).status).toBe('in_review')
})

test('reopening an approved assessment needs a national evaluator or admin, and a reason', async () => {
	const w = await submitted()
	await review(w, w.users.evaluator, { intent: 'claim' })
	await review(w, w.users.evaluator, { intent: 'approve' })
	expect((await review(w, w.users.evaluator, { intent: 'reopen', reason: 'Sai sót' })).status).toBe(403)
	const national = await insertUser(db(), { name: 'Bộ Y tế', grants: [{ role: 'evaluator', scopeKind: 'national' }] })
	expect((await review(w, national, { intent: 'reopen', reason: '' })).data.error).toBe('workflow.reason_required')
	const ok = await review(w, w.users.admin, { intent: 'reopen', reason: 'Phát hiện sai sót số liệu' })
	expect(ok.data.done).toBe('reopen')
	expect(status(w)).toMatchObject({ status: 'reopened', round: 2 })
})

test('in a two-stage campaign the province verifies and the ministry approves', async () => {
	const w = await assessmentWorld({ catalogs: ['HIMSS-EMRAM-2008'], secondStage: true })
	await answerAllYes(w)
	await submit(w)
	const national = await insertUser(db(), { name: 'Bộ Y tế', grants: [{ role: 'evaluator', scopeKind: 'national' }] })
	expect((await review(w, national, { intent: 'claim' })).data.error).toBe('workflow.provincial_stage_required')
	await review(w, w.users.evaluator, { intent: 'claim' })
	await review(w, w.users.evaluator, { intent: 'approve' })
	expect(status(w).status).toBe('provincially_verified')
	await review(w, national, { intent: 'claim' })
	await review(w, national, { intent: 'approve' })
	expect(status(w).status).toBe('approved')
})

test('the final approval issues the signed report in the approver\u2019s name, and the review page links to it', async () => {
	const w = await submitted()
	await review(w, w.users.evaluator, { intent: 'claim' })
	expect((await page(w, w.users.evaluator)).data).toMatchObject({ report: null, canIssueReport: false })
	expect((await review(w, w.users.evaluator, { intent: 'approve' })).data.done).toBe('approve')
	const reports = db().select().from(schema.reports).where(eq(schema.reports.assessmentId, w.assessment.id)).all()
	expect(reports).toMatchObject([{ kind: 'signed', createdBy: w.users.evaluator.id }])
	expect((await page(w, w.users.evaluator)).data).toMatchObject({ report: { id: reports[0].id, demo: true }, canIssueReport: false })
})

test('a signed report that cannot be issued at approval leaves the approval standing, is logged, and can be issued from the review page', async () => {
	const w = await submitted()
	await review(w, w.users.evaluator, { intent: 'claim' })
	// A file where the reports folder should be: storing the signed bytes fails.
	const blocked = path.join(getEnv().DATA_DIR, 'reports')
	fs.mkdirSync(getEnv().DATA_DIR, { recursive: true })
	fs.rmSync(blocked, { recursive: true, force: true })
	fs.writeFileSync(blocked, '')
	const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
	try {
		expect((await review(w, w.users.evaluator, { intent: 'approve' })).data.done).toBe('approve')
		expect(status(w).status).toBe('approved')
		expect(logged).toHaveBeenCalledWith(expect.stringContaining(`report of assessment ${w.assessment.id} not issued`), expect.anything())
		expect(db().select().from(schema.reports).all()).toEqual([])
	} finally {
		fs.rmSync(blocked, { force: true })
	}
	expect((await page(w, w.users.evaluator)).data).toMatchObject({ report: null, canIssueReport: true })
	expect((await review(w, w.users.evaluator, { intent: 'issue_report' })).data.done).toBe('issue_report')
	expect((await page(w, w.users.evaluator)).data).toMatchObject({ report: { id: expect.stringMatching(/^R-/) }, canIssueReport: false })
})

test('a malformed review form is refused with the message beside its field, and nothing changes', async () => {
	const w = await submitted()
	await review(w, w.users.evaluator, { intent: 'claim' })
	const before = status(w)
	const res = await review(w, w.users.evaluator, { intent: 'return', changes: `Bổ sung\n${'x'.repeat(2001)}` })
	expect(res.status).toBe(400)
	expect(res.data.result.error).toEqual({ changes: ['form.tooLong|{"max":2000}'] })
	const verdict = await review(w, w.users.evaluator, { intent: 'verdict', criterionId: 'EMRAM.S1.lab', verdict: 'maybe' })
	expect(verdict.status).toBe(400)
	expect(verdict.data.result.error).toEqual({ verdict: ['form.required'] })
	expect(status(w)).toEqual(before)
	expect(db().select({ n: count() }).from(schema.reviewVerdicts).get()!.n).toBe(0)
})

test('the facility’s form pages show the verdicts of the round being revised, then those of the approved round, never a stale first-round verdict', async () => {
	const w = await submitted()
	const formPage = async (groupId: string) => {
		const res = await run(
			groupRoute.loader,
			makeRequest(`/assessments/${w.assessment.id}/HIMSS-EMRAM-2008/${groupId}`, { cookie: await w.cookie(w.users.director) }),
			{ assessmentId: String(w.assessment.id), catalogCode: 'HIMSS-EMRAM-2008', groupId },
		)
		return res.data as {
			notice: string | null
			criteria: Array<{ id: string; verdict: { verdict: string; reason: string | null } | null }>
		}
	}
	const verdictOf = async (groupId: string, criterionId: string) =>
		(await formPage(groupId)).criteria.find((c) => c.id === criterionId)!.verdict

	await review(w, w.users.evaluator, { intent: 'claim' })
	await review(w, w.users.evaluator, {
		intent: 'verdict',
		criterionId: 'EMRAM.S7.ccd',
		verdict: 'not_met',
		reason: 'Chưa có bản tóm tắt CCD',
	})
	// A review in progress is not yet a verdict for the facility.
	expect(await verdictOf('S7', 'EMRAM.S7.ccd')).toBeNull()
	expect((await formPage('S7')).notice).toBe('assessment.notice.in_review')

	await review(w, w.users.evaluator, { intent: 'return', changes: 'Xác nhận lại CCD' })
	expect(await verdictOf('S7', 'EMRAM.S7.ccd')).toMatchObject({ verdict: 'not_met', reason: 'Chưa có bản tóm tắt CCD' })
	expect((await formPage('S7')).notice).toBeNull()

	await submit(w)
	expect(await verdictOf('S7', 'EMRAM.S7.ccd')).toBeNull()
	await review(w, w.users.evaluator, { intent: 'claim' })
	await review(w, w.users.evaluator, {
		intent: 'verdict',
		criterionId: 'EMRAM.S6.full_rpacs',
		verdict: 'adjust',
		value: 'no',
		reason: 'PACS chưa triển khai toàn viện',
	})
	await review(w, w.users.evaluator, { intent: 'approve' })
	expect(status(w).status).toBe('approved')
	// CCD was accepted in the approved round: the first round's "not met" is history, not shown.
	expect(await verdictOf('S7', 'EMRAM.S7.ccd')).toBeNull()
	expect(await verdictOf('S6', 'EMRAM.S6.full_rpacs')).toMatchObject({ verdict: 'adjust', reason: 'PACS chưa triển khai toàn viện' })
	expect((await formPage('S7')).notice).toBe('assessment.notice.approved')
})
