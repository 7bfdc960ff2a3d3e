// The demo database: provinces, the demo facilities and accounts, the shipped catalogs, a past round
// taken through the real workflow (answered, submitted, approved with its signed report, mostly
// published) and one open round. Facilities and accounts are written as rows (the registry and
// account services would audit each one); everything after goes through the same services as the web.
import { sql } from 'drizzle-orm'
import { type Db, schema } from '#db/client.server'
import { getAssessmentContext } from '#db/queries/assessments'
import { accountOutsideDomain, campaignAssessmentIds } from '#db/queries/demo'
import { DEMO_FACILITIES } from '#db/reference/demo-facilities'
import { PROVINCES } from '#db/reference/provinces'
import { type Answer } from '~/domain/catalog/answers'
import { type Catalog } from '~/domain/catalog/schema'
import { versionsInForce } from '~/domain/catalog/versions'
import { collationKey } from '~/domain/collation'
import { vnIsoDate } from '~/domain/dates'
import { type Role, type ScopeKind } from '~/domain/enums'
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
	const real = accountOutsideDomain(db, DEMO_DOMAIN)
	if (real) {
		throw new Error(`Refusing to seed: the database holds a non-demo account (${real}). The seed only wipes local demo databases.`)
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

export type FacilityRow = Omit<typeof schema.facilities.$inferInsert, 'sortKey'>

/** Writes one facility row as given, with its name's sort key (no audit: the seed audits itself once; the tests' factories fill in defaults). */
export function insertFacilityRow(db: Db, values: FacilityRow) {
	return db
		.insert(schema.facilities)
		.values({ ...values, sortKey: collationKey(values.name) })
		.returning()
		.get()
}

export type GrantInput = { role: Role; scopeKind: ScopeKind; facilityId?: number; provinceCode?: string }
export type AccountRow = {
	email: string
	name: string
	jobTitle: string
	passwordHash: string
	status?: 'active' | 'disabled'
	grants: ReadonlyArray<GrantInput>
}

/** Writes one account with its grants (no audit, no invitation: see insertFacilityRow). */
export function insertAccountRow(db: Db, account: AccountRow) {
	const user = db
		.insert(schema.users)
		.values({
			email: account.email.toLowerCase(),
			name: account.name,
			jobTitle: account.jobTitle,
			passwordHash: account.passwordHash,
			status: account.status ?? 'active',
		})
		.returning()
		.get()
	for (const g of account.grants) {
		db.insert(schema.memberships)
			.values({
				userId: user.id,
				role: g.role,
				scopeKind: g.scopeKind,
				facilityId: g.facilityId ?? null,
				provinceCode: g.provinceCode ?? null,
			})
			.run()
	}
	return user
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

type Account = { id: number; name: string }

/**
 * A past round, taken through the real workflow: every facility answers the inventory survey and
 * EMRAM, the director submits, the ministry approves (which issues each signed report, as on the
 * web), and most results are published (a few are left approved for the demo publishers). The
 * public portal and the verification page have data from the first start.
 */
async function seedPublishedRound(
	db: Db,
	catalogs: Array<{ catalog: Catalog; versionId: number }>,
	accounts: { admin: Account; evaluator: Account; publisher: Account },
	now: Date,
) {
	const rand = seeded(2025)
	const { admin, evaluator, publisher } = accounts
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
	const evaluatorActor = { id: evaluator.id, name: evaluator.name, role: 'evaluator' as const, scopeKind: 'national' as const }
	for (const [i, assessmentId] of campaignAssessmentIds(db, created.id).entries()) {
		const ctx = getAssessmentContext(db, assessmentId)!
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
				assessmentId,
				actor: { id: admin.id, role: 'facility_director', scopeKind: 'facility' },
				attestation: { name: 'Lãnh đạo cơ sở', title: 'Giám đốc', accepted: true },
			},
			at,
		)
		if (!submitted.ok) throw new Error(`demo submission refused: ${JSON.stringify(submitted)}`)
		const later = new Date(at.getTime() + 10 * 86_400_000)
		const claimed = await decide(
			db,
			{ ctx: getAssessmentContext(db, assessmentId)!, actor: evaluatorActor, event: { type: 'claim' } },
			later,
		)
		if (!claimed.ok) throw new Error(`demo claim refused: ${JSON.stringify(claimed)}`)
		const approved = await decide(
			db,
			{ ctx: getAssessmentContext(db, assessmentId)!, actor: evaluatorActor, event: { type: 'approve' } },
			later,
		)
		if (!approved.ok) throw new Error(`demo approval refused: ${JSON.stringify(approved)}`)
		// Every eighth result stays approved but unpublished, for the demo publishers.
		if (i % 8 !== 7)
			publish(db, { assessmentId, actor: { id: publisher.id, scopeKind: 'national' } }, new Date(later.getTime() + 86_400_000))
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
		const row = insertFacilityRow(db, f)
		byName.set(row.name, row.id)
	}
	// One hash for all demo accounts: they share the documented password.
	const passwordHash = await hashPassword(DEMO_PASSWORD)
	const byEmail = new Map<string, Account>()
	for (const account of DEMO_ACCOUNTS) {
		const facilityId = account.facilityCode ? byName.get(account.facilityCode) : undefined
		if (account.facilityCode && !facilityId) throw new Error(`Demo facility not found: ${account.facilityCode}`)
		const user = insertAccountRow(db, {
			email: account.email,
			name: account.name,
			jobTitle: account.jobTitle,
			passwordHash,
			grants: account.grants.map((g) => ({ ...g, facilityId: g.scopeKind === 'facility' ? facilityId : undefined })),
		})
		byEmail.set(account.email, user)
	}
	const account = (email: string) => byEmail.get(`${email}${DEMO_DOMAIN}`)!
	const admin = account('admin')
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
	// Each round uses the version of each catalog in force on its opening day (docs/CATALOG-FORMAT.md §2).
	const imported = (opts.catalogs ?? []).map((c, i) => ({
		catalog: c,
		versionId: versionIds[i],
		code: c.code,
		version: c.version,
		effectiveFrom: c.effective_from,
		repealedFrom: c.repealed_from ?? null,
	}))
	const inForce = (day: string) => versionsInForce(imported, day)
	const pastOpens = `${Number(vnIsoDate(now).slice(0, 4)) - 1}-10-01`
	const past = inForce(pastOpens)
	if (past.has('INV-DIGITAL-2026') && past.has('HIMSS-EMRAM-2008')) {
		await seedPublishedRound(
			db,
			[past.get('INV-DIGITAL-2026')!, past.get('HIMSS-EMRAM-2008')!],
			{ admin, evaluator: account('thamdinh.byt'), publisher: account('congbo.byt') },
			now,
		)
	}
	const day = 86_400_000
	const opensOn = vnIsoDate(now.getTime() - 30 * day)
	const current = [...inForce(opensOn).values()].map((v) => v.versionId)
	if (current.length) {
		const created = createCampaign(
			db,
			{
				title: DEMO_CAMPAIGN_TITLE,
				year: Number(vnIsoDate(now).slice(0, 4)),
				catalogVersionIds: current,
				provinces: [],
				types: [],
				classes: [],
				managingBodies: [],
				opensOn,
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
