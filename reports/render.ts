// Lays out a report model (app/domain/report.ts) as an A4 PDF: cover, summary with vector charts,
// one section per catalog, attestation and approval, page numbers, QR code. pdfkit writes the
// document, pages and graphics; text goes through ./typeset (line breaking as pdfkit's, measured
// once, the font subset kept under its own glyph ids). Output depends only on the model
// (CreationDate comes from it), so the same model gives the same bytes.
import { pdfkitAddPlaceholder } from '@signpdf/placeholder-pdfkit'
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils'
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import { percentText, type ReportCatalog, type ReportModel } from '../app/domain/report'
import { type FaceName, pdfNumber, reportFaces, widthOf } from './fonts'
import { type DocText, docText, drawText, embedFonts, type TextOptions, textHeight } from './typeset'

type Doc = InstanceType<typeof PDFDocument>

export type PlaceholderOptions = {
	/** Shown by PDF readers as the signer's name. */
	name: string
	reason: string
	location: string
	contactInfo: string
	/** Bytes reserved for the PKCS#7 signature (hex doubles it in the file). */
	signatureLength: number
}

/** Section headings, in order; tests read them back with pdftotext. */
export const HEADINGS = {
	summary: 'TÓM TẮT KẾT QUẢ',
	readiness: 'MỨC SẴN SÀNG THEO HỆ THỐNG',
	statistics: 'CHỈ TIÊU THỐNG KÊ',
	catalog: 'PHẦN',
	attestation: 'CAM KẾT VÀ PHÊ DUYỆT',
} as const

const A4: [number, number] = [595.28, 841.89]
const M = 48
const W = A4[0] - 2 * M
const BOTTOM = A4[1] - 56
const C = {
	ink: '#1b2733',
	muted: '#5b6b7a',
	rule: '#c9d2db',
	band: '#eef2f6',
	brand: '#0b4f8a',
	self: '#9fb8d0',
	verified: '#0b4f8a',
	ok: '#1f7a3f',
	warn: '#a4460c',
	empty: '#e3e8ee',
} as const

const KIND_TEXT: Record<ReportModel['kind'], string> = {
	signed: 'Bản chính thức, ký số',
	draft: 'Bản dự thảo, không có giá trị chính thức',
	submission: 'Bản nộp của cơ sở (để người đứng đầu ký số)',
}

export async function renderReportPdf(model: ReportModel, signature?: PlaceholderOptions): Promise<Buffer> {
	const doc = new PDFDocument({
		size: 'A4',
		margins: { top: M, bottom: 40, left: M, right: M },
		bufferPages: true,
		autoFirstPage: false,
		compress: true,
		lang: 'vi-VN',
		displayTitle: true,
		info: {
			Title: `${model.title.vi} — ${model.facility.name}`,
			Author: model.signer?.name ?? 'Hospital IT Readiness',
			Subject: `${model.campaign.title} · ${model.id}`,
			Keywords: `ReportId:${model.id}`,
			Creator: 'Hospital IT Readiness',
			Producer: 'Hospital IT Readiness (pdfkit)',
			CreationDate: model.createdAt,
			ModDate: model.createdAt,
		},
	})
	const chunks: Array<Buffer> = []
	doc.on('data', (c: Buffer) => chunks.push(c))
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('end', () => resolve(Buffer.concat(chunks)))
		doc.on('error', reject)
	})
	const t = docText(doc)

	cover(t, model)
	summary(t, model)
	readinessSection(t, model)
	statisticsSection(t, model)
	model.catalogs.forEach((c, i) => catalogSection(t, model, c, i + 1))
	attestation(t, model)
	await qrCode(doc, model.verifyUrl, A4[0] - M - 96, 640, 96)
	if (signature) {
		// The widget goes on the current (last) page; the visible block is drawn by attestation().
		pdfkitAddPlaceholder({
			pdf: doc,
			pdfBuffer: Buffer.alloc(0),
			reason: signature.reason,
			contactInfo: signature.contactInfo,
			name: signature.name,
			location: signature.location,
			signingTime: model.createdAt,
			signatureLength: signature.signatureLength,
			subFilter: SUBFILTER_ETSI_CADES_DETACHED,
			appName: 'HospitalITReadiness',
		})
	}
	decoratePages(t, model)
	embedFonts(t)
	doc.end()
	return done
}

