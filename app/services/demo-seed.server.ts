import { eq, notLike, sql } from 'drizzle-orm'
import { type Db, schema } from '#db/client.server'
import { getAssessmentContext } from '#db/queries/assessments'
import { DEMO_FACILITIES } from '#db/reference/demo-facilities'
import { PROVINCES } from '#db/reference/provinces'
import { insertFacility, insertUser, type GrantInput } from '#tests/factories'
import { type Answer } from '~/domain/catalog/answers'
import { type Catalog } from '~/domain/catalog/schema'
import { vnIsoDate } from '~/domain/dates'
import { seeded } from '~/domain/random'
import { saveAnswers } from './answers.server'
import { appendAudit } from './audit.server'
import { closeCampaign, createCampaign, openCampaign } from './campaigns.server'
import { importCatalog } from './catalogs.server'
import { hashPassword } from './passwords.server'
import { publish } from './publication.server'
import { decide } from './review.server'
import { submitAssessment } from './submission.server'

export const DEMO_PASSWORD = 'Demo@2026'
export const DEMO_DOMAIN = '@demo.vn'

/** Every table, children first, so rows can be deleted without breaking foreign keys. */
const TABLES_CHILDREN_FIRST = [
	'reminders',
	'staged_imports',
	'audit_events',
	'notifications',
	'publications',
	'reports',
	'comments',
	'review_verdicts',
	'evidence_files',
	'blobs',
	'submissions',
	'answers',
	'assessments',
	'campaign_catalogs',
	'campaigns',
	'criteria',
	'catalog_versions',
	'catalogs',
	'password_tokens',
	'login_attempts',
	'sessions',
	'memberships',
	'users',
	'facilities',
	'provinces',
]

/** Refuse to wipe a database that holds accounts other than demo accounts: it may be real. */
export function assertSafeToWipe(db: Db) {
	const real = db
		.select({ email: schema.users.email })
		.from(schema.users)
		.where(notLike(schema.users.email, `%${DEMO_DOMAIN}`))
		.limit(1)
		.get()
	if (real) {
		throw new Error(`Refusing to seed: the database holds a non-demo account (${real.email}). The seed only wipes local demo databases.`)
	}
}

export function wipe(db: Db) {
	db.transaction((tx) => {
		for (const table of TABLES_CHILDREN_FIRST) tx.run(sql.raw(`delete from ${table}`))
		tx.run(sql.raw(`delete from sqlite_sequence`))
	})
}

export function insertProvinces(db: Db) {
	db.insert(schema.provinces)
		.values([...PROVINCES])
		.run()
}

export type DemoAccount = { email: string; name: string; jobTitle: string; grants: Array<GrantInput>; facilityCode?: string }

