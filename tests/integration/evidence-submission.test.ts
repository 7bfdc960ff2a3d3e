import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { count, eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { schema } from '#db/client.server'
import { blobKey } from '#storage/index'
import { localStore } from '#storage/local'
import { assessmentWorld } from '#tests/fixtures'
import { db, makeRequest, run } from '#tests/helpers'
import { getEnv } from '~/env.server'
import * as pageRoute from '~/routes/assessments.$assessmentId.$catalogCode.$groupId'
import * as overviewRoute from '~/routes/assessments.$assessmentId._index'
import * as answersRoute from '~/routes/assessments.$assessmentId.answers'
import * as submitRoute from '~/routes/assessments.$assessmentId.submit'
import * as evidenceRoute from '~/routes/evidence.$evidenceId'
import { verifyAuditChain } from '~/services/audit.server'
import { MAX_EVIDENCE_BYTES } from '~/services/evidence.server'

type World = Awaited<ReturnType<typeof assessmentWorld>>

export const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, ...new Array(200).fill(0)])

async function upload(
	w: World,
	who: { id: number },
	criterionId: string,
	bytes: Uint8Array,
	name: string,
	group = ['ATTT-CAPDO-2026', 'HIS'],
) {
	const form = new FormData()
	form.set('intent', 'upload')
	form.set('criterionId', criterionId)
	form.set('file', new File([Buffer.from(bytes)], name))
	const cookie = await w.cookie(who)
	return run(pageRoute.action, makeRequest(`/assessments/${w.assessment.id}/${group[0]}/${group[1]}`, { cookie, form }), {
		assessmentId: String(w.assessment.id),
		catalogCode: group[0],
		groupId: group[1],
	})
}

/** Where the local store (the default) keeps a blob. */
function blobPath(sha256: string) {
	return localStore(getEnv().DATA_DIR).pathOf(blobKey(sha256))
}

function evidenceRows() {
	return db().select().from(schema.evidenceFiles).all()
}

test('a PDF attached to a criterion is stored outside public/ by its SHA-256 and listed on the page', async () => {
	const w = await assessmentWorld()
	const res = await upload(w, w.users.editor, 'ATTT.HIS.approved', PDF, 'Quyết định phê duyệt cấp độ.pdf')
	expect(res.status).toBe(200)
	expect(res.data.notice).toBe('evidence.uploaded')
	const [row] = evidenceRows()
	expect(row.fileName).toBe('Quyết định phê duyệt cấp độ.pdf')
	expect(fs.readFileSync(blobPath(row.sha256))).toEqual(Buffer.from(PDF))
	expect(blobPath(row.sha256)).not.toContain('public')
	expect(db().select().from(schema.blobs).get()).toMatchObject({ mime: 'application/pdf', size: PDF.byteLength })
})

test('uploading the same file twice stores it once; a second criterion links to the same bytes', async () => {
	const w = await assessmentWorld()
	await upload(w, w.users.editor, 'ATTT.HIS.approved', PDF, 'a.pdf')
	const again = await upload(w, w.users.editor, 'ATTT.HIS.approved', PDF, 'a-copy.pdf')
	expect(again.data.notice).toBe('evidence.duplicate')
	await upload(w, w.users.editor, 'ATTT.LIS.approved', PDF, 'b.pdf', ['ATTT-CAPDO-2026', 'LIS'])
	expect(evidenceRows()).toHaveLength(2)
	expect(db().select({ n: count() }).from(schema.blobs).get()!.n).toBe(1)
})

test('an executable renamed .pdf is refused by its content, and nothing is stored', async () => {
	const w = await assessmentWorld()
	const res = await upload(w, w.users.editor, 'ATTT.HIS.approved', EXE, 'bao-cao.pdf')
	expect(res.status).toBe(400)
	expect(res.data.error).toBe('evidence.type_not_allowed')
	expect(evidenceRows()).toHaveLength(0)
	expect(db().select({ n: count() }).from(schema.blobs).get()!.n).toBe(0)
})

test('a file over 20 MB is refused with 413', async () => {
	const w = await assessmentWorld()
	const big = new Uint8Array(MAX_EVIDENCE_BYTES + 1)
	big.set(PDF)
	const res = await upload(w, w.users.editor, 'ATTT.HIS.approved', big, 'big.pdf')
	expect(res.status).toBe(413)
	expect(evidenceRows()).toHaveLength(0)
})