/** Text in one face, size and colour; leaves doc.y below it (see drawText). */
function text(t: DocText, face: FaceName, size: number, color: string, s: string, x: number, y: number, options?: TextOptions) {
	drawText(t, { face, size, color }, s, x, y, options)
}

function height(t: DocText, face: FaceName, size: number, s: string, width: number) {
	return textHeight(t, { face, size, color: C.ink }, s, { width })
}

function ensureSpace(doc: Doc, height: number) {
	if (doc.y + height > BOTTOM) doc.addPage()
}

function cover(t: DocText, m: ReportModel) {
	const { doc } = t
	doc.addPage()
	doc.rect(0, 0, A4[0], 10).fill(C.brand)
	text(t, 'B', 10, C.brand, 'HỆ THỐNG ĐÁNH GIÁ MỨC ĐỘ SẴN SÀNG CNTT BỆNH VIỆN', M, 64, { characterSpacing: 0.5 })
	text(t, 'R', 9, C.muted, 'Hospital IT readiness assessment system', M, doc.y + 2)
	doc
		.moveTo(M, 120)
		.lineTo(M + W, 120)
		.lineWidth(0.8)
		.strokeColor(C.rule)
		.stroke()
	text(t, 'B', 22, C.ink, m.title.vi, M, 170, { width: W, lineGap: 4 })
	text(t, 'R', 12, C.muted, m.title.en, M, doc.y + 6, { width: W })
	text(t, 'B', 18, C.brand, m.facility.name, M, doc.y + 36, { width: W })
	text(t, 'R', 12, C.ink, m.facility.provinceName, M, doc.y + 4, { width: W })
	const rows: Array<[string, string]> = [
		['Đợt đánh giá', `${m.campaign.title} (${m.campaign.year})`],
		['Mã báo cáo', m.id],
		['Ngày lập', m.createdAtText],
		['Loại', KIND_TEXT[m.kind]],
	]
	let y = doc.y + 28
	for (const [label, value] of rows) {
		text(t, 'R', 9.5, C.muted, label, M, y, { width: 120 })
		text(t, 'B', 10, C.ink, value, M + 125, y, { width: W - 125 })
		y = doc.y + 6
	}
	y += 18
	text(t, 'B', 11, C.ink, 'Bộ tiêu chí và kết quả', M, y)
	y = doc.y + 6
	doc.rect(M, y, W, 20).fill(C.band)
	text(t, 'B', 8.5, C.muted, 'Bộ tiêu chí (phiên bản)', M + 6, y + 6, { width: 250 })
	text(t, 'B', 8.5, C.muted, 'Tự đánh giá', M + 262, y + 6, { width: 110 })
	text(t, 'B', 8.5, C.muted, m.hasVerified ? 'Kết quả thẩm định' : 'Thẩm định', M + 378, y + 6, { width: W - 384 })
	y += 24
	for (const c of m.catalogs) {
		const title = `${c.title.vi} (v${c.version})`
		const h = Math.max(height(t, 'R', 9, title, 250), 12)
		text(t, 'R', 9, C.ink, title, M + 6, y, { width: 250 })
		text(t, 'R', 9, C.ink, c.applicable ? levelLabel(c, c.selfLevel) : 'Không áp dụng', M + 262, y, { width: 110 })
		text(
			t,
			'B',
			9,
			m.hasVerified ? C.brand : C.muted,
			!c.applicable ? '—' : m.hasVerified ? levelLabel(c, c.verifiedLevel) : 'Chưa thẩm định',
			M + 378,
			y,
			{ width: W - 384 },
		)
		y += h + 8
		doc
			.moveTo(M, y - 4)
			.lineTo(M + W, y - 4)
			.lineWidth(0.4)
			.strokeColor(C.rule)
			.stroke()
	}
	text(
		t,
		'R',
		8.5,
		C.muted,
		'Báo cáo được lập tự động từ hồ sơ tự đánh giá của cơ sở và kết quả thẩm định. Tính xác thực của bản PDF được kiểm tra tại trang xác minh công khai theo mã QR ở trang cuối.',
		M,
		BOTTOM - 40,
		{ width: W },
	)
}