/** The demo accounts, one or more per role; the README lists them. */
export const DEMO_ACCOUNTS: ReadonlyArray<DemoAccount> = [
	{
		email: `admin${DEMO_DOMAIN}`,
		name: 'Nguyễn Văn Quản',
		jobTitle: 'Chuyên viên Cục Khoa học công nghệ và Đào tạo',
		grants: [{ role: 'admin', scopeKind: 'national' }],
	},
	{
		email: `quantri.hanoi${DEMO_DOMAIN}`,
		name: 'Phan Thị Lan',
		jobTitle: 'Phòng Kế hoạch - Tài chính, Sở Y tế Hà Nội',
		grants: [{ role: 'admin', scopeKind: 'province', provinceCode: '01' }],
	},
	{
		email: `thamdinh.byt${DEMO_DOMAIN}`,
		name: 'Trần Thị Bình',
		jobTitle: 'Chuyên viên Bộ Y tế',
		grants: [{ role: 'evaluator', scopeKind: 'national' }],
	},
	{
		email: `thamdinh.hanoi${DEMO_DOMAIN}`,
		name: 'Lê Minh Châu',
		jobTitle: 'Chuyên viên Sở Y tế Hà Nội',
		grants: [{ role: 'evaluator', scopeKind: 'province', provinceCode: '01' }],
	},
	{
		email: `thamdinh.danang${DEMO_DOMAIN}`,
		name: 'Phạm Quốc Dũng',
		jobTitle: 'Chuyên viên Sở Y tế Đà Nẵng',
		grants: [{ role: 'evaluator', scopeKind: 'province', provinceCode: '48' }],
	},
	{
		email: `congbo.hanoi${DEMO_DOMAIN}`,
		name: 'Hoàng Thu Hà',
		jobTitle: 'Phòng Nghiệp vụ Y, Sở Y tế Hà Nội',
		grants: [{ role: 'publisher', scopeKind: 'province', provinceCode: '01' }],
	},
	{
		email: `congbo.byt${DEMO_DOMAIN}`,
		name: 'Vũ Đức Khải',
		jobTitle: 'Chuyên viên Bộ Y tế',
		grants: [{ role: 'publisher', scopeKind: 'national' }],
	},
	{
		email: `cntt.xanhpon${DEMO_DOMAIN}`,
		name: 'Đỗ Văn Long',
		jobTitle: 'Trưởng phòng Công nghệ thông tin',
		facilityCode: 'Bệnh viện Đa khoa Xanh Pôn',
		grants: [{ role: 'facility_editor', scopeKind: 'facility' }],
	},
	{
		email: `giamdoc.xanhpon${DEMO_DOMAIN}`,
		name: 'Ngô Thị Mai',
		jobTitle: 'Giám đốc bệnh viện',
		facilityCode: 'Bệnh viện Đa khoa Xanh Pôn',
		grants: [{ role: 'facility_director', scopeKind: 'facility' }],
	},
	{
		email: `cntt.danang${DEMO_DOMAIN}`,
		name: 'Bùi Anh Tuấn',
		jobTitle: 'Phụ trách Công nghệ thông tin',
		facilityCode: 'Bệnh viện Đà Nẵng',
		grants: [{ role: 'facility_editor', scopeKind: 'facility' }],
	},
	{
		email: `giamdoc.danang${DEMO_DOMAIN}`,
		name: 'Đặng Văn Phúc',
		jobTitle: 'Giám đốc bệnh viện',
		facilityCode: 'Bệnh viện Đà Nẵng',
		grants: [{ role: 'facility_director', scopeKind: 'facility' }],
	},
	{
		email: `cntt.bachmai${DEMO_DOMAIN}`,
		name: 'Trịnh Hữu Nghĩa',
		jobTitle: 'Trung tâm Công nghệ thông tin',
		facilityCode: 'Bệnh viện Bạch Mai',
		grants: [{ role: 'facility_editor', scopeKind: 'facility' }],
	},
]

export const DEMO_PAST_CAMPAIGN_TITLE = 'Khảo sát chuyển đổi số y tế năm 2025'

/**
 * A past round, taken through the real workflow: every facility answers the inventory survey and
 * EMRAM, the director submits, the ministry approves, and most results are published (a few are
 * left approved for the demo publishers). The public portal has data from the first start.
 */
