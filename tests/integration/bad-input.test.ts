// Bad input, generated: for every action that writes, hundreds of malformed submissions (wrong
// types, missing and extra fields, oversized strings, unusual Unicode, SQL and HTML injection,
// wrong intents, forged IDs). Each must be refused with a 4xx and a message, never a 500, and the
// data must be byte-for-byte unchanged (a hash of every table before and after).
import crypto from 'node:crypto'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { insertFacility, insertUser } from '#tests/factories'
import { assessmentWorld } from '#tests/fixtures'
import { cookieFor, db, makeRequest, run } from '#tests/helpers'
import { fileForm, xlsxBytes } from '#tests/spreadsheets'
import * as accountRoute from '~/routes/account'
import * as campaignPage from '~/routes/admin.campaigns.$campaignId'
import * as campaignEdit from '~/routes/admin.campaigns.$campaignId_.edit'
import * as campaignNew from '~/routes/admin.campaigns.new'
import * as userRoute from '~/routes/admin.users.$userId'
import * as inviteRoute from '~/routes/admin.users.new'
import * as pageRoute from '~/routes/assessments.$assessmentId.$catalogCode.$groupId'
import * as answersRoute from '~/routes/assessments.$assessmentId.answers'
import * as excelPreview from '~/routes/assessments.$assessmentId.excel.$importId'
import * as excelUpload from '~/routes/assessments.$assessmentId.excel._index'
import * as submitRoute from '~/routes/assessments.$assessmentId.submit'
import * as facilityEdit from '~/routes/facilities.$facilityId_.edit'
import * as registryPreview from '~/routes/facilities.import.$importId'
import * as registryUpload from '~/routes/facilities.import._index'
import * as facilityNew from '~/routes/facilities.new'
import * as langRoute from '~/routes/lang'
import * as loginRoute from '~/routes/login'
import * as passwordRoute from '~/routes/password.$token'
import * as forgotRoute from '~/routes/password.forgot'
import * as publishRoute from '~/routes/publish'
import * as reviewRoute from '~/routes/review.$assessmentId'
import * as verifyRoute from '~/routes/verify._index'

const RUNS = 200

/** A hash of the data of every table (the sign-in throttle's attempts log excepted where stated). */
function dataHash(except: ReadonlyArray<string> = []) {
	const tables = (
		db().$client.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as Array<{
			name: string
		}>
	).map((t) => t.name)
	const h = crypto.createHash('sha256')
	for (const t of tables) {
		if (except.includes(t)) continue
		h.update(t)
		for (const row of db().$client.prepare(`select * from "${t}" order by rowid`).iterate()) h.update(JSON.stringify(row))
	}
	return h.digest('hex')
}

const nasty = fc.oneof(
	fc.string({ maxLength: 40 }),
	fc.string({ unit: 'grapheme', maxLength: 40 }),
	fc.constantFrom(
		"' OR 1=1 --",
		'"; drop table answers; --',
		'<script>alert(1)</script>',
		'<img src=x onerror=alert(1)>',
		'../../etc/passwd',
		'%00',
		'\u202e\u0000\uFEFF',
		'１２３',
		'NaN',
		'Infinity',
		'-1',
		'0',
		'1e309',
		'9007199254740993',
		'null',
		'undefined',
		'[]',
		'{}',
		'true',
		'yes ',
		'na',
		'',
	),
	fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
	fc.string({ minLength: 5000, maxLength: 30_000 }).map((s) => s.padEnd(5000, 'x')),
)

/** A form: some of the fields the action knows (malformed), plus unknown extra fields. */
function formOf(fields: ReadonlyArray<string>, fixed: Record<string, fc.Arbitrary<string>> = {}) {
	return fc.record(Object.fromEntries([...fields.map((f) => [f, fixed[f] ?? nasty]), ['extra', nasty], ['__proto__x', nasty]]), {
		requiredKeys: [],
	}) as fc.Arbitrary<Record<string, string>>
}

