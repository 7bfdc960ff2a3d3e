// Reading uploaded spreadsheets with well-kept libraries: exceljs for .xlsx, csv-parse for CSV,
// yauzl to look inside a .xlsx before parsing it. Uploads are untrusted: every refusal is a message
// key with what is wrong and where, never an exception that reaches the user. Bytes in, cells out:
// no database, no HTTP (docs/ARCHITECTURE.md).
import { parse as parseCsv } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import yauzl from 'yauzl'
import { type Sheet, type SheetCell, type SheetRow } from '~/domain/sheet'

export const SPREADSHEET_MAX_BYTES = 10 * 1024 * 1024
/** Ample for a hospital's workbook (a few hundred rows unpack to well under 1 MB). */
const DEFAULT_MAX_UNPACKED = 10 * 1024 * 1024
const MAX_ZIP_ENTRIES = 1000
/** Excel's own limit for one cell. */
const MAX_CELL_CHARS = 32_767

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export type ReadProblem = { code: string; params?: Record<string, string | number> }
export type ReadResult =
	{ ok: true; format: 'xlsx' | 'csv'; sheets: Array<Sheet & { hidden: boolean }> } | { ok: false; problem: ReadProblem }

export type ReadOptions = {
	/** Rows per sheet, the header included; one more and the file is refused. */
	maxRows: number
	/** Cells beyond this column are not read. */
	maxColumns: number
	/** Whether a CSV file is acceptable here. */
	csv: boolean
	/** What a workbook may unpack to (its XML), which bounds the memory loading it takes; default 10 MB. */
	maxUnpackedBytes?: number
}

const ZIP = [0x50, 0x4b, 0x03, 0x04]
/** OLE compound file: Excel 97–2003 (.xls), and also how Excel stores a password-protected .xlsx. */
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

function startsWith(bytes: Uint8Array, magic: ReadonlyArray<number>) {
	return magic.every((b, i) => bytes[i] === b)
}

/** Reads an uploaded .xlsx or CSV file into sheets of cells. */
export async function readSpreadsheet(bytes: Uint8Array, opts: ReadOptions): Promise<ReadResult> {
	if (bytes.length === 0) return { ok: false, problem: { code: 'sheet.emptyFile' } }
	if (bytes.length > SPREADSHEET_MAX_BYTES)
		return { ok: false, problem: { code: 'sheet.fileTooLarge', params: { max: SPREADSHEET_MAX_BYTES / 1024 / 1024 } } }
	if (startsWith(bytes, OLE)) return { ok: false, problem: { code: 'sheet.encryptedOrXls' } }
	if (startsWith(bytes, ZIP)) return readXlsx(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), opts)
	if (!opts.csv) return { ok: false, problem: { code: 'sheet.notXlsx' } }
	return readCsv(bytes, opts)
}

type ZipSummary = { ok: true } | { ok: false; problem: ReadProblem }

/**
 * Looks inside the archive before any parsing: a real workbook, not encrypted, and not a bomb. The
 * sizes an archive declares can lie, so every entry is inflated here and its real bytes counted,
 * stopping at `maxUnpacked`; damaged compressed data fails here too, before exceljs sees the file.
 */