async function seedPublishedRound(db: Db, catalogs: Array<{ catalog: Catalog; versionId: number }>, now: Date) {
	const rand = seeded(2025)
	const user = (email: string) => db.select().from(schema.users).where(eq(schema.users.email, email)).get()!
	const admin = user(`admin${DEMO_DOMAIN}`)
	const evaluator = user(`thamdinh.byt${DEMO_DOMAIN}`)
	const publisher = user(`congbo.byt${DEMO_DOMAIN}`)
	const year = Number(vnIsoDate(now).slice(0, 4)) - 1
	const created = createCampaign(
		db,
		{
			title: DEMO_PAST_CAMPAIGN_TITLE,
			year,
			catalogVersionIds: catalogs.map((c) => c.versionId),
			provinces: [],
			types: [],
			classes: [],
			managingBodies: [],
			opensOn: `${year}-10-01`,
			dueOn: `${year}-12-31`,
			acceptsLate: true,
			secondStage: false,
		},
		admin.id,
		new Date(Date.UTC(year, 8, 20)),
	)
	if (!created.ok) throw new Error(created.code)
	openCampaign(db, created.id, admin.id, new Date(Date.UTC(year, 9, 1)))
	const rows = db.select({ id: schema.assessments.id }).from(schema.assessments).where(eq(schema.assessments.campaignId, created.id)).all()
	const evaluatorActor = { id: evaluator.id, name: evaluator.name, role: 'evaluator' as const, scopeKind: 'national' as const }
	for (const [i, row] of rows.entries()) {
		const ctx = getAssessmentContext(db, row.id)!
		const big = ctx.facility.bedCount >= 700
		const changes = catalogs.flatMap(({ catalog }) =>
			catalog.groups.flatMap((g) => g.criteria.map((c) => ({ criterionId: c.id, answer: demoAnswer(c.id, c.answer, big, rand) }))),
		)
		const at = new Date(Date.UTC(year, 10, 1 + (i % 28)))
		const saved = saveAnswers(
			db,
			{
				ctx,
				actorId: admin.id,
				baseVersion: ctx.assessment.version,
				changes: changes.filter((c): c is { criterionId: string; answer: Answer } => c.answer !== null),
			},
			at,
		)
		if (!saved.ok) throw new Error(`demo answers refused: ${JSON.stringify(saved)}`)
		const submitted = await submitAssessment(
			db,
			{
				assessmentId: row.id,
				actor: { id: admin.id, role: 'facility_director', scopeKind: 'facility' },
				attestation: { name: 'Lãnh đạo cơ sở', title: 'Giám đốc', accepted: true },
			},
			at,
		)
		if (!submitted.ok) throw new Error(`demo submission refused: ${JSON.stringify(submitted)}`)
		const later = new Date(at.getTime() + 10 * 86_400_000)
		decide(db, { ctx: getAssessmentContext(db, row.id)!, actor: evaluatorActor, event: { type: 'claim' } }, later)
		const approved = decide(db, { ctx: getAssessmentContext(db, row.id)!, actor: evaluatorActor, event: { type: 'approve' } }, later)
		if (!approved.ok) throw new Error(`demo approval refused: ${JSON.stringify(approved)}`)
		// Every eighth result stays approved but unpublished, for the demo publishers.
		if (i % 8 !== 7)
			publish(db, { assessmentId: row.id, actor: { id: publisher.id, scopeKind: 'national' } }, new Date(later.getTime() + 86_400_000))
	}
	// The round is over: closed the week after its due date.
	closeCampaign(db, created.id, admin.id, new Date(Date.UTC(year + 1, 0, 7)))
}

function demoAnswer(
	id: string,
	spec: Catalog['groups'][number]['criteria'][number]['answer'],
	big: boolean,
	rand: () => number,
): Answer | null {
	const p = big ? 0.85 : 0.55
	switch (spec.type) {
		case 'yes_no': {
			// EMRAM stages build on each other in practice: each later stage is rarer.
			const stage = id.startsWith('EMRAM.S') ? Number(id[7]) : 1
			return { kind: 'yes_no', value: rand() < Math.min(0.97, p ** stage * 1.15) ? 'yes' : 'no' }
		}
		case 'choice': {
			const deployed = spec.options.filter((o) => o.value !== 'not_deployed')
			if (deployed.length < spec.options.length)
				return { kind: 'choice', value: rand() < p ? deployed[Math.floor(rand() * deployed.length)].value : 'not_deployed' }
			return { kind: 'choice', value: spec.options[Math.floor(rand() * spec.options.length)].value }
		}
		case 'number':
			return { kind: 'number', value: Math.floor(rand() * (big ? 30 : 8)) + 1 }
		case 'percent':
			return { kind: 'percent', value: Math.round(rand() * 1000) / 10 }
		case 'date':
			return { kind: 'date', value: '2025-06-30' }
		case 'text':
			return null
	}
}

