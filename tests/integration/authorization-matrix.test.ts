// The authorization matrix: every route module (generated from app/routes, so a new route without a
// rule fails here) × loader/action × actor, with the expected outcome written down in one table.
import fs from 'node:fs'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { schema } from '#db/client.server'
import { getAssessmentContext } from '#db/queries/assessments'
import { insertFacility, insertUser, type GrantInput } from '#tests/factories'
import { shippedCatalog } from '#tests/fixtures'
import { cookieFor, db, makeRequest, run } from '#tests/helpers'
import { type Answer } from '~/domain/catalog/answers'
import { saveAnswers } from '~/services/answers.server'
import { createCampaign, openCampaign } from '~/services/campaigns.server'
import { importCatalog } from '~/services/catalogs.server'
import { addEvidence } from '~/services/evidence.server'
import { stageImport } from '~/services/imports.server'
import { issueSignedReport } from '~/services/reports.server'
import { decide } from '~/services/review.server'
import { submitAssessment } from '~/services/submission.server'

const ACTORS = [
	'anonymous',
	'editorA',
	'directorA',
	'editorB',
	'evaluatorA',
	'evaluatorB',
	'evaluatorNational',
	'publisherA',
	'adminA',
	'adminNational',
] as const
type Actor = (typeof ACTORS)[number]
/** ok: passed the guard (2xx, a redirect elsewhere than sign-in, or a validation 4xx); login: sent to sign in; denied: 403/404; method: 405. */
type Outcome = 'ok' | 'login' | 'denied' | 'method'
type Rule = Partial<Record<Actor, Outcome>> & { rest: Outcome }

const everyone: Rule = { rest: 'ok' }
const signedIn: Rule = { anonymous: 'login', rest: 'ok' }
const only = (...actors: Array<Actor>): Rule => ({
	anonymous: 'login',
	...Object.fromEntries(actors.map((a) => [a, 'ok'])),
	rest: 'denied',
})
/** Who may read facility A's assessment: its users, its province's evaluator and publisher, the ministry, the admin. */
const readA = only('editorA', 'directorA', 'evaluatorA', 'evaluatorNational', 'publisherA', 'adminA', 'adminNational')
const admin = only('adminNational')
const monitor = only('evaluatorA', 'evaluatorB', 'evaluatorNational', 'publisherA', 'adminA', 'adminNational')
/** Registry and accounts: the national admin, and the province admin for its province. */
const registryAdmin = only('adminA', 'adminNational')

