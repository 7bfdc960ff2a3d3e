import { eq, notLike, sql } from 'drizzle-orm'
import { type Catalog } from '../app/domain/catalog/schema'
import { vnIsoDate } from '../app/domain/dates'
import { appendAudit } from '../app/services/audit.server'
import { createCampaign, openCampaign } from '../app/services/campaigns.server'
import { importCatalog } from '../app/services/catalogs.server'
import { hashPassword } from '../app/utils/password.server'
import { type Db, schema } from './client.server'
import { insertFacility, insertUser, type GrantInput } from './factories'
import { DEMO_FACILITIES } from './reference/demo-facilities'
import { PROVINCES } from './reference/provinces'

export const DEMO_PASSWORD = 'Demo@2026'
export const DEMO_DOMAIN = '@demo.vn'

/** Every table, children first, so rows can be deleted without breaking foreign keys. */
const TABLES_CHILDREN_FIRST = [
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
		throw new Error(
			`Refusing to seed: the database holds a non-demo account (${real.email}). The seed only wipes local demo databases.`,
		)
	}
}

export function wipe(db: Db) {
	db.transaction((tx) => {
		for (const table of TABLES_CHILDREN_FIRST) tx.run(sql.raw(`delete from ${table}`))
		tx.run(sql.raw(`delete from sqlite_sequence`))
	})
}

export function insertProvinces(db: Db) {
	db.insert(schema.provinces).values([...PROVINCES]).run()
}

export type DemoAccount = { email: string; name: string; jobTitle: string; grants: Array<GrantInput>; facilityCode?: string }

/** The demo accounts, one or more per role; the README lists them. */
export const DEMO_ACCOUNTS: ReadonlyArray<DemoAccount> = [
	{ email: `admin${DEMO_DOMAIN}`, name: 'Nguyễn Văn Quản', jobTitle: 'Chuyên viên Cục Khoa học công nghệ và Đào tạo', grants: [{ role: 'admin', scopeKind: 'national' }] },
	{ email: `thamdinh.byt${DEMO_DOMAIN}`, name: 'Trần Thị Bình', jobTitle: 'Chuyên viên Bộ Y tế', grants: [{ role: 'evaluator', scopeKind: 'national' }] },
	{ email: `thamdinh.hanoi${DEMO_DOMAIN}`, name: 'Lê Minh Châu', jobTitle: 'Chuyên viên Sở Y tế Hà Nội', grants: [{ role: 'evaluator', scopeKind: 'province', provinceCode: '01' }] },
	{ email: `thamdinh.danang${DEMO_DOMAIN}`, name: 'Phạm Quốc Dũng', jobTitle: 'Chuyên viên Sở Y tế Đà Nẵng', grants: [{ role: 'evaluator', scopeKind: 'province', provinceCode: '48' }] },
	{ email: `congbo.hanoi${DEMO_DOMAIN}`, name: 'Hoàng Thu Hà', jobTitle: 'Phòng Nghiệp vụ Y, Sở Y tế Hà Nội', grants: [{ role: 'publisher', scopeKind: 'province', provinceCode: '01' }] },
	{ email: `congbo.byt${DEMO_DOMAIN}`, name: 'Vũ Đức Khải', jobTitle: 'Chuyên viên Bộ Y tế', grants: [{ role: 'publisher', scopeKind: 'national' }] },
	{ email: `cntt.xanhpon${DEMO_DOMAIN}`, name: 'Đỗ Văn Long', jobTitle: 'Trưởng phòng Công nghệ thông tin', facilityCode: 'Bệnh viện Đa khoa Xanh Pôn', grants: [{ role: 'facility_editor', scopeKind: 'facility' }] },
	{ email: `giamdoc.xanhpon${DEMO_DOMAIN}`, name: 'Ngô Thị Mai', jobTitle: 'Giám đốc bệnh viện', facilityCode: 'Bệnh viện Đa khoa Xanh Pôn', grants: [{ role: 'facility_director', scopeKind: 'facility' }] },
	{ email: `cntt.danang${DEMO_DOMAIN}`, name: 'Bùi Anh Tuấn', jobTitle: 'Phụ trách Công nghệ thông tin', facilityCode: 'Bệnh viện Đà Nẵng', grants: [{ role: 'facility_editor', scopeKind: 'facility' }] },
	{ email: `giamdoc.danang${DEMO_DOMAIN}`, name: 'Đặng Văn Phúc', jobTitle: 'Giám đốc bệnh viện', facilityCode: 'Bệnh viện Đà Nẵng', grants: [{ role: 'facility_director', scopeKind: 'facility' }] },
	{ email: `cntt.bachmai${DEMO_DOMAIN}`, name: 'Trịnh Hữu Nghĩa', jobTitle: 'Trung tâm Công nghệ thông tin', facilityCode: 'Bệnh viện Bạch Mai', grants: [{ role: 'facility_editor', scopeKind: 'facility' }] },
]

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
	const admin = db.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.email, `admin${DEMO_DOMAIN}`)).get()!
	const versionIds: Array<number> = []
	for (const catalog of opts.catalogs ?? []) {
		const result = importCatalog(db, catalog, { actorId: admin.id, now, sourceFile: `db/catalogs/${catalog.code.toLowerCase()}.v${catalog.version}.yaml` })
		if (result.status === 'conflict') throw new Error(result.message)
		versionIds.push(result.versionId)
	}
	let campaignId: number | null = null
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
