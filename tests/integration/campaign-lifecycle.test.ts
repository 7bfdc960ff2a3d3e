import { and, eq } from 'drizzle-orm'
import { expect, onTestFinished, test } from 'vitest'
import { schema } from '#db/client.server'
import { getAssessmentContext } from '#db/queries/assessments'
import { insertFacility, insertUser } from '#tests/factories'
import { shippedCatalog } from '#tests/fixtures'
import { cookieFor, db, makeRequest, run } from '#tests/helpers'
import { startSmtpServer } from '#tests/smtp'
import { openWorkbook } from '#tests/spreadsheets'
import { reminderOccasion } from '~/domain/campaign'
import { type Answer } from '~/domain/catalog/answers'
import { vnIsoDate } from '~/domain/dates'
import * as campaignRoute from '~/routes/admin.campaigns.$campaignId'
import * as exportRoute from '~/routes/admin.campaigns.$campaignId.export'
import * as editRoute from '~/routes/admin.campaigns.$campaignId_.edit'
import * as answersRoute from '~/routes/assessments.$assessmentId.answers'
import * as submitRoute from '~/routes/assessments.$assessmentId.submit'
import { saveAnswers } from '~/services/answers.server'
import { createCampaign, openCampaign, sendDueReminders } from '~/services/campaigns.server'
import { importCatalog } from '~/services/catalogs.server'
import { decide } from '~/services/review.server'
import { submitAssessment } from '~/services/submission.server'

const DAY = 86_400_000
const EMRAM = shippedCatalog('HIMSS-EMRAM-2008')

/** Three facilities in Đà Nẵng and two in Hà Nội, each with a director, and a round over both provinces. */
async function world(opts: { dueInDays?: number; open?: boolean } = {}) {
	const version = importCatalog(db(), EMRAM)
	const versionId = version.status === 'conflict' ? 0 : version.versionId
	const facilities = [
		insertFacility(db(), { provinceCode: '48', code: '48001', name: 'BV Đà Nẵng 1' }),
		insertFacility(db(), { provinceCode: '48', code: '48002', name: 'BV Đà Nẵng 2' }),
		insertFacility(db(), { provinceCode: '48', code: '48003', name: 'BV Đà Nẵng 3' }),
		insertFacility(db(), { provinceCode: '01', code: '01001', name: 'BV Hà Nội 1' }),
		insertFacility(db(), { provinceCode: '01', code: '01002', name: 'BV Hà Nội 2' }),
	]
	const directors = []
	for (const f of facilities)
		directors.push(
			await insertUser(db(), {
				email: `gd.${f.code}@test.vn`,
				name: `GĐ ${f.code}`,
				grants: [{ role: 'facility_director', scopeKind: 'facility', facilityId: f.id }],
			}),
		)
	const admin = await insertUser(db(), { name: 'Quản trị', grants: [{ role: 'admin', scopeKind: 'national' }] })
	const evaluator = await insertUser(db(), {
		name: 'Thẩm định ĐN',
		grants: [{ role: 'evaluator', scopeKind: 'province', provinceCode: '48' }],
	})
	const now = Date.now()
	const created = createCampaign(
		db(),
		{
			title: 'Đợt 2026',
			year: 2026,
			catalogVersionIds: [versionId],
			provinces: ['48', '01'],
			types: [],
			classes: [],
			managingBodies: [],
			opensOn: vnIsoDate(now - 20 * DAY),
			dueOn: vnIsoDate(now + (opts.dueInDays ?? 30) * DAY),
			acceptsLate: true,
			secondStage: false,
		},
		admin.id,
	)
	if (!created.ok) throw new Error(created.code)
	if (opts.open !== false) openCampaign(db(), created.id, admin.id)
	const assessmentOf = (facilityId: number) =>
		db()
			.select()
			.from(schema.assessments)
			.where(and(eq(schema.assessments.campaignId, created.id), eq(schema.assessments.facilityId, facilityId)))
			.get()!
	return {
		versionId,
		campaignId: created.id,
		facilities,
		directors,
		admin,
		evaluator,
		assessmentOf,
		cookie: async (u: { id: number }) => (await cookieFor(u.id)).cookie,
	}
}

