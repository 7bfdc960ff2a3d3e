// The audit page shows every event in words: each action the services write, each kind of thing
// they write it about and each field they record has a label in the dictionary. One walk through
// every audited verb, then the whole trail is read back the way the audit page reads it.
import { eq } from 'drizzle-orm'
import * as OTPAuth from 'otpauth'
import { expect, test } from 'vitest'
import { schema } from '#db/client.server'
import { getAssessmentContext } from '#db/queries/assessments'
import { publishedCatalogs } from '#db/queries/catalogs'
import { getStagedImport } from '#db/queries/imports'
import { catalogWorkbook } from '#spreadsheets/catalog-workbook'
import { readSpreadsheet } from '#spreadsheets/read'
import { setHeaderField } from '#tests/catalog-books'
import { insertFacility, insertUser } from '#tests/factories'
import { assessmentWorld } from '#tests/fixtures'
import { cookieFor, db, makeRequest, run } from '#tests/helpers'
import { signWithPdfsig } from '#tests/pdf-tools'
import { createTestPki } from '#tests/pki'
import { startSmtpServer } from '#tests/smtp'
import { fileForm, openWorkbook, workbookBytes, xlsxBytes } from '#tests/spreadsheets'
import { auditActionLabel, auditEntityLabel, unlabelledAuditFields } from '~/components/audit-diff'
import { type Answer } from '~/domain/catalog/answers'
import { CATALOG_UPLOAD_LIMITS } from '~/domain/catalog/authoring'
import { type Catalog } from '~/domain/catalog/schema'
import { vnIsoDate } from '~/domain/dates'
import { type Grant } from '~/domain/permissions'
import { messages } from '~/i18n/messages'
import { makeTranslate } from '~/i18n/translate'
import * as answersPreviewRoute from '~/routes/assessments.$assessmentId.excel.$importId'
import * as answersUploadRoute from '~/routes/assessments.$assessmentId.excel._index'
import * as answersTemplateRoute from '~/routes/assessments.$assessmentId.excel.template'
import * as registryPreviewRoute from '~/routes/facilities.import.$importId'
import * as registryUploadRoute from '~/routes/facilities.import._index'
import { saveAnswers } from '~/services/answers.server'
import { completeSignIn, signIn } from '~/services/auth.server'
import { closeCampaign, createCampaign, extendDeadline, remindNow, sendDueReminders, updateCampaign } from '~/services/campaigns.server'
import { publishCatalogDraft, stageCatalogDraft } from '~/services/catalog-authoring.server'
import { seedDemo } from '~/services/demo-seed.server'
import { recordDirectorSignature, submissionDocument } from '~/services/director-signature.server'
import { addEvidence, removeEvidence } from '~/services/evidence.server'
import { createFacility, setFacilityActive, updateFacility } from '~/services/facilities.server'
import { publish, withdraw } from '~/services/publication.server'
import { issueSignedReport } from '~/services/reports.server'
import { addComment, decide, recordVerdict } from '~/services/review.server'
import { confirmEnrolment, openSecret, startEnrolment } from '~/services/second-factor.server'
import { createSession, describeSessions } from '~/services/session.server'
import { submitAssessment } from '~/services/submission.server'
import {
	addGrant,
	changeOwnPassword,
	endOtherOwnSessions,
	endOwnSession,
	endUserSessions,
	inviteUser,
	issuePasswordLink,
	removeGrant,
	requestPasswordReset,
	resetSecondFactor,
	setPasswordWithLink,
	setUserStatus,
	updateOwnProfile,
} from '~/services/users.server'

const DAY = 86_400_000
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
/** Labels the dictionary keeps for actions no service writes any more (publishing is `publication.*`). */
const LABELLED_BUT_NOT_WRITTEN = new Set(['review.publish', 'review.withdraw'])

/** The service's answer, which must be a success (a refusal fails the test with its code). */
function ok<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
	expect(result, JSON.stringify(result)).toMatchObject({ ok: true })
	return result as Extract<T, { ok: true }>
}

