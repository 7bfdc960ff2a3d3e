import { and, eq } from 'drizzle-orm'
import { type Db, schema } from '#db/client.server'
import { duplicateCandidates, existingFacilitiesByCode, facilityById, facilityIdByCode } from '#db/queries/facilities'
import { listProvinces, provinceByCode } from '#db/queries/provinces'
import { registryVocabulary } from '#spreadsheets/registry-workbook'
import { collationKey } from '~/domain/collation'
import { type Grant } from '~/domain/permissions'
import {
	diffRecords,
	duplicateIndex,
	type FacilityInput,
	type FacilityRecord,
	mayManageFacility,
	planIsApplicable,
	planRegistryImport,
	likelyDuplicates,
	type LikelyDuplicate,
	toRecord,
} from '~/domain/registry'
import { type Sheet } from '~/domain/sheet'
import { appendAudit } from './audit.server'
import { type ServiceError } from './campaigns.server'

type Actor = { id: number; grants: ReadonlyArray<Grant> }
type Reader = Pick<Db, 'select'>

function codeTaken(db: Reader, code: string, exceptId?: number) {
	const id = facilityIdByCode(db, code)
	return id !== null && id !== exceptId
}

function provinceExists(db: Reader, code: string) {
	return provinceByCode(db, code) !== null
}

export type FacilityResult =
	| { ok: true; id: number }
	| (ServiceError & { field?: keyof FacilityInput })
	| { ok: false; code: 'registry.likelyDuplicate'; status: 409; duplicates: Array<LikelyDuplicate> }

/**
 * The refusal of a save that likely duplicates another facility (the same name in the province),
 * unless the person confirmed it is a different one; null when the save may go ahead.
 */
function duplicateRefusal(tx: Reader, record: FacilityRecord, input: FacilityInput, selfId?: number) {
	if (input.confirmDuplicate) return null
	const found = likelyDuplicates(record, duplicateIndex(duplicateCandidates(tx, record.provinceCode, record.code)), (c) => c.id === selfId)
	return found.length ? { ok: false as const, code: 'registry.likelyDuplicate' as const, status: 409 as const, duplicates: found } : null
}

export function createFacility(db: Db, input: FacilityInput, actor: Actor, now = new Date()): FacilityResult {
	const record = toRecord(input, true)
	if (!provinceExists(db, record.provinceCode)) return { ok: false, code: 'registry.unknownProvince', status: 400, field: 'provinceCode' }
	if (!mayManageFacility(actor.grants, record)) return { ok: false, code: 'registry.outOfScope', status: 403, field: 'provinceCode' }
	return db.transaction((tx) => {
		if (codeTaken(tx, record.code)) return { ok: false as const, code: 'registry.codeTaken', status: 409, field: 'code' as const }
		const duplicate = duplicateRefusal(tx, record, input)
		if (duplicate) return duplicate
		const row = tx
			.insert(schema.facilities)
			.values({ ...record, sortKey: collationKey(record.name), createdAt: now })
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
		const row = facilityById(tx, id)
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
		// Checked only when the name or the province changes: an edit of the beds does not warn again.
		const duplicate =
			after.name !== before.name || after.provinceCode !== before.provinceCode ? duplicateRefusal(tx, after, input, id) : null
		if (duplicate) return duplicate
		const changes = diffRecords(before, after)
		if (after.code !== before.code) changes.unshift({ field: 'code', from: before.code, to: after.code })
		if (!changes.length) return { ok: true as const, id }
		tx.update(schema.facilities)
			.set({ ...after, sortKey: collationKey(after.name), updatedAt: now })
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
		const row = facilityById(tx, id)
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

/** A previewed registry upload (app/services/imports.server keeps it between the preview and the decision). */
export type StagedRegistryImport = { id: string; userId: number; fileName: string; sha256: string; payload: { sheets: Array<Sheet> } }

/**
 * Applies a previewed registry file, all or nothing, in one transaction: the file is planned again
 * against the registry as it is now (someone may have taken a code meanwhile: then nothing is
 * written and the preview shows why), the staged upload is used up (a second click, or a second
 * tab, finds it gone), and every facility is written with its audit event.
 */
export function applyRegistryImport(db: Db, input: { staged: StagedRegistryImport; actor: Actor }, now = new Date()): RegistryImportResult {
	const { staged, actor } = input
	return db.transaction((tx) => {
		const existing = existingFacilitiesByCode(tx)
		const plan = planRegistryImport(staged.payload.sheets[0], registryVocabulary(listProvinces(tx)), existing, (f) =>
			mayManageFacility(actor.grants, f),
		)
		if (!planIsApplicable(plan)) return { ok: false as const, code: 'registry.notApplicable', status: 409 }
		const consumed = tx
			.delete(schema.stagedImports)
			.where(and(eq(schema.stagedImports.id, staged.id), eq(schema.stagedImports.userId, actor.id)))
			.run()
		if (consumed.changes !== 1) return { ok: false as const, code: 'import.gone', status: 410 }
		let created = 0
		let updated = 0
		for (const row of plan.rows) {
			if (!row.record || (row.action !== 'create' && row.action !== 'update')) continue
			if (row.action === 'create') {
				const inserted = tx
					.insert(schema.facilities)
					.values({ ...row.record, sortKey: collationKey(row.record.name), createdAt: now })
					.returning({ id: schema.facilities.id })
					.get()
				appendAudit(tx, {
					actorId: actor.id,
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
					.set({ ...row.record, sortKey: collationKey(row.record.name), updatedAt: now })
					.where(eq(schema.facilities.id, id))
					.run()
				appendAudit(tx, {
					actorId: actor.id,
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
			actorId: actor.id,
			action: 'registry.import',
			entityType: 'registry',
			entityId: 'facilities',
			after: { fileName: staged.fileName, sha256: staged.sha256, created, updated, unchanged: plan.counts.unchanged },
			at: now,
		})
		return { ok: true as const, created, updated }
	})
}
