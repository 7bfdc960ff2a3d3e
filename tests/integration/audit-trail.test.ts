import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { insertUser } from '#tests/factories'
import { assessmentWorld } from '#tests/fixtures'
import { cookieFor, db, makeRequest, run } from '#tests/helpers'
import { navigationFor } from '~/domain/navigation'
import * as auditRoute from '~/routes/admin.audit'
import * as answersRoute from '~/routes/assessments.$assessmentId.answers'
import * as historyRoute from '~/routes/assessments.$assessmentId.history'
import * as submitRoute from '~/routes/assessments.$assessmentId.submit'
import { appendAudit } from '~/services/audit.server'

type World = Awaited<ReturnType<typeof assessmentWorld>>

const ROOT = path.resolve(import.meta.dirname, '../..')

function auditVerify(databasePath = process.env.DATABASE_PATH!) {
	const res = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/audit-verify.ts'], {
		cwd: ROOT,
		env: { ...process.env, DATABASE_PATH: databasePath },
		encoding: 'utf8',
	})
	return { code: res.status, out: res.stdout + res.stderr }
}

function eventCount() {
	return (db().$client.prepare('select count(*) as n from audit_events').get() as { n: number }).n
}

async function autosave(w: World, who: { id: number }, assessmentId: number, criterionId: string, value: string) {
	const cookie = await w.cookie(who)
	const version = db().$client.prepare('select version from assessments where id = ?').get(assessmentId) as { version: number }
	const res = await run(
		answersRoute.action,
		makeRequest(`/assessments/${assessmentId}/answers`, { cookie, form: { criterionId, value, baseVersion: String(version.version) } }),
		{
			assessmentId: String(assessmentId),
		},
	)
	expect(JSON.parse(res.data).status, res.data).toBe('saved')
}

function history(w: World, cookie?: string, assessmentId = w.assessment.id) {
	return run(historyRoute.loader, makeRequest(`/assessments/${assessmentId}/history`, { cookie }), { assessmentId: String(assessmentId) })
}

async function auditPage(cookie?: string, search = '') {
	return run(auditRoute.loader, makeRequest(`/admin/audit${search}`, { cookie }))
}

test('the verify command on an intact trail exits 0 and prints the number of events', { timeout: 30_000 }, async () => {
	await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'] })
	const n = eventCount()
	expect(n).toBeGreaterThan(0)
	const res = auditVerify()
	expect(res.code, res.out).toBe(0)
	expect(res.out).toMatch(new RegExp(`^Audit trail intact: ${n} events, last hash [0-9a-f]{16}…`))
})

test('after an audit row is edited by hand, the verify command exits 1 and names that event', { timeout: 30_000 }, async () => {
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'] })
	await autosave(w, w.users.editor, w.assessment.id, 'ATTT.HIS.approved', 'yes')
	const row = db().$client.prepare(`select id from audit_events where action = 'answer.save'`).get() as { id: number }
	db().$client.prepare(`update audit_events set after = '{"ATTT.HIS.approved":{"kind":"yes_no","value":"no"}}' where id = ?`).run(row.id)
	const res = auditVerify()
	expect(res.code, res.out).toBe(1)
	expect(res.out).toContain(`Audit trail BROKEN at event #${row.id} (hash_mismatch): the row was edited or removed after it was written`)
	expect(res.out).toContain(`event #${row.id}: answer.save on assessment ${w.assessment.id}`)
})

test('deleting an audit row makes the verify command exit 1 at the row after it', { timeout: 30_000 }, async () => {
	await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'] })
	const [first, second] = db().$client.prepare('select id from audit_events order by id limit 2').all() as Array<{ id: number }>
	db().$client.prepare('delete from audit_events where id = ?').run(first.id)
	const res = auditVerify()
	expect(res.code, res.out).toBe(1)
	expect(res.out).toContain(`BROKEN at event #${second.id} (prev_hash_mismatch)`)
})