function grantsOf(userId: number): Array<Grant> {
	return db()
		.select({
			id: schema.memberships.id,
			role: schema.memberships.role,
			scopeKind: schema.memberships.scopeKind,
			facilityId: schema.memberships.facilityId,
			provinceCode: schema.memberships.provinceCode,
		})
		.from(schema.memberships)
		.where(eq(schema.memberships.userId, userId))
		.all()
}

/** Every answer of the security catalog, as a hospital that runs none of these systems would give them. */
const ATTT_ANSWERS = ['HIS', 'LIS', 'RISPACS', 'EMR', 'PORTAL'].flatMap((g) => [
	{ criterionId: `ATTT.${g}.level`, answer: { kind: 'choice' as const, value: 'not_operated' } },
	g === 'PORTAL'
		? { criterionId: `ATTT.${g}.approved`, answer: { kind: 'yes_no' as const, value: 'na' as const, naReason: 'Không vận hành cổng' } }
		: { criterionId: `ATTT.${g}.approved`, answer: { kind: 'yes_no' as const, value: 'no' as const } },
])

/** An acceptable answer of each type (the security catalog is answered on its own terms above). */
function plainAnswer(spec: Catalog['groups'][number]['criteria'][number]['answer']): Answer {
	switch (spec.type) {
		case 'yes_no':
			return { kind: 'yes_no', value: 'yes' }
		case 'choice':
			return { kind: 'choice', value: spec.options[0].value }
		case 'number':
			return { kind: 'number', value: 3 }
		case 'percent':
			return { kind: 'percent', value: 40 }
		case 'date':
			return { kind: 'date', value: '2025-06-15' }
		case 'text':
			return { kind: 'text', value: 'Ghi chú' }
	}
}

async function uploadAnswersWorkbook(assessmentId: number, cookie: string) {
	const params = { assessmentId: String(assessmentId) }
	const template = await run(answersTemplateRoute.loader, makeRequest(`/assessments/${assessmentId}/excel/template`, { cookie }), params)
	const wb = await openWorkbook(template.bytes!)
	wb.getWorksheet('INV-DIGITAL-2026')!.eachRow((row) => {
		if (row.getCell(1).value === 'INV.INFRA.it_staff') row.getCell(7).value = 11
	})
	const form = fileForm(await workbookBytes(wb), 'danh-gia.xlsx')
	const uploaded = await run(answersUploadRoute.action, makeRequest(`/assessments/${assessmentId}/excel`, { cookie, form }), params)
	const importId = uploaded.location!.split('/').at(-1)!
	const applied = await run(
		answersPreviewRoute.action,
		makeRequest(`/assessments/${assessmentId}/excel/${importId}`, { cookie, form: { intent: 'apply' } }),
		{ ...params, importId },
	)
	expect(applied.location).toMatch(/applied=1&conflicts=0$/)
}

async function importRegistry(cookie: string, existingCode: string) {
	const header = ['Mã cơ sở', 'Tên cơ sở', 'Tỉnh/thành phố', 'Loại hình', 'Hạng', 'Cơ quan chủ quản', 'Số giường', 'Địa chỉ']
	const bytes = await xlsxBytes({
		'Cơ sở y tế': [
			header,
			['48901', 'Bệnh viện Nhập Mới', 'Đà Nẵng', 'Bệnh viện đa khoa', 'Hạng II', 'Sở Y tế', 120, 'Số 2 đường Lê Lợi'],
			[existingCode, 'Bệnh viện Nhập Đổi Tên', 'Đà Nẵng', 'Bệnh viện đa khoa', 'Hạng I', 'Sở Y tế', 450, 'Số 3 đường Lê Lợi'],
		],
	})
	const uploaded = await run(registryUploadRoute.action, makeRequest('/facilities/import', { cookie, form: fileForm(bytes, 'co-so.xlsx') }))
	const importId = uploaded.location!.split('/').at(-1)!
	const applied = await run(
		registryPreviewRoute.action,
		makeRequest(`/facilities/import/${importId}`, { cookie, form: { intent: 'apply' } }),
		{ importId },
	)
	expect(applied.location).toBe('/facilities?imported=1-1')
}

