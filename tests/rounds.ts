// Several assessment rounds of the same facilities, made through the real services: a campaign per
// round, answers, submission, verdicts, approval and publication (the comparison across rounds).
import { and, eq } from 'drizzle-orm'
import { type Db, schema } from '#db/client.server'
import { getAssessmentContext } from '#db/queries/assessments'
import { insertFacility, insertUser } from '#tests/factories'
import { type Answer } from '~/domain/catalog/answers'
import { type Catalog } from '~/domain/catalog/schema'
import { answersFor, NO, YES } from '~/domain/catalog/testing'
import { type Verdict } from '~/domain/enums'
import { saveAnswers } from '~/services/answers.server'
import { createCampaign, openCampaign } from '~/services/campaigns.server'
import { importCatalog } from '~/services/catalogs.server'
import { publish } from '~/services/publication.server'
import { decide, recordVerdict } from '~/services/review.server'
import { submitAssessment } from '~/services/submission.server'

export { NO, YES }

/** Every listed criterion answered `answer` (yes by default), as `runRound` takes a facility's answers. */
export function answered(ids: ReadonlyArray<string>, answer: Answer = YES): Record<string, Answer> {
	return Object.fromEntries(answersFor(ids, answer))
}

/**
 * A round of these catalog versions over these provinces (none: the whole country), created and opened
 * by `adminId` through the campaigns service: open from 01/12/2026, after every shipped version took
 * effect (the latest, INV-DIGITAL-2026 v3, on that day), due at the end of 2099, late submissions
 * accepted. Returns its id.
 */
export function openTestRound(
	db: Db,
	adminId: number,
	round: { title: string; versionIds: ReadonlyArray<number>; provinces: ReadonlyArray<string> },
): number {
	const created = createCampaign(
		db,
		{
			title: round.title,
			year: 2026,
			catalogVersionIds: [...round.versionIds],
			provinces: [...round.provinces],
			types: [],
			classes: [],
			managingBodies: [],
			opensOn: '2026-12-01',
			dueOn: '2099-12-31',
			acceptsLate: true,
			secondStage: false,
		},
		adminId,
	)
	if (!created.ok) throw new Error(created.code)
	const opened = openCampaign(db, created.id, adminId)
	if (!opened.ok) throw new Error(opened.code)
	return created.id
}

export function importVersion(db: Db, catalog: Catalog): number {
	const r = importCatalog(db, catalog)
	if (r.status === 'conflict') throw new Error(r.message)
	return r.versionId
}

/**
 * People with national reach: an administrator, an evaluator and a publisher. On a database other
 * test files share (the browser suite's), give a `tag` no other file uses: the factory's numbered
 * e-mail addresses restart in every test file.
 */
export async function roundPeople(db: Db, tag?: string) {
	const email = (who: string) => (tag ? `${who}-${tag}@test.vn` : undefined)
	const admin = await insertUser(db, { email: email('admin'), name: 'Quản trị', grants: [{ role: 'admin', scopeKind: 'national' }] })
	const evaluator = await insertUser(db, {
		email: email('evaluator'),
		name: 'Thẩm định viên',
		grants: [{ role: 'evaluator', scopeKind: 'national' }],
	})
	const publisher = await insertUser(db, {
		email: email('publisher'),
		name: 'Công bố',
		grants: [{ role: 'publisher', scopeKind: 'national' }],
	})
	return { admin, evaluator, publisher }
}

/** A facility in Đà Nẵng with its director. */
export async function roundFacility(db: Db, overrides: Parameters<typeof insertFacility>[1] = {}) {
	const facility = insertFacility(db, { provinceCode: '48', ...overrides })
	const director = await insertUser(db, {
		// By the facility's code (unique), so two test files on one database never collide.
		email: `director-${facility.code.toLowerCase()}@test.vn`,
		name: `Giám đốc ${facility.code}`,
		jobTitle: 'Giám đốc',
		grants: [{ role: 'facility_director', scopeKind: 'facility', facilityId: facility.id }],
	})
	return { ...facility, director }
}

type Facility = Awaited<ReturnType<typeof roundFacility>>
type People = Awaited<ReturnType<typeof roundPeople>>