function heading(t: DocText, vi: string, en: string) {
	const { doc } = t
	doc.rect(M, doc.y, 4, 22).fill(C.brand)
	const y = doc.y
	text(t, 'B', 15, C.ink, vi, M + 12, y, { width: W - 12 })
	text(t, 'R', 9, C.muted, en, M + 12, doc.y, { width: W - 12 })
	doc.y += 10
}

/** A subheading, on the next page unless it fits with `keep` points of what follows it. */
function subheading(t: DocText, s: string, keep = 20) {
	ensureSpace(t.doc, 20 + keep)
	text(t, 'B', 11, C.brand, s, M, t.doc.y + 6, { width: W })
	t.doc.y += 4
}

function summary(t: DocText, m: ReportModel) {
	const { doc } = t
	doc.addPage()
	heading(t, HEADINGS.summary, 'Summary of results')
	subheading(t, 'Mức đạt theo từng bộ tiêu chí')
	legend(t, m.hasVerified)
	// Chart 1: a row of level cells per catalog, filled up to the achieved level.
	for (const c of m.catalogs) {
		ensureSpace(doc, 56)
		const y = doc.y
		text(t, 'B', 8.5, C.ink, c.code, M, y, { width: 120 })
		text(t, 'R', 7.5, C.muted, `v${c.version}${c.applicable ? '' : ' · không áp dụng'}`, M, doc.y, { width: 120 })
		const x0 = M + 125
		const width = W - 125
		if (!c.levels.length) {
			text(t, 'R', 8, C.muted, 'Bộ tiêu chí khảo sát: không xếp mức.', x0, y + 2, { width })
			doc.y = Math.max(y + 28, doc.y)
			continue
		}
		const n = c.levels.length
		const cell = width / n
		const rows = m.hasVerified ? [c.selfRank, c.verifiedRank] : [c.selfRank]
		rows.forEach((rank, r) => {
			const color = r === 0 && m.hasVerified ? C.self : C.verified
			for (let i = 0; i < n; i++) doc.rect(x0 + i * cell + 1, y + r * 12, cell - 2, 10).fill(i < rank ? color : C.empty)
		})
		const labelsY = y + rows.length * 12 + 2
		c.levels.forEach((l, i) => text(t, 'R', 6.5, C.muted, l, x0 + i * cell + 1, labelsY, { width: cell - 2, height: 18, ellipsis: true }))
		doc.y = Math.max(labelsY + 20, doc.y) + 6
	}
	subheading(t, m.hasVerified ? 'Tỷ lệ đạt theo nhóm: tự đánh giá và thẩm định' : 'Tỷ lệ đạt theo nhóm (tự đánh giá)')
	legend(t, m.hasVerified)
	// Chart 2: paired bars per group, 0–100 %.
	const x0 = M + 190
	const width = W - 190 - 40
	for (const c of m.catalogs) {
		if (!c.applicable || !c.groups.length) continue
		ensureSpace(doc, 30 + 22)
		text(t, 'B', 8.5, C.ink, c.title.vi, M, doc.y + 4, { width: W })
		doc.y += 3
		for (const g of c.groups) {
			ensureSpace(doc, 22)
			const y = doc.y
			text(t, 'R', 7.5, C.ink, g.title, M, y, { width: 185, height: 20, ellipsis: true })
			const bars: Array<[number | null, string]> = m.hasVerified
				? [
						[g.selfPercent, C.self],
						[g.verifiedPercent, C.verified],
					]
				: [[g.selfPercent, C.verified]]
			bars.forEach(([p, color], i) => {
				const by = y + i * 8
				doc.rect(x0, by, width, 6).fill(C.empty)
				if (p !== null && p > 0) doc.rect(x0, by, (width * Math.min(p, 100)) / 100, 6).fill(color)
				text(t, 'R', 6.5, C.muted, percentText(p), x0 + width + 4, by - 1, { width: 36 })
			})
			doc.y = y + Math.max(bars.length * 8 + 6, 20)
		}
	}
}