function answerAll(assessmentId: number, actorId: number) {
	const ctx = getAssessmentContext(db(), assessmentId)!
	const changes = EMRAM.groups.flatMap((g) =>
		g.criteria.map((c) => ({ criterionId: c.id, answer: { kind: 'yes_no', value: 'yes' } as Answer })),
	)
	const r = saveAnswers(db(), { ctx, actorId, baseVersion: ctx.assessment.version, changes })
	if (!r.ok) throw new Error(JSON.stringify(r))
}

async function submit(assessmentId: number, director: { id: number }, at = new Date()) {
	const r = await submitAssessment(
		db(),
		{
			assessmentId,
			actor: { id: director.id, role: 'facility_director', scopeKind: 'facility' },
			attestation: { name: 'GĐ', title: 'Giám đốc', accepted: true },
		},
		at,
	)
	if (!r.ok) throw new Error(JSON.stringify(r))
}

async function evaluate(assessmentId: number, evaluator: { id: number }, event: 'approve' | 'return') {
	const actor = { id: evaluator.id, name: 'TĐ', role: 'evaluator' as const, scopeKind: 'province' as const }
	await decide(db(), { ctx: getAssessmentContext(db(), assessmentId)!, actor, event: { type: 'claim' } })
	const r = await decide(db(), {
		ctx: getAssessmentContext(db(), assessmentId)!,
		actor,
		event: event === 'approve' ? { type: 'approve' } : { type: 'return', requestedChanges: 1 },
		requestedChanges: event === 'return' ? ['Bổ sung minh chứng'] : undefined,
	})
	if (!r.ok) throw new Error(JSON.stringify(r))
}

const act = async (w: Awaited<ReturnType<typeof world>>, form: Record<string, string>, who?: { id: number }) =>
	run(campaignRoute.action, makeRequest(`/admin/campaigns/${w.campaignId}`, { cookie: await w.cookie(who ?? w.admin), form }), {
		campaignId: String(w.campaignId),
	})

test('a round is edited before it opens, and only then', async () => {
	const w = await world({ open: false })
	const cookie = await w.cookie(w.admin)
	const form = {
		title: 'Đợt 2026 (sửa)',
		year: '2026',
		catalogVersionIds: [String(w.versionId)],
		provinces: ['48'],
		opensOn: '2026-10-01',
		dueOn: '2026-12-31',
	}
	const page = await run(editRoute.loader, makeRequest(`/admin/campaigns/${w.campaignId}/edit`, { cookie }), {
		campaignId: String(w.campaignId),
	})
	expect(page.data.defaultValue).toMatchObject({ title: 'Đợt 2026', provinces: ['48', '01'], catalogVersionIds: [String(w.versionId)] })
	const saved = await run(editRoute.action, makeRequest(`/admin/campaigns/${w.campaignId}/edit`, { cookie, form }), {
		campaignId: String(w.campaignId),
	})
	expect(saved.location).toBe(`/admin/campaigns/${w.campaignId}`)
	const c = db().select().from(schema.campaigns).where(eq(schema.campaigns.id, w.campaignId)).get()!
	expect(c).toMatchObject({
		title: 'Đợt 2026 (sửa)',
		scope: { provinces: ['48'], types: [], classes: [], managingBodies: [] },
		acceptsLate: false,
	})
	expect((await act(w, { intent: 'open' })).data.params).toEqual({ count: 3 })
	expect(
		(await run(editRoute.loader, makeRequest(`/admin/campaigns/${w.campaignId}/edit`, { cookie }), { campaignId: String(w.campaignId) }))
			.location,
	).toBe(`/admin/campaigns/${w.campaignId}`)
	const late = await run(editRoute.action, makeRequest(`/admin/campaigns/${w.campaignId}/edit`, { cookie, form }), {
		campaignId: String(w.campaignId),
	})
	expect(late.status).toBe(409)
	expect(late.data.result.error['']).toEqual(['campaign.notDraft'])
})

