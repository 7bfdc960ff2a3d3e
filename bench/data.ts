// npm run bench:data — a deterministic national-scale data set (seeded), built through the real
// services: 34 provinces, 15,000 facilities, 3 yearly rounds over every facility plus a pilot
// round (50,000 assessments), answered, submitted, approved by the ministry and mostly published.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { insertUser } from '#tests/factories'
import { insertProvinces } from '~/services/demo-seed.server'
import { type Answer } from '../app/domain/catalog/answers'
import { applicabilityFor } from '../app/domain/catalog/compile'
import { type Catalog } from '../app/domain/catalog/schema'
import { versionsInForce } from '../app/domain/catalog/versions'
import { collationKey } from '../app/domain/collation'
import { FACILITY_CLASSES, type FACILITY_TYPES } from '../app/domain/enums'
import { saveAnswers } from '../app/services/answers.server'
import { createCampaign, openCampaign } from '../app/services/campaigns.server'
import { importCatalog } from '../app/services/catalogs.server'
import { publish } from '../app/services/publication.server'
import { recordDecision } from '../app/services/review.server'
import { recordSubmission } from '../app/services/submission.server'
import { openDatabase, schema } from '../db/client.server'
import { runMigrations } from '../db/migrate'
import { getAssessmentContext } from '../db/queries/assessments'
import { PROVINCES } from '../db/reference/provinces'
import { loadAllCatalogFiles } from '../scripts/catalog-validate'
import { BENCH_DIR, seeded } from './lib'
import { NATIONAL_DB_PATH } from './paths'

export const NATIONAL_DB = NATIONAL_DB_PATH
const FACILITIES = Number(process.env.BENCH_FACILITIES ?? 15_000)
const PILOT = Math.round(FACILITIES / 3)

const rand = seeded(15_000)
const started = Date.now()
fs.mkdirSync(path.dirname(NATIONAL_DB), { recursive: true })
for (const suffix of ['', '-wal', '-shm']) fs.rmSync(NATIONAL_DB + suffix, { force: true })
process.env.DATABASE_PATH = NATIONAL_DB
process.env.DATA_DIR = path.join(BENCH_DIR, '.data')
const db = openDatabase(NATIONAL_DB)
runMigrations(db)
insertProvinces(db)

const catalogs = loadAllCatalogFiles().map((l) => {
	if (!l.ok) throw new Error(l.file)
	return l.catalog
})
// Every shipped version is imported; each round uses the versions in force on its opening day
// (docs/CATALOG-FORMAT.md §2), so earlier rounds get fewer catalogs.
const versions = catalogs.map((c) => {
	const r = importCatalog(db, c)
	if (r.status === 'conflict') throw new Error(r.message)
	return {
		code: c.code,
		version: c.version,
		effectiveFrom: c.effective_from,
		repealedFrom: c.repealed_from ?? null,
		versionId: r.versionId,
		catalog: c,
	}
})
const inForce = (codes: ReadonlyArray<string>, day: string) => {
	const found = versionsInForce(versions, day)
	return codes.flatMap((code) => (found.has(code) ? [found.get(code)!] : []))
}

// Facilities: a realistic mix of types, grades and sizes, spread over the provinces.
const TYPE_WEIGHTS: Array<[(typeof FACILITY_TYPES)[number], number]> = [
	['district_health_centre', 0.45],
	['general_hospital', 0.2],
	['specialty_hospital', 0.1],
	['private_hospital', 0.12],
	['traditional_medicine_hospital', 0.05],
	['polyclinic', 0.08],
]
function pick<T>(weights: Array<[T, number]>): T {
	let x = rand()
	for (const [v, w] of weights) if ((x -= w) <= 0) return v
	return weights[0][0]
}
const rows = []
for (let i = 0; i < FACILITIES; i++) {
	const province = PROVINCES[Math.floor(rand() * PROVINCES.length)]
	const type = pick(TYPE_WEIGHTS)
	const managingBody = type === 'private_hospital' || type === 'polyclinic' ? 'private' : rand() < 0.03 ? 'moh' : 'province'
	const cls =
		type === 'polyclinic' || managingBody === 'private'
			? 'unclassified'
			: FACILITY_CLASSES[Math.min(4, Math.floor(rand() * 4) + (type === 'district_health_centre' ? 2 : 0))]
	rows.push({
		code: `${province.code}${String(i).padStart(5, '0')}`,
		name: `Cơ sở y tế ${province.nameVi.replace(/^(Tỉnh|Thành phố) /, '')} số ${i + 1}`,
		provinceCode: province.code,
		type,
		class: cls,
		managingBody,
		ownership: managingBody === 'private' ? 'private' : 'public',
		bedCount: Math.floor(rand() * (type === 'district_health_centre' ? 300 : 1500)) + 20,
	} as const)
}
for (let i = 0; i < rows.length; i += 500)
	db.insert(schema.facilities)
		.values(rows.slice(i, i + 500).map((r) => ({ ...r, sortKey: collationKey(r.name) })))
		.run()