function legend(t: DocText, both: boolean) {
	const { doc } = t
	const y = doc.y + 2
	const items: Array<[string, string]> = both
		? [
				[C.self, 'Tự đánh giá'],
				[C.verified, 'Thẩm định'],
			]
		: [[C.verified, 'Tự đánh giá']]
	let x = M
	for (const [color, label] of items) {
		doc.rect(x, y + 1, 10, 7).fill(color)
		text(t, 'R', 7.5, C.muted, label, x + 14, y, { lineBreak: false })
		x += 90
	}
	doc.y = y + 14
}

const COLS = [
	{ key: 'id', label: 'Mã', w: 74 },
	{ key: 'text', label: 'Tiêu chí · căn cứ pháp lý', w: 161 },
	{ key: 'self', label: 'Tự đánh giá', w: 62 },
	{ key: 'verified', label: 'Thẩm định', w: 62 },
	{ key: 'reason', label: 'Lý do của người thẩm định', w: 110 },
	{ key: 'evidence', label: 'Minh chứng', w: W - 74 - 161 - 62 - 62 - 110 },
] as const

function tableHeader(t: DocText) {
	const { doc } = t
	const y = doc.y
	doc.rect(M, y, W, 18).fill(C.band)
	let x = M
	for (const col of COLS) {
		text(t, 'B', 7, C.muted, col.label, x + 3, y + 5, { width: col.w - 6 })
		x += col.w
	}
	doc.y = y + 20
}

