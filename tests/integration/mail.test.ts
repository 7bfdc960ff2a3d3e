import { type AddressInfo } from 'node:net'
import { eq } from 'drizzle-orm'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { schema } from '#db/client.server'
import { getAssessmentContext } from '#db/queries/assessments'
import { assessmentWorld } from '#tests/fixtures'
import { db, makeRequest, run } from '#tests/helpers'
import * as answersRoute from '~/routes/assessments.$assessmentId.answers'
import * as submitRoute from '~/routes/assessments.$assessmentId.submit'
import * as reviewRoute from '~/routes/review.$assessmentId'
import { saveAnswers } from '~/services/answers.server'
import { submitAssessment } from '~/services/submission.server'

// A real SMTP server on loopback, started by the test; the app talks to it through nodemailer.
const received: Array<{ to: Array<string>; raw: string }> = []
let server: SMTPServer

beforeAll(async () => {
	server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		onData(stream, session, callback) {
			let raw = ''
			stream.on('data', (d) => (raw += d))
			stream.on('end', () => {
				received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw })
				callback()
			})
		},
	})
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
	// Read by the app's environment on first use in this file.
	process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`
})

afterAll(async () => {
	delete process.env.SMTP_URL
	await new Promise<void>((resolve) => server.close(() => resolve()))
})

function decodedSubjects() {
	return received.map((m) => {
		const line = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(m.raw)?.[1] ?? ''
		return line.replace(/\r\n[ \t]/g, '').replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
			enc.toUpperCase() === 'B'
				? Buffer.from(text, 'base64').toString('utf8')
				: Buffer.from(
						text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h) => String.fromCharCode(parseInt(h, 16))),
						'latin1',
					).toString('utf8'),
		)
	})
}

test('a submission e-mails the province\u2019s evaluators, and a return e-mails the facility, in Vietnamese', async () => {
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
	expect(decodedSubjects()[0]).toBe('Bệnh viện Thử Đà Nẵng đã nộp đánh giá "Đợt thử nghiệm"')

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
	expect(decodedSubjects()[1]).toContain('được trả lại để bổ sung')
	expect(received[1].raw).toContain(`/assessments/${w.assessment.id}`)
})

test('a submission made outside the web, as the demo seed makes it, e-mails the evaluators too', async () => {
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