const admin = await insertUser(db, { email: 'admin@bench.vn', grants: [{ role: 'admin', scopeKind: 'national' }] })
const evidenceRequired = new Set(
	catalogs.flatMap((c) => c.groups.flatMap((g) => g.criteria.filter((cr) => cr.evidence === 'required').map((cr) => cr.id))),
)
const evaluator = await insertUser(db, { email: 'eval@bench.vn', name: 'Bộ Y tế', grants: [{ role: 'evaluator', scopeKind: 'national' }] })
const publisher = await insertUser(db, { email: 'pub@bench.vn', grants: [{ role: 'publisher', scopeKind: 'national' }] })
const evaluatorActor = { id: evaluator.id, name: evaluator.name, role: 'evaluator' as const, scopeKind: 'national' as const }

function answerFor(c: Catalog['groups'][number]['criteria'][number], maturity: number, year: number): Answer | null {
	const a = c.answer
	switch (a.type) {
		case 'yes_no':
			return { kind: 'yes_no', value: rand() < maturity ? 'yes' : 'no' }
		case 'choice': {
			const options = a.options.filter((o) => !o.not_applicable)
			const idx = Math.min(options.length - 1, Math.floor(rand() * options.length * (0.5 + maturity)))
			return { kind: 'choice', value: options[idx].value }
		}
		case 'number':
			return { kind: 'number', value: Math.floor(rand() * 20) + 1 }
		case 'percent':
			return { kind: 'percent', value: Math.round(rand() * 1000) / 10 }
		case 'date':
			return { kind: 'date', value: `${year}-06-30` }
		case 'text':
			return null
	}
}

// Evidence metadata: the rows a real round holds (a file per claim that needs one, sometimes two),
// pointing at a pool of content-addressed blobs, as hospitals reuse the same decision or dossier.
// The bytes are not written: nothing in the benchmarks reads evidence files, only their rows.
const BLOB_POOL = 2_000
const blobRows = Array.from({ length: BLOB_POOL }, (_, i) => ({
	sha256: createHash('sha256').update(`bench-evidence-${i}`).digest('hex'),
	size: 40_000 + Math.floor(rand() * 2_000_000),
	mime: i % 3 ? 'application/pdf' : 'image/jpeg',
}))
for (let i = 0; i < blobRows.length; i += 500)
	db.insert(schema.blobs)
		.values(blobRows.slice(i, i + 500))
		.run()
const criterionIds = new Map(
	db
		.select({ id: schema.criteria.id, key: schema.criteria.key })
		.from(schema.criteria)
		.all()
		.map((c) => [c.key, c.id]),
)
let evidenceRows = 0
function attachEvidence(
	assessmentId: number,
	changes: ReadonlyArray<{ criterionId: string; answer: Answer }>,
	required: ReadonlySet<string>,
	at: Date,
) {
	const rows = changes
		.filter((c) => required.has(c.criterionId) && c.answer.kind === 'yes_no' && c.answer.value === 'yes')
		.flatMap((c) =>
			Array.from({ length: rand() < 0.2 ? 2 : 1 }, (_, k) => {
				const blob = blobRows[Math.floor(rand() * BLOB_POOL)]
				return {
					assessmentId,
					criterionId: criterionIds.get(c.criterionId)!,
					sha256: blob.sha256,
					fileName: `minh-chung-${c.criterionId.toLowerCase()}-${k + 1}.${blob.mime === 'application/pdf' ? 'pdf' : 'jpg'}`,
					uploadedBy: admin.id,
					uploadedAt: at,
				}
			}),
		)
	if (rows.length) db.insert(schema.evidenceFiles).values(rows).run()
	evidenceRows += rows.length
}

