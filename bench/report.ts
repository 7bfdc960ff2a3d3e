// Signed PDF report of a full assessment (every shipped catalog): generate + sign with pdfkit,
// against Debian's headless Chromium printing an equivalent HTML page of the same model.
//   tsx --expose-gc bench/report.ts
// Text measurements, shaped words and font subsets are kept across documents (reports/typeset.ts),
// so besides the warm median of the same report this measures the first report of a fresh process
// (cold, in child processes), a batch where every report is another facility's, and the memory the
// kept measurements take when full.
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import PDFDocument from 'pdfkit'
import { chromium } from 'playwright-core'
import { type Answer } from '../app/domain/catalog/answers'
import { compileCatalog } from '../app/domain/catalog/compile'
import { type Catalog, type Criterion } from '../app/domain/catalog/schema'
import { scoreAssessment } from '../app/domain/catalog/scoring'
import { buildReportModel, percentText, type ReportModel, type ReportVerdict } from '../app/domain/report'
import { generateReportPdf } from '../reports/generate'
import { loadSigningIdentity } from '../reports/signing'
import { docText, textCacheSizes, textHeight } from '../reports/typeset'
import { latestCatalogs, loadAllCatalogFiles } from '../scripts/catalog-validate'
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/chromium'
import { BENCH_DIR, percentile, report, seeded } from './lib'

const RUNS = 30
const CHROMIUM_RUNS = 15
const COLD_RUNS = 5
const BATCH = 30
const PROVINCES = [
	'Quảng Ngãi',
	'Bình Định',
	'Phú Yên',
	'Khánh Hòa',
	'Đắk Lắk',
	'Gia Lai',
	'Kon Tum',
	'Lâm Đồng',
	'Ninh Thuận',
	'Bình Thuận',
	'Thừa Thiên Huế',
	'Quảng Trị',
]
const random = seeded(2026)

/** A valid answer for any criterion: met most of the time, so the report has levels and gaps. */
function answerFor(c: Criterion): Answer | null {
	const r = random()
	if (r < 0.08) return null
	const met = r < 0.75
	const a = c.answer
	switch (a.type) {
		case 'yes_no':
			return { kind: 'yes_no', value: met ? 'yes' : 'no' }
		case 'choice': {
			const options = a.options.filter((o) => !o.not_applicable)
			const sorted = [...options].sort((x, y) => (y.points ?? 0) - (x.points ?? 0))
			return { kind: 'choice', value: (met ? sorted[0] : sorted[sorted.length - 1]).value }
		}
		case 'number': {
			let v = a.met_if?.gte ?? a.min ?? 1
			if (!met && a.min !== undefined) v = a.min
			if (a.max !== undefined) v = Math.min(v, a.max)
			return { kind: 'number', value: a.integer ? Math.round(v) : v }
		}
		case 'percent':
			return { kind: 'percent', value: met ? Math.min(100, a.met_if?.gte ?? 100) : 0 }
		case 'date':
			return { kind: 'date', value: a.met_if?.on_or_after ?? '2024-06-01' }
		case 'text':
			return { kind: 'text', value: 'Đã triển khai tại khoa Khám bệnh và khoa Cấp cứu; đang mở rộng sang các khoa lâm sàng.' }
	}
}

/**
 * The full report. Variant 0 is the benchmark's report; other variants are other facilities of
 * the same campaign: their own name, answers (the random stream moves on) and evaluator reasons.
 */
