// Spreadsheets written by the tests with the same library the app reads them with (exceljs).
import ExcelJS from 'exceljs'
import { Readable } from 'node:stream'

export async function xlsxBytes(sheets: Record<string, Array<Array<ExcelJS.CellValue>>>): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook()
	for (const [name, rows] of Object.entries(sheets)) {
		const ws = wb.addWorksheet(name)
		for (const r of rows) ws.addRow(r)
	}
	return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer)
}

/** Opens a downloaded workbook (a Response body) for reading and editing. */
export async function openWorkbook(bytes: Uint8Array | ArrayBuffer): Promise<ExcelJS.Workbook> {
	const wb = new ExcelJS.Workbook()
	await wb.xlsx.read(Readable.from(Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes))))
	return wb
}

export async function workbookBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
	return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer)
}

/** A multipart form with one file, as a browser sends it. */
export function fileForm(bytes: Uint8Array, fileName: string, fields: Record<string, string> = {}) {
	const form = new FormData()
	for (const [k, v] of Object.entries(fields)) form.append(k, v)
	form.append('file', new File([Buffer.from(bytes)], fileName))
	return form
}