/** A catalog version published from its workbook (the next version of INV-DIGITAL-2026, based on the newest). */
async function publishCatalogFromWorkbook(userId: number) {
	const newest = publishedCatalogs(db(), 'INV-DIGITAL-2026').versions.at(-1)!
	const wb = await openWorkbook(await catalogWorkbook(newest.catalog))
	setHeaderField(wb, 'version', newest.version + 1)
	setHeaderField(wb, 'based_on', newest.version)
	const bytes = await workbookBytes(wb)
	const read = await readSpreadsheet(bytes, { ...CATALOG_UPLOAD_LIMITS, csv: false })
	if (!read.ok) throw new Error(read.problem.code)
	const id = stageCatalogDraft(db(), { userId, fileName: 'himss.xlsx', bytes, sheets: read.sheets })
	const staged = getStagedImport(db(), id, userId, 'catalog')!
	ok(publishCatalogDraft(db(), { staged, code: 'INV-DIGITAL-2026', actorId: userId }))
}

/** Walks through every verb that writes to the audit trail, with the optional fields each can record. */
async function everyAuditedAction() {
	await seedDemo(db())
	// Catalogs imported, a round created and opened, with an evaluator, a publisher and an admin.
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026', 'INV-DIGITAL-2026'] })
	const admin = { id: w.users.admin.id, name: 'Quản trị', grants: grantsOf(w.users.admin.id) }
	const evaluator = { id: w.users.evaluator.id, name: 'Thẩm định', role: 'evaluator' as const, scopeKind: 'province' as const }
	const publisher = await insertUser(db(), { grants: [{ role: 'publisher', scopeKind: 'province', provinceCode: '48' }] })
	const now = Date.now()

	// A draft round edited, then a round's deadline extended, reminders sent by hand and by the schedule, the round closed.
	const draft = ok(
		createCampaign(
			db(),
			{
				title: 'Đợt nháp',
				year: 2026,
				catalogVersionIds: [getAssessmentContext(db(), w.assessment.id)!.catalogs[0].id],
				provinces: ['48'],
				types: [],
				classes: [],
				managingBodies: [],
				opensOn: vnIsoDate(now),
				dueOn: vnIsoDate(now + 20 * DAY),
				acceptsLate: false,
				secondStage: false,
			},
			admin.id,
		),
	)
	ok(
		updateCampaign(
			db(),
			draft.id,
			{
				title: 'Đợt nháp đã sửa',
				year: 2027,
				catalogVersionIds: getAssessmentContext(db(), w.assessment.id)!.catalogs.map((c) => c.id),
				provinces: ['48', '01'],
				types: ['general_hospital'],
				classes: ['I'],
				managingBodies: ['province'],
				opensOn: vnIsoDate(now + DAY),
				dueOn: vnIsoDate(now + 40 * DAY),
				acceptsLate: true,
				secondStage: true,
				directorSignature: true,
			},
			admin.id,
		),
	)
	ok(await extendDeadline(db(), { campaignId: w.campaignId, dueOn: vnIsoDate(now + 60 * DAY), reason: 'Nghỉ lễ', actor: admin }))
	ok(await remindNow(db(), w.campaignId, admin))
	expect((await sendDueReminders(db(), [7], new Date(now + 54 * DAY))).reminded).toBeGreaterThan(0)

	// The hospital answers on the web and from its workbook, adds and removes evidence; the director submits.
	const ctx = () => getAssessmentContext(db(), w.assessment.id)!
	const version = () => db().select().from(schema.assessments).where(eq(schema.assessments.id, w.assessment.id)).get()!.version
	ok(saveAnswers(db(), { ctx: ctx(), actorId: w.users.editor.id, baseVersion: version(), changes: ATTT_ANSWERS }))
	const inventory = ctx().catalogs.find((c) => c.code === 'INV-DIGITAL-2026')!.catalog
	const everyInventoryAnswer = inventory.groups.flatMap((g) =>
		g.criteria.map((c) => ({ criterionId: c.id, answer: plainAnswer(c.answer) })),
	)
	ok(saveAnswers(db(), { ctx: ctx(), actorId: w.users.editor.id, baseVersion: version(), changes: everyInventoryAnswer }))
	await uploadAnswersWorkbook(w.assessment.id, await w.cookie(w.users.editor))
	const added = ok(
		await addEvidence(db(), {
			ctx: ctx(),
			criterionId: 'ATTT.HIS.approved',
			fileName: 'quyet-dinh.pdf',
			bytes: PDF,
			actorId: w.users.editor.id,
		}),
	)
	ok(removeEvidence(db(), { assessmentId: w.assessment.id, evidenceId: added.id, actorId: w.users.editor.id }))
	const director = { id: w.users.director.id, role: 'facility_director' as const, scopeKind: 'facility' as const }
	const attestation = { name: 'Giám đốc Thử', title: 'Giám đốc', accepted: true }
	ok(await submitAssessment(db(), { assessmentId: w.assessment.id, actor: director, attestation }))

	// The province claims, releases, claims again, adjusts a criterion, comments, returns; then approves the resubmission.
	const event = async (e: Parameters<typeof decide>[1]['event'], requestedChanges?: Array<string>) =>
		ok(await decide(db(), { ctx: ctx(), actor: evaluator, event: e, requestedChanges }))
	await event({ type: 'claim' })
	await event({ type: 'release' })
	await event({ type: 'claim' })
	const verdict = (criterionId: string, v: 'adjust' | 'not_met', reason: string) =>
		ok(
			recordVerdict(db(), {
				ctx: ctx(),
				actor: evaluator,
				criterionId,
				verdict: v,
				fields: v === 'adjust' ? { value: '2' } : {},
				reason,
			}),
		)
	verdict('ATTT.HIS.level', 'adjust', 'Hệ thống đang vận hành')
	verdict('ATTT.HIS.level', 'not_met', 'Chưa có hồ sơ')
	ok(await addComment(db(), { ctx: ctx(), actor: evaluator, criterionId: 'ATTT.HIS.level', body: 'Đề nghị bổ sung', fromFacility: false }))
	ok(await addComment(db(), { ctx: ctx(), actor: evaluator, criterionId: null, body: 'Nhận xét chung', fromFacility: false }))
	await event({ type: 'return', requestedChanges: 1 }, ['Bổ sung hồ sơ cấp độ'])
	// The round asks the director to sign: the resubmission's PDF is issued, signed elsewhere and uploaded.
	db().update(schema.campaigns).set({ directorSignature: true }).where(eq(schema.campaigns.id, w.campaignId)).run()
	ok(await submitAssessment(db(), { assessmentId: w.assessment.id, actor: director, attestation }))
	const submissionPdf = ok(await submissionDocument(db(), { ctx: ctx(), actorId: director.id }))
	const pki = createTestPki('Gốc Thử Nhãn')
	const directorP12 = pki.issue('director', { subject: 'Giám đốc Thử' }).p12('pw')
	ok(
		await recordDirectorSignature(db(), {
			ctx: ctx(),
			actorId: director.id,
			bytes: signWithPdfsig(submissionPdf.bytes, directorP12, 'pw'),
		}),
	)
	await event({ type: 'claim' })
	await event({ type: 'approve' })
	ok(await issueSignedReport(db(), { assessmentId: w.assessment.id, actorId: evaluator.id }))

	// Published, withdrawn with a reason, published again, then reopened by the province.
	const publisherActor = { id: publisher.id, scopeKind: 'province' as const }
	ok(publish(db(), { assessmentId: w.assessment.id, actor: publisherActor }))
	ok(withdraw(db(), { assessmentId: w.assessment.id, actor: publisherActor, reason: 'Cần rà soát' }))
	ok(publish(db(), { assessmentId: w.assessment.id, actor: publisherActor }))
	const national = await insertUser(db(), { name: 'Thẩm định Bộ', grants: [{ role: 'evaluator', scopeKind: 'national' }] })
	const nationalActor = { id: national.id, name: national.name, role: 'evaluator' as const, scopeKind: 'national' as const }
	ok(await decide(db(), { ctx: ctx(), actor: nationalActor, event: { type: 'reopen', reason: 'Số liệu sai' } }))
	ok(closeCampaign(db(), w.campaignId, admin.id))

	// The registry: a facility created, edited in every field, deactivated, reactivated; a file imported.
	const created = ok(
		createFacility(
			db(),
			{
				code: '48900',
				name: 'Bệnh viện Mới',
				provinceCode: '48',
				type: 'general_hospital',
				class: 'II',
				managingBody: 'province',
				ownership: 'public',
				bedCount: 100,
				address: 'Số 1 đường Hùng Vương',
			},
			admin,
		),
	)
	ok(
		updateFacility(
			db(),
			created.id,
			{
				code: '48902',
				name: 'Bệnh viện Mới Đổi Tên',
				provinceCode: '01',
				type: 'specialty_hospital',
				class: 'I',
				managingBody: 'private',
				ownership: 'private',
				bedCount: 200,
				address: 'Số 9 phố Huế',
			},
			admin,
		),
	)
	ok(setFacilityActive(db(), created.id, false, admin))
	ok(setFacilityActive(db(), created.id, true, admin))
	const existing = insertFacility(db(), { code: '48903', provinceCode: '48', name: 'Bệnh viện Cũ' })
	await importRegistry((await cookieFor(admin.id)).cookie, existing.code)
	await publishCatalogFromWorkbook(admin.id)

	// Accounts: an invitation, a second link, the password set from it, sign-in, grants, profile, sessions, resets.
	const invited = ok(
		await inviteUser(
			db(),
			{
				email: 'moi@benhvien.vn',
				name: 'Người Mới',
				jobTitle: 'Kỹ sư',
				locale: 'vi',
				role: 'facility_editor',
				scopeKind: 'facility',
				facilityCode: w.facility.code,
			},
			admin,
		),
	)
	const again = ok(await issuePasswordLink(db(), invited.userId, admin))
	ok(await setPasswordWithLink(db(), tokenOf(again.link), 'một mật khẩu rất dài 2026'))
	ok(await signIn({ email: 'moi@benhvien.vn', password: 'một mật khẩu rất dài 2026', ip: '127.0.0.1', userAgent: 'vitest' }))
	ok(addGrant(db(), invited.userId, { role: 'facility_director', scopeKind: 'facility', facilityCode: w.facility.code }, admin))
	ok(addGrant(db(), invited.userId, { role: 'evaluator', scopeKind: 'province', provinceCode: '48' }, admin))
	const evaluatorGrant = db()
		.select()
		.from(schema.memberships)
		.where(eq(schema.memberships.userId, invited.userId))
		.all()
		.find((m) => m.role === 'evaluator')!
	ok(removeGrant(db(), invited.userId, evaluatorGrant.id, admin))
	updateOwnProfile(db(), invited.userId, { name: 'Người Mới Đổi Tên', jobTitle: 'Trưởng phòng', locale: 'en' })
	const keep = createSession(invited.userId, { ip: '127.0.0.1', userAgent: 'laptop' })
	createSession(invited.userId, { ip: '127.0.0.1', userAgent: 'phone' })
	createSession(invited.userId, { ip: '127.0.0.1', userAgent: 'tablet' })
	const other = describeSessions(invited.userId, keep).find((s) => s.userAgent === 'phone')!
	expect(endOwnSession(db(), invited.userId, other.handle)).toBe(true)
	endOtherOwnSessions(db(), invited.userId, keep)
	ok(
		await changeOwnPassword(db(), {
			userId: invited.userId,
			current: 'một mật khẩu rất dài 2026',
			password: 'mật khẩu mới cũng rất dài',
			keepToken: keep,
			ip: '127.0.0.1',
		}),
	)
	ok(endUserSessions(db(), invited.userId, admin))
	// The second factor: enrolment, a sign-in with a recovery code (the factor recorded), an admin's reset.
	ok(startEnrolment(db(), invited.userId))
	const sealed = db().select().from(schema.secondFactors).where(eq(schema.secondFactors.userId, invited.userId)).get()!.secret
	const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(openSecret(invited.userId, sealed)!) })
	const enrolled = ok(confirmEnrolment(db(), invited.userId, totp.generate()))
	const pending = await signIn({ email: 'moi@benhvien.vn', password: 'mật khẩu mới cũng rất dài', ip: '127.0.0.1', userAgent: 'vitest' })
	expect(pending).toMatchObject({ ok: false, reason: 'second_factor' })
	const challenge = (pending as { challenge: string }).challenge
	ok(await completeSignIn({ challenge, code: enrolled.recoveryCodes[0], ip: '127.0.0.1', userAgent: 'vitest' }))
	ok(resetSecondFactor(db(), invited.userId, admin))
	const reset = ok(await issuePasswordLink(db(), invited.userId, admin))
	ok(await setPasswordWithLink(db(), tokenOf(reset.link), 'lại một mật khẩu dài 2027'))
	// Self-service reset: only with SMTP (the mail goes to a real local server).
	const mail = await startSmtpServer()
	try {
		await ok(requestPasswordReset(db(), { email: 'moi@benhvien.vn', ip: '127.0.0.1' })).delivered
	} finally {
		await mail.close()
	}
	ok(setUserStatus(db(), invited.userId, 'disabled', admin))
	ok(setUserStatus(db(), invited.userId, 'active', admin))
}

