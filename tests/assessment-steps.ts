// An assessment's steps through its routes, as its people take them: the editor answers, the
// director submits. On a world from `assessmentWorld` (tests/fixtures.ts).
import { eq } from 'drizzle-orm'
import { schema } from '#db/client.server'
import { type assessmentWorld, shippedCatalog } from '#tests/fixtures'
import { db, makeRequest, run } from '#tests/helpers'
import * as answersRoute from '~/routes/assessments.$assessmentId.answers'
import * as submitRoute from '~/routes/assessments.$assessmentId.submit'

type World = Awaited<ReturnType<typeof assessmentWorld>>

/** The editor answers every criterion of the shipped catalog `code` (version 1) yes, one save at a time. */
export async function answerAllYes(w: World, code = 'HIMSS-EMRAM-2008') {
	const cookie = await w.cookie(w.users.editor)
	let version = db().select().from(schema.assessments).where(eq(schema.assessments.id, w.assessment.id)).get()!.version
	for (const id of shippedCatalog(code).groups.flatMap((g) => g.criteria.map((c) => c.id))) {
		const res = await run(
			answersRoute.action,
			makeRequest(`/assessments/${w.assessment.id}/answers`, {
				cookie,
				form: { criterionId: id, value: 'yes', baseVersion: String(version) },
			}),
			{ assessmentId: String(w.assessment.id) },
		)
		const body = JSON.parse(res.data)
		if (body.status === 'saved') version = body.version
		else if (body.status !== 'conflict') throw new Error(res.data)
	}
}

/** The director submits, attesting as `name`, `jobTitle`; the submit route's answer (a redirect when it went through). */
export async function submitAsDirector(w: World, attestation: { name: string; jobTitle: string }) {
	return run(
		submitRoute.action,
		makeRequest(`/assessments/${w.assessment.id}/submit`, {
			cookie: await w.cookie(w.users.director),
			form: { ...attestation, accept: 'on' },
		}),
		{ assessmentId: String(w.assessment.id) },
	)
}