const MATRIX: Record<string, { loader?: Rule; action?: Rule }> = {
	'$.tsx': { loader: { rest: 'denied' } },
	'_index.tsx': { loader: signedIn },
	'account.tsx': { loader: signedIn, action: signedIn },
	// One's own second factor (docs/decisions/016): every signed-in account, also one that must still enrol.
	'account_.two-factor.tsx': { loader: signedIn, action: signedIn },
	// Other users' e-mails and sign-in addresses: national admins only (docs/SECURITY.md, finding 10).
	'admin.audit.tsx': { loader: admin },
	// Everyone who follows rounds (evaluators, publishers, admins, each in its scope) sees them; national admins run them.
	'admin.campaigns.$campaignId.export.tsx': { loader: monitor },
	'admin.campaigns.$campaignId.tsx': { loader: monitor, action: admin },
	'admin.campaigns.$campaignId_.edit.tsx': { loader: admin, action: admin },
	'admin.campaigns._index.tsx': { loader: monitor },
	'admin.campaigns.new.tsx': { loader: admin, action: admin },
	'admin.catalogs.$code.$version.tsx': { loader: admin },
	'admin.catalogs.$code._index.tsx': { loader: admin, action: admin },
	'admin.catalogs.$code.$version_.workbook.tsx': { loader: admin },
	'admin.catalogs.$code.drafts.$draftId.tsx': { loader: admin, action: admin },
	'admin.catalogs._index.tsx': { loader: admin },
	// Facility A's editor is an account of province A: its admin and the national admin manage it.
	'admin.users.$userId.tsx': { loader: registryAdmin, action: registryAdmin },
	'admin.users._index.tsx': { loader: registryAdmin },
	'admin.users.new.tsx': { loader: registryAdmin, action: registryAdmin },
	'api.v1.facilities.tsx': { loader: everyone },
	'api.v1.openapi[.]json.tsx': { loader: everyone },
	'api.v1.provinces.tsx': { loader: everyone },
	'api.v1.statistics.tsx': { loader: everyone },
	'api.v1.trends.tsx': { loader: everyone },
	'assessments.$assessmentId.$catalogCode.$groupId.tsx': { loader: readA, action: only('editorA', 'directorA') },
	'assessments.$assessmentId._index.tsx': { loader: readA },
	'assessments.$assessmentId.answers.tsx': { loader: { rest: 'method' }, action: only('editorA', 'directorA') },
	// A staged workbook is seen by whoever uploaded it (here facility A's editor), and only while they may edit.
	'assessments.$assessmentId.excel.$importId.tsx': { loader: only('editorA'), action: only('editorA') },
	'assessments.$assessmentId.excel._index.tsx': { loader: readA, action: only('editorA', 'directorA') },
	'assessments.$assessmentId.excel.template.tsx': { loader: readA },
	'assessments.$assessmentId.history.tsx': { loader: readA },
	'assessments.$assessmentId.submit.tsx': { loader: readA, action: only('directorA') },
	'assessments.$assessmentId.signature.tsx': { loader: readA, action: only('directorA') },
	'assessments.$assessmentId.submission[.]pdf.tsx': { loader: readA },
	'assessments._index.tsx': { loader: signedIn },
	'dashboard.tsx': { loader: signedIn, action: signedIn },
	'embed.national.tsx': { loader: everyone },
	'embed.province.$province.tsx': { loader: everyone },
	'evidence.$evidenceId.tsx': { loader: readA },
	'facilities.$facilityId.tsx': { loader: readA },
	'facilities.$facilityId_.edit.tsx': { loader: registryAdmin, action: registryAdmin },
	'facilities._index.tsx': { loader: signedIn },
	'facilities.export.tsx': { loader: signedIn },
	// A staged upload is seen only by whoever uploaded it (here the national admin).
	'facilities.import.$importId.tsx': { loader: only('adminNational'), action: only('adminNational') },
	'facilities.import._index.tsx': { loader: registryAdmin, action: registryAdmin },
	'facilities.new.tsx': { loader: registryAdmin, action: registryAdmin },
	'lang.tsx': { loader: everyone, action: everyone },
	'login.tsx': { loader: everyone, action: everyone },
	// The code step exists only after a right password: without its pending step everyone is sent to sign in.
	'login_.code.tsx': { loader: { rest: 'login' }, action: { rest: 'login' } },
	'logout.tsx': { loader: everyone, action: { rest: 'login' } },
	// A one-time link is its own proof; a wrong one is a 410 for everybody.
	'password.$token.tsx': { loader: everyone, action: everyone },
	// Asking for a reset link: public, the same answer for every address.
	'password.forgot.tsx': { loader: everyone, action: everyone },
	'portal.$province.tsx': { loader: everyone },
	'portal._index.tsx': { loader: everyone },
	'portal.data.tsx': {},
	'portal.facility.$code.tsx': { loader: everyone },
	'publish.tsx': { loader: only('publisherA'), action: only('publisherA') },
	'reports.$reportId.tsx': { loader: readA },
	'reports.draft.$assessmentId.tsx': { loader: readA },
	// The review screen: evaluators with authority, and national staff who may reopen.
	'review.$assessmentId.tsx': {
		loader: only('evaluatorA', 'evaluatorNational', 'adminNational'),
		action: only('evaluatorA', 'evaluatorNational'),
	},
	'review._index.tsx': { loader: only('evaluatorA', 'evaluatorB', 'evaluatorNational') },
	'verify.$reportId.tsx': { loader: everyone },
	'verify._index.tsx': { loader: everyone, action: everyone },
}

const ROUTES_DIR = path.resolve(__dirname, '../../app/routes')
const routeFiles = fs.readdirSync(ROUTES_DIR).filter((f) => /\.tsx?$/.test(f) && !f.includes('.test.') && !f.includes('.server.'))

test('every route module has a rule in the authorization matrix, and every rule a route', () => {
	expect(routeFiles.filter((f) => !(f in MATRIX))).toEqual([])
	expect(Object.keys(MATRIX).filter((f) => !routeFiles.includes(f))).toEqual([])
})

test('every exported loader and action has an expected outcome, and nothing else does', async () => {
	for (const file of routeFiles) {
		const mod = await import(path.join(ROUTES_DIR, file))
		expect({ file, loader: typeof mod.loader === 'function', action: typeof mod.action === 'function' }).toEqual({
			file,
			loader: Boolean(MATRIX[file].loader),
			action: Boolean(MATRIX[file].action),
		})
	}
})

const EMRAM = shippedCatalog('HIMSS-EMRAM-2008')