export function fullModel(variant = 0): ReportModel {
	const catalogs: Array<Catalog> = latestCatalogs(loadAllCatalogFiles()).map((l) => {
		if (!l.ok) throw new Error(`catalog does not validate: ${l.file}`)
		return l.catalog
	})
	const compiled = catalogs.map(compileCatalog)
	const facilityProfile = { type: 'general_hospital', class: 'I', managingBody: 'province' } as const
	const self = new Map<string, Answer>()
	const verdicts = new Map<string, ReportVerdict>()
	const verified = new Map<string, Answer>()
	const evidence = new Map<string, number>()
	for (const cat of catalogs)
		for (const g of cat.groups)
			for (const c of g.criteria) {
				const a = answerFor(c)
				if (!a) continue
				self.set(c.id, a)
				verified.set(c.id, a)
				evidence.set(c.id, Math.floor(random() * 3))
				if (a.kind === 'yes_no' && a.value === 'yes' && random() < 0.1) {
					const reason = variant
						? `Chưa có biên bản nghiệm thu ${c.id}; đoàn kiểm tra lần ${variant} ghi nhận hệ thống mới chạy thử tại ${1 + (variant % 4)} khoa.`
						: 'Chưa có biên bản nghiệm thu; hệ thống mới chạy thử tại một khoa.'
					verdicts.set(c.id, { verdict: 'adjust', value: { kind: 'yes_no', value: 'no' }, reason })
					verified.set(c.id, { kind: 'yes_no', value: 'no' })
				}
			}
	const asOf = '2026-01-15'
	const s = scoreAssessment(compiled, self, facilityProfile, { asOf })
	const v = scoreAssessment(compiled, verified, facilityProfile, { asOf })
	if (!s.ok || !v.ok)
		throw new Error(`synthetic answers do not score: ${JSON.stringify(s.ok ? (v as { error: unknown }).error : s.error).slice(0, 500)}`)
	const id = `R-2026-BENCH${String(variant).padStart(5, '0')}`
	const province = variant ? PROVINCES[variant % PROVINCES.length] : 'Quảng Nam'
	return buildReportModel({
		reportId: id,
		kind: 'signed',
		verifyUrl: `https://danhgia.example.gov.vn/verify/${id}`,
		createdAt: new Date(Date.UTC(2026, 2, 2, 3, 4, 5) + variant * 60_000),
		facility: {
			name: variant ? `Bệnh viện Đa khoa khu vực ${variant} tỉnh ${province}` : 'Bệnh viện Đa khoa tỉnh Quảng Nam',
			provinceName: `Tỉnh ${province}`,
		},
		campaign: { title: 'Đánh giá mức độ sẵn sàng CNTT năm 2026', year: 2026 },
		catalogs: compiled.map((c, i) => ({ compiled: c, self: s.scores[i], verified: v.scores[i] })),
		facilityProfile,
		asOf,
		selfAnswers: self,
		verdicts,
		evidence,
		attestation: { name: 'Nguyễn Văn Hùng', title: 'Giám đốc', at: new Date('2026-02-20T02:00:00Z') },
		approval: { name: 'Trần Thị Mai', title: 'Chuyên viên Cục Khoa học công nghệ và Đào tạo', at: new Date('2026-03-01T08:30:00Z') },
		signer: { name: 'Hospital IT Readiness (DEMO)', demo: true },
	})
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** The same content as the PDF, as one HTML page for Chromium to print (same font, same tables, SVG charts). */
function html(m: ReportModel, fontDir: string) {
	const font = (w: number, f: string) =>
		`@font-face{font-family:BVP;font-weight:${w};src:url(data:font/ttf;base64,${fs.readFileSync(path.join(fontDir, f)).toString('base64')})}`
	const bars = m.catalogs
		.flatMap((c) =>
			c.groups.map(
				(g) =>
					`<div class="bar"><span>${esc(g.title)}</span><svg width="260" height="14"><rect width="260" height="6" fill="#e3e8ee"/><rect width="${(2.6 * (g.selfPercent ?? 0)).toFixed(1)}" height="6" fill="#9fb8d0"/><rect y="8" width="${(2.6 * (g.verifiedPercent ?? 0)).toFixed(1)}" height="6" fill="#0b4f8a"/></svg>${percentText(g.verifiedPercent)}</div>`,
			),
		)
		.join('')
	const sections = m.catalogs
		.map(
			(c, i) =>
				`<section class="page"><h2>PHẦN ${i + 1}. ${esc(c.title.vi)}</h2><p>${esc(c.legalBasis.join('; '))}</p>${c.groups
					.map(
						(g) =>
							`<h3>${esc(g.title)}</h3><table><tr><th>Mã</th><th>Tiêu chí</th><th>Tự đánh giá</th><th>Thẩm định</th><th>Lý do</th><th>MC</th></tr>${g.criteria
								.map(
									(r) =>
										`<tr><td>${esc(r.id)}</td><td>${esc(r.text)}<br><small>${esc(r.basis)}</small></td><td>${esc(r.self)}</td><td>${esc(r.verified)}</td><td>${esc(r.reason ?? '')}</td><td>${r.evidence}</td></tr>`,
								)
								.join('')}</table>`,
					)
					.join(
						'',
					)}<h3>Những điểm còn thiếu</h3><ul>${c.blockers.map((b) => `<li>${esc(b)}</li>`).join('')}</ul><ol>${c.roadmap.map((b) => `<li>${esc(b)}</li>`).join('')}</ol></section>`,
		)
		.join('')
	return `<!doctype html><html lang="vi"><meta charset="utf-8"><style>${font(400, '400Regular/BeVietnamPro_400Regular.ttf')}${font(700, '700Bold/BeVietnamPro_700Bold.ttf')}
body{font-family:BVP;font-size:8pt;color:#1b2733}.page{break-before:page}table{width:100%;border-collapse:collapse}td,th{border-bottom:.5pt solid #c9d2db;padding:3pt;vertical-align:top;text-align:left}.bar{display:flex;gap:6pt}.bar span{width:200pt}</style>
<section><h1>${esc(m.title.vi)}</h1><h2>${esc(m.facility.name)}</h2><p>${esc(m.campaign.title)} · ${m.id} · ${m.createdAtText}</p></section>
<section class="page"><h2>TÓM TẮT KẾT QUẢ</h2>${bars}</section>${sections}
<section class="page"><h2>CAM KẾT VÀ PHÊ DUYỆT</h2><p>${esc(m.attestation?.name ?? '')}</p><p>${esc(m.approval?.name ?? '')}</p></section></html>`
}

function median(xs: Array<number>) {
	const s = [...xs].sort((a, b) => a - b)
	return { median: percentile(s, 50), p95: percentile(s, 95) }
}

const DATA_DIR = path.join(BENCH_DIR, '.tmp', 'report')

/** In a child process: the first report after start-up (the identity is loaded at start-up, as the server does). */
async function cold() {
	const model = fullModel()
	const identity = loadSigningIdentity({ dataDir: DATA_DIR, orgName: 'Hospital IT Readiness' })
	const t0 = performance.now()
	const bytes = await generateReportPdf(model, identity)
	const first = performance.now() - t0
	const t1 = performance.now()
	await generateReportPdf(model, identity)
	console.log(JSON.stringify({ first, second: performance.now() - t1, sha256: crypto.createHash('sha256').update(bytes).digest('hex') }))
}

/** Heap taken by the measurements kept across documents once they reach their bounds. */
function fullCaches() {
	global.gc?.()
	const before = process.memoryUsage().heapUsed
	// Distinct words and strings with Vietnamese letters, far more than the bounds hold.
	const syllables = [
		'nghiệm',
		'thu',
		'hệ',
		'thống',
		'khoa',
		'bệnh',
		'viện',
		'điện',
		'tử',
		'phần',
		'mềm',
		'dữ',
		'liệu',
		'triển',
		'khai',
		'quản',
		'lý',
	]
	const t = docText(new PDFDocument({ autoFirstPage: false }))
	let n = 0
	for (let i = 0; i < 12_000; i++) {
		const words = Array.from({ length: 12 }, () => `${syllables[n % syllables.length]}${(n++).toString(36)}`)
		textHeight(t, { face: i % 2 ? 'R' : 'B', size: 7, color: '#000000' }, words.join(' '), { width: 104 })
	}
	const sizes = textCacheSizes()
	global.gc?.()
	return { mb: (process.memoryUsage().heapUsed - before) / 2 ** 20, ...sizes }
}

async function main() {
	const model = fullModel()
	const criteria = model.catalogs.reduce((n, c) => n + c.groups.reduce((k, g) => k + g.criteria.length, 0), 0)
	fs.mkdirSync(DATA_DIR, { recursive: true })
	const identity = loadSigningIdentity({ dataDir: DATA_DIR, orgName: 'Hospital IT Readiness' })

	// Cold first: fresh processes, before this one has warmed anything.
	const coldRuns: Array<{ first: number; second: number; sha256: string }> = []
	for (let i = 0; i < COLD_RUNS; i++) {
		const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--cold'], { encoding: 'utf8' })
		coldRuns.push(JSON.parse(out.trim().split('\n').pop()!))
	}

	for (let i = 0; i < 3; i++) await generateReportPdf(model, identity)
	let bytes: Buffer = Buffer.alloc(0)
	const times: Array<number> = []
	const memory: Array<number> = []
	const renderOnly: Array<number> = []
	for (let i = 0; i < RUNS; i++) {
		const t0 = performance.now()
		bytes = await generateReportPdf(model, identity)
		times.push(performance.now() - t0)
	}
	for (let i = 0; i < RUNS; i++) {
		const t1 = performance.now()
		await generateReportPdf({ ...model, kind: 'draft' }, null)
		renderOnly.push(performance.now() - t1)
	}
	// Memory per report, measured apart from the timings: after a full GC, how far one
	// generation pushes heap + buffers up.
	for (let i = 0; i < 5; i++) {
		global.gc?.()
		const before = process.memoryUsage()
		await generateReportPdf(model, identity)
		const after = process.memoryUsage()
		memory.push((after.heapUsed + after.external - before.heapUsed - before.external) / 2 ** 20)
	}
	// A batch: every report another facility's, so names, answers and reasons are new each time.
	const others = Array.from({ length: BATCH }, (_, i) => fullModel(i + 1))
	const batch: Array<number> = []
	for (const m of others) {
		const t0 = performance.now()
		await generateReportPdf(m, identity)
		batch.push(performance.now() - t0)
	}
	const caches = fullCaches()
	const render = median(renderOnly)
	const pdfkit = median(times)
	const coldFirst = median(coldRuns.map((r) => r.first))
	const warmSha = crypto.createHash('sha256').update(bytes).digest('hex')
	if (coldRuns.some((r) => r.sha256 !== warmSha))
		throw new Error('the first report of a fresh process differs from the warm one: a cache changes the output')
	const file = path.join(DATA_DIR, 'full-report.pdf')
	fs.writeFileSync(file, bytes)
	const pages = (bytes.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length

	const fontDir = path.dirname(
		path.join(path.dirname(new URL(import.meta.resolve('@expo-google-fonts/be-vietnam-pro/package.json')).pathname), 'x'),
	)
	const page = html(model, fontDir)
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: CHROMIUM_ARGS,
	})
	const tab = await (await browser.newContext()).newPage()
	const chrome: Array<number> = []
	let chromePages = 0
	for (let i = 0; i < CHROMIUM_RUNS + 2; i++) {
		const t0 = performance.now()
		await tab.setContent(page, { waitUntil: 'load' })
		const pdf = await tab.pdf({ format: 'A4', printBackground: true, margin: { top: '17mm', bottom: '17mm', left: '17mm', right: '17mm' } })
		if (i >= 2) chrome.push(performance.now() - t0)
		chromePages = (
			Buffer.from(pdf)
				.toString('latin1')
				.match(/\/Type \/Page\b/g) ?? []
		).length
	}
	await browser.close()
	const chromium_ = median(chrome)
	const note = `${criteria} criteria, ${model.catalogs.length} catalogs, ${pages} pages, ${(bytes.length / 1024).toFixed(0)} KB`
	report('report', [
		{ name: 'report.generate_sign.median', value: pdfkit.median, unit: 'ms', budget: { op: '<=', value: 200 }, note },
		{ name: 'report.generate_sign.p95', value: pdfkit.p95, unit: 'ms', note: `${RUNS} runs after 3 warm-up` },
		{ name: 'report.render_only.median', value: render.median, unit: 'ms', note: 'layout, font subset, no signature (the draft path)' },
		{
			name: 'report.generate_sign.cold_first',
			value: coldFirst.median,
			unit: 'ms',
			note: `first report of a fresh process, median of ${COLD_RUNS} processes (second report ${median(coldRuns.map((r) => r.second)).median.toFixed(1)} ms); same bytes as warm`,
		},
		{
			name: 'report.generate_sign.batch_median',
			value: median(batch).median,
			unit: 'ms',
			note: `${BATCH} reports of other facilities in a row (p95 ${median(batch).p95.toFixed(1)} ms)`,
		},
		{
			name: 'report.text_caches_full',
			value: caches.mb,
			unit: 'MB',
			note: `heap of what is kept across documents at its bounds (${caches.blocks} blocks, ${caches.shapes} shaped pieces)`,
		},
		{
			name: 'report.memory_per_report',
			value: median(memory).median,
			unit: 'MB',
			budget: { op: '<=', value: 50 },
			note: global.gc ? 'heap + external growth of one generation after a full GC (median)' : 'run with --expose-gc for a clean figure',
		},
		{
			name: 'report.chromium_print.median',
			value: chromium_.median,
			unit: 'ms',
			note: `warm page, setContent + page.pdf(), unsigned, ${chromePages} pages`,
		},
		{ name: 'report.chromium_over_pdfkit', value: chromium_.median / pdfkit.median, unit: 'x', budget: { op: '>=', value: 5 } },
	])
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) await (process.argv.includes('--cold') ? cold() : main())