test('the verify command on a missing database file exits 2 with a clear message and creates nothing', { timeout: 30_000 }, () => {
	const missing = path.join(path.dirname(process.env.DATABASE_PATH!), 'does-not-exist', 'app.db')
	const res = auditVerify(missing)
	expect(res.code, res.out).toBe(2)
	expect(res.out).toContain(`No database at ${missing}`)
	expect(fs.existsSync(path.dirname(missing))).toBe(false)
})

test('the audit page reports an intact trail and lists the latest events, newest first, with their actors', async () => {
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'] })
	await autosave(w, w.users.editor, w.assessment.id, 'ATTT.HIS.approved', 'yes')
	const res = await auditPage(await w.cookie(w.users.admin))
	expect(res.status).toBe(200)
	expect(res.data.chain).toMatchObject({ ok: true, count: eventCount() })
	expect(res.data.brokenEvent).toBeNull()
	const [latest] = res.data.events
	expect(latest).toMatchObject({
		action: 'answer.save',
		actorName: 'Cán bộ CNTT',
		entityType: 'assessment',
		entityId: String(w.assessment.id),
	})
	expect(latest.before).toEqual({ 'ATTT.HIS.approved': null })
	expect(latest.after).toEqual({ 'ATTT.HIS.approved': { kind: 'yes_no', value: 'yes' } })
	const ids = res.data.events.map((e: { id: number }) => e.id)
	expect(ids).toEqual([...ids].sort((a, b) => b - a))
})

test('the audit page reports a broken trail at the edited row, with the reason and the event', async () => {
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'] })
	const row = db().$client.prepare(`select id from audit_events where action = 'campaign.open'`).get() as { id: number }
	db().$client.prepare(`update audit_events set after = '{"status":"open","assessments":999}' where id = ?`).run(row.id)
	const res = await auditPage(await w.cookie(w.users.admin))
	expect(res.status).toBe(200)
	expect(res.data.chain).toEqual({ ok: false, count: row.id, brokenAtId: row.id, reason: 'hash_mismatch' })
	expect(res.data.brokenEvent).toMatchObject({
		id: row.id,
		action: 'campaign.open',
		actorName: 'Quản trị',
		after: { status: 'open', assessments: 999 },
	})
})

test('the audit page pages back through older events fifty at a time', async () => {
	db().transaction((tx) => {
		for (let i = 0; i < 60; i++)
			appendAudit(tx, { actorId: null, action: 'test.event', entityType: 'thing', entityId: i, at: new Date(Date.UTC(2026, 0, 1, 0, i)) })
	})
	const admin = await insertUser(db(), { name: 'Quản trị', grants: [{ role: 'admin', scopeKind: 'national' }] })
	const cookie = (await cookieFor(admin.id)).cookie
	const first = await auditPage(cookie)
	expect(first.data.events).toHaveLength(50)
	expect(first.data.events[0].entityId).toBe('59')
	expect(first.data.olderThan).toBe(first.data.events[49].id)
	const second = await auditPage(cookie, `?before=${first.data.olderThan}`)
	expect(second.data.events.map((e: { entityId: string }) => e.entityId)).toEqual(['9', '8', '7', '6', '5', '4', '3', '2', '1', '0'])
	expect(second.data.olderThan).toBeNull()
})

test('the audit page (other people’s e-mails and sign-in addresses) is for national admins: evaluators, even national ones, and facility users get 403, nobody signed in is sent to sign in', async () => {
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'] })
	const admin = await insertUser(db(), { name: 'Quản trị Bộ', grants: [{ role: 'admin', scopeKind: 'national' }] })
	const national = await insertUser(db(), { name: 'Thẩm định Bộ', grants: [{ role: 'evaluator', scopeKind: 'national' }] })
	expect((await auditPage(await w.cookie(admin))).status).toBe(200)
	expect((await auditPage(await w.cookie(national))).status).toBe(403)
	expect((await auditPage(await w.cookie(w.users.evaluator))).status).toBe(403)
	expect((await auditPage(await w.cookie(w.users.director))).status).toBe(403)
	const anonymous = await auditPage()
	expect(anonymous.status).toBe(302)
	expect(anonymous.location).toBe('/login?redirectTo=%2Fadmin%2Faudit')
})