test('an empty upload and a criterion outside the page are refused with a message', async () => {
	const w = await assessmentWorld()
	expect((await upload(w, w.users.editor, 'ATTT.HIS.approved', new Uint8Array(0), 'x.pdf')).data.error).toBe('evidence.missingFile')
	expect((await upload(w, w.users.editor, 'EMRAM.S1.lab', PDF, 'x.pdf')).data.error).toBe('answer.unknown_criterion')
	expect(evidenceRows()).toHaveLength(0)
})

test('evidence downloads only for users who may see the assessment, as an attachment that is never sniffed', async () => {
	const w = await assessmentWorld()
	await upload(w, w.users.editor, 'ATTT.HIS.approved', PDF, 'Quyết định.pdf')
	const [row] = evidenceRows()
	const get = async (who: { id: number }) =>
		run(evidenceRoute.loader, makeRequest(`/evidence/${row.id}`, { cookie: await w.cookie(who) }), { evidenceId: String(row.id) })
	const own = await get(w.users.director)
	expect(own.status).toBe(200)
	expect(own.headers.get('Content-Disposition')).toBe(
		`attachment; filename="Quy_t __nh.pdf"; filename*=UTF-8''${encodeURIComponent('Quyết định.pdf')}`,
	)
	expect(own.headers.get('X-Content-Type-Options')).toBe('nosniff')
	expect(own.headers.get('Content-Type')).toBe('application/pdf')
	expect((await get(w.users.evaluator)).status).toBe(200)
	expect((await get(w.users.outsider)).status).toBe(403)
	const anonymous = await run(evidenceRoute.loader, makeRequest(`/evidence/${row.id}`), { evidenceId: String(row.id) })
	expect(anonymous.status).toBe(302)
})

test('an anonymous request for evidence gets the same answer whether the file exists or not (no enumeration)', async () => {
	const w = await assessmentWorld()
	await upload(w, w.users.editor, 'ATTT.HIS.approved', PDF, 'a.pdf')
	const [row] = evidenceRows()
	const anonymous = (id: string) => run(evidenceRoute.loader, makeRequest(`/evidence/${id}`), { evidenceId: id })
	const existing = await anonymous(String(row.id))
	const unknown = await anonymous(String(row.id + 1000))
	const malformed = await anonymous('abc')
	expect([existing.status, unknown.status, malformed.status]).toEqual([302, 302, 302])
	expect(unknown.location).toBe(`/login?redirectTo=%2Fevidence%2F${row.id + 1000}`)
	expect(existing.location).toBe(`/login?redirectTo=%2Fevidence%2F${row.id}`)
})

test('an upload refused because the assessment was already submitted leaves no file behind', async () => {
	const w = await assessmentWorld()
	db().update(schema.assessments).set({ status: 'submitted' }).where(eq(schema.assessments.id, w.assessment.id)).run()
	const res = await upload(w, w.users.editor, 'ATTT.HIS.approved', PDF, 'late.pdf')
	expect(res.status).toBe(409)
	expect(evidenceRows()).toHaveLength(0)
	const sha256 = crypto.createHash('sha256').update(PDF).digest('hex')
	expect(fs.existsSync(blobPath(sha256))).toBe(false)
	expect(fs.existsSync(path.dirname(blobPath(sha256))) ? fs.readdirSync(path.dirname(blobPath(sha256))) : []).toEqual([])
})

test('an evidence name with a right-to-left override, NUL bytes and zero-width characters is stored as it will be seen', async () => {
	const w = await assessmentWorld()
	const res = await upload(w, w.users.editor, 'ATTT.HIS.approved', PDF, 'invoice\u202Efdp.exe\u0000\u200B.pdf')
	expect(res.status).toBe(200)
	const [row] = evidenceRows()
	expect(row.fileName).toBe('invoicefdp.exe.pdf')
	const dl = await run(evidenceRoute.loader, makeRequest(`/evidence/${row.id}`, { cookie: await w.cookie(w.users.editor) }), {
		evidenceId: String(row.id),
	})
	expect(dl.headers.get('Content-Disposition')).toBe(`attachment; filename="invoicefdp.exe.pdf"; filename*=UTF-8''invoicefdp.exe.pdf`)
})

test('a downloaded evidence file is the uploaded bytes with their length; one missing from storage is not found', async () => {
	const w = await assessmentWorld()
	await upload(w, w.users.editor, 'ATTT.HIS.approved', PDF, 'a.pdf')
	const [row] = evidenceRows()
	const get = async () =>
		run(evidenceRoute.loader, makeRequest(`/evidence/${row.id}`, { cookie: await w.cookie(w.users.editor) }), {
			evidenceId: String(row.id),
		})
	const dl = await get()
	expect(dl.status).toBe(200)
	expect(dl.bytes).toEqual(PDF)
	expect(dl.headers.get('Content-Length')).toBe(String(PDF.byteLength))
	fs.rmSync(blobPath(row.sha256))
	expect((await get()).status).toBe(404)
})

