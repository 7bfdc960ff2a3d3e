import { and, eq, sql } from 'drizzle-orm'
import { type Db, schema, writeTransaction } from '#db/client.server'
import { prepared } from '#db/prepared'
import { answersForSave, assessmentEditState, type AssessmentContext, catalogAnswers } from '#db/queries/assessments'
import { type AnswerFields, fieldsToAnswer } from '~/domain/answer-form'
import { canonicalJson } from '~/domain/canonical-json'
import { type Answer, answerIssue } from '~/domain/catalog/answers'
import { applicabilityFor } from '~/domain/catalog/compile'
import { type CatalogScore, scoreCatalog } from '~/domain/catalog/scoring'
import { vnIsoDate } from '~/domain/dates'
import { editRefusal } from '~/domain/workflow'
import { appendAudit } from './audit.server'

export type AnswerChange = { criterionId: string; answer: Answer | null }

export type Conflict = {
	criterionId: string
	/** What the other person saved (null: they cleared it). */
	theirs: Answer | null
	byName: string | null
	at: Date
}

export type FieldProblem = { criterionId: string; field: 'value' | 'naReason'; code: string; params?: Record<string, string | number> }

export type SaveResult =
	| { ok: true; version: number; saved: Array<string>; conflicts: Array<Conflict> }
	| { ok: false; status: 400; code: 'answer.invalid'; problems: Array<FieldProblem> }
	| { ok: false; status: 404 | 409; code: 'assessment.not_found' | 'assessment.locked' | 'campaign.closed' }

/**
 * Saves answers to an assessment in one transaction. Every answer is checked against its
 * criterion (type, range, N/A rules, the facility's applicability); one bad answer refuses the
 * whole save. An answer someone else changed after `baseVersion` is not overwritten: it comes
 * back as a conflict with the other person's value, and the rest is saved.
 */
export function saveAnswers(
	db: Db,
	input: { ctx: AssessmentContext; actorId: number; baseVersion: number; changes: ReadonlyArray<AnswerChange> },
	now = new Date(),
): SaveResult {
	const { ctx } = input
	const assessmentId = ctx.assessment.id
	// The catalogs' rules need nothing from the database: checked before the write lock is taken,
	// reported after the status check below (a locked assessment is refused as locked, whatever was sent).
	const today = vnIsoDate(now)
	const problems: Array<FieldProblem> = []
	const targets: Array<AnswerChange> = []
	for (const change of input.changes) {
		const owner = ctx.catalogs.find((c) => c.compiled.indexOf.has(change.criterionId))
		if (!owner) {
			problems.push({ criterionId: change.criterionId, field: 'value', code: 'answer.unknown_criterion' })
			continue
		}
		const index = owner.compiled.indexOf.get(change.criterionId)!
		if (!applicabilityFor(owner.compiled, ctx.facilityProfile, ctx.asOf)[index]) {
			problems.push({ criterionId: change.criterionId, field: 'value', code: 'answer.not_applicable_here' })
			continue
		}
		if (change.answer) {
			const issue = answerIssue(owner.compiled.criteria[index].criterion.answer, change.answer, { today, mode: 'input' })
			if (issue) {
				problems.push({
					criterionId: change.criterionId,
					field: issue.field === 'naReason' ? 'naReason' : 'value',
					code: issue.code,
					params: issue.params,
				})
				continue
			}
		}
		targets.push(change)
	}
	const versionIds = ctx.catalogs.map((c) => c.id)

	return writeTransaction(db, (): SaveResult => {
		// The catalogs and the facility do not change; the status and version may have since the guard read them.
		const current = assessmentEditState(db, assessmentId)
		if (!current) return { ok: false, status: 404, code: 'assessment.not_found' }
		const refusal = editRefusal(current.status, current.campaignStatus)
		if (refusal) return { ok: false, status: 409, code: refusal }
		if (problems.length) return { ok: false, status: 400, code: 'answer.invalid', problems }

		const rows = answersForSave(db, { assessmentId, versionIds, keys: targets.map((t) => t.criterionId) })
		const rowOf = new Map(rows.map((r) => [r.key, r]))

		const newVersion = current.version + 1
		const conflicts: Array<Conflict> = []
		const saved: Array<string> = []
		const before: Record<string, unknown> = {}
		const after: Record<string, unknown> = {}
		for (const change of targets) {
			const row = rowOf.get(change.criterionId)!
			const currentAnswer = (row.value as Answer | null) ?? null
			if (canonicalJson(currentAnswer) === canonicalJson(change.answer)) continue
			if (row.version !== null && row.version > input.baseVersion) {
				conflicts.push({ criterionId: change.criterionId, theirs: currentAnswer, byName: row.byName, at: row.updatedAt! })
				continue
			}
			before[change.criterionId] = currentAnswer
			after[change.criterionId] = change.answer
			saved.push(change.criterionId)
			if (change.answer === null) deleteAnswer(db, assessmentId, row.criterionId)
			else
				upsertAnswer(db, {
					assessmentId,
					criterionId: row.criterionId,
					value: change.answer,
					version: newVersion,
					by: input.actorId,
					at: now,
				})
		}
		if (!saved.length) return { ok: true, version: current.version, saved, conflicts }

		bumpVersion(db, assessmentId, now)
		appendAudit(db, {
			actorId: input.actorId,
			action: 'answer.save',
			entityType: 'assessment',
			entityId: assessmentId,
			before,
			after,
			at: now,
		})
		return { ok: true, version: newVersion, saved, conflicts }
	})
}

// The writes of every save, built and prepared once per connection (db/prepared.ts): building a
// drizzle statement costs more than running it.