test('extending a deadline must move it later, and tells the facilities that have not submitted', async () => {
	const w = await world({ dueInDays: 5 })
	answerAll(w.assessmentOf(w.facilities[0].id).id, w.directors[0].id)
	await submit(w.assessmentOf(w.facilities[0].id).id, w.directors[0])
	const current = db().select().from(schema.campaigns).where(eq(schema.campaigns.id, w.campaignId)).get()!.dueAt
	expect((await act(w, { intent: 'extend', dueOn: vnIsoDate(current) })).data.result.error.dueOn).toEqual(['campaign.notLater'])
	expect((await act(w, { intent: 'extend', dueOn: '31/12/2026' })).data.result.error.dueOn).toEqual(['form.invalidDate'])
	const newDue = vnIsoDate(Date.now() + 20 * DAY)
	const res = await act(w, { intent: 'extend', dueOn: newDue, reason: 'Nhiều cơ sở đề nghị' })
	expect(res.data).toMatchObject({ notice: 'campaign.extended', params: { count: 4 } })
	expect(vnIsoDate(db().select().from(schema.campaigns).where(eq(schema.campaigns.id, w.campaignId)).get()!.dueAt)).toBe(newDue)
	const notified = db()
		.select({ userId: schema.notifications.userId, payload: schema.notifications.payload })
		.from(schema.notifications)
		.where(eq(schema.notifications.kind, 'campaign.extended'))
		.all()
	expect(notified.map((n) => n.userId).sort()).toEqual(
		w.directors
			.slice(1)
			.map((d) => d.id)
			.sort(),
	)
	expect(notified[0].payload).toMatchObject({ due: newDue.split('-').reverse().join('/') })
	// Only national admins run a round.
	expect((await act(w, { intent: 'extend', dueOn: vnIsoDate(Date.now() + 40 * DAY) }, w.evaluator)).status).toBe(403)
})

test('closing a round needs a confirmation; then drafts are frozen while a returned assessment can still be revised', async () => {
	const w = await world()
	const returned = w.assessmentOf(w.facilities[1].id)
	answerAll(returned.id, w.directors[1].id)
	await submit(returned.id, w.directors[1])
	await evaluate(returned.id, w.evaluator, 'return')
	expect((await act(w, { intent: 'close' })).data.result.error.confirm).toEqual(['campaign.closeConfirmRequired'])
	const closed = await act(w, { intent: 'close', confirm: 'on' })
	expect(closed.data).toMatchObject({ notice: 'campaign.closedDone', params: { count: 4 } })

	const draft = w.assessmentOf(w.facilities[0].id)
	const cookie = await w.cookie(w.directors[0])
	const save = await run(
		answersRoute.action,
		makeRequest(`/assessments/${draft.id}/answers`, {
			cookie,
			form: { criterionId: 'EMRAM.S1.lab', value: 'yes', baseVersion: String(draft.version) },
		}),
		{ assessmentId: String(draft.id) },
	)
	expect(save.status).toBe(409)
	expect(JSON.parse(save.data)).toEqual({ status: 'locked', message: 'campaign.closed' })
	const sub = await run(
		submitRoute.action,
		makeRequest(`/assessments/${draft.id}/submit`, { cookie, form: { name: 'GĐ', jobTitle: 'Giám đốc', accept: 'on' } }),
		{ assessmentId: String(draft.id) },
	)
	expect(sub.data.result.error['']).toEqual(['campaign.closed'])
	const page = await run(submitRoute.loader, makeRequest(`/assessments/${draft.id}/submit`, { cookie }), { assessmentId: String(draft.id) })
	expect(page.data).toMatchObject({ editable: false, notice: 'assessment.notice.closed' })

	const r = w.assessmentOf(w.facilities[1].id)
	const revise = await run(
		answersRoute.action,
		makeRequest(`/assessments/${r.id}/answers`, {
			cookie: await w.cookie(w.directors[1]),
			form: { criterionId: 'EMRAM.S1.lab', value: 'no', baseVersion: String(r.version) },
		}),
		{ assessmentId: String(r.id) },
	)
	expect(JSON.parse(revise.data).status).toBe('saved')
	expect((await act(w, { intent: 'close', confirm: 'on' })).data.result.error['']).toEqual(['campaign.notOpen'])
})

