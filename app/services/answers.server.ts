import { and, eq, inArray, sql } from 'drizzle-orm'
import { type Db, schema } from '#db/client.server'
import { type AssessmentContext } from '#db/queries/assessments'
import { canonicalJson } from '~/domain/canonical-json'
import { type Answer, answerIssue } from '~/domain/catalog/answers'
import { applicabilityFor } from '~/domain/catalog/compile'
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
	return db.transaction((tx) => {
		// The catalogs and the facility do not change; the status and version may have since the guard read them.
		const current = tx
			.select({ status: schema.assessments.status, version: schema.assessments.version, campaignStatus: schema.campaigns.status })
			.from(schema.assessments)
			.innerJoin(schema.campaigns, eq(schema.campaigns.id, schema.assessments.campaignId))
			.where(eq(schema.assessments.id, assessmentId))
			.get()
		if (!current) return { ok: false, status: 404, code: 'assessment.not_found' }
		const refusal = editRefusal(current.status, current.campaignStatus)
		if (refusal) return { ok: false, status: 409, code: refusal }

		const today = vnIsoDate(now)
		const problems: Array<FieldProblem> = []
		const targets: Array<{ change: AnswerChange; versionId: number }> = []
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
			targets.push({ change, versionId: owner.id })
		}
		if (problems.length) return { ok: false, status: 400, code: 'answer.invalid', problems }

		const keys = targets.map((t) => t.change.criterionId)
		const criterionRows = keys.length
			? tx
					.select({ id: schema.criteria.id, key: schema.criteria.key, versionId: schema.criteria.catalogVersionId })
					.from(schema.criteria)
					.where(
						and(
							inArray(
								schema.criteria.catalogVersionId,
								ctx.catalogs.map((c) => c.id),
							),
							inArray(schema.criteria.key, keys),
						),
					)
					.all()
			: []
		const criterionIdOf = new Map(criterionRows.map((r) => [r.key, r.id]))
		const existing = criterionRows.length
			? tx
					.select({
						criterionId: schema.answers.criterionId,
						value: schema.answers.value,
						version: schema.answers.version,
						updatedAt: schema.answers.updatedAt,
						byName: schema.users.name,
					})
					.from(schema.answers)
					.leftJoin(schema.users, eq(schema.users.id, schema.answers.updatedBy))
					.where(
						and(
							eq(schema.answers.assessmentId, assessmentId),
							inArray(
								schema.answers.criterionId,
								criterionRows.map((r) => r.id),
							),
						),
					)
					.all()
			: []
		const existingOf = new Map(existing.map((e) => [e.criterionId, e]))

		const newVersion = current.version + 1
		const conflicts: Array<Conflict> = []
		const saved: Array<string> = []
		const before: Record<string, unknown> = {}
		const after: Record<string, unknown> = {}
		for (const { change } of targets) {
			const criterionId = criterionIdOf.get(change.criterionId)!
			const current = existingOf.get(criterionId)
			const currentAnswer = (current?.value as Answer | undefined) ?? null
			if (canonicalJson(currentAnswer) === canonicalJson(change.answer)) continue
			if (current && current.version > input.baseVersion) {
				conflicts.push({ criterionId: change.criterionId, theirs: currentAnswer, byName: current.byName, at: current.updatedAt })
				continue
			}
			before[change.criterionId] = currentAnswer
			after[change.criterionId] = change.answer
			saved.push(change.criterionId)
			if (change.answer === null) {
				tx.delete(schema.answers)
					.where(and(eq(schema.answers.assessmentId, assessmentId), eq(schema.answers.criterionId, criterionId)))
					.run()
			} else {
				tx.insert(schema.answers)
					.values({
						assessmentId: assessmentId,
						criterionId,
						value: change.answer,
						version: newVersion,
						updatedBy: input.actorId,
						updatedAt: now,
					})
					.onConflictDoUpdate({
						target: [schema.answers.assessmentId, schema.answers.criterionId],
						set: { value: change.answer, version: newVersion, updatedBy: input.actorId, updatedAt: now },
					})
					.run()
			}
		}
		if (!saved.length) return { ok: true, version: current.version, saved, conflicts }

		tx.update(schema.assessments)
			.set({ version: sql`${schema.assessments.version} + 1`, updatedAt: now })
			.where(eq(schema.assessments.id, assessmentId))
			.run()
		appendAudit(tx, {
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
