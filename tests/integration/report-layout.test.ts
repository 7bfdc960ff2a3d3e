// The report as a reader holds it (issue 18): codes never broken inside a word, no short roadmap
// left alone on a page, no working note of the catalog's authors printed. Read back with pdftotext.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from 'vitest'
import { getAssessmentContext } from '#db/queries/assessments'
import { HEADINGS, renderReportPdf } from '#reports/render'
import { assessmentWorld } from '#tests/fixtures'
import { db } from '#tests/helpers'
import { reportModelFor } from '~/services/reports.server'

async function draftReport() {
	// Security (long codes such as ATTT.RISPACS.approved) and Circular 54 (clauses with the authors' notes), nothing answered yet.
	const w = await assessmentWorld({ catalogs: ['ATTT-CAPDO-2026', 'IT-TT54-2017'] })
	const ctx = getAssessmentContext(db(), w.assessment.id)!
	const model = reportModelFor(db(), ctx, {
		kind: 'draft',
		reportId: 'LAYOUT-TEST',
		createdAt: new Date('2026-12-01T03:00:00Z'),
		signer: null,
	})
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'report-layout-')), 'r.pdf')
	fs.writeFileSync(file, await renderReportPdf(model))
	return { model, file }
}

const pdftotext = (file: string, args: Array<string> = []) => execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' })

test('no criterion code is broken inside a word: the code column wraps only after a dot', async () => {
	const { model, file } = await draftReport()
	const ids = model.catalogs.flatMap((c) => c.groups.flatMap((g) => g.criteria.map((r) => r.id)))
	expect(ids).toContain('ATTT.RISPACS.approved')
	// The code column alone (x 48–122 pt), one line of text per line of the column.
	const column = pdftotext(file, ['-r', '72', '-x', '48', '-y', '0', '-W', '74', '-H', '842'])
	// Lines that end after a dot continue on the next: the column joined there holds every code whole.
	const joined = column.replace(/\.\n/g, '.')
	const lines = new Set(joined.split('\n').map((l) => l.trim()))
	for (const id of ids) expect(lines.has(id), id).toBe(true)
	// And no code is cut anywhere else.
	for (const id of ids)
		for (let k = 1; k < id.length; k++)
			if (id[k - 1] !== '.') expect(column.includes(`${id.slice(0, k)}\n${id.slice(k)}`), `${id} cut after ${id.slice(0, k)}`).toBe(false)
	// Some codes do need two lines at this width: the test would see a break inside a word.
	expect(column).toMatch(/\.\n/)
})

test('each catalog\u2019s roadmap is printed with its result on the section\u2019s first page, never alone on a page', async () => {
	const { model, file } = await draftReport()
	const pages = pdftotext(file).split('\f')
	const roadmapPages = pages.filter((p) => p.includes('Lộ trình cải thiện đề xuất'))
	expect(roadmapPages).toHaveLength(model.catalogs.length)
	model.catalogs.forEach((c, i) => {
		const page = roadmapPages[i]
		expect(page).toContain(`${HEADINGS.catalog} ${i + 1}.`)
		expect(page).toContain('Kết quả thẩm định')
		// The heading is followed by its first step on the same page.
		const after = page.slice(page.indexOf('Lộ trình cải thiện đề xuất') + 'Lộ trình cải thiện đề xuất'.length)
		expect(after).toContain(c.roadmap[0].slice(0, 20))
	})
})

test('the report prints the clauses without the catalog authors\u2019 working notes', async () => {
	const { model, file } = await draftReport()
	const text = pdftotext(file).replace(/\s+/g, ' ')
	const tt54 = model.catalogs.find((c) => c.code === 'IT-TT54-2017')!
	expect(tt54.groups.flatMap((g) => g.criteria.map((r) => r.basis))).toContain('54/2017/TT-BYT, Phụ lục I, Mục I, mức cơ bản')
	expect(text).toContain('Phụ lục I, Mục I, mức cơ bản')
	expect(text).not.toContain('suy luận')
	expect(text).not.toContain('chưa xác minh')
})

test('the roadmap names each criterion by its text, with its code and clause after it for the experts', async () => {
	const { model, file } = await draftReport()
	const steps = model.catalogs.flatMap((c) => c.roadmap).filter((s) => s.startsWith('Trả lời') || s.startsWith('Đáp ứng'))
	expect(steps.length).toBeGreaterThan(0)
	for (const step of steps) expect(step).toMatch(/^(Trả lời và cung cấp minh chứng cho|Đáp ứng) «[^»]+» \([A-Za-z0-9_.-]+; /)
	const text = pdftotext(file).replace(/\s+/g, ' ')
	const first = /«([^»]+)»/.exec(steps[0])![1]
	expect(text).toContain(`«${first.replace(/\s+/g, ' ')}`)
})