test('the dashboard counts each province\u2019s reporting: rate, timeliness, stages, overdue', async () => {
	const w = await world({ dueInDays: 10 })
	const [a1, a2, , b1] = [0, 1, 2, 3].map((i) => w.assessmentOf(w.facilities[i].id))
	for (const [a, i] of [
		[a1, 0],
		[a2, 1],
		[b1, 3],
	] as const)
		answerAll(a.id, w.directors[i].id)
	await submit(a1.id, w.directors[0])
	await submit(a2.id, w.directors[1], new Date(Date.now() + 11 * DAY))
	await evaluate(a1.id, w.evaluator, 'approve')
	await submit(b1.id, w.directors[3])
	const page = await run(campaignRoute.loader, makeRequest(`/admin/campaigns/${w.campaignId}`, { cookie: await w.cookie(w.admin) }), {
		campaignId: String(w.campaignId),
	})
	const { total, provinces } = page.data.reporting
	// In the order of the provinces' names: Đà Nẵng (48) before Hà Nội (01).
	expect(provinces.map((p: { provinceCode: string }) => p.provinceCode)).toEqual(['48', '01'])
	expect(provinces[0]).toMatchObject({
		total: 3,
		reported: 2,
		onTime: 1,
		late: 1,
		overdue: 0,
		stages: { not_submitted: 1, submitted: 1, in_review: 0, returned: 0, approved: 1, published: 0 },
	})
	expect(provinces[0].reportingRate).toBeCloseTo(2 / 3)
	expect(provinces[0].onTimeRate).toBe(0.5)
	expect(total).toMatchObject({ total: 5, reported: 3, onTime: 2, late: 1 })

	// A province's evaluator follows its own province only.
	const scoped = await run(campaignRoute.loader, makeRequest(`/admin/campaigns/${w.campaignId}`, { cookie: await w.cookie(w.evaluator) }), {
		campaignId: String(w.campaignId),
	})
	expect(scoped.data.manage).toBe(false)
	expect(scoped.data.reporting.provinces.map((p: { provinceCode: string }) => p.provinceCode)).toEqual(['48'])
})

test.each([
	['long before the due date', 20, null],
	['inside the 7-day window', 6, 'before:7'],
	['inside both windows: the nearer occasion', 1.5, 'before:2'],
	['after the due date', -1, null],
])('the reminder occasion %s', (_name, daysLeft, expected) => {
	const due = Date.UTC(2026, 11, 31)
	expect(reminderOccasion(due, due - daysLeft * DAY, [7, 2])).toBe(expected)
})