async function world() {
	const version = importCatalog(db(), EMRAM)
	const versionId = version.status === 'conflict' ? 0 : version.versionId
	const facilityA = insertFacility(db(), { provinceCode: '48', code: '48555', name: 'BV A' })
	const facilityB = insertFacility(db(), { provinceCode: '01', code: '01555', name: 'BV B' })
	const grants: Record<Exclude<Actor, 'anonymous'>, GrantInput> = {
		editorA: { role: 'facility_editor', scopeKind: 'facility', facilityId: facilityA.id },
		directorA: { role: 'facility_director', scopeKind: 'facility', facilityId: facilityA.id },
		editorB: { role: 'facility_editor', scopeKind: 'facility', facilityId: facilityB.id },
		evaluatorA: { role: 'evaluator', scopeKind: 'province', provinceCode: '48' },
		evaluatorB: { role: 'evaluator', scopeKind: 'province', provinceCode: '01' },
		evaluatorNational: { role: 'evaluator', scopeKind: 'national' },
		publisherA: { role: 'publisher', scopeKind: 'province', provinceCode: '48' },
		adminA: { role: 'admin', scopeKind: 'province', provinceCode: '48' },
		adminNational: { role: 'admin', scopeKind: 'national' },
	}
	const ids: Partial<Record<Actor, number>> = {}
	for (const [actor, grant] of Object.entries(grants) as Array<[Exclude<Actor, 'anonymous'>, GrantInput]>) {
		ids[actor] = (await insertUser(db(), { name: actor, grants: [grant] })).id
	}
	const c = createCampaign(
		db(),
		{
			title: 'Ma trận',
			year: 2026,
			catalogVersionIds: [versionId],
			provinces: ['48', '01'],
			types: [],
			classes: [],
			managingBodies: [],
			opensOn: '2026-01-01',
			dueOn: '2099-12-31',
			acceptsLate: true,
			secondStage: false,
		},
		ids.adminNational!,
	)
	if (!c.ok) throw new Error(c.code)
	openCampaign(db(), c.id, ids.adminNational!)
	const a = db()
		.select()
		.from(schema.assessments)
		.where(and(eq(schema.assessments.campaignId, c.id), eq(schema.assessments.facilityId, facilityA.id)))
		.get()!
	// A facility A assessment with evidence, submitted, approved, with a signed report.
	const ctx = getAssessmentContext(db(), a.id)!
	const answers = EMRAM.groups.flatMap((g) =>
		g.criteria.map((cr) => ({ criterionId: cr.id, answer: { kind: 'yes_no', value: 'yes' } as Answer })),
	)
	saveAnswers(db(), { ctx, actorId: ids.editorA!, baseVersion: 1, changes: answers })
	const evidence = await addEvidence(db(), {
		ctx: getAssessmentContext(db(), a.id)!,
		criterionId: 'EMRAM.S1.lab',
		fileName: 'a.pdf',
		bytes: new TextEncoder().encode('%PDF-1.4\n%%EOF\n'),
		actorId: ids.editorA!,
	})
	if (!evidence.ok) throw new Error(evidence.code)
	const submitted = await submitAssessment(db(), {
		assessmentId: a.id,
		actor: { id: ids.directorA!, role: 'facility_director', scopeKind: 'facility' },
		attestation: { name: 'GĐ', title: 'Giám đốc', accepted: true },
	})
	if (!submitted.ok) throw new Error(submitted.code)
	const actor = { id: ids.evaluatorA!, name: 'eval', role: 'evaluator' as const, scopeKind: 'province' as const }
	await decide(db(), { ctx: getAssessmentContext(db(), a.id)!, actor, event: { type: 'claim' } })
	await decide(db(), { ctx: getAssessmentContext(db(), a.id)!, actor, event: { type: 'approve' } })
	const report = await issueSignedReport(db(), { assessmentId: a.id, actorId: ids.evaluatorA! })
	if (!report.ok) throw new Error(JSON.stringify(report))
	const answersImportId = stageImport(db(), {
		kind: 'answers',
		userId: ids.editorA!,
		assessmentId: a.id,
		fileName: 'a.xlsx',
		bytes: new Uint8Array([1]),
		sheets: [],
	})
	const importId = stageImport(db(), {
		kind: 'registry',
		userId: ids.adminNational!,
		fileName: 'a.csv',
		bytes: new Uint8Array([1]),
		sheets: [{ name: 'CSV', rows: [] }],
	})
	// A catalog draft (an uploaded workbook) of the national admin's.
	const draftId = stageImport(db(), {
		kind: 'catalog',
		userId: ids.adminNational!,
		fileName: 'c.xlsx',
		bytes: new Uint8Array([1]),
		sheets: [],
	})
	const params: Record<string, string> = {
		draftId,
		importId,
		userId: String(ids.editorA),
		token: 'not-a-real-token-not-a-real-token-0000000',
		assessmentId: String(a.id),
		catalogCode: 'HIMSS-EMRAM-2008',
		groupId: 'S1',
		campaignId: String(c.id),
		code: 'HIMSS-EMRAM-2008',
		version: '1',
		evidenceId: String(evidence.id),
		facilityId: String(facilityA.id),
		province: 'da-nang',
		reportId: report.report.id,
		'*': 'no/such/page',
	}
	// A fresh session for every cell: the sign-out action ends the one it is given.
	const draft = createCampaign(
		db(),
		{
			title: 'Ma trận (nháp)',
			year: 2027,
			catalogVersionIds: [versionId],
			provinces: ['48', '01'],
			types: [],
			classes: [],
			managingBodies: [],
			opensOn: '2027-01-01',
			dueOn: '2099-12-31',
			acceptsLate: true,
			secondStage: false,
		},
		ids.adminNational!,
	)
	if (!draft.ok) throw new Error(draft.code)
	const cookie = async (actor: Actor) =>
		ids[actor as Exclude<Actor, 'anonymous'>] ? (await cookieFor(ids[actor as Exclude<Actor, 'anonymous'>]!)).cookie : undefined
	return { cookie, params, answersImportId, draftCampaignId: draft.id }
}