export const DEMO_CAMPAIGN_TITLE = 'Đánh giá ứng dụng công nghệ thông tin năm 2026'

/**
 * Wipes a local demo database and fills it with provinces, facilities, demo accounts, the given
 * catalogs and one open campaign over every facility.
 */
export async function seedDemo(db: Db, opts: { catalogs?: ReadonlyArray<Catalog>; now?: Date } = {}) {
	const now = opts.now ?? new Date()
	assertSafeToWipe(db)
	wipe(db)
	insertProvinces(db)
	const byName = new Map<string, number>()
	for (const f of DEMO_FACILITIES) {
		const row = insertFacility(db, f)
		byName.set(row.name, row.id)
	}
	// One hash for all demo accounts: they share the documented password.
	const passwordHash = await hashPassword(DEMO_PASSWORD)
	for (const account of DEMO_ACCOUNTS) {
		const facilityId = account.facilityCode ? byName.get(account.facilityCode) : undefined
		if (account.facilityCode && !facilityId) throw new Error(`Demo facility not found: ${account.facilityCode}`)
		await insertUser(db, {
			email: account.email,
			name: account.name,
			jobTitle: account.jobTitle,
			passwordHash,
			grants: account.grants.map((g) => ({ ...g, facilityId: g.scopeKind === 'facility' ? facilityId : undefined })),
		})
	}
	const admin = db
		.select({ id: schema.users.id })
		.from(schema.users)
		.where(eq(schema.users.email, `admin${DEMO_DOMAIN}`))
		.get()!
	const versionIds: Array<number> = []
	for (const catalog of opts.catalogs ?? []) {
		const result = importCatalog(db, catalog, {
			actorId: admin.id,
			now,
			sourceFile: `db/catalogs/${catalog.code.toLowerCase()}.v${catalog.version}.yaml`,
		})
		if (result.status === 'conflict') throw new Error(result.message)
		versionIds.push(result.versionId)
	}
	let campaignId: number | null = null
	const byCode = new Map((opts.catalogs ?? []).map((c, i) => [c.code, { catalog: c, versionId: versionIds[i] }]))
	if (byCode.has('INV-DIGITAL-2026') && byCode.has('HIMSS-EMRAM-2008')) {
		await seedPublishedRound(db, [byCode.get('INV-DIGITAL-2026')!, byCode.get('HIMSS-EMRAM-2008')!], now)
	}
	if (versionIds.length) {
		const day = 86_400_000
		const created = createCampaign(
			db,
			{
				title: DEMO_CAMPAIGN_TITLE,
				year: Number(vnIsoDate(now).slice(0, 4)),
				catalogVersionIds: versionIds,
				provinces: [],
				types: [],
				classes: [],
				managingBodies: [],
				opensOn: vnIsoDate(now.getTime() - 30 * day),
				dueOn: vnIsoDate(now.getTime() + 45 * day),
				acceptsLate: true,
				secondStage: false,
			},
			admin.id,
			now,
		)
		if (!created.ok) throw new Error(created.code)
		campaignId = created.id
		openCampaign(db, created.id, admin.id, now)
	}
	db.transaction((tx) => {
		appendAudit(tx, {
			actorId: null,
			action: 'system.seed',
			entityType: 'system',
			entityId: 'demo',
			after: { facilities: DEMO_FACILITIES.length, users: DEMO_ACCOUNTS.length },
			at: now,
		})
	})
	return { facilities: DEMO_FACILITIES.length, users: DEMO_ACCOUNTS.length, facilityIds: byName, campaignId, catalogVersionIds: versionIds }
}