test('reminders go once per occasion to facilities that have not submitted; an extension starts a new cycle', async () => {
	const w = await world({ dueInDays: 5 })
	const a1 = w.assessmentOf(w.facilities[0].id)
	answerAll(a1.id, w.directors[0].id)
	await submit(a1.id, w.directors[0])
	const first = await sendDueReminders(db(), [7, 2])
	expect(first.reminded).toBe(4)
	expect(first.mail.map((m) => m.to).sort()).toEqual(
		w.directors
			.slice(1)
			.map((d) => d.email)
			.sort(),
	)
	expect(first.mail[0].subject).toMatch(/^Nhắc hạn: đánh giá "Đợt 2026" của BV .+ cần nộp chậm nhất trong ngày \d{2}\/\d{2}\/\d{4}$/)
	expect((await sendDueReminders(db(), [7, 2])).reminded).toBe(0)
	// Four days later the 2-day occasion comes.
	expect((await sendDueReminders(db(), [7, 2], new Date(Date.now() + 4 * DAY))).reminded).toBe(4)
	const extended = await act(w, { intent: 'extend', dueOn: vnIsoDate(Date.now() + 6 * DAY) })
	expect(extended.data.notice).toBe('campaign.extended')
	expect((await sendDueReminders(db(), [7, 2])).reminded).toBe(4)
	expect(db().select().from(schema.notifications).where(eq(schema.notifications.kind, 'campaign.reminder')).all()).toHaveLength(12)
})

test('with SMTP configured, reminding by hand and extending the deadline e-mail the staff of the facilities still working', async () => {
	const w = await world()
	answerAll(w.assessmentOf(w.facilities[0].id).id, w.directors[0].id)
	await submit(w.assessmentOf(w.facilities[0].id).id, w.directors[0])
	const smtp = await startSmtpServer()
	onTestFinished(() => smtp.close())
	const { received } = smtp
	const waiting = w.directors
		.slice(1)
		.map((d) => d.email)
		.sort()
	expect((await act(w, { intent: 'remind' })).data).toMatchObject({ notice: 'campaign.reminded', params: { count: 4 } })
	expect(received.flatMap((m) => m.to).sort()).toEqual(waiting)
	received.length = 0
	expect((await act(w, { intent: 'extend', dueOn: vnIsoDate(Date.now() + 40 * DAY) })).data.notice).toBe('campaign.extended')
	expect(received.flatMap((m) => m.to).sort()).toEqual(waiting)
})

test('an admin reminds by hand at most once a day', async () => {
	const w = await world()
	expect((await act(w, { intent: 'remind' })).data).toMatchObject({ notice: 'campaign.reminded', params: { count: 5 } })
	expect((await act(w, { intent: 'remind' })).data).toMatchObject({ notice: 'campaign.remindedAlready', params: { count: 0 } })
	const page = await run(campaignRoute.loader, makeRequest(`/admin/campaigns/${w.campaignId}`, { cookie: await w.cookie(w.admin) }), {
		campaignId: String(w.campaignId),
	})
	expect(page.data.reminder).toMatchObject({ facilities: 5 })
})

