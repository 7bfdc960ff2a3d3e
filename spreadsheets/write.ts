// Writing workbooks and CSV (exceljs, csv-stringify): sheets and rows in, bytes out; no database,
// no HTTP (docs/ARCHITECTURE.md). Streamed workbooks keep memory flat however many rows there are.
import { type Writable } from 'node:stream'
import { stringify } from 'csv-stringify/sync'
import ExcelJS from 'exceljs'

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

// ---------------------------------------------------------------------------------------------
// Writing

/**
 * Header row: bold on a light fill, with filters. (Freeze it with `views` when adding the sheet: a
 * streamed sheet takes its views only there.) On a streamed sheet, call it before the row is committed.
 */
export function styleHeader(ws: ExcelJS.Worksheet, columns: number) {
	const header = ws.getRow(1)
	header.font = { bold: true }
	header.alignment = { vertical: 'middle', wrapText: true }
	for (let c = 1; c <= columns; c++) header.getCell(c).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE8F0' } }
	ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns } }
}

/** Freezes the header row (and the first column with `column`). */
export const frozenHeader = (column = false): Array<Partial<ExcelJS.WorksheetView>> => [
	{ state: 'frozen', ySplit: 1, ...(column ? { xSplit: 1 } : {}) },
]

/**
 * Drop-down lists read from a hidden sheet (a list written into the rule itself is limited to 255
 * characters, too short for Vietnamese labels). Returns the range to use in a validation.
 */
export function listRange(lists: ExcelJS.Worksheet, column: number, values: ReadonlyArray<string>): string {
	values.forEach((v, i) => (lists.getCell(i + 1, column).value = v))
	const letter = lists.getColumn(column).letter
	return `'${lists.name}'!$${letter}$1:$${letter}$${Math.max(1, values.length)}`
}

/** A validation over a whole range (exceljs supports it; its typings know only per-cell rules). */
export function validateRange(ws: ExcelJS.Worksheet, range: string, validation: ExcelJS.DataValidation) {
	;(ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(range, validation)
}

export async function writeStreamedWorkbook(stream: Writable, write: (wb: ExcelJS.stream.xlsx.WorkbookWriter) => Promise<void>) {
	const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false })
	await write(wb)
	await wb.commit()
}

/** How much of a streamed sheet may wait for compression before rows are held back. */
const MAX_PENDING_BYTES = 2 * 1024 * 1024

type StreamState = { length?: number }
type ArchiverPipe = { _writableState?: StreamState; _readableState?: StreamState }

/**
 * Waits while compression is behind, then gives the event loop a turn. exceljs writes a sheet's
 * XML into its zip entry without waiting for the deflater, so a fast producer would otherwise queue
 * the whole sheet in memory (1 GB for a national round); and a long synchronous run of rows would
 * hold up everyone else's requests. The fields read are those of exceljs 4.4 and of its archiver's
 * streams (readable-stream 3), pinned in package.json.
 */
export async function keepUp(ws: ExcelJS.Worksheet) {
	const buf = (ws as unknown as { stream?: { buffers?: Array<unknown>; pipes?: Array<ArchiverPipe> } }).stream
	for (;;) {
		// The sheet's entry is read by archiver's PassThrough, in front of the deflater.
		const sink = buf?.pipes?.[0]
		const pending = (buf?.buffers?.length ?? 0) * 65_536 + (sink?._writableState?.length ?? 0) + (sink?._readableState?.length ?? 0)
		if (pending < MAX_PENDING_BYTES) break
		await new Promise((resolve) => setTimeout(resolve, 2))
	}
	await new Promise((resolve) => setImmediate(resolve))
}

/** A whole workbook as the bytes of an .xlsx file. */
export async function workbookBytes(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
	return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer)
}

/**
 * A cell that a spreadsheet would take for a formula (=, +, -, @, tab, return) is written with a
 * leading apostrophe, so an exported name can never run in the reader's spreadsheet (CSV injection).
 */
export function csvSafe(value: string | number | boolean | null | undefined): string {
	if (value === null || value === undefined) return ''
	if (typeof value !== 'string') return String(value)
	return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

/** CSV as Excel opens it in Vietnamese: UTF-8 with a byte-order mark; every cell made inert (csvSafe). */
export function csvText(header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>) {
	return `\uFEFF${stringify([header.map(csvSafe), ...rows.map((r) => r.map(csvSafe))])}`
}

export { ExcelJS }