function catalogSection(t: DocText, m: ReportModel, c: ReportCatalog, n: number) {
	const { doc } = t
	doc.addPage()
	heading(t, `${HEADINGS.catalog} ${n}. ${c.title.vi}`, `${c.title.en} · ${c.code} v${c.version}`)
	text(t, 'R', 8, C.muted, `Căn cứ: ${c.legalBasis.join('; ')}`, M, doc.y, { width: W })
	doc.y += 6
	if (!c.applicable) {
		text(t, 'R', 10, C.ink, 'Bộ tiêu chí này không áp dụng cho cơ sở.', M, doc.y + 6, { width: W })
		return
	}
	// Result box.
	const y = doc.y + 4
	doc.rect(M, y, W, 46).fill(C.band)
	const cells: Array<[string, string]> = [
		['Tự đánh giá', `${levelLabel(c, c.selfLevel)} · ${percentText(c.selfPercent)}`],
		['Kết quả thẩm định', m.hasVerified ? `${levelLabel(c, c.verifiedLevel)} · ${percentText(c.verifiedPercent)}` : 'Chưa thẩm định'],
		['Mức tiếp theo', c.nextLevel ?? 'Đã đạt mức cao nhất'],
	]
	cells.forEach(([label, value], i) => {
		const x = M + 10 + i * (W / 3)
		text(t, 'R', 7.5, C.muted, label, x, y + 8, { width: W / 3 - 16 })
		text(t, 'B', 9.5, i === 1 && m.hasVerified ? C.brand : C.ink, value, x, y + 20, { width: W / 3 - 16, height: 24, ellipsis: true })
	})
	doc.y = y + 54
	if (c.provisional) {
		text(
			t,
			'R',
			7.5,
			C.warn,
			'Một số quy tắc xếp mức của bộ tiêu chí còn tạm thời (chưa đối chiếu văn bản chính thức): kết quả mang tính tạm thời.',
			M,
			doc.y,
			{ width: W },
		)
		doc.y += 4
	}
	// What is missing and the roadmap come before the detail, each heading kept with its first line,
	// so that a short roadmap never lands alone on a page after a long table.
	subheading(t, c.nextLevel ? `Những điểm còn thiếu để đạt «${c.nextLevel}»` : 'Những điểm còn thiếu', bulletHeight(t, c.blockers[0]))
	if (!c.blockers.length) text(t, 'R', 8.5, C.muted, 'Không có.', M, doc.y + 2, { width: W })
	for (const b of c.blockers) bullet(t, b)
	subheading(t, 'Lộ trình cải thiện đề xuất', bulletHeight(t, c.roadmap[0]))
	c.roadmap.forEach((s, i) => bullet(t, s, `${i + 1}.`))
	for (const g of c.groups) {
		subheading(
			t,
			`${g.title}  ·  ${percentText(m.hasVerified ? g.verifiedPercent : g.selfPercent)}${(m.hasVerified ? g.verifiedTier : g.selfTier) ? `  ·  ${m.hasVerified ? g.verifiedTier : g.selfTier}` : ''}`,
		)
		tableHeader(t)
		for (const r of g.criteria) {
			const textCell = `${r.text}${r.mandatory ? ' (bắt buộc)' : ''}`
			// Each cell is measured once; drawing the same string at the same width reuses the measurement.
			const h1 = height(t, 'R', 7.5, textCell, COLS[1].w - 6)
			const h2 = height(t, 'R', 6.5, r.basis, COLS[1].w - 6)
			const h3 = r.reason ? height(t, 'R', 7, r.reason, COLS[4].w - 6) : 0
			const hv = Math.max(height(t, 'R', 7, r.self, COLS[2].w - 6), height(t, 'R', 7, r.verified, COLS[3].w - 6))
			const code = codeCell(r.id, COLS[0].w - 6)
			const hid = height(t, 'B', code.size, code.text, COLS[0].w - 6)
			const h = Math.max(h1 + h2 + 2, h3, hv, hid, 10) + 8
			if (doc.y + h > BOTTOM) {
				doc.addPage()
				tableHeader(t)
			}
			const y0 = doc.y
			if (r.changed) doc.rect(M, y0, W, h).fill('#fdf3ea')
			let x = M
			text(t, 'B', code.size, C.ink, code.text, x + 3, y0 + 4, { width: COLS[0].w - 6 })
			x += COLS[0].w
			text(t, 'R', 7.5, C.ink, textCell, x + 3, y0 + 4, { width: COLS[1].w - 6 })
			text(t, 'R', 6.5, C.muted, r.basis, x + 3, doc.y + 1, { width: COLS[1].w - 6 })
			x += COLS[1].w
			text(t, 'R', 7, C.ink, r.self, x + 3, y0 + 4, { width: COLS[2].w - 6 })
			x += COLS[2].w
			text(t, r.changed ? 'B' : 'R', 7, r.changed ? C.warn : C.ink, r.verified, x + 3, y0 + 4, { width: COLS[3].w - 6 })
			x += COLS[3].w
			if (r.reason) text(t, 'R', 7, C.ink, r.reason, x + 3, y0 + 4, { width: COLS[4].w - 6 })
			x += COLS[4].w
			text(t, 'R', 7, r.evidence ? C.ink : C.muted, String(r.evidence), x + 3, y0 + 4, { width: COLS[5].w - 6, align: 'center' })
			doc
				.moveTo(M, y0 + h)
				.lineTo(M + W, y0 + h)
				.lineWidth(0.3)
				.strokeColor(C.rule)
				.stroke()
			doc.y = y0 + h
		}
	}
}

