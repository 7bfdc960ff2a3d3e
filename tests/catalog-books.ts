// Editing a catalog workbook the way an analyst does in Excel (exceljs, the library the app reads
// it with): find a row by its id, change a cell by its column heading, add rows.
import type ExcelJS from 'exceljs'
import { CATALOG_SHEETS } from '#spreadsheets/catalog-workbook'

export const sheetOf = (wb: ExcelJS.Workbook, key: keyof typeof CATALOG_SHEETS) => wb.getWorksheet(CATALOG_SHEETS[key])!

/** The column whose heading starts with `heading` (the Vietnamese half is enough: "Mã tiêu chí"). */
export function columnOf(ws: ExcelJS.Worksheet, heading: string): number {
	let found = 0
	ws.getRow(1).eachCell((cell, col) => {
		if (!found && String(cell.value).startsWith(`${heading} /`)) found = col
	})
	if (!found) throw new Error(`no column "${heading}" on ${ws.name}`)
	return found
}

/** The row whose cell under `heading` (by default the second column, the id) holds `value`. */
export function rowOf(ws: ExcelJS.Worksheet, value: string, heading?: string): ExcelJS.Row {
	const col = heading ? columnOf(ws, heading) : 2
	for (let r = 2; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(col).value === value) return ws.getRow(r)
	throw new Error(`no row "${value}" on ${ws.name}`)
}

/** Sets a criterion's cell (criteria sheet, by the criterion's id). */
export function setCriterion(wb: ExcelJS.Workbook, id: string, heading: string, value: ExcelJS.CellValue) {
	const ws = sheetOf(wb, 'criteria')
	rowOf(ws, id).getCell(columnOf(ws, heading)).value = value
}

/** Sets a field of the header sheet (code, version, based_on, …). */
export function setHeaderField(wb: ExcelJS.Workbook, field: string, value: ExcelJS.CellValue) {
	const ws = sheetOf(wb, 'header')
	rowOf(ws, field, 'Trường').getCell(3).value = value
}

/** Adds a criterion after the last row: a copy of `like`'s row with the given cells changed. */
export function addCriterionLike(wb: ExcelJS.Workbook, like: string, cells: Record<string, ExcelJS.CellValue>): number {
	const ws = sheetOf(wb, 'criteria')
	const source = rowOf(ws, like)
	const values: Array<ExcelJS.CellValue> = []
	source.eachCell({ includeEmpty: true }, (cell, col) => (values[col] = cell.value))
	const row = ws.addRow(values.slice(1))
	for (const [heading, value] of Object.entries(cells)) row.getCell(columnOf(ws, heading)).value = value
	return row.number
}

/** The id of the first criterion of the criteria sheet that is answered yes/no. */
export function firstYesNo(wb: ExcelJS.Workbook, after = 0): string {
	const ws = sheetOf(wb, 'criteria')
	const type = columnOf(ws, 'Kiểu trả lời')
	let seen = 0
	for (let r = 2; r <= ws.rowCount; r++) {
		if (ws.getRow(r).getCell(type).value === 'yes_no' && seen++ >= after) return String(ws.getRow(r).getCell(2).value)
	}
	throw new Error('no yes/no criterion')
}
