// The assessment as an Excel workbook for hospitals that gather answers offline: one sheet per
// catalog with the applicable criteria, their guidance and basis, the current answers and drop-down
// lists of the allowed values; hidden, the file's identity (which assessment, which catalog
// versions) and the values it was made with, so an upload changes only what was edited.
// Data in, bytes out: the caller reads the assessment and its answers and passes them in.
import { answerToFields } from '~/domain/answer-form'
import {
	ANSWER_COLUMNS,
	ANSWER_SHEET_FORMAT,
	type AnswerSheetMeta,
	type CurrentAnswer,
	type ExpectedCatalog,
	LISTS_SHEET,
	META_SHEET,
	metaRows,
	planAnswerImport,
	type YesNoVocabulary,
} from '~/domain/answer-sheet'
import { type Answer } from '~/domain/catalog/answers'
import { applicabilityFor, type CompiledCatalog, type Facility } from '~/domain/catalog/compile'
import { type AnswerSpec } from '~/domain/catalog/schema'
import { type Locale, LOCALES } from '~/domain/enums'
import { type Sheet, vocabulary } from '~/domain/sheet'
import { type MessageKey, makeTranslate, type Translate, translate } from '~/i18n/translate'
import { ExcelJS, frozenHeader, listRange, styleHeader, validateRange, workbookBytes } from './write'

/** A pinned catalog version of the assessment, compiled. */
type WorkbookCatalog = { id: number; code: string; version: number; hash: string; compiled: CompiledCatalog }

/** What the workbook needs to know of an assessment (an AssessmentContext of db/queries has it all). */
export type WorkbookAssessment<C extends WorkbookCatalog = WorkbookCatalog> = {
	assessment: { id: number; version: number }
	campaign: { id: number; title: string }
	facility: { code: string; name: string }
	catalogs: ReadonlyArray<C>
	facilityProfile: Facility
	/** The assessment's reference date (yyyy-mm-dd) for the criteria's applicability. */
	asOf: string
}

/** The catalogs of the assessment as the template holds them: applicable criteria only, one sheet each. */
export function expectedCatalogs<C extends WorkbookCatalog>(
	a: Pick<WorkbookAssessment<C>, 'catalogs' | 'facilityProfile' | 'asOf'>,
): Array<ExpectedCatalog & { loaded: C; indices: Array<number> }> {
	return a.catalogs.map((c) => {
		const applies = applicabilityFor(c.compiled, a.facilityProfile, a.asOf)
		const indices = c.compiled.criteria.map((_, i) => i).filter((i) => applies[i] === 1)
		return {
			code: c.code,
			version: c.version,
			hash: c.hash,
			sheet: c.code.slice(0, 31),
			criteria: indices.map((i) => ({ id: c.compiled.criteria[i].criterion.id, answer: c.compiled.criteria[i].criterion.answer })),
			loaded: c,
			indices,
		}
	})
}

/** Yes, no and not applicable, in both languages, as labels, codes and the words people type. */
export function yesNoVocabulary(): YesNoVocabulary {
	const both = (key: MessageKey) => LOCALES.map((l) => translate(l, key))
	return vocabulary([
		['yes', [...both('form.yes'), 'có', 'đạt', 'y', 'x', 'true', '1']],
		['no', [...both('form.no'), 'không', 'chưa đạt', 'n', 'false', '0']],
		['na', [...both('form.na'), 'n/a', 'na', 'not applicable']],
	] as const)
}

/**
 * Plans an uploaded workbook against the assessment's answers as they are now (for the preview,
 * and again when it is applied): which rows change an answer, which conflict, which are wrong.
 */
export function planAnswerWorkbook<C extends WorkbookCatalog>(input: {
	assessment: WorkbookAssessment<C>
	sheets: ReadonlyArray<Sheet>
	/** The assessment's answers now, by criterion key. */
	stored: ReadonlyMap<string, { answer: Answer; version: number; updatedByName: string | null }>
	today: string
}) {
	const { assessment: a } = input
	const current = new Map<string, CurrentAnswer>(
		[...input.stored].map(([k, v]) => [k, { fields: answerToFields(v.answer), version: v.version, byName: v.updatedByName }]),
	)
	const catalogs = expectedCatalogs(a)
	const plan = planAnswerImport({
		sheets: input.sheets,
		expected: { assessmentId: a.assessment.id, campaignId: a.campaign.id, facilityCode: a.facility.code, catalogs },
		current,
		yesNo: yesNoVocabulary(),
		today: input.today,
	})
	return { plan, catalogs }
}

