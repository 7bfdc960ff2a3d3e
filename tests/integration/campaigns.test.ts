import { count, eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { schema } from '#db/client.server'
import { insertFacility, insertUser } from '#tests/factories'
import { shippedCatalog } from '#tests/fixtures'
import { cookieFor, db, makeRequest, run } from '#tests/helpers'
import { validateCatalog, type Catalog } from '~/domain/catalog/schema'
import * as campaignRoute from '~/routes/admin.campaigns.$campaignId'
import * as newRoute from '~/routes/admin.campaigns.new'
import * as pageRoute from '~/routes/assessments.$assessmentId.$catalogCode.$groupId'
import * as answersRoute from '~/routes/assessments.$assessmentId.answers'
import { createCampaign, openCampaign } from '~/services/campaigns.server'
import { importCatalog } from '~/services/catalogs.server'

async function admin() {
	const user = await insertUser(db(), { grants: [{ role: 'admin', scopeKind: 'national' }] })
	return { user, cookie: (await cookieFor(user.id)).cookie }
}

function campaignForm(versionId: number, extra: Record<string, string | Array<string>> = {}) {
	return {
		title: 'Đánh giá năm 2026',
		year: '2026',
		catalogVersionIds: [String(versionId)],
		opensOn: '2026-10-01',
		dueOn: '2026-12-31',
		acceptsLate: 'on',
		...extra,
	}
}

test('an admin creates a campaign in draft, and opening it creates one assessment per facility in scope', async () => {
	const { cookie } = await admin()
	const v = importCatalog(db(), shippedCatalog('HIMSS-EMRAM-2008'))
	insertFacility(db(), { provinceCode: '48', type: 'general_hospital' })
	insertFacility(db(), { provinceCode: '48', type: 'general_hospital' })
	insertFacility(db(), { provinceCode: '48', type: 'private_hospital', managingBody: 'private' })
	insertFacility(db(), { provinceCode: '01', type: 'general_hospital' })
	insertFacility(db(), { provinceCode: '48', type: 'general_hospital', active: false })
	const created = await run(
		newRoute.action,
		makeRequest('/admin/campaigns/new', {
			cookie,
			form: campaignForm(v.status === 'conflict' ? 0 : v.versionId, { provinces: ['48'], types: ['general_hospital'] }),
		}),
	)
	expect(created.status).toBe(302)
	const id = Number(created.location!.split('/').at(-1))
	const campaign = db().select().from(schema.campaigns).where(eq(schema.campaigns.id, id)).get()!
	expect(campaign).toMatchObject({ status: 'draft', title: 'Đánh giá năm 2026', acceptsLate: true, secondStage: false })
	// Due at the end of 31/12 in Vietnam.
	expect(campaign.dueAt.toISOString()).toBe('2026-12-31T16:59:59.999Z')
	expect(db().select({ n: count() }).from(schema.assessments).get()!.n).toBe(0)

	const opened = await run(campaignRoute.action, makeRequest(`/admin/campaigns/${id}`, { cookie, form: { intent: 'open' } }), {
		campaignId: String(id),
	})
	expect(opened.data).toMatchObject({ notice: 'campaign.opened', params: { count: 2 } })
	expect(db().select({ n: count() }).from(schema.assessments).get()!.n).toBe(2)
	const twice = await run(campaignRoute.action, makeRequest(`/admin/campaigns/${id}`, { cookie, form: { intent: 'open' } }), {
		campaignId: String(id),
	})
	expect(twice.status).toBe(409)
	expect(db().select({ n: count() }).from(schema.assessments).get()!.n).toBe(2)
})

test.each([
	['no catalog', { catalogVersionIds: [] as Array<string> }, 'catalogVersionIds', 'campaign.needCatalog'],
	['a due date before the opening', { opensOn: '2026-12-01', dueOn: '2026-11-01' }, 'dueOn', 'campaign.dueBeforeOpen'],
	['an impossible date', { opensOn: '2026-02-30' }, 'opensOn', 'form.invalidDate'],
	['a title that is too short', { title: 'x' }, 'title', 'form.tooShort|{"min":3}'],
])('a campaign with %s is refused next to the field, and nothing is created', async (_name, extra, field, message) => {
	const { cookie } = await admin()
	const v = importCatalog(db(), shippedCatalog('HIMSS-EMRAM-2008'))
	const res = await run(
		newRoute.action,
		makeRequest('/admin/campaigns/new', { cookie, form: campaignForm(v.status === 'conflict' ? 0 : v.versionId, extra) }),
	)
	expect(res.status).toBe(400)
	expect(res.data.result.error[field]).toEqual([message])
	expect(db().select({ n: count() }).from(schema.campaigns).get()!.n).toBe(0)
})

test('a campaign naming a catalog version that does not exist is refused', async () => {
	const { cookie } = await admin()
	const res = await run(newRoute.action, makeRequest('/admin/campaigns/new', { cookie, form: campaignForm(999) }))
	expect(res.status).toBe(400)
	expect(res.data.result.error['']).toEqual(['campaign.unknownCatalog'])
})

test('only a national admin may create campaigns', async () => {
	const evaluator = await insertUser(db(), { grants: [{ role: 'evaluator', scopeKind: 'national' }] })
	const cookie = (await cookieFor(evaluator.id)).cookie
	const res = await run(newRoute.action, makeRequest('/admin/campaigns/new', { cookie, form: campaignForm(1) }))
	expect(res.status).toBe(403)
})

test('criteria that do not apply to the facility type are hidden from the form and refused on save', async () => {
	// A catalog where one criterion applies only to general hospitals.
	const base = shippedCatalog('HIMSS-EMRAM-2008')
	const raw = JSON.parse(JSON.stringify(base)) as { code: string; groups: Array<{ criteria: Array<Record<string, unknown>> }> }
	raw.code = 'TEST-APPLIES'
	raw.groups[0].criteria[1].applies_to = { facility_types: ['general_hospital'] }
	const validated = validateCatalog(raw)
	expect(validated.ok).toBe(true)
	const catalog = (validated as { catalog: Catalog }).catalog
	const hiddenId = catalog.groups[0].criteria[1].id
	const v = importCatalog(db(), catalog)
	const clinic = insertFacility(db(), { provinceCode: '48', type: 'polyclinic', managingBody: 'private' })
	const editor = await insertUser(db(), { grants: [{ role: 'facility_editor', scopeKind: 'facility', facilityId: clinic.id }] })
	const adminUser = await insertUser(db(), { grants: [{ role: 'admin', scopeKind: 'national' }] })
	const c = createCampaign(
		db(),
		{
			title: 'Thử',
			year: 2026,
			catalogVersionIds: [v.status === 'conflict' ? 0 : v.versionId],
			provinces: ['48'],
			types: [],
			classes: [],
			managingBodies: [],
			opensOn: '2026-01-01',
			dueOn: '2026-12-31',
			acceptsLate: true,
			secondStage: false,
		},
		adminUser.id,
	)
	if (!c.ok) throw new Error(c.code)
	openCampaign(db(), c.id, adminUser.id)
	const assessment = db().select().from(schema.assessments).get()!
	const cookie = (await cookieFor(editor.id)).cookie
	const groupId = catalog.groups[0].id
	const page = await run(pageRoute.loader, makeRequest(`/assessments/${assessment.id}/TEST-APPLIES/${groupId}`, { cookie }), {
		assessmentId: String(assessment.id),
		catalogCode: 'TEST-APPLIES',
		groupId,
	})
	expect(page.data.criteria.map((x: { id: string }) => x.id)).not.toContain(hiddenId)
	expect(page.data.criteria).toHaveLength(catalog.groups[0].criteria.length - 1)
	const res = await run(
		answersRoute.action,
		makeRequest(`/assessments/${assessment.id}/answers`, { cookie, form: { criterionId: hiddenId, value: 'yes', baseVersion: '1' } }),
		{ assessmentId: String(assessment.id) },
	)
	expect(res.status).toBe(400)
	expect(JSON.parse(res.data).message).toBe('answer.not_applicable_here')
})
