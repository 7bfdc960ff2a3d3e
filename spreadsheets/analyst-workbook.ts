// The analysts' workbook of a round: a summary sheet, then one row per facility × applicable
// criterion with the self-assessed and the verified value. Streamed (exceljs' WorkbookWriter):
// a national round is over a million rows, which neither fits one sheet nor belongs in memory.
import { type Db } from '#db/client.server'
import { evidenceCounts, getAnswers } from '#db/queries/assessments'
import { reportingCounts } from '#db/queries/campaigns'
import { getCampaignCatalogs } from '#db/queries/catalogs'
import { exportAssessments, latestVerdicts, levelCounts } from '#db/queries/exports'
import { type Answer } from '~/domain/catalog/answers'
import { applicabilityFor } from '~/domain/catalog/compile'
import { type AnswerSpec } from '~/domain/catalog/schema'
import { dmyDate, vnIsoDate } from '~/domain/dates'
import { type AssessmentStatus, type Locale } from '~/domain/enums'
import { type Grant } from '~/domain/permissions'
import { REPORTING_STAGES, summariseReporting } from '~/domain/reporting'
import { verifiedAnswer } from '~/domain/verification'
import { type MessageKey, formatDateTime, makeTranslate, type Translate } from '~/i18n/translate'
import { streamedXlsxResponse } from '~/utils/download.server'
import { type ExcelJS, keepUp } from './write'

/** Excel's sheet holds 1,048,576 rows; a round's answers continue on "Answers (2)" and so on. */
export const ROWS_PER_SHEET = 1_000_000

const COLUMNS = [
	['provinceCode', 9],
	['province', 24],
	['facilityCode', 11],
	['facility', 40],
	['type', 24],
	['class', 13],
	['managingBody', 22],
	['ownership', 14],
	['beds', 8],
	['status', 20],
	['submittedAt', 12],
	['late', 8],
	['catalog', 20],
	['catalogVersion', 8],
	['group', 10],
	['criterionId', 18],
	['criterion', 60],
	['answerType', 11],
	['value', 14],
	['valueLabel', 26],
	['naReason', 30],
	['verdict', 16],
	['verifiedValue', 14],
	['verifiedLabel', 26],
	['reason', 30],
	['evidence', 9],
] as const

type Cell = string | number | Date | null

const DECIDED: ReadonlySet<AssessmentStatus> = new Set(['provincially_verified', 'approved', 'published'])

/** A calendar date as Excel stores one: exceljs writes a Date's UTC day, so midnight UTC of that day. */
function calendarDate(iso: string) {
	return new Date(`${iso}T00:00:00Z`)
}

/** An answer as a value a spreadsheet can sort and sum (a number, a date, a code), and as the words a reader sees. */
function answerCells(
	spec: AnswerSpec,
	answer: Answer | null | undefined,
	t: Translate,
	locale: Locale,
): { raw: Cell; label: Cell; naReason: Cell } {
	if (!answer) return { raw: null, label: null, naReason: null }
	switch (answer.kind) {
		case 'yes_no':
			return {
				raw: answer.value,
				label: t(answer.value === 'yes' ? 'form.yes' : answer.value === 'no' ? 'form.no' : 'form.na'),
				naReason: answer.value === 'na' ? (answer.naReason ?? null) : null,
			}
		case 'choice': {
			const option = spec.type === 'choice' ? spec.options.find((o) => o.value === answer.value) : undefined
			return { raw: answer.value, label: option ? option.label[locale] : answer.value, naReason: null }
		}
		case 'date':
			return { raw: calendarDate(answer.value), label: dmyDate(answer.value), naReason: null }
		default:
			return { raw: answer.value, label: String(answer.value), naReason: null }
	}
}

type ExportInput = {
	campaign: { id: number; title: string; opensAt: Date; dueAt: Date }
	grants: ReadonlyArray<Grant>
	locale: Locale
	scopeLabel: string
}

/**
 * Streams the workbook of a round for the facilities the user's grants reach. The response
 * starts at once; rows are written as they are read, and held back while compression catches up.
 */
export function analystExportResponse(db: Db, input: ExportInput & { fileName: string }, now = new Date()) {
	return streamedXlsxResponse(input.fileName, (wb) => writeAnswers(db, wb, input, now).then(() => undefined))
}

