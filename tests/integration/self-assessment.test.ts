import { count, eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { schema } from '#db/client.server'
import { assessmentWorld } from '#tests/fixtures'
import { db, makeRequest, run } from '#tests/helpers'
import * as pageRoute from '~/routes/assessments.$assessmentId.$catalogCode.$groupId'
import * as overviewRoute from '~/routes/assessments.$assessmentId._index'
import * as answersRoute from '~/routes/assessments.$assessmentId.answers'
import * as listRoute from '~/routes/assessments._index'

type World = Awaited<ReturnType<typeof assessmentWorld>>

async function autosave(w: World, who: { id: number }, form: Record<string, string>, assessmentId = w.assessment.id) {
	const cookie = await w.cookie(who)
	const res = await run(answersRoute.action, makeRequest(`/assessments/${assessmentId}/answers`, { cookie, form }), {
		assessmentId: String(assessmentId),
	})
	let body = res.data
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body)
		} catch {}
	}
	return { status: res.status, body }
}

function answerCount() {
	return db().select({ n: count() }).from(schema.answers).get()!.n
}

function version(id: number) {
	return db().select({ v: schema.assessments.version }).from(schema.assessments).where(eq(schema.assessments.id, id)).get()!.v
}

function auditCount() {
	return db().select({ n: count() }).from(schema.auditEvents).get()!.n
}

test('an editor\u2019s autosaved answer is stored, bumps the version, is audited, and returns the live score', async () => {
	const w = await assessmentWorld()
	const audits = auditCount()
	const res = await autosave(w, w.users.editor, { criterionId: 'EMRAM.S1.lab', value: 'yes', baseVersion: '1' })
	expect(res.status).toBe(200)
	expect(res.body).toMatchObject({ status: 'saved', version: 2, score: { code: 'HIMSS-EMRAM-2008' } })
	expect(version(w.assessment.id)).toBe(2)
	expect(answerCount()).toBe(1)
	expect(auditCount()).toBe(audits + 1)
	const audit = db().select().from(schema.auditEvents).orderBy(schema.auditEvents.id).all().at(-1)!
	expect(audit).toMatchObject({ action: 'answer.save', actorId: w.users.editor.id, entityId: String(w.assessment.id) })
	expect(JSON.parse(audit.after!)).toEqual({ 'EMRAM.S1.lab': { kind: 'yes_no', value: 'yes' } })
})

test('answering the three stage-1 criteria raises the EMRAM stage and removes them from the blockers', async () => {
	const w = await assessmentWorld()
	let last: any = null
	let v = 1
	for (const id of ['EMRAM.S1.lab', 'EMRAM.S1.rad', 'EMRAM.S1.pharmacy']) {
		last = (await autosave(w, w.users.editor, { criterionId: id, value: 'yes', baseVersion: String(v) })).body
		v = last.version
	}
	expect(last.score.achievedLevel.id).toBe('STAGE1')
	expect(last.score.nextLevel.id).toBe('STAGE2')
	const blockerIds = last.score.blockers.map((b: { criterionId?: string }) => b.criterionId)
	expect(blockerIds).not.toContain('EMRAM.S1.lab')
	expect(blockerIds).toContain('EMRAM.S2.cdr')
})

test.each([
	['a percentage above 100', { criterionId: 'INV.EMR.inpatient_share', value: '150' }, 'answer.percent_out_of_range', 'value'],
	['a word where a number is expected', { criterionId: 'INV.INFRA.it_staff', value: 'mười' }, 'answer.not_a_number', 'value'],
	['a negative head count', { criterionId: 'INV.INFRA.it_staff', value: '-2' }, 'answer.number_below_min', 'value'],
	['a fractional head count', { criterionId: 'INV.INFRA.it_staff', value: '2,5' }, 'answer.number_not_integer', 'value'],
	[
		'a date in the future where not allowed',
		{ criterionId: 'INV.EMR.decision_date', value: '2999-01-01' },
		'answer.date_in_future',
		'value',
	],
	['an impossible date', { criterionId: 'INV.EMR.decision_date', value: '2025-02-30' }, 'answer.date_invalid', 'value'],
	['N/A without a reason', { criterionId: 'ATTT.HIS.approved', value: 'na', naReason: ' ' }, 'answer.na_reason_required', 'naReason'],
	[
		'N/A where the criterion does not allow it',
		{ criterionId: 'EMRAM.S1.lab', value: 'na', naReason: 'không có' },
		'answer.na_not_allowed',
		'value',
	],
	['an option that is not in the list', { criterionId: 'INV.SYS.his', value: 'maybe' }, 'answer.choice_unknown', 'value'],
	['a criterion from another catalog', { criterionId: 'EMR.F.a', value: 'yes' }, 'answer.unknown_criterion', 'value'],
])('autosave refuses %s with a message for the field, and nothing changes', async (_name, fields, message, field) => {
	const w = await assessmentWorld()
	const audits = auditCount()
	const res = await autosave(w, w.users.editor, { ...fields, baseVersion: '1' })
	expect(res.status).toBe(400)
	expect(res.body.message.split('|')[0]).toBe(message)
	expect(res.body.field).toBe(field)
	expect(answerCount()).toBe(0)
	expect(version(w.assessment.id)).toBe(1)
	expect(auditCount()).toBe(audits)
})

