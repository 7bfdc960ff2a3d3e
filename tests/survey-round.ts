// A round of the inventory survey (version 3) as the statistics' acceptance tests build it: a
// registry imported as a health department would (CSV upload, preview, apply), every reporting
// facility answering through the answer service the forms use, submitted, approved and published
// through the publisher's page. Never a direct database write of results.
import { and, eq } from 'drizzle-orm'
import { expect } from 'vitest'
import { schema } from '#db/client.server'
import { getAssessmentContext } from '#db/queries/assessments'
import { insertUser } from '#tests/factories'
import { currentCatalog } from '#tests/fixtures'
import { cookieFor, db, makeRequest, run } from '#tests/helpers'
import { openTestRound } from '#tests/rounds'
import { fileForm } from '#tests/spreadsheets'
import { type Answer } from '~/domain/catalog/answers'
import * as previewRoute from '~/routes/facilities.import.$importId'
import * as uploadRoute from '~/routes/facilities.import._index'
import * as publishRoute from '~/routes/publish'
import { saveAnswers } from '~/services/answers.server'
import { importCatalog } from '~/services/catalogs.server'
import { decide } from '~/services/review.server'
import { submitAssessment } from '~/services/submission.server'

export const INV = currentCatalog('INV-DIGITAL-2026')

export type Plan = {
	code: string
	name: string
	province: string
	type: string
	class: string
	body: 'moh' | 'province' | 'private'
	beds: number
	/** Overrides of the default answers; null: the facility never reports. */
	answers: Record<string, Answer> | null
}

export const choice = (value: string): Answer => ({ kind: 'choice', value })
export const yes: Answer = { kind: 'yes_no', value: 'yes' }
export const no: Answer = { kind: 'yes_no', value: 'no' }
export const num = (value: number): Answer => ({ kind: 'number', value })

/** A complete answer sheet of the survey: the defaults a connected hospital gives, then the overrides. */
function sheet(overrides: Record<string, Answer>): Array<{ criterionId: string; answer: Answer }> {
	return INV.groups.flatMap((g) =>
		g.criteria.map((c) => {
			const a = c.answer
			const fallback: Answer =
				a.type === 'choice'
					? { kind: 'choice', value: a.options[1]?.value ?? a.options[0].value }
					: a.type === 'yes_no'
						? yes
						: a.type === 'date'
							? { kind: 'date', value: '2025-09-30' }
							: a.type === 'percent'
								? { kind: 'percent', value: 50 }
								: a.type === 'number'
									? num(4)
									: { kind: 'text', value: 'x' }
			return { criterionId: c.id, answer: overrides[c.id] ?? fallback }
		}),
	)
}

/** The registry as a department would import it: a CSV uploaded, previewed, applied. */
export async function importRegistry(cookie: string, plans: ReadonlyArray<Plan>) {
	const header = 'Mã cơ sở,Tên cơ sở,Tỉnh/thành phố,Loại hình,Hạng,Cơ quan chủ quản,Số giường'
	const rows = plans.map((p) => [p.code, p.name, p.province, p.type, p.class, p.body, p.beds].join(','))
	const bytes = new TextEncoder().encode([header, ...rows].join('\n'))
	const uploaded = await run(uploadRoute.action, makeRequest('/facilities/import', { cookie, form: fileForm(bytes, 'co-so.csv') }))
	const id = uploaded.location?.match(/\/facilities\/import\/([0-9a-f]{32})$/)?.[1]
	if (!id) throw new Error(`upload refused: ${JSON.stringify(uploaded.data)}`)
	const preview = await run(previewRoute.loader, makeRequest(`/facilities/import/${id}`, { cookie }), { importId: id })
	expect(preview.data.counts).toMatchObject({ create: plans.length, invalid: 0 })
	const applied = await run(previewRoute.action, makeRequest(`/facilities/import/${id}`, { cookie, form: { intent: 'apply' } }), {
		importId: id,
	})
	expect(applied.status).toBe(302)
}

/** The round: the registry imported, every planned answer sheet answered, approved and published. `provinces`: the round's scope (empty: national). */
export async function surveyRound(plans: ReadonlyArray<Plan>, provinces: ReadonlyArray<string>) {
	const v = importCatalog(db(), INV)
	if (v.status === 'conflict') throw new Error(v.message)
	const admin = await insertUser(db(), { grants: [{ role: 'admin', scopeKind: 'national' }] })
	const adminCookie = (await cookieFor(admin.id)).cookie
	await importRegistry(adminCookie, plans)
	const facilities = db().select().from(schema.facilities).all()
	const idOf = new Map(facilities.map((f) => [f.code, f.id]))
	const reporting = plans.filter((p) => p.answers)
	const director = await insertUser(db(), {
		name: 'Giám đốc',
		grants: reporting.map((p) => ({ role: 'facility_director' as const, scopeKind: 'facility' as const, facilityId: idOf.get(p.code)! })),
	})
	const evaluator = await insertUser(db(), { name: 'Thẩm định', grants: [{ role: 'evaluator', scopeKind: 'national' }] })
	const publisher = await insertUser(db(), { grants: [{ role: 'publisher', scopeKind: 'national' }] })
	const campaignId = openTestRound(db(), admin.id, { title: 'Khảo sát hiện trạng 2026', versionIds: [v.versionId], provinces })
	const ids: Array<number> = []
	const actor = { id: evaluator.id, name: 'Thẩm định', role: 'evaluator' as const, scopeKind: 'national' as const }
	for (const p of reporting) {
		const a = db()
			.select()
			.from(schema.assessments)
			.where(and(eq(schema.assessments.campaignId, campaignId), eq(schema.assessments.facilityId, idOf.get(p.code)!)))
			.get()!
		const saved = saveAnswers(db(), {
			ctx: getAssessmentContext(db(), a.id)!,
			actorId: director.id,
			baseVersion: 1,
			changes: sheet(p.answers!),
		})
		if (!saved.ok) throw new Error(`${p.code}: ${JSON.stringify(saved)}`)
		const submitted = await submitAssessment(db(), {
			assessmentId: a.id,
			actor: { id: director.id, role: 'facility_director', scopeKind: 'facility' },
			attestation: { name: 'GĐ', title: 'Giám đốc', accepted: true },
		})
		if (!submitted.ok) throw new Error(`${p.code}: ${JSON.stringify(submitted)}`)
		await decide(db(), { ctx: getAssessmentContext(db(), a.id)!, actor, event: { type: 'claim' } })
		const approved = await decide(db(), { ctx: getAssessmentContext(db(), a.id)!, actor, event: { type: 'approve' } })
		if (!approved.ok) throw new Error(`${p.code}: ${JSON.stringify(approved)}`)
		ids.push(a.id)
	}
	// The publisher's page takes at most 1,000 results per submission (app/routes/publish.server.ts).
	const publisherCookie = (await cookieFor(publisher.id)).cookie
	for (let i = 0; i < ids.length; i += 1000) {
		const batch = ids.slice(i, i + 1000)
		const published = await run(
			publishRoute.action,
			makeRequest('/publish', { cookie: publisherCookie, form: { intent: 'publish', assessmentId: batch.map(String) } }),
		)
		expect(published.data).toEqual({ done: 'published', count: batch.length })
	}
	return { campaignId: campaignId }
}