async function expectRefusals(
	label: string,
	arb: fc.Arbitrary<Record<string, string>>,
	send: (form: Record<string, string>) => Promise<{ status: number; data: unknown }>,
	opts: { except?: ReadonlyArray<string>; allowRedirect?: boolean } = {},
) {
	const before = dataHash(opts.except)
	let tried = 0
	await fc.assert(
		fc.asyncProperty(arb, async (form) => {
			tried++
			const res = await send(form)
			const ok = (res.status >= 400 && res.status < 500) || (opts.allowRedirect && res.status >= 300 && res.status < 400)
			if (!ok) throw new Error(`${label}: status ${res.status} for ${JSON.stringify(form).slice(0, 300)}`)
			if (res.status >= 400) {
				const text = typeof res.data === 'string' ? res.data : JSON.stringify(res.data)
				if (!text || text.length < 2) throw new Error(`${label}: refusal without a message`)
			}
			if (dataHash(opts.except) !== before) throw new Error(`${label}: data changed for ${JSON.stringify(form).slice(0, 300)}`)
		}),
		{ numRuns: RUNS, seed: 2026 },
	)
	expect(tried).toBe(RUNS)
}

test(`autosave refuses ${RUNS} malformed answers and changes nothing`, async () => {
	const w = await assessmentWorld({ catalogs: ['INV-DIGITAL-2026', 'HIMSS-EMRAM-2008'] })
	const cookie = await w.cookie(w.users.editor)
	const criterion = fc.oneof(
		fc.constantFrom(
			'INV.INFRA.it_staff',
			'INV.EMR.inpatient_share',
			'INV.EMR.decision_date',
			'EMRAM.S1.lab',
			'INV.SYS.his',
			'EMR.F.a',
			'X',
		),
		nasty,
	)
	const value = nasty.filter((v) => !/^(yes|no|\d{1,5}|vendor|in_house|service|not_deployed|\d{4}-\d{2}-\d{2})$/.test(v.trim()))
	await expectRefusals('autosave', formOf(['criterionId', 'value', 'naReason', 'baseVersion'], { criterionId: criterion, value }), (form) =>
		run(answersRoute.action, makeRequest(`/assessments/${w.assessment.id}/answers`, { cookie, form }), {
			assessmentId: String(w.assessment.id),
		}),
	)
})

test(`an answers page refuses ${RUNS} malformed submissions and changes nothing`, async () => {
	const w = await assessmentWorld({ catalogs: ['INV-DIGITAL-2026'] })
	const cookie = await w.cookie(w.users.editor)
	const intent = fc.oneof(fc.constant('save'), fc.constant('upload'), fc.constant('remove-evidence'), nasty)
	const arb = formOf(
		[
			'intent',
			'baseVersion',
			'answers[0].id',
			'answers[0].value',
			'answers[0].naReason',
			'answers[0].orig',
			'answers[1].id',
			'answers[1].value',
			'evidenceId',
			'criterionId',
		],
		{
			intent,
			'answers[0].id': fc.constantFrom('INV.INFRA.it_staff', 'INV.INFRA.it_training', 'nope'),
			'answers[0].value': nasty.filter((v) => !/^\d{1,5}$/.test(v.trim())),
		},
	)
	await expectRefusals('answers page', arb, (form) =>
		run(pageRoute.action, makeRequest(`/assessments/${w.assessment.id}/INV-DIGITAL-2026/INFRA`, { cookie, form }), {
			assessmentId: String(w.assessment.id),
			catalogCode: 'INV-DIGITAL-2026',
			groupId: 'INFRA',
		}),
	)
})

test(`submission refuses ${RUNS} malformed attestations (and editors, and incomplete work) and changes nothing`, async () => {
	const w = await assessmentWorld({ catalogs: ['HIMSS-EMRAM-2008'] })
	const director = await w.cookie(w.users.director)
	await expectRefusals('submit', formOf(['name', 'jobTitle', 'accept']), (form) =>
		run(submitRoute.action, makeRequest(`/assessments/${w.assessment.id}/submit`, { cookie: director, form }), {
			assessmentId: String(w.assessment.id),
		}),
	)
})

test(`the review screen refuses ${RUNS} malformed decisions and verdicts and changes nothing`, async () => {
	const w = await assessmentWorld({ catalogs: ['HIMSS-EMRAM-2008'] })
	const cookie = await w.cookie(w.users.evaluator)
	// Nothing is submitted: every decision is out of place, every verdict without a claim.
	const intent = fc.oneof(fc.constantFrom('claim', 'release', 'approve', 'return', 'reopen', 'verdict', 'comment'), nasty)
	await expectRefusals(
		'review',
		formOf(['intent', 'criterionId', 'verdict', 'value', 'reason', 'changes', 'body'], { intent: intent.filter((i) => i !== 'comment') }),
		(form) =>
			run(reviewRoute.action, makeRequest(`/review/${w.assessment.id}`, { cookie, form }), { assessmentId: String(w.assessment.id) }),
	)
})