test('a malformed autosave (no base version) is a 400, not a 500', async () => {
	const w = await assessmentWorld()
	const res = await autosave(w, w.users.editor, { criterionId: 'EMRAM.S1.lab', value: 'yes' })
	expect(res.status).toBe(400)
	expect(res.body).toEqual({ status: 'invalid', message: 'form.malformed' })
})

test('a decimal comma is read as Vietnamese write it', async () => {
	const w = await assessmentWorld()
	const res = await autosave(w, w.users.editor, { criterionId: 'INV.CONN.chip_id_share', value: '62,5', baseVersion: '1' })
	expect(res.status).toBe(200)
	const stored = db().select().from(schema.answers).get()!
	expect(stored.value).toEqual({ kind: 'percent', value: 62.5 })
})

test('a user of another facility posting to this assessment gets 403 and nothing changes', async () => {
	const w = await assessmentWorld()
	const res = await autosave(w, w.users.outsider, { criterionId: 'EMRAM.S1.lab', value: 'yes', baseVersion: '1' })
	expect(res.status).toBe(403)
	expect(answerCount()).toBe(0)
})

test('an evaluator cannot write a facility\u2019s answers', async () => {
	const w = await assessmentWorld()
	const res = await autosave(w, w.users.evaluator, { criterionId: 'EMRAM.S1.lab', value: 'yes', baseVersion: '1' })
	expect(res.status).toBe(403)
	expect(answerCount()).toBe(0)
})

test('a save based on a stale version is refused with the other person\u2019s value, and their value stays', async () => {
	const w = await assessmentWorld()
	expect((await autosave(w, w.users.editor, { criterionId: 'INV.INFRA.it_staff', value: '12', baseVersion: '1' })).status).toBe(200)
	// The second editor loaded the page at version 1, before the first editor's save.
	const res = await autosave(w, w.users.editor2, { criterionId: 'INV.INFRA.it_staff', value: '9', baseVersion: '1' })
	expect(res.status).toBe(409)
	expect(res.body).toMatchObject({ status: 'conflict', conflict: { theirs: { value: '12' }, byName: 'Cán bộ CNTT', version: 2 } })
	expect(db().select().from(schema.answers).get()!.value).toEqual({ kind: 'number', value: 12 })
	// Saving again on the version the conflict reported overwrites deliberately.
	const again = await autosave(w, w.users.editor2, { criterionId: 'INV.INFRA.it_staff', value: '9', baseVersion: '2' })
	expect(again.status).toBe(200)
	expect(db().select().from(schema.answers).get()!.value).toEqual({ kind: 'number', value: 9 })
})

test('two people editing different criteria on the same stale version do not conflict', async () => {
	const w = await assessmentWorld()
	expect((await autosave(w, w.users.editor, { criterionId: 'EMRAM.S1.lab', value: 'yes', baseVersion: '1' })).status).toBe(200)
	expect((await autosave(w, w.users.editor2, { criterionId: 'EMRAM.S1.rad', value: 'no', baseVersion: '1' })).status).toBe(200)
	expect(answerCount()).toBe(2)
})