test('the analysts\u2019 export has a summary and one row per facility \u00d7 applicable criterion, with typed values, in scope', async () => {
	const w = await world()
	const a1 = w.assessmentOf(w.facilities[0].id)
	answerAll(a1.id, w.directors[0].id)
	await submit(a1.id, w.directors[0])
	await evaluate(a1.id, w.evaluator, 'approve')
	const res = await run(exportRoute.loader, makeRequest(`/admin/campaigns/${w.campaignId}/export`, { cookie: await w.cookie(w.admin) }), {
		campaignId: String(w.campaignId),
	})
	expect(res.status).toBe(200)
	expect(res.headers.get('Content-Type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
	const wb = await openWorkbook(res.bytes!)
	expect(wb.worksheets.map((s) => s.name)).toEqual(['Tổng hợp', 'Thống kê', 'Dữ liệu'])
	// Nothing of the round is published: the statistics sheet says so instead of showing zeros.
	expect(wb.getWorksheet('Thống kê')!.getRow(2).getCell(1).value).toMatch(/^Đợt này chưa có kết quả nào được công bố/)
	const criteria = EMRAM.groups.reduce((n, g) => n + g.criteria.length, 0)
	const data = wb.getWorksheet('Dữ liệu')!
	expect(data.rowCount).toBe(1 + 5 * criteria)
	const header = (data.getRow(1).values as Array<unknown>).slice(1)
	expect(header.slice(0, 4)).toEqual(['Mã tỉnh', 'Tỉnh/thành phố', 'Mã cơ sở', 'Tên cơ sở'])
	const col = (name: string) => header.indexOf(name) + 1
	const row = data
		.getRows(2, data.rowCount - 1)!
		.find((r) => r.getCell(col('Mã tiêu chí')).value === 'EMRAM.S1.lab' && r.getCell(col('Mã cơ sở')).value === '48001')!
	expect(row.getCell(col('Giá trị tự đánh giá (mã)')).value).toBe('yes')
	expect(row.getCell(col('Kết luận thẩm định')).value).toBe('Chấp nhận')
	expect(row.getCell(col('Số giường')).value).toBe(300)
	expect(row.getCell(col('Ngày nộp')).value).toBeInstanceOf(Date)
	const summary = wb.getWorksheet('Tổng hợp')!
	const rowsLine = summary.getRows(1, 12)!.find((r) => r.getCell(1).value === 'Số dòng dữ liệu')!
	expect(rowsLine.getCell(2).value).toBe(5 * criteria)
	// The one assessment submitted and approved reached the same EMRAM stage, self-assessed and verified.
	const levelRows = summary.getRows(1, summary.rowCount)!.filter((r) => r.getCell(1).value === 'HIMSS-EMRAM-2008 v1')
	expect(levelRows.length).toBe(EMRAM.levels.length)
	expect(levelRows.map((r) => [r.getCell(3).value, r.getCell(4).value]).filter(([a, b]) => a || b)).toEqual([[1, 1]])

	// The province's evaluator gets its three facilities only.
	const scoped = await run(
		exportRoute.loader,
		makeRequest(`/admin/campaigns/${w.campaignId}/export`, { cookie: await w.cookie(w.evaluator) }),
		{ campaignId: String(w.campaignId) },
	)
	expect((await openWorkbook(scoped.bytes!)).getWorksheet('Dữ liệu')!.rowCount).toBe(1 + 3 * criteria)
	// A facility user follows no round.
	expect(
		(
			await run(exportRoute.loader, makeRequest(`/admin/campaigns/${w.campaignId}/export`, { cookie: await w.cookie(w.directors[0]) }), {
				campaignId: String(w.campaignId),
			})
		).status,
	).toBe(403)
})

test('a national round too long for one sheet continues on the next', async () => {
	const w = await world()
	const { writeAnalystWorkbook } = await import('#spreadsheets/analyst-workbook')
	const { analystWorkbookInput } = await import('~/pages/campaign-admin.server')
	const { writeStreamedWorkbook } = await import('#spreadsheets/write')
	const { PassThrough } = await import('node:stream')
	const stream = new PassThrough()
	const chunks: Array<Buffer> = []
	stream.on('data', (c) => chunks.push(c))
	const campaign = db().select().from(schema.campaigns).where(eq(schema.campaigns.id, w.campaignId)).get()!
	let written = { rows: 0 }
	await writeStreamedWorkbook(stream, async (wb) => {
		written = await writeAnalystWorkbook(
			wb,
			analystWorkbookInput(db(), {
				campaign,
				grants: [{ role: 'admin', scopeKind: 'national', facilityId: null, provinceCode: null }],
				locale: 'en',
				scopeLabel: 'National',
			}),
			30,
		)
	})
	const wb = await openWorkbook(Buffer.concat(chunks))
	const criteria = EMRAM.groups.reduce((n, g) => n + g.criteria.length, 0)
	expect(written.rows).toBe(5 * criteria)
	const sheets = wb.worksheets.slice(2)
	expect(sheets.map((s) => s.name)).toEqual(
		Array.from({ length: Math.ceil((5 * criteria) / 30) }, (_, i) => (i === 0 ? 'Answers' : `Answers (${i + 1})`)),
	)
	expect(sheets.reduce((n, s) => n + s.rowCount - 1, 0)).toBe(5 * criteria)
})