function urlFor(file: string, params: Record<string, string>) {
	const segments = file
		.replace(/\.tsx?$/, '')
		.replace(/\[\.\]/g, '\u0000')
		.split('.')
		.filter((s) => s !== '_index')
		.map((s) => s.replace(/\u0000/g, '.').replace(/_$/, ''))
		.map((s) => (s === '$' ? params['*'] : s.startsWith('$') ? params[s.slice(1)] : s))
	const base = `/${segments.join('/')}`.replace(/^\/_index$/, '/')
	return file.startsWith('api.v1.facilities')
		? `${base}?province=48`
		: base === '/portal/facility/' + params.code
			? `/portal/facility/48555`
			: base
}

function classify(res: { status: number; location: string | null }): Outcome {
	if (res.status === 405) return 'method'
	if (res.status >= 300 && res.status < 400) return res.location?.startsWith('/login') ? 'login' : 'ok'
	if (res.status === 401 || res.status === 403 || res.status === 404) return 'denied'
	if (res.status >= 500) throw new Error(`server error ${res.status}`)
	return 'ok'
}

test('the matrix holds for every route × loader/action × actor', async () => {
	const w = await world()
	const failures: Array<string> = []
	let cells = 0
	for (const file of routeFiles) {
		const rules = MATRIX[file]
		const mod = await import(path.join(ROUTES_DIR, file))
		const routeParams = {
			...w.params,
			...(file === 'portal.facility.$code.tsx' ? { code: '48555' } : {}),
			...(file === 'assessments.$assessmentId.excel.$importId.tsx' ? { importId: w.answersImportId } : {}),
		}
		const url = urlFor(file, routeParams)
		for (const kind of ['loader', 'action'] as const) {
			const rule = rules[kind]
			if (!rule) continue
			for (const actor of ACTORS) {
				const expected = rule[actor] ?? rule.rest
				const request = makeRequest(url, {
					method: kind === 'action' ? 'POST' : 'GET',
					cookie: await w.cookie(actor),
					form: kind === 'action' ? { intent: '' } : undefined,
				})
				const res = await run(mod[kind], request, routeParams)
				const outcome = classify(res)
				cells++
				if (outcome !== expected)
					failures.push(
						`${file} ${kind} as ${actor}: expected ${expected}, got ${outcome} (${res.status}${res.location ? ` → ${res.location}` : ''})`,
					)
			}
		}
	}
	expect(failures).toEqual([])
	expect(cells).toBeGreaterThan(400)
})

test("a draft round's page and its place in the list are for the national admins who prepare it, nobody else", async () => {
	const w = await world()
	const campaignRoute = await import('~/routes/admin.campaigns.$campaignId')
	const listRoute = await import('~/routes/admin.campaigns._index')
	const failures: Array<string> = []
	for (const actor of ACTORS) {
		const cookie = await w.cookie(actor)
		const expected = actor === 'anonymous' ? 'login' : actor === 'adminNational' ? 'ok' : 'denied'
		const page = await run(campaignRoute.loader, makeRequest(`/admin/campaigns/${w.draftCampaignId}`, { cookie }), {
			campaignId: String(w.draftCampaignId),
		})
		if (classify(page) !== expected) failures.push(`page as ${actor}: expected ${expected}, got ${classify(page)} (${page.status})`)
		const list = await run(listRoute.loader, makeRequest('/admin/campaigns', { cookie: await w.cookie(actor) }))
		if (list.status === 200) {
			const listed = (list.data.campaigns as Array<{ id: number }>).some((c) => c.id === w.draftCampaignId)
			if (listed !== (actor === 'adminNational')) failures.push(`list as ${actor}: draft ${listed ? 'listed' : 'not listed'}`)
		}
	}
	expect(failures).toEqual([])
})