test('the navigation offers the audit page to admins only', async () => {
	const grants = (role: 'admin' | 'evaluator', scopeKind: 'national' | 'province') => [
		{ role, scopeKind, facilityId: null, provinceCode: scopeKind === 'province' ? '48' : null },
	]
	const links = (g: ReturnType<typeof grants>) => navigationFor(g).map((i) => i.to)
	expect(links(grants('admin', 'national'))).toContain('/admin/audit')
	expect(links(grants('evaluator', 'national'))).not.toContain('/admin/audit')
	expect(links(grants('evaluator', 'province'))).not.toContain('/admin/audit')
})

test('the history page lists the events of that assessment only, oldest first, with who did what', async () => {
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'] })
	await autosave(w, w.users.editor, w.assessment.id, 'ATTT.HIS.level', 'not_operated')
	await autosave(w, w.users.outsider, w.otherAssessment.id, 'ATTT.HIS.level', '1')
	await autosave(w, w.users.editor2, w.assessment.id, 'ATTT.HIS.level', '2')
	const res = await history(w, await w.cookie(w.users.editor))
	expect(res.status).toBe(200)
	const events = res.data.events as Array<{ action: string; actorName: string; entityId: string; before: unknown; after: unknown }>
	expect(events.map((e) => [e.action, e.actorName])).toEqual([
		['answer.save', 'Cán bộ CNTT'],
		['answer.save', 'Cán bộ thứ hai'],
	])
	expect(events.every((e) => e.entityId === String(w.assessment.id))).toBe(true)
	expect(events[1].before).toEqual({ 'ATTT.HIS.level': { kind: 'choice', value: 'not_operated' } })
	expect(events[1].after).toEqual({ 'ATTT.HIS.level': { kind: 'choice', value: '2' } })
	// The page can name the criterion, link to it and word the chosen options.
	expect(res.data.criteria['ATTT.HIS.level'].href).toBe(`/assessments/${w.assessment.id}/ATTT-CAPDO-2026/HIS#ATTT.HIS.level`)
	expect(Object.keys(res.data.criteria['ATTT.HIS.level'].choices)).toEqual(expect.arrayContaining(['not_operated', '2']))
})

test('the history page shows a late submission with its status change', { timeout: 30_000 }, async () => {
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'], dueInDays: -1, acceptsLate: true })
	for (const g of ['HIS', 'LIS', 'RISPACS', 'EMR', 'PORTAL']) {
		await autosave(w, w.users.editor, w.assessment.id, `ATTT.${g}.level`, 'not_operated')
		await autosave(w, w.users.editor, w.assessment.id, `ATTT.${g}.approved`, 'no')
	}
	const cookie = await w.cookie(w.users.director)
	const submitted = await run(
		submitRoute.action,
		makeRequest(`/assessments/${w.assessment.id}/submit`, { cookie, form: { name: 'Giám đốc Thử', jobTitle: 'Giám đốc', accept: 'on' } }),
		{ assessmentId: String(w.assessment.id) },
	)
	expect(submitted.status).toBe(302)
	const res = await history(w, cookie)
	const events = res.data.events as Array<{ action: string; actorName: string; before: unknown; after: Record<string, unknown> }>
	expect(events).toHaveLength(11)
	const last = events[10]
	expect(last).toMatchObject({
		action: 'assessment.submit',
		actorName: 'Giám đốc Thử',
		before: { status: 'draft' },
		after: { status: 'submitted', late: true, round: 1 },
	})
})

test('the history page is refused to a user of another facility, and sends nobody signed in to sign in', async () => {
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'] })
	await autosave(w, w.users.editor, w.assessment.id, 'ATTT.HIS.level', 'not_operated')
	expect((await history(w, await w.cookie(w.users.outsider))).status).toBe(403)
	expect((await history(w, await w.cookie(w.users.evaluator))).status).toBe(200)
	const anonymous = await history(w)
	expect(anonymous.status).toBe(302)
	expect(anonymous.location).toMatch(/^\/login\?redirectTo=/)
	expect((await history(w, await w.cookie(w.users.admin), 999_999)).status).toBe(404)
})