/** The readiness matrix by system: one block per row, what a director reads first. */
function readinessSection(t: DocText, m: ReportModel) {
	const { doc } = t
	doc.addPage()
	heading(t, HEADINGS.readiness, 'Readiness by system')
	text(
		t,
		'R',
		8,
		C.muted,
		m.hasVerified
			? 'Theo kết quả thẩm định. Các tiêu chí làm căn cứ của từng ô nằm trong các phần theo bộ tiêu chí dưới đây.'
			: 'Theo kết quả tự đánh giá. Các tiêu chí làm căn cứ của từng ô nằm trong các phần theo bộ tiêu chí dưới đây.',
		M,
		doc.y,
		{ width: W },
	)
	if (m.readinessIssues.length) {
		subheading(t, 'Thông tin cần sửa')
		for (const s of m.readinessIssues) bullet(t, s)
	}
	for (const r of m.readiness) {
		const lines = [
			`Vận hành / cách triển khai: ${r.operation}`,
			`Chức năng đạt / áp dụng: ${r.coverage} · Kết nối đã có: ${r.connections}`,
			...r.security.map((s) => `An toàn thông tin — ${s}`),
			`Còn thiếu để lên bước tiếp theo: ${r.next.length ? r.next.join('; ') : 'không có'}`,
		]
		const h = lines.reduce((sum, l) => sum + height(t, 'R', 8.5, l, W - 16) + 2, 24)
		ensureSpace(doc, Math.min(h, 200))
		subheading(t, r.system)
		for (const l of lines) bullet(t, l)
	}
}

/**
 * The national indicators as this facility's answers give them (docs/STATISTICS.md): one line each,
 * the indicator and its value right-aligned, after the readiness matrix. Nothing without the survey.
 */
function statisticsSection(t: DocText, m: ReportModel) {
	if (!m.statistics.length) return
	const { doc } = t
	const valueWidth = 90
	const rowHeight = (label: string) => height(t, 'R', 8.5, label, W - valueWidth - 12) + 5
	// Kept on one page: the heading, its note and every line (about 300 points for the survey's 15).
	ensureSpace(doc, 80 + m.statistics.reduce((sum, s) => sum + rowHeight(s.label), 0))
	doc.y += 12
	heading(t, HEADINGS.statistics, 'National indicators, as this facility counts in them')
	text(
		t,
		'R',
		8,
		C.muted,
		`${m.hasVerified ? 'Theo kết quả thẩm định' : 'Theo kết quả tự đánh giá'}, tính theo định nghĩa chỉ tiêu của cổng thông tin công khai. «—»: cơ sở không được tính (chưa trả lời hoặc không áp dụng).`,
		M,
		doc.y,
		{ width: W },
	)
	doc.y += 4
	for (const s of m.statistics) {
		const h = rowHeight(s.label)
		ensureSpace(doc, h)
		const y = doc.y + 2
		text(t, 'R', 8.5, C.ink, s.label, M, y, { width: W - valueWidth - 12 })
		text(t, 'B', 8.5, C.ink, s.value, M + W - valueWidth, y, { width: valueWidth, align: 'right' })
		doc.y = y + h - 2
		doc
			.moveTo(M, doc.y)
			.lineTo(M + W, doc.y)
			.lineWidth(0.4)
			.strokeColor(C.rule)
			.stroke()
	}
}

/** The height a bullet takes (nothing when there is none). */
function bulletHeight(t: DocText, s: string | undefined) {
	return s === undefined ? 12 : height(t, 'R', 8.5, s, W - 16) + 4
}

/**
 * A criterion code as the table prints it: broken only after a dot, never inside a word
 * ("ATTT.RISPACS." / "approved", not "appr" / "oved"), at a size where its longest part fits.
 */