/** The label an answer shows in the template, and the labels its drop-down offers. */
function optionsFor(spec: AnswerSpec, naAllowed: boolean, t: Translate, locale: Locale): Array<string> | null {
	if (spec.type === 'yes_no') return [t('form.yes'), t('form.no'), ...(naAllowed ? [t('form.na')] : [])]
	if (spec.type === 'choice') return spec.options.map((o) => o.label[locale])
	return null
}

function displayValue(spec: AnswerSpec, answer: Answer | undefined, t: Translate, locale: Locale): ExcelJS.CellValue {
	if (!answer) return null
	switch (answer.kind) {
		case 'yes_no':
			return t(answer.value === 'yes' ? 'form.yes' : answer.value === 'no' ? 'form.no' : 'form.na')
		case 'choice':
			return spec.type === 'choice' ? (spec.options.find((o) => o.value === answer.value)?.label[locale] ?? answer.value) : answer.value
		case 'date':
			return new Date(`${answer.value}T00:00:00Z`)
		default:
			return answer.value
	}
}

function allowedText(spec: AnswerSpec, naAllowed: boolean, t: Translate, locale: Locale): string {
	switch (spec.type) {
		case 'yes_no':
		case 'choice':
			return (
				t('excel.allowed.pick', { options: optionsFor(spec, naAllowed, t, locale)!.join('; ') }) +
				(naAllowed ? ` ${t('excel.allowed.naReason')}` : '')
			)
		case 'number': {
			const parts = [t(spec.integer ? 'excel.allowed.integer' : 'excel.allowed.number')]
			if (spec.min !== undefined) parts.push(t('excel.allowed.min', { min: spec.min }))
			if (spec.max !== undefined) parts.push(t('excel.allowed.max', { max: spec.max }))
			if (spec.unit) parts.push(t('form.unit', { unit: spec.unit[locale] }))
			return parts.join(', ')
		}
		case 'percent':
			return t('excel.allowed.percent')
		case 'date':
			return t(spec.allow_future ? 'excel.allowed.date' : 'excel.allowed.pastDate')
		case 'text':
			return t('excel.allowed.text', { max: spec.max_length })
	}
}

const WIDTHS: Record<(typeof ANSWER_COLUMNS)[number], number> = {
	id: 16,
	group: 22,
	criterion: 60,
	guidance: 50,
	basis: 28,
	allowed: 30,
	answer: 24,
	naReason: 30,
	evidence: 20,
	orig: 8,
	origNa: 8,
}