test('the no-JavaScript Save writes only what changed, and reports a conflict per criterion while saving the rest', async () => {
	const w = await assessmentWorld()
	await autosave(w, w.users.editor2, { criterionId: 'EMRAM.S1.rad', value: 'no', baseVersion: '1' })
	const cookie = await w.cookie(w.users.editor)
	const form = {
		intent: 'save',
		baseVersion: '1',
		'answers[0].id': 'EMRAM.S1.lab',
		'answers[0].value': 'yes',
		'answers[0].orig': '',
		'answers[1].id': 'EMRAM.S1.rad',
		'answers[1].value': 'yes',
		'answers[1].orig': '',
		'answers[2].id': 'EMRAM.S1.pharmacy',
		'answers[2].value': '',
		'answers[2].orig': '',
	}
	const res = await run(pageRoute.action, makeRequest(`/assessments/${w.assessment.id}/HIMSS-EMRAM-2008/S1`, { cookie, form }), {
		assessmentId: String(w.assessment.id),
		catalogCode: 'HIMSS-EMRAM-2008',
		groupId: 'S1',
	})
	expect(res.status).toBe(409)
	expect(res.data.saved).toBe(1)
	expect(res.data.conflicts).toEqual([
		expect.objectContaining({ criterionId: 'EMRAM.S1.rad', theirs: { value: 'no', naReason: '' }, byName: 'Cán bộ thứ hai' }),
	])
	const stored = db()
		.select({ key: schema.criteria.key, value: schema.answers.value })
		.from(schema.answers)
		.innerJoin(schema.criteria, eq(schema.criteria.id, schema.answers.criterionId))
		.all()
	expect(Object.fromEntries(stored.map((s) => [s.key, s.value]))).toEqual({
		'EMRAM.S1.lab': { kind: 'yes_no', value: 'yes' },
		'EMRAM.S1.rad': { kind: 'yes_no', value: 'no' },
	})
})

test('the no-JavaScript Save refuses a page with a bad value, field by field, and writes nothing', async () => {
	const w = await assessmentWorld()
	const cookie = await w.cookie(w.users.editor)
	const res = await run(
		pageRoute.action,
		makeRequest(`/assessments/${w.assessment.id}/INV-DIGITAL-2026/INFRA`, {
			cookie,
			form: {
				intent: 'save',
				baseVersion: '1',
				'answers[0].id': 'INV.INFRA.it_staff',
				'answers[0].value': '-1',
				'answers[1].id': 'INV.INFRA.it_training',
				'answers[1].value': '40',
			},
		}),
		{ assessmentId: String(w.assessment.id), catalogCode: 'INV-DIGITAL-2026', groupId: 'INFRA' },
	)
	expect(res.status).toBe(400)
	expect(res.data.result.error['answers[0].value'][0]).toMatch(/^answer\.number_below_min/)
	expect(answerCount()).toBe(0)
})

test('the form page shows only its group, with each criterion\u2019s basis, and 404s for a group of no catalog', async () => {
	const w = await assessmentWorld()
	const cookie = await w.cookie(w.users.editor)
	const page = await run(pageRoute.loader, makeRequest(`/assessments/${w.assessment.id}/HIMSS-EMRAM-2008/S2`, { cookie }), {
		assessmentId: String(w.assessment.id),
		catalogCode: 'HIMSS-EMRAM-2008',
		groupId: 'S2',
	})
	expect(page.data.criteria.map((c: { id: string }) => c.id)).toEqual([
		'EMRAM.S2.cdr',
		'EMRAM.S2.cmv',
		'EMRAM.S2.cdss',
		'EMRAM.S2.document_imaging',
	])
	expect(page.data.criteria[0].basis.document).toBeTruthy()
	expect(page.data.editable).toBe(true)
	expect(page.data.prev).toEqual({ catalogCode: 'HIMSS-EMRAM-2008', groupId: 'S1' })
	const missing = await run(pageRoute.loader, makeRequest(`/assessments/${w.assessment.id}/HIMSS-EMRAM-2008/NOPE`, { cookie }), {
		assessmentId: String(w.assessment.id),
		catalogCode: 'HIMSS-EMRAM-2008',
		groupId: 'NOPE',
	})
	expect(missing.status).toBe(404)
})

test('the facility\u2019s assessment list shows progress as answered over applicable criteria', async () => {
	const w = await assessmentWorld()
	await autosave(w, w.users.editor, { criterionId: 'EMRAM.S1.lab', value: 'yes', baseVersion: '1' })
	const cookie = await w.cookie(w.users.editor)
	const res = await run(listRoute.loader, makeRequest('/assessments', { cookie }))
	expect(res.data.rows).toHaveLength(1)
	expect(res.data.rows[0]).toMatchObject({ id: w.assessment.id, answered: 1, applicable: 47 })
})

test('the overview scores every catalog of the assessment', async () => {
	const w = await assessmentWorld()
	const cookie = await w.cookie(w.users.director)
	const res = await run(overviewRoute.loader, makeRequest(`/assessments/${w.assessment.id}`, { cookie }), {
		assessmentId: String(w.assessment.id),
	})
	expect(res.data.scores.map((s: { code: string }) => s.code).sort()).toEqual(['ATTT-CAPDO-2026', 'HIMSS-EMRAM-2008', 'INV-DIGITAL-2026'])
	expect(res.data.scores.find((s: { code: string }) => s.code === 'HIMSS-EMRAM-2008').achievedLevel.id).toBe('STAGE0')
})
