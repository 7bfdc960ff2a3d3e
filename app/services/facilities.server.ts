import { eq } from 'drizzle-orm'
import { type Db, schema } from '#db/client.server'
import { existingFacilitiesByCode } from '#db/queries/facilities'
import { can, type Grant } from '~/domain/permissions'
import {
	diffRecords,
	type FacilityInput,
	type FacilityRecord,
	planIsApplicable,
	planRegistryImport,
	type RegistryVocabulary,
	toRecord,
} from '~/domain/registry'
import { type Sheet } from '~/domain/sheet'
import { appendAudit } from './audit.server'
import { type ServiceError } from './campaigns.server'

type Actor = { id: number; grants: ReadonlyArray<Grant> }
type Reader = Pick<Db, 'select'>

/** Whether the actor's grants reach a facility at this place (a province admin: its own, non-MOH). */
export function mayManageFacility(
	grants: ReadonlyArray<Grant>,
	f: { provinceCode: string; managingBody: FacilityRecord['managingBody'] },
	facilityId = 0,
) {
	return can(grants, 'facility:manage', { kind: 'facility', facilityId, provinceCode: f.provinceCode, managingBody: f.managingBody })
}

function codeTaken(db: Reader, code: string, exceptId?: number) {
	const row = db.select({ id: schema.facilities.id }).from(schema.facilities).where(eq(schema.facilities.code, code)).get()
	return row !== undefined && row.id !== exceptId
}

function provinceExists(db: Reader, code: string) {
	return db.select({ code: schema.provinces.code }).from(schema.provinces).where(eq(schema.provinces.code, code)).get() !== undefined
}

export type FacilityResult = { ok: true; id: number } | (ServiceError & { field?: keyof FacilityInput })

export function createFacility(db: Db, input: FacilityInput, actor: Actor, now = new Date()): FacilityResult {
	const record = toRecord(input, true)
	if (!provinceExists(db, record.provinceCode)) return { ok: false, code: 'registry.unknownProvince', status: 400, field: 'provinceCode' }
	if (!mayManageFacility(actor.grants, record)) return { ok: false, code: 'registry.outOfScope', status: 403, field: 'provinceCode' }
	return db.transaction((tx) => {
		if (codeTaken(tx, record.code)) return { ok: false as const, code: 'registry.codeTaken', status: 409, field: 'code' as const }
		const row = tx
			.insert(schema.facilities)
			.values({ ...record, createdAt: now })
			.returning({ id: schema.facilities.id })
			.get()
		appendAudit(tx, { actorId: actor.id, action: 'facility.create', entityType: 'facility', entityId: row.id, after: record, at: now })
		return { ok: true as const, id: row.id }
	})
}

function recordOf(row: typeof schema.facilities.$inferSelect): FacilityRecord {
	return {
		code: row.code,
		name: row.name,
		provinceCode: row.provinceCode,
		type: row.type,
		class: row.class,
		managingBody: row.managingBody,
		ownership: row.ownership,
		bedCount: row.bedCount,
		address: row.address,
		active: row.active,
	}
}

/** Edits a facility; refused when someone saved it after the page was loaded (`basedOn`). */
export function updateFacility(db: Db, id: number, input: FacilityInput, actor: Actor, now = new Date()): FacilityResult {
	return db.transaction((tx) => {
		const row = tx.select().from(schema.facilities).where(eq(schema.facilities.id, id)).get()
		if (!row) return { ok: false as const, code: 'registry.notFound', status: 404 }
		const before = recordOf(row)
		const after = toRecord(input, row.active)
		if (!mayManageFacility(actor.grants, before, id)) return { ok: false as const, code: 'registry.outOfScope', status: 403 }
		if (!mayManageFacility(actor.grants, after, id))
			return { ok: false as const, code: 'registry.outOfScope', status: 403, field: 'provinceCode' as const }
		if (!provinceExists(tx, after.provinceCode))
			return { ok: false as const, code: 'registry.unknownProvince', status: 400, field: 'provinceCode' as const }
		if ((row.updatedAt?.getTime() ?? row.createdAt.getTime()) > (input.basedOn ?? Number.MAX_SAFE_INTEGER))
			return { ok: false as const, code: 'registry.changedMeanwhile', status: 409 }
		if (after.code !== before.code && codeTaken(tx, after.code, id))
			return { ok: false as const, code: 'registry.codeTaken', status: 409, field: 'code' as const }
		const changes = diffRecords(before, after)
		if (after.code !== before.code) changes.unshift({ field: 'code', from: before.code, to: after.code })
		if (!changes.length) return { ok: true as const, id }
		tx.update(schema.facilities)
			.set({ ...after, updatedAt: now })
			.where(eq(schema.facilities.id, id))
			.run()
		appendAudit(tx, {
			actorId: actor.id,
			action: 'facility.update',
			entityType: 'facility',
			entityId: id,
			before: Object.fromEntries(changes.map((c) => [c.field, c.from])),
			after: Object.fromEntries(changes.map((c) => [c.field, c.to])),
			at: now,
		})
		return { ok: true as const, id }
	})
}