/** The template of an assessment, filled with its current answers, in the reader's language: the bytes of an .xlsx file. */
export async function answerWorkbook(input: {
	assessment: WorkbookAssessment
	/** The current answers, by criterion key. */
	answers: ReadonlyMap<string, { answer: Answer }>
	/** How many evidence files each criterion has, by key. */
	evidence: ReadonlyMap<string, number>
	locale: Locale
}): Promise<Uint8Array> {
	const { assessment: ctx, answers: stored, evidence, locale } = input
	const t = makeTranslate(locale)
	const catalogs = expectedCatalogs(ctx)
	const wb = new ExcelJS.Workbook()
	wb.creator = t('app.name')

	const help = wb.addWorksheet(t('excel.helpSheet'))
	help.columns = [{ width: 28 }, { width: 100 }]
	help.addRow([t('excel.help.title')]).font = { bold: true, size: 13 }
	help.addRow([t('excel.help.facility'), `${ctx.facility.name} (${ctx.facility.code})`])
	help.addRow([t('excel.help.campaign'), ctx.campaign.title])
	help.addRow([t('excel.help.catalogs'), catalogs.map((c) => `${c.code} v${c.version}`).join(', ')])
	help.addRow([])
	for (const key of ['excel.help.1', 'excel.help.2', 'excel.help.3', 'excel.help.4', 'excel.help.5'] as const) help.addRow(['', t(key)])
	help.getColumn(2).alignment = { wrapText: true, vertical: 'top' }

	const sheets = catalogs.map((c) => wb.addWorksheet(c.sheet, { views: frozenHeader(true) }))
	const lists = wb.addWorksheet(LISTS_SHEET, { state: 'veryHidden' })
	const metaSheet = wb.addWorksheet(META_SHEET, { state: 'veryHidden' })
	let listColumn = 0

	catalogs.forEach((c, ci) => {
		const ws = sheets[ci]
		ws.columns = ANSWER_COLUMNS.map((key) => ({ header: t(`excel.col.${key}`), key, width: WIDTHS[key] }))
		styleHeader(ws, ANSWER_COLUMNS.length)
		for (const i of c.indices) {
			const cc = c.loaded.compiled.criteria[i]
			const criterion = cc.criterion
			const group = c.loaded.compiled.groups[cc.groupIndex].group
			const answer = stored.get(criterion.id)?.answer
			const fields = answerToFields(answer)
			const files = evidence.get(criterion.id) ?? 0
			const row = ws.addRow({
				id: criterion.id,
				group: `${group.id} · ${group.title[locale]}`,
				criterion: criterion.text[locale],
				guidance: criterion.guidance?.[locale] ?? '',
				basis: `${criterion.basis.document}, ${criterion.basis.clause}`,
				allowed: allowedText(criterion.answer, cc.naAllowed, t, locale),
				answer: displayValue(criterion.answer, answer, t, locale),
				naReason: fields.naReason || null,
				evidence: `${t(`evidence.${criterion.evidence}`)}${files ? ` (${t('excel.filesAttached', { count: files })})` : ''}`,
				orig: fields.value,
				origNa: fields.naReason,
			})
			row.alignment = { wrapText: true, vertical: 'top' }
			const answerCell = row.getCell(ANSWER_COLUMNS.indexOf('answer') + 1)
			const naCell = row.getCell(ANSWER_COLUMNS.indexOf('naReason') + 1)
			answerCell.protection = { locked: false }
			naCell.protection = { locked: false }
			answerCell.fill = naCell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF8DC' } }
			const spec = criterion.answer
			const options = optionsFor(spec, cc.naAllowed, t, locale)
			const address = answerCell.address
			const error = { showErrorMessage: true, errorTitle: criterion.id, error: allowedText(spec, cc.naAllowed, t, locale) }
			if (options)
				validateRange(ws, address, { type: 'list', allowBlank: true, formulae: [listRange(lists, ++listColumn, options)], ...error })
			else if (spec.type === 'number')
				validateRange(ws, address, {
					type: spec.integer ? 'whole' : 'decimal',
					operator: 'between',
					allowBlank: true,
					formulae: [spec.min ?? -1e15, spec.max ?? 1e15],
					...error,
				})
			else if (spec.type === 'percent')
				validateRange(ws, address, { type: 'decimal', operator: 'between', allowBlank: true, formulae: [0, 100], ...error })
			else if (spec.type === 'text')
				validateRange(ws, address, {
					type: 'textLength',
					operator: 'lessThanOrEqual',
					allowBlank: true,
					formulae: [spec.max_length],
					...error,
				})
			if (spec.type === 'date') answerCell.numFmt = 'dd/mm/yyyy'
		}
		for (const key of ['orig', 'origNa'] as const) ws.getColumn(ANSWER_COLUMNS.indexOf(key) + 1).hidden = true
	})

	const meta: AnswerSheetMeta = {
		format: ANSWER_SHEET_FORMAT,
		assessmentId: ctx.assessment.id,
		campaignId: ctx.campaign.id,
		facilityCode: ctx.facility.code,
		baseVersion: ctx.assessment.version,
		catalogs: catalogs.map((c) => ({ code: c.code, version: c.version, hash: c.hash, sheet: c.sheet })),
	}
	for (const [k, v] of metaRows(meta)) metaSheet.addRow([k, v])
	// Protection without a password: it keeps the criteria and the hidden columns from being edited
	// by mistake, not a security boundary (the upload checks everything).
	for (const ws of sheets)
		await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, autoFilter: true, formatColumns: false, formatRows: true })
	return workbookBytes(wb)
}