test('removing evidence hides it from the page and the download, and is audited', async () => {
	const w = await assessmentWorld()
	await upload(w, w.users.editor, 'ATTT.HIS.approved', PDF, 'a.pdf')
	const [row] = evidenceRows()
	const cookie = await w.cookie(w.users.editor)
	const res = await run(
		pageRoute.action,
		makeRequest(`/assessments/${w.assessment.id}/ATTT-CAPDO-2026/HIS`, {
			cookie,
			form: { intent: 'remove-evidence', evidenceId: String(row.id) },
		}),
		{
			assessmentId: String(w.assessment.id),
			catalogCode: 'ATTT-CAPDO-2026',
			groupId: 'HIS',
		},
	)
	expect(res.data.notice).toBe('evidence.removed')
	const dl = await run(evidenceRoute.loader, makeRequest(`/evidence/${row.id}`, { cookie }), { evidenceId: String(row.id) })
	expect(dl.status).toBe(404)
	expect(
		db()
			.select()
			.from(schema.auditEvents)
			.all()
			.map((a) => a.action),
	).toContain('evidence.remove')
})

async function answerEverything(w: World) {
	const cookie = await w.cookie(w.users.editor)
	let version = 1
	const save = async (criterionId: string, value: string) => {
		const res = await run(
			answersRoute.action,
			makeRequest(`/assessments/${w.assessment.id}/answers`, { cookie, form: { criterionId, value, baseVersion: String(version) } }),
			{
				assessmentId: String(w.assessment.id),
			},
		)
		const body = JSON.parse(res.data)
		expect(body.status, `${criterionId}: ${res.data}`).toBe('saved')
		version = body.version
	}
	for (const g of ['HIS', 'LIS', 'RISPACS', 'EMR', 'PORTAL']) {
		await save(`ATTT.${g}.level`, 'not_operated')
		await save(`ATTT.${g}.approved`, 'no')
	}
	return save
}

function submit(w: World, who: { id: number }, form: Record<string, string>) {
	return w.cookie(who).then((cookie) =>
		run(submitRoute.action, makeRequest(`/assessments/${w.assessment.id}/submit`, { cookie, form }), {
			assessmentId: String(w.assessment.id),
		}),
	)
}

test('the submission check lists every missing mandatory answer and required evidence', async () => {
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'] })
	const save = await answerEverything(w)
	await save('ATTT.HIS.approved', 'yes')
	const cookie = await w.cookie(w.users.director)
	const page = await run(submitRoute.loader, makeRequest(`/assessments/${w.assessment.id}/submit`, { cookie }), {
		assessmentId: String(w.assessment.id),
	})
	expect(page.data.missing).toEqual([
		{ catalogCode: 'ATTT-CAPDO-2026', groupId: 'HIS', criterionId: 'ATTT.HIS.approved', kind: 'evidence' },
	])
	const res = await submit(w, w.users.director, { name: 'Giám đốc Thử', jobTitle: 'Giám đốc', accept: 'on' })
	expect(res.status).toBe(400)
	expect(res.data.result.error['']).toEqual(['submit.incomplete'])
	expect(db().select().from(schema.submissions).all()).toHaveLength(0)
})

test('an editor cannot submit, only the director', async () => {
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'] })
	await answerEverything(w)
	const res = await submit(w, w.users.editor, { name: 'Cán bộ CNTT', jobTitle: 'IT', accept: 'on' })
	expect(res.status).toBe(403)
	expect(db().select().from(schema.submissions).all()).toHaveLength(0)
})

test('a submission without the attestation is refused next to the fields', async () => {
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'] })
	await answerEverything(w)
	const res = await submit(w, w.users.director, { name: '', jobTitle: 'Giám đốc' })
	expect(res.status).toBe(400)
	expect(res.data.result.error.name).toEqual(['form.required'])
	expect(res.data.result.error.accept).toEqual(['submit.acceptRequired'])
})

