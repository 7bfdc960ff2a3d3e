// The assessment's Excel workbook: the download to fill in offline, the preview of an upload (what
// applying it would change) before anything is written, and the schemas of the two pages' forms,
// parsed here on the server so that zod stays out of the pages' bundles.
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { type Db } from '#db/client.server'
import { type AssessmentContext, evidenceCounts, getAnswers } from '#db/queries/assessments'
import { type StagedPayload } from '#db/queries/imports'
import { answerWorkbook, planAnswerWorkbook } from '#spreadsheets/answer-workbook'
import { answerPlanIsApplicable } from '~/domain/answer-sheet'
import { vnIsoDate } from '~/domain/dates'
import { type Locale } from '~/domain/enums'

/** The workbook of the assessment with its current answers, in the reader's language, and its file name. */
export async function answerWorkbookFile(db: Db, ctx: AssessmentContext, locale: Locale, now = new Date()) {
	const bytes = await answerWorkbook({
		assessment: ctx,
		answers: getAnswers(db, ctx.assessment.id),
		evidence: evidenceCounts(db, ctx.assessment.id),
		locale,
	})
	const fileName = `${locale === 'en' ? 'assessment' : 'danh-gia'}-${ctx.facility.code}-${ctx.campaign.id}-${vnIsoDate(now)}.xlsx`
	return { fileName, bytes }
}

/** Rows shown per list of the preview; the counts cover them all. */
const SHOWN = 500

/** The preview of a staged upload, planned against the answers as they are now. */
export function answerImportPreview(
	db: Db,
	ctx: AssessmentContext,
	staged: { fileName: string; payload: StagedPayload },
	now = new Date(),
) {
	const { plan, catalogs } = planAnswerWorkbook({
		assessment: ctx,
		sheets: staged.payload.sheets,
		stored: getAnswers(db, ctx.assessment.id),
		today: vnIsoDate(now),
	})
	const criterionOf = new Map(catalogs.flatMap((c) => c.indices.map((i) => c.loaded.compiled.criteria[i].criterion)).map((c) => [c.id, c]))
	const view = (r: (typeof plan.rows)[number]) => {
		const criterion = criterionOf.get(r.criterionId)
		return {
			sheet: r.sheet,
			row: r.row,
			criterionId: r.criterionId,
			text: criterion?.text ?? null,
			answer: criterion?.answer ?? null,
			current: r.current,
			next: r.next,
			changedBy: r.changedBy ?? null,
		}
	}
	const problems = [...plan.fileProblems, ...plan.rows.flatMap((r) => r.problems)]
	return {
		assessmentId: ctx.assessment.id,
		facilityName: ctx.facility.name,
		fileName: staged.fileName,
		counts: plan.counts,
		applicable: answerPlanIsApplicable(plan),
		problems: problems.slice(0, SHOWN),
		problemCount: problems.length,
		changes: plan.rows
			.filter((r) => r.status === 'change')
			.slice(0, SHOWN)
			.map(view),
		conflicts: plan.rows
			.filter((r) => r.status === 'conflict')
			.slice(0, SHOWN)
			.map(view),
	}
}

/** The upload form: one .xlsx file. */
const WorkbookUploadSchema = z.object({
	file: z.instanceof(File, { error: 'sheet.missingFile' }).refine((f) => f.size > 0, 'sheet.missingFile'),
})

export function parseWorkbookUpload(formData: FormData) {
	return parseWithZod(formData, { schema: WorkbookUploadSchema })
}
