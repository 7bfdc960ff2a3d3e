// The analysts' workbook of a round: a summary sheet, then one row per facility × applicable
// criterion with the self-assessed and the verified value. Streamed (exceljs' WorkbookWriter):
// a national round is over a million rows, which neither fits one sheet nor belongs in memory.
// Data in, bytes out: the caller reads the round and hands over one assessment's data at a time.
import { type Answer } from '~/domain/catalog/answers'
import { applicabilityFor, type CompiledCatalog } from '~/domain/catalog/compile'
import { type AnswerSpec } from '~/domain/catalog/schema'
import { dmyDate, vnIsoDate } from '~/domain/dates'
import {
	type AssessmentStatus,
	type FacilityClass,
	type FacilityType,
	type Locale,
	type ManagingBody,
	type Ownership,
	type Verdict,
} from '~/domain/enums'
import { formatFigure, type IndicatorFigure } from '~/domain/indicators'
import { REPORTING_STAGES, type summariseReporting } from '~/domain/reporting'
import { verifiedAnswer } from '~/domain/verification'
import { coverageWords, denominatorWords } from '~/i18n/figure-words'
import { formatDateTime, makeTranslate, type Translate } from '~/i18n/translate'
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

/** A catalog version the round pins. */
export type AnalystCatalog = { code: string; version: number; compiled: CompiledCatalog }

/** An assessment of the round, with its facility as the registry describes it. */
export type AnalystAssessment = {
	id: number
	status: AssessmentStatus
	submittedAt: Date | null
	late: boolean
	facility: {
		provinceCode: string
		code: string
		name: string
		type: FacilityType
		class: FacilityClass
		managingBody: ManagingBody
		ownership: Ownership
		bedCount: number
	}
	provinceVi: string
	provinceEn: string
}

/** One assessment's answers, the evaluator's latest verdicts and the evidence counts, by criterion id. */
export type AnalystAssessmentData = {
	answers: ReadonlyMap<string, Answer>
	verdicts: ReadonlyMap<string, { verdict: Verdict; value: Answer | null; reason: string | null }>
	evidence: ReadonlyMap<string, number>
}

export type AnalystWorkbookInput = {
	locale: Locale
	campaign: { title: string; opensAt: Date; dueAt: Date }
	catalogs: ReadonlyArray<AnalystCatalog>
	scopeLabel: string
	/** When the workbook is made (the summary says so). */
	now: Date
	reporting: ReturnType<typeof summariseReporting>
	/**
	 * The indicators over the round's published results, as the portal computes them (docs/STATISTICS.md):
	 * nationally (scope null) and per province in the reader's reach; empty before anything is published.
	 */
	statistics: ReadonlyArray<{ scope: { vi: string; en: string } | null; figures: ReadonlyArray<IndicatorFigure> }>
	/** Per "catalog level": how many assessments reached it, self-assessed and verified. */
	levels: ReadonlyMap<string, { self: number; verified: number }>
	/** The round's assessments in the reader's reach, in the order their rows are written. */
	assessments: ReadonlyArray<AnalystAssessment>
	/**
	 * One assessment's data, asked for when its rows are written and dropped after: however large
	 * the round, one assessment's answers are in memory at a time.
	 */
	dataOf: (assessmentId: number) => AnalystAssessmentData | Promise<AnalystAssessmentData>
}

/**
 * Writes the summary and the answers sheets into a streamed workbook, holding rows back while
 * compression catches up (`keepUp`); returns the number of answer rows.
 */
