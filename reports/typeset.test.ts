// The typesetter reproduces pdfkit's line breaking and text placement (ADR 011): these tests compare
// it with pdfkit itself, so an upgrade of pdfkit or linebreak (pinned exactly in package.json) shows
// here first.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import PDFDocument from 'pdfkit'
import { expect, test } from 'vitest'
import { shippedCatalogs } from '#tests/fixtures'
import { reportFonts } from './fonts'
import { docText, drawText, embedFonts, textLines, type TextOptions } from './typeset'

function tmpFile(name: string, bytes: Buffer) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'typeset-test-'))
	const file = path.join(dir, name)
	fs.writeFileSync(file, bytes)
	return file
}

test('report text breaks into the same lines as pdfkit\u2019s own wrapper, for every shipped catalog string at the widths the report uses', () => {
	const doc = new PDFDocument({ size: 'A4', autoFirstPage: false })
	doc.addPage()
	doc.registerFont('R', reportFonts().regular)
	doc.registerFont('B', reportFonts().bold)
	// pdfkit's internal _text with a line callback is the only way to see where its wrapper breaks.
	const internal = doc as unknown as { _text(text: string, x: number, y: number, options: object, line: (text: string) => void): void }
	const pdfkitLines = (face: 'R' | 'B', size: number, s: string, options: { width: number; height?: number; ellipsis?: boolean }) => {
		doc.font(face).fontSize(size)
		const lines: Array<string> = []
		internal._text(s, 0, 0, { ...options }, (line) => {
			lines.push(line.replace(/\n/g, ''))
			doc.y += doc.currentLineHeight(true)
		})
		return lines
	}
	const strings = shippedCatalogs().flatMap((c) => [
		c.title.vi,
		...c.groups.flatMap((g) => [
			g.title.vi,
			...g.criteria.flatMap((cr) => [cr.text.vi, `${cr.text.vi} (bắt buộc)`, `${cr.basis.document}, ${cr.basis.clause}`]),
		]),
	])
	strings.push(
		'Dòng một\nDòng hai',
		'https://danhgia.example.gov.vn/verify/R-2026-ABCDEFGHJK',
		'Siêu\u00ADdài\u00ADtừ\u00ADghép rất\u00ADdài',
		'Khoảng   trắng   kép  ',
		'',
	)
	const sizes = [
		['R', 7.5, 155],
		['R', 6.5, 155],
		['R', 7, 104],
		['B', 6.5, 68],
		['B', 9.5, 150],
		['R', 8.5, 483],
		['R', 7, 20],
	] as const
	let compared = 0
	for (const s of strings) {
		for (const [face, size, width] of sizes) {
			expect(textLines(face, size, s, { width }), `${face} ${size}pt at ${width}: ${s}`).toEqual(pdfkitLines(face, size, s, { width }))
			compared++
		}
		// Bounded boxes ending in an ellipsis, as the chart labels and the result box use them.
		expect(textLines('R', 6.5, s, { width: 60, height: 18, ellipsis: true }), s).toEqual(
			pdfkitLines('R', 6.5, s, { width: 60, height: 18, ellipsis: true }),
		)
	}
	expect(compared).toBeGreaterThan(1000)
})

test('text lands where pdfkit\u2019s own text() put it: same words at the same positions, same doc.y, overflow to a new page included', async () => {
	const long = shippedCatalogs()
		.flatMap((cat) => cat.groups.flatMap((g) => g.criteria.map((c) => c.text.vi)))
		.join(' ')
	const cases: Array<{ face: 'R' | 'B'; size: number; color: string; text: string; x: number; y: number; options: TextOptions }> = [
		{
			face: 'B',
			size: 10,
			color: '#0b4f8a',
			text: 'HỆ THỐNG ĐÁNH GIÁ MỨC ĐỘ SẴN SÀNG CNTT BỆNH VIỆN',
			x: 48,
			y: 64,
			options: { characterSpacing: 0.5 },
		},
		{
			face: 'B',
			size: 22,
			color: '#1b2733',
			text: 'BÁO CÁO ĐÁNH GIÁ MỨC ĐỘ SẴN SÀNG CÔNG NGHỆ THÔNG TIN',
			x: 48,
			y: 100,
			options: { width: 499.28, lineGap: 4 },
		},
		{ face: 'R', size: 7.5, color: '#1b2733', text: long.slice(0, 600), x: 125, y: 200, options: { width: 155 } },
		{
			face: 'R',
			size: 6.5,
			color: '#5b6b7a',
			text: 'https://danhgia.example.gov.vn/verify/R-2026-ABCDEFGHJK',
			x: 367,
			y: 420,
			options: { width: 180, align: 'right' },
		},
		{ face: 'R', size: 7.5, color: '#5b6b7a', text: 'Quét mã để xác minh', x: 451, y: 440, options: { width: 96, align: 'center' } },
		{
			face: 'R',
			size: 6.5,
			color: '#5b6b7a',
			text: 'Mức 3 — Hồ sơ bệnh án điện tử toàn viện, có chữ ký số',
			x: 300,
			y: 460,
			options: { width: 60, height: 18, ellipsis: true },
		},
		{ face: 'R', size: 7.5, color: '#5b6b7a', text: 'Tự đánh giá', x: 62, y: 500, options: { lineBreak: false } },
		{ face: 'R', size: 9, color: '#1b2733', text: 'Mặc định đến lề phải: ' + long.slice(600, 900), x: 60, y: 520, options: {} },
		{ face: 'R', size: 8.5, color: '#1b2733', text: long.slice(900, 2600), x: 64, y: 700, options: { width: 483 } },
	]
	const write = async (draw: (doc: PDFKit.PDFDocument, c: (typeof cases)[number]) => void, finish: (doc: PDFKit.PDFDocument) => void) => {
		const doc = new PDFDocument({
			size: 'A4',
			margins: { top: 48, bottom: 40, left: 48, right: 48 },
			autoFirstPage: false,
			info: { CreationDate: new Date(0) },
		})
		const chunks: Array<Buffer> = []
		doc.on('data', (c: Buffer) => chunks.push(c))
		const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
		doc.addPage()
		const ys: Array<number> = []
		for (const c of cases) {
			draw(doc, c)
			ys.push(doc.y)
		}
		finish(doc)
		doc.end()
		return { bytes: await done, ys }
	}
	const theirs = await write(
		(doc, c) => {
			doc.registerFont('R', reportFonts().regular).registerFont('B', reportFonts().bold)
			doc.font(c.face).fontSize(c.size).fillColor(c.color).text(c.text, c.x, c.y, c.options)
		},
		() => {},
	)
	let t: ReturnType<typeof docText> | null = null
	const ours = await write(
		(doc, c) => drawText((t ??= docText(doc)), { face: c.face, size: c.size, color: c.color }, c.text, c.x, c.y, c.options),
		() => embedFonts(t!),
	)
	expect(ours.ys).toEqual(theirs.ys)
	const bbox = (bytes: Buffer) =>
		execFileSync('pdftotext', ['-bbox', tmpFile('b.pdf', bytes), '-'], { encoding: 'utf8' }).replace(/<head>[\s\S]*<\/head>/, '')
	const words = bbox(theirs.bytes)
	expect(words.match(/<page /g)).toHaveLength(2)
	expect(bbox(ours.bytes)).toBe(words)
})