test('the director submits with an attestation: the snapshot is frozen and the facility can no longer edit', async () => {
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'] })
	await answerEverything(w)
	const res = await submit(w, w.users.director, { name: 'Ngô Thị Mai', jobTitle: 'Giám đốc bệnh viện', accept: 'on' })
	expect(res.status).toBe(302)
	const assessment = db().select().from(schema.assessments).where(eq(schema.assessments.id, w.assessment.id)).get()!
	expect(assessment.status).toBe('submitted')
	expect(assessment.late).toBe(false)
	const [submission] = db().select().from(schema.submissions).all()
	expect(submission).toMatchObject({ round: 1, attestationName: 'Ngô Thị Mai', attestationTitle: 'Giám đốc bệnh viện', late: false })
	expect(submission.attestationText).toContain('Tôi, Ngô Thị Mai, chức vụ Giám đốc bệnh viện, đơn vị Bệnh viện Thử Đà Nẵng, xác nhận')
	const snapshot = submission.snapshot as {
		answers: Record<string, unknown>
		scores: Array<{ code: string; achievedLevel: { id: string } | null }>
	}
	expect(Object.keys(snapshot.answers)).toHaveLength(10)
	expect(snapshot.scores[0].code).toBe('ATTT-CAPDO-2026')

	const cookie = await w.cookie(w.users.editor)
	const locked = await run(
		answersRoute.action,
		makeRequest(`/assessments/${w.assessment.id}/answers`, {
			cookie,
			form: { criterionId: 'ATTT.HIS.approved', value: 'yes', baseVersion: String(assessment.version) },
		}),
		{
			assessmentId: String(w.assessment.id),
		},
	)
	expect(locked.status).toBe(409)
	expect(JSON.parse(locked.data)).toMatchObject({ status: 'locked', message: 'assessment.locked' })
	const again = await submit(w, w.users.director, { name: 'Ngô Thị Mai', jobTitle: 'Giám đốc bệnh viện', accept: 'on' })
	expect(again.status).toBe(409)
	expect(again.data.result.error['']).toEqual(['workflow.wrong_state'])
	expect(verifyAuditChain(db()).ok).toBe(true)
	expect(
		db()
			.select()
			.from(schema.auditEvents)
			.all()
			.map((a) => a.action),
	).toContain('assessment.submit')
})

test('after the due date a submission is accepted and marked late when the campaign allows it', async () => {
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'], dueInDays: -1, acceptsLate: true })
	await answerEverything(w)
	const res = await submit(w, w.users.director, { name: 'Ngô Thị Mai', jobTitle: 'Giám đốc', accept: 'on' })
	expect(res.status).toBe(302)
	expect(db().select().from(schema.assessments).where(eq(schema.assessments.id, w.assessment.id)).get()!.late).toBe(true)
})

test('after the due date a submission is refused when the campaign does not accept late work', async () => {
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'], dueInDays: -1, acceptsLate: false })
	await answerEverything(w)
	const res = await submit(w, w.users.director, { name: 'Ngô Thị Mai', jobTitle: 'Giám đốc', accept: 'on' })
	expect(res.status).toBe(409)
	expect(res.data.result.error['']).toEqual(['workflow.late_not_accepted'])
	expect(db().select().from(schema.assessments).where(eq(schema.assessments.id, w.assessment.id)).get()!.status).toBe('draft')
})

test('a director of another facility cannot submit this assessment', async () => {
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'] })
	await answerEverything(w)
	const res = await submit(w, w.users.outsider, { name: 'X Y', jobTitle: 'Giám đốc', accept: 'on' })
	expect(res.status).toBe(403)
})

test('the overview counts missing evidence by catalog and group as the facility goes, and the checklist names each criterion by its text', async () => {
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'] })
	const save = await answerEverything(w)
	const cookie = await w.cookie(w.users.director)
	const overview = async () =>
		(await run(overviewRoute.loader, makeRequest(`/assessments/${w.assessment.id}`, { cookie }), { assessmentId: String(w.assessment.id) }))
			.data as { missing: { byCatalog: Record<string, unknown>; byGroup: Record<string, unknown> } }
	expect((await overview()).missing).toEqual({ byCatalog: {}, byGroup: {} })
	await save('ATTT.HIS.approved', 'yes')
	expect((await overview()).missing).toEqual({
		byCatalog: { 'ATTT-CAPDO-2026': { answers: 0, evidence: 1, conflicts: 0 } },
		byGroup: { 'ATTT-CAPDO-2026/HIS': { answers: 0, evidence: 1, conflicts: 0 } },
	})
	const page = await run(submitRoute.loader, makeRequest(`/assessments/${w.assessment.id}/submit`, { cookie }), {
		assessmentId: String(w.assessment.id),
	})
	const name = page.data.names['ATTT.HIS.approved'] as string
	expect(name.length).toBeGreaterThan(10)
	expect(name).not.toContain('ATTT.')
})