/** Writes the summary and the answers sheets into a streamed workbook; returns the number of answer rows. */
export async function writeAnswers(
	db: Db,
	wb: ExcelJS.stream.xlsx.WorkbookWriter,
	input: ExportInput,
	now = new Date(),
	rowsPerSheet = ROWS_PER_SHEET,
): Promise<{ rows: number }> {
	const { locale, campaign } = input
	const t = makeTranslate(locale)
	const catalogs = getCampaignCatalogs(db, campaign.id)
	const assessments = exportAssessments(db, campaign.id, input.grants)
	const asOf = vnIsoDate(campaign.opensAt)
	wb.creator = t('app.name')

	// Rows per facility are known up front (applicable criteria), so the summary can state the total.
	const applicable = assessments.map((a) =>
		catalogs.map((c) =>
			applicabilityFor(c.compiled, { type: a.facility.type, class: a.facility.class, managingBody: a.facility.managingBody }, asOf),
		),
	)
	const totalRows = applicable.reduce((sum, perCatalog) => sum + perCatalog.reduce((s, mask) => s + mask.reduce((x, v) => x + v, 0), 0), 0)

	writeSummary(wb, {
		t,
		locale,
		campaign,
		catalogs,
		assessments,
		scopeLabel: input.scopeLabel,
		totalRows,
		now,
		reporting: summariseReporting(reportingCounts(db, campaign.id, input.grants), now > campaign.dueAt),
		levels: levelCounts(db, campaign.id, input.grants),
	})

	const header = COLUMNS.map(([key]) => t(`export.col.${key}` as MessageKey))
	let sheet: ExcelJS.Worksheet | null = null
	let sheetRows = 0
	let sheetNumber = 0
	let rows = 0
	const nextSheet = () => {
		sheet?.commit()
		sheetNumber++
		sheet = wb.addWorksheet(sheetNumber === 1 ? t('export.sheet.answers') : `${t('export.sheet.answers')} (${sheetNumber})`, {
			views: [{ state: 'frozen', ySplit: 1 }],
		})
		sheet.columns = COLUMNS.map(([key, width]) => ({ key, width }))
		const h = sheet.addRow(header)
		h.font = { bold: true }
		h.commit()
		sheetRows = 0
	}
	nextSheet()
	for (let i = 0; i < assessments.length; i++) {
		const a = assessments[i]
		const answers = getAnswers(db, a.id)
		const verdicts = latestVerdicts(db, a.id)
		const evidence = evidenceCounts(db, a.id)
		const decided = DECIDED.has(a.status)
		const facilityCells: Array<Cell> = [
			a.facility.provinceCode,
			locale === 'en' ? a.provinceEn : a.provinceVi,
			a.facility.code,
			a.facility.name,
			t(`facilityType.${a.facility.type}` as MessageKey),
			t(`facilityClass.${a.facility.class}` as MessageKey),
			t(`managingBody.${a.facility.managingBody}` as MessageKey),
			t(`ownership.${a.facility.ownership}` as MessageKey),
			a.facility.bedCount,
			t(`status.${a.status}` as MessageKey),
			a.submittedAt ? calendarDate(vnIsoDate(a.submittedAt)) : null,
			a.submittedAt ? t(a.late ? 'export.yes' : 'export.no') : null,
		]
		catalogs.forEach((c, ci) => {
			const mask = applicable[i][ci]
			c.compiled.criteria.forEach((cc, k) => {
				if (!mask[k]) return
				const criterion = cc.criterion
				if (sheetRows >= rowsPerSheet) nextSheet()
				const selfAnswer = answers.get(criterion.id)?.answer ?? null
				const self = answerCells(criterion.answer, selfAnswer, t, locale)
				// A criterion the evaluator left alone in a decided assessment was accepted as it stood.
				const v = verdicts.get(criterion.id) ?? (decided ? { verdict: 'accept' as const, value: null, reason: null, round: 0 } : undefined)
				const verified = v
					? answerCells(criterion.answer, verifiedAnswer(selfAnswer, v), t, locale)
					: { raw: null, label: null, naReason: null }
				const row = sheet!.addRow([
					...facilityCells,
					c.code,
					c.version,
					c.compiled.groups[cc.groupIndex].group.id,
					criterion.id,
					criterion.text[locale],
					criterion.answer.type,
					self.raw,
					self.label,
					self.naReason,
					v ? t(`verdict.${v.verdict}` as MessageKey) : null,
					verified.raw,
					verified.label,
					v?.reason ?? null,
					evidence.get(criterion.id) ?? 0,
				])
				for (const col of [11, 19, 23]) if (row.getCell(col).value instanceof Date) row.getCell(col).numFmt = 'dd/mm/yyyy'
				row.commit()
				sheetRows++
				rows++
			})
		})
		await keepUp(sheet!)
	}
	;(sheet as ExcelJS.Worksheet | null)?.commit()
	return { rows }
}