/** The token of a one-time link the service returns when no e-mail was sent: the link's last path segment. */
function tokenOf(link: string | null) {
	expect(link).toBeTruthy()
	return new URL(link!).pathname.split('/').pop()!
}

test('every action the services write to the audit trail, the things they write it about and every field they record have a label', async () => {
	await everyAuditedAction()
	const t = makeTranslate('vi')
	const trail = db()
		.$client.prepare('select action, entity_type as entityType, entity_id as entityId, before, after from audit_events')
		.all() as Array<{ action: string; entityType: string; entityId: string; before: string | null; after: string | null }>
	const written = new Set(trail.map((e) => e.action))

	expect.soft([...written].filter((action) => auditActionLabel(t, action) === action)).toEqual([])
	expect.soft([...new Set(trail.map((e) => e.entityType))].filter((type) => auditEntityLabel(t, type, '1') === `${type} #1`)).toEqual([])
	const unlabelled = trail.flatMap((e) =>
		unlabelledAuditFields(t, {
			action: e.action,
			entityType: e.entityType,
			before: JSON.parse(e.before ?? 'null'),
			after: JSON.parse(e.after ?? 'null'),
		}).map((field) => `${e.action}: ${field}`),
	)
	expect.soft([...new Set(unlabelled)], 'audit fields without a label (add audit.field.<key> to the dictionary)').toEqual([])

	// The walk above stays complete: every action the dictionary names is one it wrote.
	const named = Object.keys(messages.vi)
		.filter((key) => key.startsWith('audit.action.'))
		.map((key) => key.slice('audit.action.'.length))
	expect(named.filter((action) => !written.has(action) && !LABELLED_BUT_NOT_WRITTEN.has(action))).toEqual([])
}, 60_000)