/**
 * Deactivates or reactivates a facility. An inactive facility is left out of rounds opened from
 * then on; its past assessments, results and accounts stay as they are.
 */
export function setFacilityActive(db: Db, id: number, active: boolean, actor: Actor, now = new Date()): FacilityResult {
	return db.transaction((tx) => {
		const row = tx.select().from(schema.facilities).where(eq(schema.facilities.id, id)).get()
		if (!row) return { ok: false as const, code: 'registry.notFound', status: 404 }
		if (!mayManageFacility(actor.grants, row, id)) return { ok: false as const, code: 'registry.outOfScope', status: 403 }
		if (row.active === active) return { ok: true as const, id }
		tx.update(schema.facilities).set({ active, updatedAt: now }).where(eq(schema.facilities.id, id)).run()
		appendAudit(tx, {
			actorId: actor.id,
			action: active ? 'facility.activate' : 'facility.deactivate',
			entityType: 'facility',
			entityId: id,
			before: { active: row.active },
			after: { active },
			at: now,
		})
		return { ok: true as const, id }
	})
}

export type RegistryImportResult = { ok: true; created: number; updated: number } | ServiceError

/**
 * Applies a previewed registry file, all or nothing: the file is planned again against the
 * registry as it is now, and if any row has become invalid (someone took a code meanwhile),
 * nothing is written and the preview shows why.
 */
export function applyRegistryImport(
	db: Db,
	input: { sheet: Sheet; vocab: RegistryVocabulary; actor: Actor; fileName: string; sha256: string },
	now = new Date(),
): RegistryImportResult {
	return db.transaction((tx) => {
		const existing = existingFacilitiesByCode(tx)
		const plan = planRegistryImport(input.sheet, input.vocab, existing, (f) => mayManageFacility(input.actor.grants, f))
		if (!planIsApplicable(plan)) return { ok: false as const, code: 'registry.notApplicable', status: 409 }
		let created = 0
		let updated = 0
		for (const row of plan.rows) {
			if (!row.record || (row.action !== 'create' && row.action !== 'update')) continue
			if (row.action === 'create') {
				const inserted = tx
					.insert(schema.facilities)
					.values({ ...row.record, createdAt: now })
					.returning({ id: schema.facilities.id })
					.get()
				appendAudit(tx, {
					actorId: input.actor.id,
					action: 'facility.create',
					entityType: 'facility',
					entityId: inserted.id,
					after: row.record,
					at: now,
				})
				created++
			} else {
				const id = existing.get(row.code)!.id
				tx.update(schema.facilities)
					.set({ ...row.record, updatedAt: now })
					.where(eq(schema.facilities.id, id))
					.run()
				appendAudit(tx, {
					actorId: input.actor.id,
					action: 'facility.update',
					entityType: 'facility',
					entityId: id,
					before: Object.fromEntries(row.changes.map((c) => [c.field, c.from])),
					after: Object.fromEntries(row.changes.map((c) => [c.field, c.to])),
					at: now,
				})
				updated++
			}
		}
		appendAudit(tx, {
			actorId: input.actor.id,
			action: 'registry.import',
			entityType: 'registry',
			entityId: 'facilities',
			after: { fileName: input.fileName, sha256: input.sha256, created, updated, unchanged: plan.counts.unchanged },
			at: now,
		})
		return { ok: true as const, created, updated }
	})
}