function writeSummary(
	wb: ExcelJS.stream.xlsx.WorkbookWriter,
	s: {
		t: Translate
		locale: Locale
		campaign: { title: string; opensAt: Date; dueAt: Date }
		catalogs: ReturnType<typeof getCampaignCatalogs>
		assessments: ReturnType<typeof exportAssessments>
		scopeLabel: string
		totalRows: number
		now: Date
		reporting: ReturnType<typeof summariseReporting>
		levels: ReturnType<typeof levelCounts>
	},
) {
	const { t, locale } = s
	const ws = wb.addWorksheet(t('export.sheet.summary'))
	ws.columns = [
		{ width: 34 },
		{ width: 14 },
		...REPORTING_STAGES.map(() => ({ width: 14 })),
		{ width: 12 },
		{ width: 12 },
		{ width: 12 },
		{ width: 12 },
	]
	const bold = (cells: Array<Cell>) => {
		const r = ws.addRow(cells)
		r.font = { bold: true }
		r.commit()
	}
	const row = (cells: Array<Cell>) => ws.addRow(cells).commit()
	const title = ws.addRow([s.campaign.title])
	title.font = { bold: true, size: 14 }
	title.commit()
	row([t('export.summary.period'), `${dmyDate(vnIsoDate(s.campaign.opensAt))} – ${dmyDate(vnIsoDate(s.campaign.dueAt))}`])
	row([t('export.summary.catalogs'), s.catalogs.map((c) => `${c.code} v${c.version}`).join(', ')])
	row([t('export.summary.scope'), s.scopeLabel])
	row([t('export.summary.generated'), formatDateTime(locale, s.now)])
	row([t('export.summary.facilities'), s.assessments.length])
	row([t('export.summary.rows'), s.totalRows])
	row([])
	bold([
		t('registry.col.province'),
		t('reporting.col.facilities'),
		...REPORTING_STAGES.map((st) => t(`reporting.stage.${st}` as MessageKey)),
		t('reporting.col.late'),
		t('reporting.col.overdue'),
		t('reporting.col.rate'),
		t('reporting.col.onTime'),
	])
	const provinceName = new Map(s.assessments.map((a) => [a.facility.provinceCode, locale === 'en' ? a.provinceEn : a.provinceVi]))
	for (const p of [...s.reporting.provinces, s.reporting.total]) {
		const r = ws.addRow([
			p.provinceCode ? (provinceName.get(p.provinceCode) ?? p.provinceCode) : t('reporting.total'),
			p.total,
			...REPORTING_STAGES.map((st) => p.stages[st]),
			p.late,
			p.overdue,
			p.reportingRate,
			p.onTimeRate,
		])
		r.getCell(REPORTING_STAGES.length + 5).numFmt = '0.0%'
		r.getCell(REPORTING_STAGES.length + 6).numFmt = '0.0%'
		if (!p.provinceCode) r.font = { bold: true }
		r.commit()
	}
	row([])
	bold([t('export.summary.levels'), t('export.summary.level'), t('export.summary.self'), t('export.summary.verified')])
	for (const c of s.catalogs) {
		for (const l of c.compiled.levels) {
			const n = s.levels.get(`${c.code} ${l.level.id}`)
			row([`${c.code} v${c.version}`, l.level.title[locale], n?.self ?? 0, n?.verified ?? 0])
		}
	}
	ws.commit()
}