export function codeCell(code: string, width: number, size = 6.5): { text: string; size: number } {
	const face = reportFaces().B
	const measure = (s: string, at: number) => (widthOf(face, s) * at) / 1000
	const parts = code.split(/(?<=\.)/)
	const widest = Math.max(...parts.map((p) => measure(p, size)))
	// A little short of the width, so that rounding never makes the wrapper break a part again.
	const room = width - 0.5
	const fitted = widest > room ? Math.floor(((size * room) / widest) * 100) / 100 : size
	const lines: Array<string> = []
	let line = ''
	for (const p of parts) {
		if (line && measure(line + p, fitted) > room) {
			lines.push(line)
			line = p
		} else line += p
	}
	lines.push(line)
	return { text: lines.join('\n'), size: fitted }
}

function bullet(t: DocText, s: string, mark = '•') {
	const { doc } = t
	ensureSpace(doc, height(t, 'R', 8.5, s, W - 16) + 4)
	const y = doc.y + 2
	text(t, 'R', 8.5, C.ink, mark, M, y, { width: 14 })
	text(t, 'R', 8.5, C.ink, s, M + 16, y, { width: W - 16 })
}

function attestation(t: DocText, m: ReportModel) {
	const { doc } = t
	doc.addPage()
	heading(t, HEADINGS.attestation, 'Attestation and approval')
	const block = (title: string, lines: Array<[string, string]>) => {
		const y = doc.y + 6
		text(t, 'B', 10.5, C.brand, title, M, y, { width: W })
		for (const [label, value] of lines) {
			const ly = doc.y + 4
			text(t, 'R', 9, C.muted, label, M, ly, { width: 130 })
			text(t, 'R', 9.5, C.ink, value, M + 135, ly, { width: W - 135 })
		}
		doc.y += 10
	}
	block(
		'Cam kết của cơ sở',
		m.attestation
			? [
					['Người cam kết', m.attestation.name],
					['Chức vụ', m.attestation.title],
					['Thời điểm', m.attestation.atText],
				]
			: [['', 'Chưa nộp: chưa có cam kết của người đứng đầu cơ sở.']],
	)
	if (m.directorSignature) {
		block('Chữ ký số của người đứng đầu cơ sở trên bản nộp', [
			['Người ký', m.directorSignature.signer],
			['Thời điểm ký', m.directorSignature.atText],
			['Chứng thư', m.directorSignature.trustText],
		])
	}
	block(
		'Phê duyệt kết quả thẩm định',
		m.approval
			? [
					['Người phê duyệt', m.approval.name],
					['Chức vụ', m.approval.title || '—'],
					['Thời điểm', m.approval.atText],
				]
			: [['', 'Chưa phê duyệt.']],
	)
	// Signature block: who signed, and DEMO in large letters when the certificate is the demo one.
	const y = 560
	doc
		.rect(M, y, W - 120, 150)
		.lineWidth(0.8)
		.strokeColor(m.signer?.demo ? C.warn : C.rule)
		.stroke()
	text(t, 'B', 10.5, C.ink, 'Chữ ký số', M + 12, y + 12)
	if (m.kind === 'signed' && m.signer) {
		text(t, 'R', 9, C.ink, `Ký bởi: ${m.signer.name}`, M + 12, y + 32, { width: W - 150 })
		text(t, 'R', 9, C.ink, `Thời điểm ký: ${m.createdAtText}`, M + 12, doc.y + 2, { width: W - 150 })
		text(t, 'R', 8, C.muted, 'Chữ ký PAdES (ETSI.CAdES.detached), SHA-256, bao trùm toàn bộ tệp.', M + 12, doc.y + 2, { width: W - 150 })
		if (m.signer.demo) {
			text(t, 'B', 16, C.warn, 'CHỨNG THƯ DEMO — DEMO CERTIFICATE', M + 12, y + 92, { width: W - 150 })
			text(t, 'R', 8, C.warn, 'Chữ ký thử nghiệm, không có giá trị pháp lý. / Test signature, no legal value.', M + 12, doc.y + 2, {
				width: W - 150,
			})
		}
	} else if (m.kind === 'submission') {
		text(t, 'R', 9, C.ink, 'Người đứng đầu cơ sở ký số tệp này bằng chứng thư số cá nhân, rồi tải lên hệ thống.', M + 12, y + 32, {
			width: W - 150,
		})
		text(t, 'R', 8, C.muted, 'The head of the facility signs this file with their own certificate, then uploads it.', M + 12, doc.y + 2, {
			width: W - 150,
		})
	} else {
		text(t, 'R', 9, C.muted, 'Bản dự thảo: chưa ký số. / Draft: not signed.', M + 12, y + 32, { width: W - 150 })
	}
	text(t, 'R', 7.5, C.muted, 'Quét mã để xác minh', A4[0] - M - 96, 740, { width: 96, align: 'center' })
	text(t, 'R', 6.5, C.muted, m.verifyUrl, A4[0] - M - 180, doc.y + 2, { width: 180, align: 'right' })
}

