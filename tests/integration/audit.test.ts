import { expect, test } from 'vitest'
import { db } from '#tests/helpers'
import { appendAudit, verifyAuditChain } from '~/services/audit.server'

function appendMany(n: number) {
	for (let i = 0; i < n; i++) {
		db().transaction((tx) =>
			appendAudit(tx, {
				actorId: null,
				action: 'test.event',
				entityType: 'thing',
				entityId: i,
				before: { value: i },
				after: { value: i + 1 },
				at: new Date(Date.UTC(2026, 0, 1, 0, i)),
			}),
		)
	}
}

test('an untouched audit trail verifies as intact', () => {
	appendMany(5)
	const report = verifyAuditChain(db())
	expect(report).toMatchObject({ ok: true, count: 5 })
})

test('editing one audit row by hand is detected at that row', () => {
	appendMany(5)
	db().$client.prepare(`update audit_events set after = '{"value":999}' where id = 3`).run()
	expect(verifyAuditChain(db())).toEqual({ ok: false, count: 3, brokenAtId: 3, reason: 'hash_mismatch' })
})

test('deleting a row from the middle of the trail is detected', () => {
	appendMany(5)
	db().$client.prepare('delete from audit_events where id = 2').run()
	expect(verifyAuditChain(db())).toMatchObject({ ok: false, brokenAtId: 3, reason: 'prev_hash_mismatch' })
})

test('recomputing a forged row\u2019s own hash does not help: the next row no longer links to it', () => {
	appendMany(4)
	const row = db().$client.prepare('select * from audit_events where id = 2').get() as { hash: string }
	db().$client.prepare(`update audit_events set hash = ? where id = 2`).run('f'.repeat(64))
	expect(row.hash).not.toBe('f'.repeat(64))
	const report = verifyAuditChain(db())
	expect(report.ok).toBe(false)
})

test('a failed change rolls its audit event back with it', () => {
	expect(() =>
		db().transaction((tx) => {
			appendAudit(tx, { actorId: null, action: 'test.event', entityType: 'thing', entityId: 1, at: new Date() })
			throw new Error('the change failed')
		}),
	).toThrow('the change failed')
	expect(verifyAuditChain(db())).toMatchObject({ ok: true, count: 0 })
})