test(`publishing refuses ${RUNS} malformed or forged requests and changes nothing`, async () => {
	const publisher = await insertUser(db(), { grants: [{ role: 'publisher', scopeKind: 'province', provinceCode: '48' }] })
	const cookie = (await cookieFor(publisher.id)).cookie
	await expectRefusals(
		'publish',
		formOf(['intent', 'assessmentId', 'reason'], { intent: fc.oneof(fc.constantFrom('publish', 'withdraw'), nasty) }),
		(form) => run(publishRoute.action, makeRequest('/publish', { cookie, form }), {}),
	)
})

test(`campaign creation and opening refuse ${RUNS} malformed forms and change nothing`, async () => {
	const admin = await insertUser(db(), { grants: [{ role: 'admin', scopeKind: 'national' }] })
	const cookie = (await cookieFor(admin.id)).cookie
	await expectRefusals(
		'campaign',
		formOf([
			'title',
			'year',
			'catalogVersionIds',
			'provinces',
			'types',
			'classes',
			'managingBodies',
			'opensOn',
			'dueOn',
			'acceptsLate',
			'secondStage',
		]),
		(form) => run(campaignNew.action, makeRequest('/admin/campaigns/new', { cookie, form }), {}),
	)
	await expectRefusals('campaign page', formOf(['intent']), (form) =>
		run(campaignPage.action, makeRequest('/admin/campaigns/999', { cookie, form }), { campaignId: '999' }),
	)
})

test(`sign-in refuses ${RUNS} malformed forms; only the throttle's attempt log may grow`, async () => {
	await expectRefusals(
		'login',
		formOf(['email', 'password', 'redirectTo']),
		(form) => run(loginRoute.action, makeRequest('/login', { form }), {}),
		{ except: ['login_attempts'] },
	)
})

test(`the forgotten-password form refuses ${RUNS} malformed forms and changes nothing`, async () => {
	await expectRefusals('forgot password', formOf(['email']), (form) =>
		run(forgotRoute.action, makeRequest('/password/forgot', { form }), {}),
	)
})

test(`the language switch and the public verification refuse ${RUNS} malformed forms each`, async () => {
	await expectRefusals('lang', formOf(['locale', 'redirectTo'], { locale: nasty.filter((l) => l !== 'vi' && l !== 'en') }), (form) =>
		run(langRoute.action, makeRequest('/lang', { form }), {}),
	)
	await expectRefusals('verify', formOf(['intent', 'sha256', 'reportId', 'query', 'file']), (form) =>
		run(verifyRoute.action, makeRequest('/verify', { form }), {}),
	)
})

test(`the facility forms refuse ${RUNS} malformed submissions each and change nothing`, async () => {
	const admin = await insertUser(db(), { grants: [{ role: 'admin', scopeKind: 'national' }] })
	const cookie = (await cookieFor(admin.id)).cookie
	const f = insertFacility(db(), { code: '48001', provinceCode: '48' })
	const fields = ['code', 'name', 'provinceCode', 'type', 'class', 'managingBody', 'ownership', 'bedCount', 'address', 'basedOn']
	await expectRefusals('facility new', formOf(fields), (form) =>
		run(facilityNew.action, makeRequest('/facilities/new', { cookie, form }), {}),
	)
	await expectRefusals('facility edit', formOf(['intent', ...fields], { intent: fc.oneof(fc.constant('save'), nasty) }), (form) =>
		run(facilityEdit.action, makeRequest(`/facilities/${f.id}/edit`, { cookie, form }), { facilityId: String(f.id) }),
	)
	await expectRefusals('registry upload', formOf(['file', 'intent']), (form) =>
		run(registryUpload.action, makeRequest('/facilities/import', { cookie, form }), {}),
	)
	const bad = await xlsxBytes({
		s: [
			['Mã cơ sở', 'Tên cơ sở'],
			['01 001', 'x'],
		],
	})
	const staged = await run(registryUpload.action, makeRequest('/facilities/import', { cookie, form: fileForm(bad, 'a.xlsx') }), {})
	const importId = staged.location!.split('/').at(-1)!
	await expectRefusals(
		'registry preview',
		formOf(['intent'], {
			intent: fc.oneof(
				fc.constant('apply'),
				nasty.filter((i) => i !== 'discard'),
			),
		}),
		(form) => run(registryPreview.action, makeRequest(`/facilities/import/${importId}`, { cookie, form }), { importId }),
	)
})