function inspectZip(buffer: Buffer, maxUnpacked: number): Promise<ZipSummary> {
	const tooLarge: ZipSummary = {
		ok: false,
		problem: { code: 'sheet.tooLargeInside', params: { max: Math.round(maxUnpacked / 1024 / 1024) } },
	}
	return new Promise((resolve) => {
		yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (error, zip) => {
			if (error || !zip) return resolve({ ok: false, problem: { code: 'sheet.corrupt' } })
			let entries = 0
			let total = 0
			let workbook = false
			let done = false
			const finish = (r: ZipSummary) => {
				if (done) return
				done = true
				zip.close()
				resolve(r)
			}
			zip.on('entry', (entry: yauzl.Entry) => {
				if (done) return
				entries++
				if (entry.fileName === 'xl/workbook.xml') workbook = true
				if (entry.isEncrypted()) return finish({ ok: false, problem: { code: 'sheet.encryptedOrXls' } })
				if (entries > MAX_ZIP_ENTRIES) return finish(tooLarge)
				if (entry.fileName.endsWith('/')) return zip.readEntry()
				zip.openReadStream(entry, (err, stream) => {
					if (err || !stream) return finish({ ok: false, problem: { code: 'sheet.corrupt' } })
					stream.on('data', (chunk: Buffer) => {
						total += chunk.length
						if (total > maxUnpacked) {
							stream.destroy()
							finish(tooLarge)
						}
					})
					stream.on('error', () => finish({ ok: false, problem: { code: 'sheet.corrupt' } }))
					stream.on('end', () => zip.readEntry())
				})
			})
			zip.on('end', () => finish(workbook ? { ok: true } : { ok: false, problem: { code: 'sheet.notXlsx' } }))
			zip.on('error', () => finish({ ok: false, problem: { code: 'sheet.corrupt' } }))
			zip.readEntry()
		})
	})
}

/**
 * Workbooks are loaded whole with exceljs' full reader, which accepts any order of the parts and
 * keeps every style (dates, percentages). Loading takes about thirteen times the unpacked size in
 * memory, so the unpacked size is bounded first (`maxUnpackedBytes`). exceljs' streaming reader was
 * tried and left: it depends on the order of the parts, can hang on damaged files and leaves temp
 * files behind when stopped early (docs/PERFORMANCE.md, "Administration").
 */
async function readXlsx(buffer: Buffer, opts: ReadOptions): Promise<ReadResult> {
	const inspected = await inspectZip(buffer, opts.maxUnpackedBytes ?? DEFAULT_MAX_UNPACKED)
	if (!inspected.ok) return inspected
	return loadXlsx(buffer, opts)
}

async function loadXlsx(buffer: Buffer, opts: ReadOptions): Promise<ReadResult> {
	const wb = new ExcelJS.Workbook()
	try {
		await wb.xlsx.load(buffer as unknown as ArrayBuffer)
	} catch {
		return { ok: false, problem: { code: 'sheet.corrupt' } }
	}
	const sheets: Array<Sheet & { hidden: boolean }> = []
	for (const ws of wb.worksheets) {
		if (ws.rowCount > opts.maxRows)
			return { ok: false, problem: { code: 'sheet.tooManyRows', params: { max: opts.maxRows - 1, sheet: ws.name } } }
		const rows: Array<SheetRow> = []
		ws.eachRow((row) => rows.push({ number: row.number, cells: rowCells(row, opts.maxColumns) }))
		sheets.push({ name: ws.name, hidden: ws.state === 'hidden' || ws.state === 'veryHidden', rows })
	}
	if (!sheets.length) return { ok: false, problem: { code: 'sheet.corrupt' } }
	return { ok: true, format: 'xlsx', sheets }
}

function rowCells(row: ExcelJS.Row, maxColumns: number): Array<SheetCell> {
	const cells: Array<SheetCell> = []
	const last = Math.min(row.cellCount, maxColumns)
	for (let c = 1; c <= last; c++) {
		const cell = row.getCell(c)
		cells.push(toSheetCell(cell.value, cell.numFmt))
	}
	while (cells.length && cells[cells.length - 1] === null) cells.pop()
	return cells
}

