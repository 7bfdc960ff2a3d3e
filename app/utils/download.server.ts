// HTTP glue for files: reading an uploaded spreadsheet out of a multipart request (the size limit
// enforced while the body streams) and answering with a download. The bytes themselves are
// spreadsheets/' business.
import { PassThrough } from 'node:stream'
import {
	createReadableStreamFromReadable,
	MaxPartSizeExceededError,
	unstable_createMemoryUploadHandler,
	unstable_parseMultipartFormData,
} from '@remix-run/node'
import { type ReadOptions, type ReadProblem, readSpreadsheet, SPREADSHEET_MAX_BYTES } from '#spreadsheets/read'
import { csvText, type ExcelJS, writeStreamedWorkbook, XLSX_MIME } from '#spreadsheets/write'
import { type Sheet } from '~/domain/sheet'

export function downloadHeaders(fileName: string, mime: string) {
	const ascii = fileName
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.replace(/[^A-Za-z0-9._-]+/g, '-')
	return {
		'Content-Type': mime,
		'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
		'Cache-Control': 'private, no-store',
		'X-Content-Type-Options': 'nosniff',
	}
}

/**
 * A workbook written as it is sent (exceljs' WorkbookWriter): memory stays flat however many rows
 * there are. `write` adds and commits the sheets; the response starts at once.
 */
export function streamedXlsxResponse(fileName: string, write: (wb: ExcelJS.stream.xlsx.WorkbookWriter) => Promise<void>) {
	const stream = new PassThrough()
	writeStreamedWorkbook(stream, write).catch((error) => stream.destroy(error as Error))
	return new Response(createReadableStreamFromReadable(stream), { headers: downloadHeaders(fileName, XLSX_MIME) })
}

/** An .xlsx file made whole (spreadsheets/ wrote its bytes). */
export function xlsxResponse(bytes: Uint8Array, fileName: string) {
	return new Response(Buffer.from(bytes), { headers: downloadHeaders(fileName, XLSX_MIME) })
}

/** CSV as Excel opens it in Vietnamese: UTF-8 with a byte-order mark. */
export function csvResponse(
	header: ReadonlyArray<string>,
	rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>,
	fileName: string,
) {
	return new Response(csvText(header, rows), { headers: downloadHeaders(fileName, 'text/csv; charset=utf-8') })
}

export type UploadForm = { ok: true; formData: FormData } | { ok: false; problem: ReadProblem; status: number }

/**
 * The form of a multipart upload, read with the file's size limit enforced while the body streams
 * (also when the request does not say how long it is); a refusal says why. The form's fields are
 * then the schema's business.
 */
export async function readUploadForm(request: Request, maxBytes = SPREADSHEET_MAX_BYTES): Promise<UploadForm> {
	const tooLarge = {
		ok: false as const,
		status: 413,
		problem: { code: 'sheet.fileTooLarge', params: { max: maxBytes / 1024 / 1024 } },
	}
	if (Number(request.headers.get('content-length') ?? 0) > maxBytes + 64 * 1024) return tooLarge
	try {
		return {
			ok: true,
			formData: await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxBytes })),
		}
	} catch (error) {
		if (error instanceof MaxPartSizeExceededError) return tooLarge
		return { ok: false, status: 400, problem: { code: 'sheet.missingFile' } }
	}
}

export type Upload =
	| { ok: true; fileName: string; bytes: Uint8Array; sheets: Array<Sheet & { hidden: boolean }> }
	| { ok: false; problem: ReadProblem; status: number }

/** The uploaded file of a form (field `file`), read as a spreadsheet; a refusal says why. */
export async function readUpload(request: Request, opts: ReadOptions): Promise<Upload & { formData?: FormData }> {
	const form = await readUploadForm(request)
	if (!form.ok) return form
	const { formData } = form
	const file = formData.get('file')
	if (!(file instanceof Blob) || file.size === 0) return { ok: false, status: 400, problem: { code: 'sheet.missingFile' }, formData }
	const bytes = new Uint8Array(await file.arrayBuffer())
	const read = await readSpreadsheet(bytes, opts)
	if (!read.ok) return { ok: false, status: 400, problem: read.problem, formData }
	return { ok: true, fileName: (file as File).name || 'upload', bytes, sheets: read.sheets, formData }
}
