// The autosave POST as the production server answers it: before Remix (server/autosave.js), with the
// route's own function. What a browser would notice at the edges: the sign-in redirect, another
// facility's answers refused, an oversized body refused, either form encoding accepted, and the
// same-origin check still in front of it.
import { and, eq } from 'drizzle-orm'
import { expect, onTestFinished, test } from 'vitest'
import { Connection, privateCopy, startCluster, useDatabase } from './cluster'

test('the autosave endpoint answers before Remix with the same guard, limits and replies', async () => {
	const { dir, file, remove } = await privateCopy('autosave-endpoint')
	onTestFinished(remove)
	useDatabase(file)
	const { getDb, schema, closeDb } = await import('#db/client.server')
	const { insertUser } = await import('#tests/factories')
	const { createSession } = await import('~/services/session.server')
	const { commitSessionToken } = await import('~/utils/auth.server')
	const { DEMO_CAMPAIGN_TITLE } = await import('~/services/demo-seed.server')
	const campaign = getDb().select().from(schema.campaigns).where(eq(schema.campaigns.title, DEMO_CAMPAIGN_TITLE)).get()!
	const [mine, theirs] = getDb().select().from(schema.facilities).where(eq(schema.facilities.provinceCode, '92')).all()
	const assessmentOf = (facilityId: number) =>
		getDb()
			.select()
			.from(schema.assessments)
			.where(and(eq(schema.assessments.campaignId, campaign.id), eq(schema.assessments.facilityId, facilityId)))
			.get()!
	const assessment = assessmentOf(mine.id)
	const other = assessmentOf(theirs.id)
	const editor = await insertUser(getDb(), { grants: [{ role: 'facility_editor', scopeKind: 'facility', facilityId: mine.id }] })
	const cookie = (await commitSessionToken(createSession(editor.id, { ip: null, userAgent: 'endpoint' }))).split(';')[0]
	closeDb()
	const cluster = await startCluster({ workers: 1, database: file, dataDir: dir })
	const c = new Connection(cluster.port)
	onTestFinished(() => c.close())
	const url = `/assessments/${assessment.id}/answers`
	const form = { criterionId: 'INV.INFRA.it_staff', value: '7', baseVersion: String(assessment.version) }

	// Nobody signed in: the sign-in page, with the way back.
	const anonymous = await c.request('POST', url, { form })
	expect(anonymous.status).toBe(302)
	expect(anonymous.headers.location).toMatch(/^\/login\?/)

	// Another facility's assessment: refused.
	expect((await c.request('POST', `/assessments/${other.id}/answers`, { cookie, form })).status).toBe(403)
	// No such assessment.
	expect((await c.request('POST', '/assessments/999999/answers', { cookie, form })).status).toBe(404)

	// Another site posting with the user's cookie: stopped by the same-origin check.
	const crossSite = await c.request('POST', url, { cookie, form, headers: { origin: 'https://evil.example' } })
	expect(crossSite.status).toBe(403)

	// A body past the limit (64 KB): 413, the connection closed, nothing written.
	const big = new Connection(cluster.port)
	onTestFinished(() => big.close())
	const tooLarge = await big.request('POST', url, { cookie, form: { ...form, naReason: 'x'.repeat(70 * 1024) } })
	expect(tooLarge.status).toBe(413)
	expect(JSON.parse(tooLarge.body)).toEqual({ status: 'invalid', message: 'form.malformed' })

	// Malformed: no base version.
	const malformed = await c.request('POST', url, { cookie, form: { criterionId: 'INV.INFRA.it_staff', value: '7' } })
	expect(malformed.status).toBe(400)

	// A multipart body (a FormData sent by an older page) is read too.
	const boundary = 'autosave-boundary'
	const multipart =
		Object.entries(form)
			.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
			.join('') + `--${boundary}--\r\n`
	const saved = await c.request('POST', url, {
		cookie,
		headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(Buffer.byteLength(multipart)) },
		body: multipart,
	})
	expect(saved.status).toBe(200)
	const body = JSON.parse(saved.body)
	expect(body).toMatchObject({ status: 'saved', version: assessment.version + 1 })
	expect(body.score).not.toBeNull()
	expect(saved.headers['cache-control']).toBe('no-store')
	// The security headers of server.js are on it.
	expect(saved.headers['x-content-type-options']).toBe('nosniff')

	await cluster.stop()
	useDatabase(file)
	const stored = getDb().select().from(schema.assessments).where(eq(schema.assessments.id, assessment.id)).get()!
	expect(stored.version).toBe(assessment.version + 1)
	closeDb()
})