export async function writeAnalystWorkbook(
	wb: ExcelJS.stream.xlsx.WorkbookWriter,
	input: AnalystWorkbookInput,
	rowsPerSheet = ROWS_PER_SHEET,
): Promise<{ rows: number }> {
	const { locale, campaign, catalogs, assessments } = input
	const t = makeTranslate(locale)
	const asOf = vnIsoDate(campaign.opensAt)
	wb.creator = t('app.name')

	// Rows per facility are known up front (applicable criteria), so the summary can state the total.
	const applicable = assessments.map((a) =>
		catalogs.map((c) =>
			applicabilityFor(c.compiled, { type: a.facility.type, class: a.facility.class, managingBody: a.facility.managingBody }, asOf),
		),
	)
	const totalRows = applicable.reduce((sum, perCatalog) => sum + perCatalog.reduce((s, mask) => s + mask.reduce((x, v) => x + v, 0), 0), 0)

	writeSummary(wb, { ...input, t, totalRows })
	writeStatistics(wb, input.statistics, t, locale)

	const header = COLUMNS.map(([key]) => t(`export.col.${key}`))
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
		const { answers, verdicts, evidence } = await input.dataOf(a.id)
		const decided = DECIDED.has(a.status)
		const facilityCells: Array<Cell> = [
			a.facility.provinceCode,
			locale === 'en' ? a.provinceEn : a.provinceVi,
			a.facility.code,
			a.facility.name,
			t(`facilityType.${a.facility.type}`),
			t(`facilityClass.${a.facility.class}`),
			t(`managingBody.${a.facility.managingBody}`),
			t(`ownership.${a.facility.ownership}`),
			a.facility.bedCount,
			t(`status.${a.status}`),
			a.submittedAt ? calendarDate(vnIsoDate(a.submittedAt)) : null,
			a.submittedAt ? t(a.late ? 'export.yes' : 'export.no') : null,
		]
		catalogs.forEach((c, ci) => {
			const mask = applicable[i][ci]
			c.compiled.criteria.forEach((cc, k) => {
				if (!mask[k]) return
				const criterion = cc.criterion
				if (sheetRows >= rowsPerSheet) nextSheet()
				const selfAnswer = answers.get(criterion.id) ?? null
				const self = answerCells(criterion.answer, selfAnswer, t, locale)
				// A criterion the evaluator left alone in a decided assessment was accepted as it stood.
				const v = verdicts.get(criterion.id) ?? (decided ? { verdict: 'accept' as const, value: null, reason: null } : undefined)
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
					v ? t(`verdict.${v.verdict}`) : null,
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

function writeSummary(wb: ExcelJS.stream.xlsx.WorkbookWriter, s: AnalystWorkbookInput & { t: Translate; totalRows: number }) {
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
		...REPORTING_STAGES.map((st) => t(`reporting.stage.${st}`)),
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

/** The statistics sheet: one row per scope × indicator, the figure as the portal writes it beside its parts as numbers. */
function writeStatistics(
	wb: ExcelJS.stream.xlsx.WorkbookWriter,
	statistics: AnalystWorkbookInput['statistics'],
	t: Translate,
	locale: Locale,
) {
	const ws = wb.addWorksheet(t('export.sheet.statistics'), { views: [{ state: 'frozen', ySplit: 2 }] })
	ws.columns = [
		{ width: 24 },
		{ width: 26 },
		{ width: 44 },
		{ width: 20 },
		{ width: 11 },
		{ width: 11 },
		{ width: 9 },
		{ width: 50 },
		{ width: 12 },
		{ width: 12 },
	]
	const title = ws.addRow([t('export.stats.title')])
	title.font = { bold: true }
	title.commit()
	if (!statistics.length) {
		ws.addRow([t('export.stats.none')]).commit()
		ws.commit()
		return
	}
	const header = ws.addRow([
		t('export.stats.col.scope'),
		t('export.stats.col.id'),
		t('stats.col.indicator'),
		t('portal.col.figure'),
		t('export.stats.col.numerator'),
		t('export.stats.col.denominatorValue'),
		t('export.stats.col.percent'),
		t('stats.col.denominator'),
		t('export.stats.col.reported'),
		t('export.stats.col.registered'),
	])
	header.font = { bold: true }
	header.commit()
	for (const { scope, figures } of statistics) {
		for (const f of figures) {
			const row = ws.addRow([
				scope ? scope[locale] : t('export.stats.national'),
				f.id,
				f.label[locale],
				formatFigure(f, locale),
				f.numerator,
				f.denominator,
				// One decimal of a percentage is three of a fraction; rounding keeps 70,2 % from being stored as 0.7020000000000001.
				f.percent === null ? null : Math.round(f.percent * 10) / 1000,
				`${denominatorWords(t, locale, f)} · ${coverageWords(t, locale, f)}`,
				f.reported,
				f.registered,
			])
			row.getCell(7).numFmt = '0.0%'
			row.commit()
		}
	}
	ws.commit()
}