const rounds = [
	{ title: 'Đánh giá năm 2024', year: 2024, codes: ['INV-DIGITAL-2026', 'HIMSS-EMRAM-2008', 'ATTT-CAPDO-2026'], limit: FACILITIES },
	{ title: 'Đánh giá năm 2025', year: 2025, codes: ['INV-DIGITAL-2026', 'HIMSS-EMRAM-2008', 'ATTT-CAPDO-2026'], limit: FACILITIES },
	{ title: 'Đánh giá năm 2026', year: 2026, codes: ['INV-DIGITAL-2026', 'HIMSS-EMRAM-2008', 'ATTT-CAPDO-2026'], limit: FACILITIES },
	{ title: 'Thí điểm bệnh án điện tử 2026', year: 2026, codes: ['HIMSS-EMRAM-2008'], limit: PILOT },
]
let done = 0
const total = rounds.reduce((s, r) => s + r.limit, 0)
for (const [ri, round] of rounds.entries()) {
	const chosen = inForce(round.codes, `${round.year}-10-01`)
	const created = createCampaign(
		db,
		{
			title: round.title,
			year: round.year,
			catalogVersionIds: chosen.map((v) => v.versionId),
			provinces: [],
			types: [],
			classes: [],
			managingBodies: [],
			opensOn: `${round.year}-10-01`,
			dueOn: `${round.year}-12-31`,
			acceptsLate: true,
			secondStage: false,
		},
		admin.id,
	)
	if (!created.ok) throw new Error(created.code)
	openCampaign(db, created.id, admin.id)
	const assessments = db
		.select({ id: schema.assessments.id })
		.from(schema.assessments)
		.where(eq(schema.assessments.campaignId, created.id))
		.all()
		.slice(0, round.limit)
	const at = new Date(Date.UTC(round.year, 10, 15))
	db.transaction(() => {
		for (const [i, a] of assessments.entries()) {
			const ctx = getAssessmentContext(db, a.id)!
			const maturity = Math.min(0.95, 0.35 + ri * 0.1 + (ctx.facility.bedCount / 1500) * 0.4)
			// Only the criteria that apply to this facility take an answer (the others are refused).
			const applicable = new Set(
				ctx.catalogs.flatMap((c) => {
					const applies = applicabilityFor(c.compiled, ctx.facilityProfile, ctx.asOf)
					return c.compiled.criteria.filter((_, k) => applies[k] === 1).map((cc) => cc.criterion.id)
				}),
			)
			const changes = chosen.flatMap((v) =>
				v.catalog.groups.flatMap((g) =>
					g.criteria.filter((c) => applicable.has(c.id)).map((c) => ({ criterionId: c.id, answer: answerFor(c, maturity, round.year) })),
				),
			)
			const answered = changes.filter((c): c is { criterionId: string; answer: Answer } => c.answer !== null)
			const saved = saveAnswers(db, { ctx, actorId: admin.id, baseVersion: ctx.assessment.version, changes: answered }, at)
			if (!saved.ok) throw new Error(JSON.stringify(saved))
			attachEvidence(a.id, answered, evidenceRequired, at)
			const submitted = recordSubmission(
				db,
				{
					assessmentId: a.id,
					actor: { id: admin.id, role: 'facility_director', scopeKind: 'facility' },
					attestation: { name: 'Giám đốc', title: 'Giám đốc', accepted: true },
				},
				at,
			)
			if (!submitted.ok) {
				if (submitted.code === 'submit.incomplete') continue
				throw new Error(JSON.stringify(submitted))
			}
			// The decisions' transactions alone: a synthetic national data set neither mails nor signs reports.
			recordDecision(db, { ctx: getAssessmentContext(db, a.id)!, actor: evaluatorActor, event: { type: 'claim' } }, at)
			recordDecision(db, { ctx: getAssessmentContext(db, a.id)!, actor: evaluatorActor, event: { type: 'approve' } }, at)
			if (i % 5 !== 4) publish(db, { assessmentId: a.id, actor: { id: publisher.id, scopeKind: 'national' } }, at)
			if (++done % 2500 === 0)
				process.stdout.write(
					`  ${done.toLocaleString('en')}/${total.toLocaleString('en')} assessments (${Math.round((Date.now() - started) / 1000)} s)\n`,
				)
		}
	})
}
db.$client.pragma('wal_checkpoint(TRUNCATE)')
const counts = {
	facilities: db.$client.prepare('select count(*) n from facilities').get(),
	assessments: db.$client.prepare('select count(*) n from assessments').get(),
	published: db.$client.prepare("select count(*) n from assessments where status = 'published'").get(),
	answers: db.$client.prepare('select count(*) n from answers').get(),
	evidence: { n: evidenceRows },
}
db.$client.close()
console.log(`National data set ${NATIONAL_DB}: ${JSON.stringify(counts)} in ${Math.round((Date.now() - started) / 1000)} s`)
