// The Excel round trip of an assessment: what a filled-in template means. A template carries a
// hidden information sheet (which assessment, which catalog versions, the version of the answers
// it was made from) and, for every answer, the value it was made with, so an upload changes only
// what the person changed in the file. Every changed value goes through `fieldsToAnswer`, the
// rule the web form uses, so the file and the form refuse exactly the same input.
import { z } from 'zod'
import { type AnswerFields, conversionMessage, fieldsToAnswer } from './answer-form'
import { type AnswerSpec } from './catalog/schema'
import { type CellProblem, cellText, columnLetter, isoFromVietnameseDate, matchKey, type Sheet, type SheetCell } from './sheet'

export const ANSWER_SHEET_FORMAT = 'hit-answers/1'
export const META_SHEET = '_meta'
export const LISTS_SHEET = '_lists'
/** A catalog has a few hundred criteria at most; a sheet far longer than that is not a template. */
export const MAX_ANSWER_ROWS = 2000

/** Columns of a catalog sheet, in order; the last two are hidden and hold the values the file was made with. */
export const ANSWER_COLUMNS = [
	'id',
	'group',
	'criterion',
	'guidance',
	'basis',
	'allowed',
	'answer',
	'naReason',
	'evidence',
	'orig',
	'origNa',
] as const
export type AnswerColumn = (typeof ANSWER_COLUMNS)[number]
export const col = (c: AnswerColumn) => ANSWER_COLUMNS.indexOf(c)

export const AnswerSheetMetaSchema = z.object({
	format: z.literal(ANSWER_SHEET_FORMAT),
	assessmentId: z.number().int().positive(),
	campaignId: z.number().int().positive(),
	facilityCode: z.string().min(1),
	baseVersion: z.number().int().min(1),
	catalogs: z.array(z.object({ code: z.string(), version: z.number().int(), hash: z.string(), sheet: z.string() })).min(1),
})
export type AnswerSheetMeta = z.infer<typeof AnswerSheetMetaSchema>

/** The criteria a template holds (the applicable ones), per catalog, with the sheet they are on. */
export type ExpectedCatalog = {
	code: string
	version: number
	hash: string
	sheet: string
	criteria: ReadonlyArray<{ id: string; answer: AnswerSpec }>
}

/** Accepted spellings of yes / no / not applicable, by `matchKey`. */
export type YesNoVocabulary = ReadonlyMap<string, 'yes' | 'no' | 'na'>

export type CurrentAnswer = { fields: AnswerFields; version: number; byName: string | null }

export type AnswerRowStatus = 'change' | 'unchanged' | 'conflict' | 'invalid'
export type PlannedAnswer = {
	sheet: string
	row: number
	criterionId: string
	status: AnswerRowStatus
	/** The value now in the assessment, and what the file asks for (as form fields). */
	current: AnswerFields
	next: AnswerFields
	problems: Array<CellProblem>
	/** For a conflict: who changed it online after the file was made. */
	changedBy?: string | null
}

export type AnswerPlan = {
	fileProblems: Array<CellProblem>
	rows: Array<PlannedAnswer>
	counts: Record<AnswerRowStatus, number>
	meta: AnswerSheetMeta | null
}

/** Reads the hidden information sheet: two columns, key and JSON value. */
export function readMeta(sheets: ReadonlyArray<Sheet>): AnswerSheetMeta | null {
	const sheet = sheets.find((s) => s.name === META_SHEET)
	if (!sheet) return null
	const raw: Record<string, unknown> = {}
	for (const row of sheet.rows) {
		const key = cellText(row.cells[0])
		const value = cellText(row.cells[1])
		if (!key.ok || !value.ok || !key.text) continue
		try {
			raw[key.text] = JSON.parse(value.text)
		} catch {
			return null
		}
	}
	const parsed = AnswerSheetMetaSchema.safeParse(raw)
	return parsed.success ? parsed.data : null
}

export function metaRows(meta: AnswerSheetMeta): Array<[string, string]> {
	return Object.entries(meta).map(([k, v]) => [k, JSON.stringify(v)])
}

/**
 * A cell as the form fields of an answer: labels in either language or the codes become the
 * option's value, a date cell its calendar date, a typed dd/mm/yyyy an ISO date. Anything else is
 * passed on as typed, for `fieldsToAnswer` to accept or refuse.
 */
export function cellToFields(
	spec: AnswerSpec,
	answer: SheetCell | undefined,
	naReason: SheetCell | undefined,
	yesNo: YesNoVocabulary,
): { ok: true; fields: AnswerFields } | { ok: false; column: AnswerColumn; code: string; params?: Record<string, string> } {
	const a = cellText(answer)
	if (!a.ok) return { ok: false, column: 'answer', code: a.code, params: a.params }
	const n = cellText(naReason)
	if (!n.ok) return { ok: false, column: 'naReason', code: n.code, params: n.params }
	let value = a.text
	if (value !== '') {
		switch (spec.type) {
			case 'yes_no':
				value = typeof answer === 'boolean' ? (answer ? 'yes' : 'no') : (yesNo.get(matchKey(value)) ?? value)
				break
			case 'choice': {
				const key = matchKey(value)
				const option = spec.options.find((o) => matchKey(o.value) === key || matchKey(o.label.vi) === key || matchKey(o.label.en) === key)
				if (option) value = option.value
				break
			}
			case 'date':
				value = typeof answer === 'number' ? excelSerialToIso(answer) : isoFromVietnameseDate(value)
				break
			default:
				break
		}
	}
	return { ok: true, fields: { value, naReason: n.text } }
}

