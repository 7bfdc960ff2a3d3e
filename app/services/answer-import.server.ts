import { type Db } from '#db/client.server'
import { type AssessmentContext, getAnswers } from '#db/queries/assessments'
import { planAnswerWorkbook } from '#spreadsheets/answer-workbook'
import { readSpreadsheet } from '#spreadsheets/read'
import { fieldsToAnswer } from '~/domain/answer-form'
import { answerPlanIsApplicable, MAX_ANSWER_ROWS } from '~/domain/answer-sheet'
import { vnIsoDate } from '~/domain/dates'
import { type Sheet } from '~/domain/sheet'
import { editRefusal } from '~/domain/workflow'
import { type AnswerChange, saveAnswers, type SaveResult } from './answers.server'
import { appendAudit } from './audit.server'
import { discardStagedImport, stageImport } from './imports.server'

export type StageResult =
	{ ok: true; id: string } | { ok: false; status: 400 | 409; code: string; params?: Record<string, string | number> }

/**
 * Reads an uploaded answers workbook and keeps its sheets for the preview; no answer changes here.
 * Refused while the facility may not edit (submitted, or the round closed), and when the file is
 * not a readable workbook.
 */
export async function stageAnswerWorkbook(
	db: Db,
	input: { ctx: AssessmentContext; userId: number; fileName: string; bytes: Uint8Array },
	now = new Date(),
): Promise<StageResult> {
	const refusal = editRefusal(input.ctx.assessment.status, input.ctx.campaign.status)
	if (refusal) return { ok: false, status: 409, code: refusal }
	const read = await readSpreadsheet(input.bytes, { maxRows: MAX_ANSWER_ROWS + 1, maxColumns: 12, csv: false })
	if (!read.ok) return { ok: false, status: 400, code: read.problem.code, params: read.problem.params }
	const id = stageImport(
		db,
		{
			kind: 'answers',
			userId: input.userId,
			assessmentId: input.ctx.assessment.id,
			fileName: input.fileName || 'upload',
			bytes: input.bytes,
			sheets: read.sheets.map((s) => ({ name: s.name, rows: s.rows })),
		},
		now,
	)
	return { ok: true, id }
}

/** `skippedConflicts`: rows the plan already left out because the answer changed on the web after the download. */
export type AnswerImportResult =
	| (SaveResult & { ok: true; skippedConflicts: number })
	| Extract<SaveResult, { ok: false }>
	| { ok: false; status: 409; code: 'excel.notApplicable' }

/**
 * Applies a staged workbook: planned again, refused whole if any row is now wrong, otherwise
 * saved like a page of the web form (same checks, same conflict rule, based on the version the
 * file was made from), with an audit event naming the file; the staged upload is then gone.
 */
export function applyAnswerImport(
	db: Db,
	input: {
		ctx: AssessmentContext
		staged: { id: string; fileName: string; sha256: string; sheets: ReadonlyArray<Sheet> }
		actorId: number
	},
	now = new Date(),
): AnswerImportResult {
	const { ctx, staged } = input
	return db.transaction((tx) => {
		const { plan, catalogs } = planAnswerWorkbook({
			assessment: ctx,
			sheets: staged.sheets,
			stored: getAnswers(tx, ctx.assessment.id),
			today: vnIsoDate(now),
		})
		if (!answerPlanIsApplicable(plan) || !plan.meta)
			return { ok: false as const, status: 409 as const, code: 'excel.notApplicable' as const }
		const specOf = new Map(catalogs.flatMap((c) => c.criteria.map((x) => [x.id, x.answer] as const)))
		const changes: Array<AnswerChange> = []
		for (const row of plan.rows) {
			if (row.status !== 'change') continue
			const converted = fieldsToAnswer(specOf.get(row.criterionId)!, row.next, { today: vnIsoDate(now) })
			if (converted.ok) changes.push({ criterionId: row.criterionId, answer: converted.answer })
		}
		const saved = saveAnswers(tx as unknown as Db, { ctx, actorId: input.actorId, baseVersion: plan.meta.baseVersion, changes }, now)
		if (!saved.ok) return saved
		appendAudit(tx, {
			actorId: input.actorId,
			action: 'answers.import',
			entityType: 'assessment',
			entityId: ctx.assessment.id,
			after: {
				fileName: staged.fileName,
				sha256: staged.sha256,
				saved: saved.saved.length,
				conflicts: saved.conflicts.length + plan.counts.conflict,
			},
			at: now,
		})
		discardStagedImport(tx, staged.id, input.actorId)
		return { ...saved, skippedConflicts: plan.counts.conflict }
	})
}
