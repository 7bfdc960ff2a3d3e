// Spreadsheets written by the tests with the same library the app reads them with (exceljs).
import { Readable } from 'node:stream'
import { deflateRawSync } from 'node:zlib'
import ExcelJS from 'exceljs'

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

/**
 * A zip whose one entry says it unpacks to `declared` bytes but really inflates to `real` zero
 * bytes: the classic bomb that trusts-the-header readers let through. Built by hand (the layout of
 * APPNOTE 4.3.7 and 4.3.12), since no archiver writes a lie.
 */
export function lyingZip(name: string, real: number, declared: number): Uint8Array {
	const data = deflateRawSync(Buffer.alloc(real))
	const fileName = Buffer.from(name)
	const local = Buffer.alloc(30)
	local.writeUInt32LE(0x04034b50, 0)
	local.writeUInt16LE(20, 4)
	local.writeUInt16LE(8, 8)
	local.writeUInt32LE(0, 14)
	local.writeUInt32LE(data.length, 18)
	local.writeUInt32LE(declared, 22)
	local.writeUInt16LE(fileName.length, 26)
	const central = Buffer.alloc(46)
	central.writeUInt32LE(0x02014b50, 0)
	central.writeUInt16LE(20, 4)
	central.writeUInt16LE(20, 6)
	central.writeUInt16LE(8, 10)
	central.writeUInt32LE(0, 16)
	central.writeUInt32LE(data.length, 20)
	central.writeUInt32LE(declared, 24)
	central.writeUInt16LE(fileName.length, 28)
	const centralOffset = local.length + fileName.length + data.length
	const end = Buffer.alloc(22)
	end.writeUInt32LE(0x06054b50, 0)
	end.writeUInt16LE(1, 8)
	end.writeUInt16LE(1, 10)
	end.writeUInt32LE(central.length + fileName.length, 12)
	end.writeUInt32LE(centralOffset, 16)
	return new Uint8Array(Buffer.concat([local, fileName, data, central, fileName, end]))
}