/** The QR code as vector squares: sharp at any zoom, no image to embed. One path, one fill. */
async function qrCode(doc: Doc, value: string, x: number, y: number, size: number) {
	const qr = QRCode.create(value, { errorCorrectionLevel: 'M' })
	const n = qr.modules.size
	const quiet = 2
	const cell = size / (n + 2 * quiet)
	doc.rect(x, y, size, size).fill('#ffffff')
	const squares: Array<string> = []
	for (let r = 0; r < n; r++) {
		for (let c = 0; c < n; c++)
			if (qr.modules.get(r, c))
				squares.push(
					`${pdfNumber(x + (c + quiet) * cell)} ${pdfNumber(y + (r + quiet) * cell)} ${pdfNumber(cell + 0.05)} ${pdfNumber(cell + 0.05)} re`,
				)
	}
	doc.addContent(squares.join('\n'))
	doc.fill('#000000')
}

/** Footer on every page ("Trang X/Y"), and the DRAFT watermark on drafts. */
function decoratePages(t: DocText, m: ReportModel) {
	const { doc } = t
	const range = doc.bufferedPageRange()
	for (let i = range.start; i < range.start + range.count; i++) {
		doc.switchToPage(i)
		const bottom = doc.page.margins.bottom
		doc.page.margins.bottom = 0
		doc
			.moveTo(M, A4[1] - 36)
			.lineTo(M + W, A4[1] - 36)
			.lineWidth(0.4)
			.strokeColor(C.rule)
			.stroke()
		text(t, 'R', 7.5, C.muted, `${m.facility.name} · ${m.id}`, M, A4[1] - 30, { width: W - 80 })
		text(t, 'R', 7.5, C.muted, `Trang ${i + 1}/${range.count}`, M + W - 80, A4[1] - 30, { width: 80, align: 'right' })
		if (m.kind === 'draft') {
			text(t, 'B', 8, C.warn, 'DỰ THẢO / DRAFT — không có giá trị chính thức, chưa ký số', M, 18, { width: W, align: 'center' })
			doc.save()
			doc.rotate(-40, { origin: [A4[0] / 2, A4[1] / 2] })
			doc.fillOpacity(0.12)
			text(t, 'B', 64, C.warn, 'DỰ THẢO / DRAFT', 0, A4[1] / 2 - 40, { width: A4[0], align: 'center' })
			doc.restore()
		}
		doc.page.margins.bottom = bottom
	}
}

/** A catalog without levels (the inventory survey) is facts, not a rating: say so rather than "no level". */
function levelLabel(c: { levels: ReadonlyArray<string> }, level: string | null) {
	if (c.levels.length === 0) return 'Không xếp mức'
	return level ?? 'Chưa đạt mức nào'
}