function upsertAnswer(db: Db, v: { assessmentId: number; criterionId: number; value: Answer; version: number; by: number; at: Date }) {
	prepared(db, 'answers.upsert', (d) =>
		d
			.insert(schema.answers)
			.values({
				assessmentId: sql.placeholder('assessmentId'),
				criterionId: sql.placeholder('criterionId'),
				value: sql.placeholder('value'),
				version: sql.placeholder('version'),
				updatedBy: sql.placeholder('by'),
				updatedAt: sql.placeholder('at'),
			})
			.onConflictDoUpdate({
				target: [schema.answers.assessmentId, schema.answers.criterionId],
				set: {
					value: sql`excluded.value`,
					version: sql`excluded.version`,
					updatedBy: sql`excluded.updated_by`,
					updatedAt: sql`excluded.updated_at`,
				},
			})
			.prepare(),
	).run(v)
}

function deleteAnswer(db: Db, assessmentId: number, criterionId: number) {
	prepared(db, 'answers.delete', (d) =>
		d
			.delete(schema.answers)
			.where(
				and(
					eq(schema.answers.assessmentId, sql.placeholder('assessmentId')),
					eq(schema.answers.criterionId, sql.placeholder('criterionId')),
				),
			)
			.prepare(),
	).run({ assessmentId, criterionId })
}

function bumpVersion(db: Db, assessmentId: number, at: Date) {
	prepared(db, 'assessments.bumpVersion', (d) =>
		d
			.update(schema.assessments)
			// updated_at in epoch milliseconds, as the column stores it (a placeholder in a SET is not mapped).
			.set({ version: sql`${schema.assessments.version} + 1`, updatedAt: sql`${sql.placeholder('at')}` })
			.where(eq(schema.assessments.id, sql.placeholder('id')))
			.prepare(),
	).run({ id: assessmentId, at: at.getTime() })
}

/** A page of the form as posted: each criterion's fields, and those it was loaded with. */
export type PageAnswerFields = { id: string; value?: string; naReason?: string; orig?: string; origNa?: string }

/**
 * Saves a page of the form posted without JavaScript: only the criteria whose fields changed since
 * the page was loaded, converted from the fields and saved together, like saveAnswers.
 */
export function saveAnswerPage(
	db: Db,
	input: { ctx: AssessmentContext; actorId: number; baseVersion: number; answers: ReadonlyArray<PageAnswerFields> },
	now = new Date(),
): SaveResult {
	const today = vnIsoDate(now)
	const changes: Array<AnswerChange> = []
	for (const item of input.answers) {
		if ((item.value ?? '') === (item.orig ?? '') && (item.naReason ?? '') === (item.origNa ?? '')) continue
		const spec = answerSpecOf(input.ctx, item.id)
		// An unknown criterion goes through, for saveAnswers to refuse it by name.
		const converted = spec ? fieldsToAnswer(spec, item, { today }) : { ok: true as const, answer: null }
		if (converted.ok) changes.push({ criterionId: item.id, answer: converted.answer })
	}
	return saveAnswers(db, { ctx: input.ctx, actorId: input.actorId, baseVersion: input.baseVersion, changes }, now)
}

export type AutosaveResult =
	| { ok: true; version: number; conflict: null; score: CatalogScore | null }
	| { ok: true; version: number; conflict: Conflict; score: null }
	| Extract<SaveResult, { ok: false }>

/**
 * Saves one answer as the form's fields while the user types (the autosave): refused with the field
 * at fault when the criterion is unknown or does not apply to the facility or the fields do not
 * convert; otherwise saved like any answer. When saved, the live score of its catalog comes back
 * for the page's score panel; when someone else changed it first, their answer does.
 */
export function autosaveAnswer(
	db: Db,
	input: { ctx: AssessmentContext; actorId: number; baseVersion: number; criterionId: string; fields: AnswerFields },
	now = new Date(),
): AutosaveResult {
	const { ctx, criterionId } = input
	const refuse = (problem: Omit<FieldProblem, 'criterionId'>): AutosaveResult => ({
		ok: false,
		status: 400,
		code: 'answer.invalid',
		problems: [{ criterionId, ...problem }],
	})
	const owner = ctx.catalogs.find((c) => c.compiled.indexOf.has(criterionId))
	if (!owner) return refuse({ field: 'value', code: 'answer.unknown_criterion' })
	const index = owner.compiled.indexOf.get(criterionId)!
	if (!applicabilityFor(owner.compiled, ctx.facilityProfile, ctx.asOf)[index])
		return refuse({ field: 'value', code: 'answer.not_applicable_here' })
	const converted = fieldsToAnswer(owner.compiled.criteria[index].criterion.answer, input.fields, { today: vnIsoDate(now) })
	if (!converted.ok) return refuse({ field: converted.field, code: converted.code, params: converted.params })

	const result = saveAnswers(
		db,
		{ ctx, actorId: input.actorId, baseVersion: input.baseVersion, changes: [{ criterionId, answer: converted.answer }] },
		now,
	)
	if (!result.ok) return result
	const conflict = result.conflicts[0]
	if (conflict) return { ok: true, version: result.version, conflict, score: null }
	// The live score of the catalog the answer belongs to: its answers only, the other catalogs did not change.
	const scored = scoreCatalog(owner.compiled, catalogAnswers(db, ctx.assessment.id, owner.id), ctx.facilityProfile, { asOf: ctx.asOf })
	return { ok: true, version: result.version, conflict: null, score: scored.ok ? scored.score : null }
}

function answerSpecOf(ctx: AssessmentContext, criterionId: string) {
	const owner = ctx.catalogs.find((c) => c.compiled.indexOf.has(criterionId))
	return owner?.compiled.criteria[owner.compiled.indexOf.get(criterionId)!].criterion.answer
}