export type RoundPlan = {
	title: string
	opensOn: string
	/** yyyy-mm-dd; the end of the opening year unless said. */
	dueOn?: string
	/** The campaign's province or provinces (Đà Nẵng unless said). */
	province?: string | ReadonlyArray<string>
	versionIds: ReadonlyArray<number>
	/** Per facility: its answers, then how far it goes (`draft` leaves it unsubmitted). */
	facilities: ReadonlyArray<{
		facility: Facility
		answers: Record<string, Answer>
		upTo: 'draft' | 'submitted' | 'approved' | 'published'
		verdicts?: Record<string, { verdict: Verdict; value?: string; reason: string }>
	}>
}

/** One round: a campaign over the facilities' province, each facility's assessment taken as far as planned. */
export async function runRound(db: Db, people: People, plan: RoundPlan): Promise<{ campaignId: number; assessmentIds: Array<number> }> {
	const c = createCampaign(
		db,
		{
			title: plan.title,
			year: Number(plan.opensOn.slice(0, 4)),
			catalogVersionIds: [...plan.versionIds],
			provinces: typeof plan.province === 'string' ? [plan.province] : [...(plan.province ?? ['48'])],
			types: [],
			classes: [],
			managingBodies: [],
			opensOn: plan.opensOn,
			// Due at the end of its year: the portal shows the round due last by default, which in the
			// browser suite's shared database must stay the demo's current round.
			dueOn: plan.dueOn ?? `${plan.opensOn.slice(0, 4)}-12-31`,
			acceptsLate: true,
			secondStage: false,
		},
		people.admin.id,
	)
	if (!c.ok) throw new Error(c.code)
	openCampaign(db, c.id, people.admin.id)
	return { campaignId: c.id, assessmentIds: await completeRound(db, people, c.id, plan.facilities) }
}

/** In an open round: each facility's assessment answered and taken as far as planned. */
export async function completeRound(
	db: Db,
	people: People,
	campaignId: number,
	facilities: RoundPlan['facilities'],
): Promise<Array<number>> {
	const evaluator = { id: people.evaluator.id, name: 'Thẩm định viên', role: 'evaluator' as const, scopeKind: 'national' as const }
	const publisher = { id: people.publisher.id, name: 'Công bố', role: 'publisher' as const, scopeKind: 'national' as const }
	const assessmentIds: Array<number> = []
	for (const f of facilities) {
		const a = db
			.select()
			.from(schema.assessments)
			.where(and(eq(schema.assessments.campaignId, campaignId), eq(schema.assessments.facilityId, f.facility.id)))
			.get()
		if (!a) throw new Error(`facility ${f.facility.code} is not in round ${campaignId}`)
		assessmentIds.push(a.id)
		const changes = Object.entries(f.answers).map(([criterionId, answer]) => ({ criterionId, answer }))
		const saved = saveAnswers(db, {
			ctx: getAssessmentContext(db, a.id)!,
			actorId: f.facility.director.id,
			baseVersion: a.version,
			changes,
		})
		if (!saved.ok) throw new Error(JSON.stringify(saved))
		if (f.upTo === 'draft') continue
		const s = await submitAssessment(db, {
			assessmentId: a.id,
			actor: { id: f.facility.director.id, role: 'facility_director', scopeKind: 'facility' },
			attestation: { name: 'Giám đốc', title: 'Giám đốc', accepted: true },
		})
		if (!s.ok) throw new Error(JSON.stringify(s))
		if (f.upTo === 'submitted') continue
		const claimed = await decide(db, { ctx: getAssessmentContext(db, a.id)!, actor: evaluator, event: { type: 'claim' } })
		if (!claimed.ok) throw new Error(JSON.stringify(claimed))
		for (const [criterionId, v] of Object.entries(f.verdicts ?? {})) {
			const r = recordVerdict(db, {
				ctx: getAssessmentContext(db, a.id)!,
				actor: evaluator,
				criterionId,
				verdict: v.verdict,
				fields: { value: v.value ?? '', naReason: '' },
				reason: v.reason,
			})
			if (!r.ok) throw new Error(JSON.stringify(r))
		}
		const approved = await decide(db, { ctx: getAssessmentContext(db, a.id)!, actor: evaluator, event: { type: 'approve' } })
		if (!approved.ok) throw new Error(JSON.stringify(approved))
		if (f.upTo === 'approved') continue
		const published = publish(db, { assessmentId: a.id, actor: publisher })
		if (!published.ok) throw new Error(JSON.stringify(published))
	}
	return assessmentIds
}
