// Text people type is stored in Unicode NFC (docs/ARCHITECTURE.md, "Vietnamese text is data"):
// the same name typed on a keyboard that sends decomposed letters is one string, printed whole.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { schema } from '#db/client.server'
import { answerAllYes, submitAsDirector } from '#tests/assessment-steps'
import { assessmentWorld } from '#tests/fixtures'
import { db, makeRequest, run } from '#tests/helpers'
import * as editRoute from '~/routes/facilities.$facilityId_.edit'
import * as draftRoute from '~/routes/reports.draft.$assessmentId'
import * as reviewRoute from '~/routes/review.$assessmentId'

const NAME = 'Bệnh viện Đa khoa Ngô Quyền'
const NFD = (s: string) => s.normalize('NFD')

test('decomposed typing: the name is really decomposed before it is sent', () => {
	expect(NFD(NAME)).not.toBe(NAME)
	expect(NFD(NAME).length).toBeGreaterThan(NAME.length)
})

test('a facility name, a signer, a comment and a reason typed decomposed are stored NFC, and the report footer reads the name whole', async () => {
	const w = await assessmentWorld({ catalogs: ['HIMSS-EMRAM-2008'] })
	const admin = await w.cookie(w.users.admin)
	const f = w.facility
	const page = await run(editRoute.loader, makeRequest(`/facilities/${f.id}/edit`, { cookie: admin }), { facilityId: String(f.id) })
	const saved = await run(
		editRoute.action,
		makeRequest(`/facilities/${f.id}/edit`, {
			cookie: admin,
			form: {
				intent: 'save',
				basedOn: String(page.data.basedOn),
				code: f.code,
				name: NFD(NAME),
				provinceCode: '48',
				type: 'general_hospital',
				class: 'II',
				managingBody: 'province',
				ownership: 'public',
				bedCount: '300',
				address: NFD('Số 1 đường Ngô Quyền'),
			},
		}),
		{ facilityId: String(f.id) },
	)
	expect(saved.location).toBe(`/facilities/${f.id}?saved=updated`)
	const row = db().select().from(schema.facilities).where(eq(schema.facilities.id, f.id)).get()!
	expect(row.name).toBe(NAME)
	expect(row.address).toBe('Số 1 đường Ngô Quyền')

	await answerAllYes(w)
	const submitted = await submitAsDirector(w, { name: NFD('Nguyễn Thị Hồng Nhung'), jobTitle: NFD('Giám đốc') })
	expect(submitted.status).toBe(302)
	const submission = db().select().from(schema.submissions).where(eq(schema.submissions.assessmentId, w.assessment.id)).get()!
	expect([submission.attestationName, submission.attestationTitle]).toEqual(['Nguyễn Thị Hồng Nhung', 'Giám đốc'])

	const evaluator = await w.cookie(w.users.evaluator)
	const review = (form: Record<string, string>) =>
		run(reviewRoute.action, makeRequest(`/review/${w.assessment.id}`, { cookie: evaluator, form }), {
			assessmentId: String(w.assessment.id),
		})
	await review({ intent: 'claim' })
	const commented = await review({ intent: 'comment', body: NFD('Đề nghị bổ sung\r\nbiên bản nghiệm thu') })
	expect(commented.status).toBe(200)
	const comment = db().select().from(schema.comments).where(eq(schema.comments.assessmentId, w.assessment.id)).all().at(-1)!
	expect(comment.body).toBe('Đề nghị bổ sung\nbiên bản nghiệm thu')
	const verdict = await review({
		intent: 'verdict',
		criterionId: 'EMRAM.S6.full_rpacs',
		verdict: 'adjust',
		value: 'no',
		reason: NFD('Chưa có minh chứng'),
	})
	expect(verdict.status).toBe(200)
	const stored = db().select().from(schema.reviewVerdicts).where(eq(schema.reviewVerdicts.assessmentId, w.assessment.id)).get()!
	expect(stored.reason).toBe('Chưa có minh chứng')

	const draft = await draftRoute.loader({
		request: makeRequest(`/reports/draft/${w.assessment.id}`, { cookie: await w.cookie(w.users.editor) }),
		params: { assessmentId: String(w.assessment.id) },
		context: {},
	})
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nfc-')), 'draft.pdf')
	fs.writeFileSync(file, Buffer.from(await draft.arrayBuffer()))
	const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })
	const footer = text.split('\n').find((line) => line.includes(' · '))!
	expect(footer.normalize('NFC')).toBe(footer)
	expect(footer).toContain(NAME)
	expect(text).not.toContain('Bê ̣')
})
