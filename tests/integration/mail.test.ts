import { eq } from 'drizzle-orm'
import { expect, onTestFinished, test } from 'vitest'
import { schema } from '#db/client.server'
import { getAssessmentContext } from '#db/queries/assessments'
import { assessmentWorld } from '#tests/fixtures'
import { db, makeRequest, run } from '#tests/helpers'
import { type ReceivedMail, startSmtpServer } from '#tests/smtp'
import * as answersRoute from '~/routes/assessments.$assessmentId.answers'
import * as submitRoute from '~/routes/assessments.$assessmentId.submit'
import * as reviewRoute from '~/routes/review.$assessmentId'
import { saveAnswers } from '~/services/answers.server'
import { submitAssessment } from '~/services/submission.server'

const decodedSubjects = (received: Array<ReceivedMail>) => received.map((m) => m.subject)

test('a submission e-mails the province\u2019s evaluators, and a return e-mails the facility, in Vietnamese', async () => {
	const smtp = await startSmtpServer()
	onTestFinished(() => smtp.close())
	const { received } = smtp
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'] })
	const cookie = await w.cookie(w.users.editor)
	let version = 1
	for (const g of ['HIS', 'LIS', 'RISPACS', 'EMR', 'PORTAL']) {
		for (const [id, value] of [
			[`ATTT.${g}.level`, 'not_operated'],
			[`ATTT.${g}.approved`, 'no'],
		]) {
			const res = await run(
				answersRoute.action,
				makeRequest(`/assessments/${w.assessment.id}/answers`, { cookie, form: { criterionId: id, value, baseVersion: String(version) } }),
				{ assessmentId: String(w.assessment.id) },
			)
			version = JSON.parse(res.data).version
		}
	}
	const director = await w.cookie(w.users.director)
	await run(
		submitRoute.action,
		makeRequest(`/assessments/${w.assessment.id}/submit`, {
			cookie: director,
			form: { name: 'Giám đốc Thử', jobTitle: 'Giám đốc', accept: 'on' },
		}),
		{ assessmentId: String(w.assessment.id) },
	)
	const evaluatorEmail = db().select().from(schema.users).where(eq(schema.users.id, w.users.evaluator.id)).get()!.email
	expect(received.map((m) => m.to)).toEqual([[evaluatorEmail]])
	expect(decodedSubjects(received)[0]).toBe('Bệnh viện Thử Đà Nẵng đã nộp đánh giá "Đợt thử nghiệm"')

	const evaluator = await w.cookie(w.users.evaluator)
	await run(reviewRoute.action, makeRequest(`/review/${w.assessment.id}`, { cookie: evaluator, form: { intent: 'claim' } }), {
		assessmentId: String(w.assessment.id),
	})
	await run(
		reviewRoute.action,
		makeRequest(`/review/${w.assessment.id}`, { cookie: evaluator, form: { intent: 'return', changes: 'Bổ sung hồ sơ cấp độ' } }),
		{ assessmentId: String(w.assessment.id) },
	)
	const facilityEmails = db()
		.select({ email: schema.users.email })
		.from(schema.users)
		.all()
		.map((u) => u.email)
	const toFacility = received
		.slice(1)
		.flatMap((m) => m.to)
		.sort()
	expect(toFacility).toHaveLength(3)
	for (const address of toFacility) expect(facilityEmails).toContain(address)
	expect(decodedSubjects(received)[1]).toContain('được trả lại để bổ sung')
	expect(received[1].raw).toContain(`/assessments/${w.assessment.id}`)
})

test('a submission made outside the web, as the demo seed makes it, e-mails the evaluators too', async () => {
	const smtp = await startSmtpServer()
	onTestFinished(() => smtp.close())
	const { received } = smtp
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026'] })
	const changes = ['HIS', 'LIS', 'RISPACS', 'EMR', 'PORTAL'].flatMap((g) => [
		{ criterionId: `ATTT.${g}.level`, answer: { kind: 'choice', value: 'not_operated' } as const },
		{ criterionId: `ATTT.${g}.approved`, answer: { kind: 'yes_no', value: 'no' } as const },
	])
	const saved = saveAnswers(db(), {
		ctx: getAssessmentContext(db(), w.assessment.id)!,
		actorId: w.users.editor.id,
		baseVersion: 1,
		changes,
	})
	expect(saved.ok).toBe(true)
	const before = received.length
	const submitted = await submitAssessment(db(), {
		assessmentId: w.assessment.id,
		actor: { id: w.users.director.id, role: 'facility_director', scopeKind: 'facility' },
		attestation: { name: 'Giám đốc Thử', title: 'Giám đốc', accepted: true },
	})
	expect(submitted.ok).toBe(true)
	const evaluatorEmail = db().select().from(schema.users).where(eq(schema.users.id, w.users.evaluator.id)).get()!.email
	expect(received.slice(before).map((m) => m.to)).toEqual([[evaluatorEmail]])
})
