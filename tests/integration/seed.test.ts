import crypto from 'node:crypto'
import { count, eq, inArray } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { schema } from '#db/client.server'
import { assessmentsWithoutReport } from '#db/queries/reports'
import { PROVINCES } from '#db/reference/provinces'
import { insertUser } from '#tests/factories'
import { shippedCatalogs } from '#tests/fixtures'
import { db } from '#tests/helpers'
import { ROLES } from '~/domain/enums'
import { verifyAuditChain } from '~/services/audit.server'
import { signIn } from '~/services/auth.server'
import { DEMO_ACCOUNTS, DEMO_DOMAIN, DEMO_PASSWORD, DEMO_PAST_CAMPAIGN_TITLE, seedDemo } from '~/services/demo-seed.server'
import { readReportBytes } from '~/services/reports.server'

test('the demo seed creates the 34 provinces, 60+ facilities in 8+ provinces, and an account for every role', async () => {
	await seedDemo(db())
	expect(PROVINCES).toHaveLength(34)
	expect(new Set(PROVINCES.map((p) => p.code)).size).toBe(34)
	expect(db().select({ n: count() }).from(schema.provinces).get()!.n).toBe(34)
	const facilities = db().select().from(schema.facilities).all()
	expect(facilities.length).toBeGreaterThanOrEqual(60)
	expect(new Set(facilities.map((f) => f.provinceCode)).size).toBeGreaterThanOrEqual(8)
	expect(new Set(facilities.map((f) => f.managingBody))).toEqual(new Set(['moh', 'province', 'private', 'other_ministry']))
	expect(new Set(facilities.map((f) => f.type)).size).toBeGreaterThanOrEqual(5)
	const roles = new Set(
		db()
			.select()
			.from(schema.memberships)
			.all()
			.map((m) => m.role),
	)
	expect([...roles].sort()).toEqual([...ROLES].sort())
	expect(verifyAuditChain(db()).ok).toBe(true)
})

test('every demo account signs in with the documented password', async () => {
	await seedDemo(db())
	for (const account of DEMO_ACCOUNTS) {
		const result = await signIn({ email: account.email, password: DEMO_PASSWORD, ip: null, userAgent: null })
		expect(result.ok, account.email).toBe(true)
	}
})

test('seeding twice gives the same data (it wipes the previous demo data first)', async () => {
	await seedDemo(db())
	await seedDemo(db())
	expect(db().select({ n: count() }).from(schema.users).get()!.n).toBe(DEMO_ACCOUNTS.length)
})

test('the seed refuses to wipe a database that holds a real account, and changes nothing', async () => {
	await insertUser(db(), { email: 'giamdoc@benhvien.gov.vn' })
	await expect(seedDemo(db())).rejects.toThrow(/Refusing to seed/)
	expect(
		db()
			.select()
			.from(schema.users)
			.all()
			.map((u) => u.email),
	).toEqual(['giamdoc@benhvien.gov.vn'])
	expect(db().select({ n: count() }).from(schema.provinces).get()!.n).toBe(34)
})

test('the demo\u2019s past round is approved as on the web: every approved or published result has its signed report, issued by the approving evaluator', async () => {
	await seedDemo(db(), { catalogs: shippedCatalogs(), now: new Date('2026-03-02T03:00:00Z') })
	const past = db().select().from(schema.campaigns).where(eq(schema.campaigns.title, DEMO_PAST_CAMPAIGN_TITLE)).get()!
	const approved = db()
		.select()
		.from(schema.assessments)
		.where(inArray(schema.assessments.status, ['approved', 'published']))
		.all()
	expect(approved.length).toBeGreaterThanOrEqual(60)
	expect(approved.every((a) => a.campaignId === past.id)).toBe(true)
	const evaluator = db()
		.select()
		.from(schema.users)
		.where(eq(schema.users.email, `thamdinh.byt${DEMO_DOMAIN}`))
		.get()!
	const reports = db().select().from(schema.reports).all()
	expect(reports.map((r) => r.assessmentId).sort((a, b) => a - b)).toEqual(approved.map((a) => a.id).sort((a, b) => a - b))
	for (const r of reports) {
		expect(r).toMatchObject({ kind: 'signed', createdBy: evaluator.id, signerIsDemo: true })
		expect(
			crypto
				.createHash('sha256')
				.update(await readReportBytes(r))
				.digest('hex'),
		).toBe(r.sha256)
	}
	expect(assessmentsWithoutReport(db(), past.id)).toEqual([])
	expect(verifyAuditChain(db()).ok).toBe(true)
}, 180_000)
