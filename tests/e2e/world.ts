// What a browser test needs but does not test, made through the real services on the browser
// suite's database, beside the running server (WAL lets both in). Each test makes its own, under
// names no other test uses, so it passes alone and in any order.
import { and, desc, eq } from 'drizzle-orm'
import { inject } from 'vitest'
import { type Db, openDatabase, schema } from '#db/client.server'
import { getAssessmentContext } from '#db/queries/assessments'
import { openTestRound } from '#tests/rounds'
import { type Answer } from '~/domain/catalog/answers'
import { type FacilityInput } from '~/domain/registry'
import { saveAnswers } from '~/services/answers.server'
import { DEMO_DOMAIN } from '~/services/demo-seed.server'
import { createFacility } from '~/services/facilities.server'

/** Opens the browser suite's database for one piece of work and closes it again. */
export function withSuiteDb<T>(work: (db: Db) => T): T {
	const db = openDatabase(inject('e2eDbFile'))
	try {
		return work(db)
	} finally {
		db.$client.close()
	}
}

function userId(db: Db, account: string) {
	const user = db
		.select({ id: schema.users.id })
		.from(schema.users)
		.where(eq(schema.users.email, `${account}${DEMO_DOMAIN}`))
		.get()
	if (!user) throw new Error(`no demo account ${account}`)
	return user.id
}

function grantsOf(db: Db, id: number) {
	return db
		.select({
			role: schema.memberships.role,
			scopeKind: schema.memberships.scopeKind,
			facilityId: schema.memberships.facilityId,
			provinceCode: schema.memberships.provinceCode,
		})
		.from(schema.memberships)
		.where(eq(schema.memberships.userId, id))
		.all()
}

/**
 * The demo admin creates a round with the newest version of these catalogs for these provinces
 * (due far ahead, late submissions accepted) and opens it, as the campaign page would.
 */
export function openRound(title: string, catalogCodes: ReadonlyArray<string>, provinces: ReadonlyArray<string>) {
	return withSuiteDb((db) => {
		const admin = userId(db, 'admin')
		const catalogVersionIds = catalogCodes.map((code) => {
			const version = db
				.select({ id: schema.catalogVersions.id })
				.from(schema.catalogVersions)
				.where(eq(schema.catalogVersions.catalogCode, code))
				.orderBy(desc(schema.catalogVersions.version))
				.get()
			if (!version) throw new Error(`no catalog ${code}`)
			return version.id
		})
		return openTestRound(db, admin, { title, versionIds: catalogVersionIds, provinces })
	})
}

/** A facility's editor saves these answers in the facility's assessment of a round. */
export function answerAs(account: string, campaignId: number, facilityName: string, answers: Record<string, Answer>) {
	withSuiteDb((db) => {
		const facility = db.select().from(schema.facilities).where(eq(schema.facilities.name, facilityName)).get()
		if (!facility) throw new Error(`no facility ${facilityName}`)
		const assessment = db
			.select()
			.from(schema.assessments)
			.where(and(eq(schema.assessments.campaignId, campaignId), eq(schema.assessments.facilityId, facility.id)))
			.get()
		if (!assessment) throw new Error(`${facilityName} has no assessment in round ${campaignId}`)
		const saved = saveAnswers(db, {
			ctx: getAssessmentContext(db, assessment.id)!,
			actorId: userId(db, account),
			baseVersion: assessment.version,
			changes: Object.entries(answers).map(([criterionId, answer]) => ({ criterionId, answer })),
		})
		if (!saved.ok) throw new Error(JSON.stringify(saved))
	})
}

/** The demo admin adds a facility to the registry; returns its id. */
export function addFacility(input: FacilityInput) {
	return withSuiteDb((db) => {
		const admin = userId(db, 'admin')
		const created = createFacility(db, input, { id: admin, grants: grantsOf(db, admin) })
		if (!created.ok) throw new Error(created.code)
		return created.id
	})
}