test(`user administration, the account page and one-time links refuse ${RUNS} malformed forms each and change nothing`, async () => {
	const admin = await insertUser(db(), { grants: [{ role: 'admin', scopeKind: 'national' }] })
	const cookie = (await cookieFor(admin.id)).cookie
	const f = insertFacility(db(), { code: '48001', provinceCode: '48' })
	const target = await insertUser(db(), { grants: [{ role: 'facility_editor', scopeKind: 'facility', facilityId: f.id }] })
	const grantFields = ['role', 'scopeKind', 'facilityCode', 'provinceCode']
	await expectRefusals(
		'invite',
		formOf(['email', 'name', 'jobTitle', 'locale', ...grantFields], {
			email: nasty.filter((e) => !/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(e.trim())),
		}),
		(form) => run(inviteRoute.action, makeRequest('/admin/users/new', { cookie, form }), {}),
	)
	// Only the forms that ask for something malformed: link, disable and sign-out are valid one-click actions.
	await expectRefusals(
		'user page',
		formOf(['intent', 'membershipId', ...grantFields], {
			intent: fc.oneof(
				fc.constantFrom('addGrant', 'removeGrant'),
				nasty.filter((i) => !['link', 'disable', 'enable', 'endSessions'].includes(i)),
			),
		}),
		(form) => run(userRoute.action, makeRequest(`/admin/users/${target.id}`, { cookie, form }), { userId: String(target.id) }),
	)
	const own = (await cookieFor(target.id)).cookie
	await expectRefusals(
		'account',
		formOf(['intent', 'name', 'jobTitle', 'locale', 'current', 'password', 'confirm', 'session'], {
			intent: fc.oneof(
				fc.constantFrom('profile', 'password', 'endSession'),
				nasty.filter((i) => i !== 'endOthers'),
			),
		}),
		(form) => run(accountRoute.action, makeRequest('/account', { cookie: own, form }), {}),
	)
	await expectRefusals('password link', formOf(['password', 'confirm']), (form) =>
		run(passwordRoute.action, makeRequest('/password/abc', { form }), { token: 'abc' }),
	)
})

test(`running a round refuses ${RUNS} malformed extensions and closings and changes nothing`, async () => {
	const w = await assessmentWorld({ catalogs: ['HIMSS-EMRAM-2008'] })
	const cookie = await w.cookie(w.users.admin)
	await expectRefusals(
		'campaign lifecycle',
		formOf(['intent', 'dueOn', 'reason', 'confirm'], {
			intent: fc.oneof(
				fc.constantFrom('extend', 'close'),
				nasty.filter((i) => !['open', 'remind', 'extend', 'close'].includes(i)),
			),
			dueOn: nasty.filter((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d)),
			confirm: nasty.filter((c) => c !== 'on'),
		}),
		(form) =>
			run(campaignPage.action, makeRequest(`/admin/campaigns/${w.campaignId}`, { cookie, form }), { campaignId: String(w.campaignId) }),
	)
	await expectRefusals('campaign edit', formOf(['title', 'year', 'catalogVersionIds', 'opensOn', 'dueOn']), (form) =>
		run(campaignEdit.action, makeRequest(`/admin/campaigns/${w.campaignId}/edit`, { cookie, form }), { campaignId: String(w.campaignId) }),
	)
})

test(`the hospital workbook upload refuses ${RUNS} malformed forms and changes nothing`, async () => {
	const w = await assessmentWorld({ catalogs: ['HIMSS-EMRAM-2008'] })
	const cookie = await w.cookie(w.users.editor)
	const params = { assessmentId: String(w.assessment.id) }
	await expectRefusals('workbook upload', formOf(['file', 'intent']), (form) =>
		run(excelUpload.action, makeRequest(`/assessments/${w.assessment.id}/excel`, { cookie, form }), params),
	)
	const staged = await run(
		excelUpload.action,
		makeRequest(`/assessments/${w.assessment.id}/excel`, { cookie, form: fileForm(await xlsxBytes({ s: [['x']] }), 'a.xlsx') }),
		params,
	)
	const importId = staged.location!.split('/').at(-1)!
	await expectRefusals(
		'workbook preview',
		formOf(['intent'], {
			intent: fc.oneof(
				fc.constant('apply'),
				nasty.filter((i) => i !== 'discard'),
			),
		}),
		(form) =>
			run(excelPreview.action, makeRequest(`/assessments/${w.assessment.id}/excel/${importId}`, { cookie, form }), { ...params, importId }),
	)
})
