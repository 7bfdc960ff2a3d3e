import { type Db } from '#db/client.server'
import { type AssessmentContext, getAnswers } from '#db/queries/assessments'
import { expectedCatalogs, yesNoVocabulary } from '#spreadsheets/answer-workbook'
import { answerToFields, fieldsToAnswer } from '~/domain/answer-form'
import { answerPlanIsApplicable, type CurrentAnswer, planAnswerImport } from '~/domain/answer-sheet'
import { vnIsoDate } from '~/domain/dates'
import { type Sheet } from '~/domain/sheet'
import { type AnswerChange, saveAnswers, type SaveResult } from './answers.server'
import { appendAudit } from './audit.server'

/** Plans an uploaded workbook against the assessment as it is now (the preview, and again at apply). */
export function planUpload(db: Pick<Db, 'select'>, ctx: AssessmentContext, sheets: ReadonlyArray<Sheet>, now = new Date()) {
	const stored = getAnswers(db as Db, ctx.assessment.id)
	const current = new Map<string, CurrentAnswer>(
		[...stored].map(([k, v]) => [k, { fields: answerToFields(v.answer), version: v.version, byName: v.updatedByName }]),
	)
	const catalogs = expectedCatalogs(ctx)
	const plan = planAnswerImport({
		sheets,
		expected: { assessmentId: ctx.assessment.id, campaignId: ctx.campaign.id, facilityCode: ctx.facility.code, catalogs },
		current,
		yesNo: yesNoVocabulary(),
		today: vnIsoDate(now),
	})
	return { plan, catalogs }
}

/** `skippedConflicts`: rows the plan already left out because the answer changed on the web after the download. */
export type AnswerImportResult =
	| (SaveResult & { ok: true; skippedConflicts: number })
	| Extract<SaveResult, { ok: false }>
	| { ok: false; status: 409; code: 'excel.notApplicable' }

/**
 * Applies an uploaded workbook: planned again, refused whole if any row is now wrong, otherwise
 * saved like a page of the web form (same checks, same conflict rule, based on the version the
 * file was made from), with an audit event naming the file.
 */
export function applyAnswerImport(
	db: Db,
	input: { ctx: AssessmentContext; sheets: ReadonlyArray<Sheet>; actorId: number; fileName: string; sha256: string },
	now = new Date(),
): AnswerImportResult {
	return db.transaction((tx) => {
		const { plan, catalogs } = planUpload(tx, input.ctx, input.sheets, now)
		if (!answerPlanIsApplicable(plan) || !plan.meta)
			return { ok: false as const, status: 409 as const, code: 'excel.notApplicable' as const }
		const specOf = new Map(catalogs.flatMap((c) => c.criteria.map((x) => [x.id, x.answer] as const)))
		const changes: Array<AnswerChange> = []
		for (const row of plan.rows) {
			if (row.status !== 'change') continue
			const converted = fieldsToAnswer(specOf.get(row.criterionId)!, row.next, { today: vnIsoDate(now) })
			if (converted.ok) changes.push({ criterionId: row.criterionId, answer: converted.answer })
		}
		const saved = saveAnswers(
			tx as unknown as Db,
			{ ctx: input.ctx, actorId: input.actorId, baseVersion: plan.meta.baseVersion, changes },
			now,
		)
		if (saved.ok) {
			appendAudit(tx, {
				actorId: input.actorId,
				action: 'answers.import',
				entityType: 'assessment',
				entityId: input.ctx.assessment.id,
				after: {
					fileName: input.fileName,
					sha256: input.sha256,
					saved: saved.saved.length,
					conflicts: saved.conflicts.length + plan.counts.conflict,
				},
				at: now,
			})
		}
		return saved.ok ? { ...saved, skippedConflicts: plan.counts.conflict } : saved
	})
}