/** A cell as the person sees it: a percentage cell holding 0.85 shows, and means, 85. */
function toSheetCell(value: ExcelJS.CellValue, numFmt: string | undefined): SheetCell {
	if (value === null || value === undefined) return null
	if (typeof value === 'string') return value.length > MAX_CELL_CHARS ? value.slice(0, MAX_CELL_CHARS) : value
	if (typeof value === 'number') return numFmt && /%/.test(numFmt.replace(/"[^"]*"/g, '')) ? Number((value * 100).toPrecision(12)) : value
	if (typeof value === 'boolean') return value
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? { error: '#VALUE!' } : { date: value.toISOString().slice(0, 10) }
	if (typeof value === 'object') {
		if ('formula' in value || 'sharedFormula' in value) {
			const f = value as { formula?: string; sharedFormula?: string }
			return { formula: f.formula ?? f.sharedFormula ?? '' }
		}
		if ('richText' in value) return (value as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('')
		if ('error' in value) return { error: String((value as ExcelJS.CellErrorValue).error) }
		if ('text' in value) return String((value as { text: unknown }).text)
	}
	return null
}

function decodeCsv(bytes: Uint8Array): { ok: true; text: string } | { ok: false; problem: ReadProblem } {
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) }
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) }
	// A binary file (a PDF, an image, a Word document) renamed .csv holds control bytes no text file has.
	const head = bytes.subarray(0, 4096)
	let control = 0
	for (const b of head) if (b < 0x09 || (b > 0x0d && b < 0x20)) control++
	if (control > 0) return { ok: false, problem: { code: 'sheet.unsupported' } }
	try {
		return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '') }
	} catch {
		return { ok: false, problem: { code: 'sheet.notUtf8', params: { line: firstBadUtf8Line(bytes) } } }
	}
}

/** The line (1-based) holding the first byte sequence that is not UTF-8. */
function firstBadUtf8Line(bytes: Uint8Array): number {
	const decoder = new TextDecoder('utf-8', { fatal: true })
	let line = 1
	let start = 0
	for (let i = 0; i <= bytes.length; i++) {
		if (i === bytes.length || bytes[i] === 0x0a) {
			try {
				decoder.decode(bytes.subarray(start, i))
			} catch {
				return line
			}
			line++
			start = i + 1
		}
	}
	return 1
}

/** The separator Excel used: a comma, or a semicolon or tab in locales where the comma is the decimal mark. */
function guessDelimiter(text: string): string {
	const firstLine = text.slice(0, text.search(/\r?\n|$/))
	const outsideQuotes = firstLine.replace(/"[^"]*"/g, '')
	const counts = [',', ';', '\t'].map((d) => [d, outsideQuotes.split(d).length - 1] as const)
	return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0]
}

function readCsv(bytes: Uint8Array, opts: ReadOptions): ReadResult {
	const decoded = decodeCsv(bytes)
	if (!decoded.ok) return decoded
	let records: Array<Array<string>>
	try {
		records = parseCsv(decoded.text, {
			delimiter: guessDelimiter(decoded.text),
			relax_column_count: true,
			skip_empty_lines: false,
			to: opts.maxRows + 1,
		}) as Array<Array<string>>
	} catch (error) {
		const line = (error as { lines?: number }).lines
		return { ok: false, problem: { code: 'sheet.csvMalformed', params: { line: line ?? 1 } } }
	}
	if (records.length > opts.maxRows)
		return { ok: false, problem: { code: 'sheet.tooManyRows', params: { max: opts.maxRows - 1, sheet: 'CSV' } } }
	const rows: Array<SheetRow> = records.map((record, i) => ({
		number: i + 1,
		cells: record
			.slice(0, opts.maxColumns)
			.map((v): SheetCell => (v === '' ? null : formulaLike(v) ? { formula: v.replace(/^[=\t\r]+/, '') } : v.slice(0, MAX_CELL_CHARS))),
	}))
	return { ok: true, format: 'csv', sheets: [{ name: 'CSV', hidden: false, rows }] }
}

/**
 * A CSV cell that a spreadsheet would run as a formula: one starting with "=", a tab or a return,
 * or with "+", "-" or "@" followed by more than a plain number ("+84 912", "-5" stay text; the
 * column's own check judges them). Refused by address, like a workbook's formulas.
 */
function formulaLike(value: string): boolean {
	return /^[=\t\r]/.test(value) || (/^[+\-@]/.test(value) && !/^[+-]?[\d\s.,]*$/.test(value))
}