/** Excel's serial day number (1900 date system, as Excel counts it) as yyyy-mm-dd. */
export function excelSerialToIso(serial: number): string {
	if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return String(serial)
	const ms = Math.round((serial - 25_569) * 86_400_000)
	return new Date(ms).toISOString().slice(0, 10)
}

const emptyCounts = (): Record<AnswerRowStatus, number> => ({ change: 0, unchanged: 0, conflict: 0, invalid: 0 })

/**
 * Plans an upload: the file must be a template of this assessment and of these catalog versions;
 * a row changes an answer only where the file's value differs from the value it was made with.
 * A change to an answer someone else saved after the file was made is a conflict and is not applied.
 */
export function planAnswerImport(input: {
	sheets: ReadonlyArray<Sheet>
	expected: { assessmentId: number; campaignId: number; facilityCode: string; catalogs: ReadonlyArray<ExpectedCatalog> }
	current: ReadonlyMap<string, CurrentAnswer>
	yesNo: YesNoVocabulary
	today: string
}): AnswerPlan {
	const plan: AnswerPlan = { fileProblems: [], rows: [], counts: emptyCounts(), meta: null }
	const meta = readMeta(input.sheets)
	const fileProblem = (code: string, params?: Record<string, string | number>) =>
		plan.fileProblems.push({ sheet: META_SHEET, row: 1, code, params })
	if (!meta) {
		fileProblem('excel.notTemplate')
		return plan
	}
	plan.meta = meta
	const { expected } = input
	if (meta.campaignId !== expected.campaignId) fileProblem('excel.otherCampaign')
	else if (meta.assessmentId !== expected.assessmentId || meta.facilityCode !== expected.facilityCode)
		fileProblem('excel.otherFacility', { facility: meta.facilityCode })
	for (const c of expected.catalogs) {
		const m = meta.catalogs.find((x) => x.code === c.code)
		if (!m) fileProblem('excel.catalogMissing', { catalog: c.code })
		else if (m.hash !== c.hash) fileProblem('excel.otherCatalogVersion', { catalog: c.code, file: m.version, expected: c.version })
	}
	for (const m of meta.catalogs)
		if (!expected.catalogs.some((c) => c.code === m.code)) fileProblem('excel.catalogUnexpected', { catalog: m.code })
	if (plan.fileProblems.length) return plan

	const seen = new Map<string, { sheet: string; row: number }>()
	for (const catalog of expected.catalogs) {
		const sheet = input.sheets.find((s) => s.name === catalog.sheet)
		if (!sheet) {
			plan.fileProblems.push({ sheet: catalog.sheet, row: 1, code: 'excel.sheetMissing', params: { sheet: catalog.sheet } })
			continue
		}
		const specOf = new Map(catalog.criteria.map((c) => [c.id, c.answer]))
		for (const row of sheet.rows.slice(1)) {
			const idCell = cellText(row.cells[col('id')])
			const criterionId = idCell.ok ? idCell.text : ''
			if (!criterionId && row.cells.every((c) => c === null || c === '')) continue
			const problems: Array<CellProblem> = []
			const at = (column: AnswerColumn) => ({ sheet: sheet.name, row: row.number, column: columnLetter(col(column)) })
			const planned: PlannedAnswer = {
				sheet: sheet.name,
				row: row.number,
				criterionId,
				status: 'invalid',
				current: { value: '', naReason: '' },
				next: { value: '', naReason: '' },
				problems,
			}
			plan.rows.push(planned)
			const spec = specOf.get(criterionId)
			if (!spec) {
				problems.push({ ...at('id'), code: 'answer.unknown_criterion', params: { id: criterionId.slice(0, 60) } })
				continue
			}
			const first = seen.get(criterionId)
			if (first) {
				problems.push({ ...at('id'), code: 'excel.duplicateCriterion', params: { id: criterionId, row: first.row } })
				continue
			}
			seen.set(criterionId, { sheet: sheet.name, row: row.number })
			const current = input.current.get(criterionId)
			planned.current = current?.fields ?? { value: '', naReason: '' }
			const converted = cellToFields(spec, row.cells[col('answer')], row.cells[col('naReason')], input.yesNo)
			if (!converted.ok) {
				problems.push({ ...at(converted.column), code: converted.code, params: converted.params })
				continue
			}
			const shown = (field: 'value' | 'naReason') => ({
				value: textOf(row.cells[col(field === 'value' ? 'answer' : 'naReason')]).slice(0, 80),
			})
			planned.next = converted.fields
			const orig = { value: textOf(row.cells[col('orig')]), naReason: textOf(row.cells[col('origNa')]) }
			if (sameFields(converted.fields, orig) || sameFields(converted.fields, planned.current)) {
				planned.status = 'unchanged'
				continue
			}
			const checked = fieldsToAnswer(spec, converted.fields, { today: input.today })
			if (!checked.ok) {
				problems.push({
					...at(checked.field === 'naReason' ? 'naReason' : 'answer'),
					code: conversionMessage(checked),
					params: shown(checked.field),
				})
				continue
			}
			if (current && current.version > meta.baseVersion) {
				planned.status = 'conflict'
				planned.changedBy = current.byName
				continue
			}
			planned.status = 'change'
		}
	}
	for (const r of plan.rows) plan.counts[r.status]++
	return plan
}

function textOf(cell: SheetCell | undefined) {
	const t = cellText(cell)
	return t.ok ? t.text : ''
}

function sameFields(a: AnswerFields, b: AnswerFields) {
	return a.value.trim() === b.value.trim() && a.naReason.trim() === b.naReason.trim()
}

/** Applicable when nothing in the file is wrong; conflicts are reported and left out, as in the web form. */
export function answerPlanIsApplicable(plan: AnswerPlan) {
	return plan.fileProblems.length === 0 && plan.counts.invalid === 0 && plan.counts.change > 0
}
