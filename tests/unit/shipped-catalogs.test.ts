import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import type { Catalog } from '~/domain/catalog/schema'
import { scoreAssessment, scoreCatalog, type CatalogScore } from '~/domain/catalog/scoring'
import { answersFor, hospital, YES } from '~/domain/catalog/testing'
import {
	canonicalHash,
	catalogFiles,
	checkCatalogSet,
	formatProblem,
	latestCatalogs,
	loadAllCatalogFiles,
	loadCatalogFile,
	parseCatalogSource,
	type LoadedCatalog,
} from '../../scripts/catalog-validate'

const files = catalogFiles()
const loaded = loadAllCatalogFiles()
const good = loaded.filter((l): l is Extract<LoadedCatalog, { ok: true }> => l.ok)
const byVersion = new Map(good.map((l) => [`${l.catalog.code} v${l.catalog.version}`, l.catalog]))

/** A shipped catalog version (version 1 unless asked: these tests describe what old rounds keep). */
function catalog(code: string, version = 1): Catalog {
	const c = byVersion.get(`${code} v${version}`)
	if (!c) throw new Error(`${code} v${version} is not shipped or does not validate`)
	return c
}
const criteriaOf = (c: Catalog) => c.groups.flatMap((g) => g.criteria)

function score(c: Catalog, answers: Map<string, typeof YES>, options = {}): CatalogScore {
	const result = scoreCatalog(c, answers, hospital, options)
	if (!result.ok) throw new Error(JSON.stringify(result.error))
	return result.score
}

test('seven catalogs are shipped, five of them in two versions', () => {
	expect(files.map((f) => path.basename(f))).toEqual([
		'attt-capdo-2026.v1.yaml',
		'attt-capdo-2026.v2.yaml',
		'emr-tt13-2025.v1.yaml',
		'emr-tt13-2025.v2.yaml',
		'himss-emram-2008.v1.yaml',
		'himss-emram-2008.v2.yaml',
		'his-lis-ris-2026.v1.yaml',
		'interop-2026.v1.yaml',
		'inv-digital-2026.v1.yaml',
		'inv-digital-2026.v2.yaml',
		'inv-digital-2026.v3.yaml',
		'it-tt54-2017.v1.yaml',
		'it-tt54-2017.v2.yaml',
	])
})

test('version 1 files keep the content hash they were imported with (imported versions never change)', () => {
	const hashes = Object.fromEntries(good.filter((l) => l.catalog.version === 1).map((l) => [path.basename(l.file), l.hash]))
	expect(hashes).toMatchObject({
		'attt-capdo-2026.v1.yaml': 'dab590b3ca9f00dfc03e18b7b5afede7842684cf7d8b95a7b3adc044fdee25e0',
		'emr-tt13-2025.v1.yaml': '5610070c22300bb0e52b5cc35c5101811491fbc25199529914e057bb834a36de',
		'himss-emram-2008.v1.yaml': 'a12c703b3a0aa721f4dcfe770b0910d70cd49ddbf6a06fcec38a9ee9ebf61a33',
		'inv-digital-2026.v1.yaml': 'e4bbc3600734bd815b33859cd01da44c8eef366d5d44184133d8b640bb509c65',
		'it-tt54-2017.v1.yaml': '9b66cb02713e29c537a41a7a8bc4599351c6a17ddc3da917ff20f29c952cc191',
	})
})

test.each(files.map((f) => [path.basename(f), f]))('shipped catalog %s validates', (_name, file) => {
	const result = loadCatalogFile(file)
	if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'))
	expect(result.hash).toMatch(/^[0-9a-f]{64}$/)
})

test('criterion IDs are unique across the shipped catalogs, one file per code and version', () => {
	expect(good).toHaveLength(files.length)
	expect(checkCatalogSet(good)).toEqual([])
})

test('every shipped criterion cites a legal basis and a provenance', () => {
	for (const c of good.map((l) => l.catalog)) {
		for (const criterion of criteriaOf(c)) {
			expect(criterion.basis.document.trim()).not.toBe('')
			expect(criterion.basis.clause.trim()).not.toBe('')
			expect(['official', 'secondary', 'provisional']).toContain(criterion.provenance)
		}
	}
})

test('the EMR catalog covers TT 13 articles 2, 3 and 6.3.b and CV 365 III.1.1 a–k, III.1.2, III.1.3, III.2, III.4–6', () => {
	const clauses = new Set(criteriaOf(catalog('EMR-TT13-2025')).map((c) => `${c.basis.document} ${c.basis.clause}`))
	for (const letter of ['a', 'b', 'c', 'd', 'đ', 'e', 'g', 'h', 'i', 'k']) expect(clauses).toContain(`365/TTYQG-GPQLCL III.1.1.${letter}`)
	for (const clause of [
		'III.1.2.a',
		'III.1.2.b',
		'III.1.2.c',
		'III.1.3.a',
		'III.1.3.b',
		'III.1.3.c',
		'III.2',
		'III.4.a–b',
		'III.5.a',
		'III.5.b',
		'III.6',
	]) {
		expect(clauses).toContain(`365/TTYQG-GPQLCL ${clause}`)
	}
	for (const clause of ['Điều 2 khoản 1', 'Điều 2 khoản 2', 'Điều 2 khoản 3', 'Điều 2 khoản 4', 'Điều 3', 'Điều 6 khoản 3 điểm b']) {
		expect(clauses).toContain(`13/2025/TT-BYT ${clause}`)
	}
})

test('EMR readiness passes only when every applicable mandatory requirement is met', () => {
	const emr = catalog('EMR-TT13-2025')
	const answers = new Map(
		criteriaOf(emr).map((c) => [c.id, c.answer.type === 'choice' ? { kind: 'choice' as const, value: 'his_module' } : YES]),
	)
	answers.delete('EMR.INF.backup_provider')
	answers.set('EMR.INF.datacentre', { kind: 'yes_no', value: 'na', naReason: 'Máy chủ đặt tại bệnh viện, không thuê đám mây.' })
	expect(score(emr, answers as never).achievedLevel?.id).toBe('PASS')
	answers.delete('EMR.F.k')
	const failing = score(emr, answers as never)
	expect(failing.achievedLevel).toBe(null)
	expect(failing.blockers).toEqual([expect.objectContaining({ criterionId: 'EMR.F.k', kind: 'unanswered' })])
})

test('Circular 54: eight groups, each with exactly a basic and an advanced declaration, provisional with evidence required', () => {
	const tt54 = catalog('IT-TT54-2017')
	expect(tt54.groups.map((g) => g.id)).toEqual(['HT', 'QLDH', 'HIS', 'RISPACS', 'LIS', 'PCN', 'ATTT', 'EMR'])
	for (const g of tt54.groups) {
		expect(g.criteria.map((c) => c.id)).toEqual([`TT54.${g.id}.basic`, `TT54.${g.id}.advanced`])
		expect(g.tiers.map((t) => [t.id, t.provenance])).toEqual([
			['basic', 'provisional'],
			['advanced', 'provisional'],
		])
		for (const c of g.criteria) {
			expect(c).toMatchObject({ evidence: 'required', provenance: 'provisional', answer: { type: 'yes_no' } })
			expect(c.basis).toMatchObject({ document: '54/2017/TT-BYT', clause: expect.stringContaining('Phụ lục I') })
		}
	}
	expect(tt54.groups[7]).toMatchObject({ repealed_from: '2025-06-06', repealed_by: '13/2025/TT-BYT Điều 4 khoản 3 điểm b' })
	expect(tt54.levels.map((l) => [l.rank, l.provenance])).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => [n, 'provisional']))
	for (const l of tt54.levels) expect(l.title.en).toContain('provisional')
})

test('Circular 54 levels are provisional, cumulative, and ignore the repealed EMR group after 06/06/2025', () => {
	const tt54 = catalog('IT-TT54-2017')
	const allButEmr = answersFor(
		criteriaOf(tt54)
			.filter((c) => !c.id.startsWith('TT54.EMR'))
			.map((c) => c.id),
	)
	const now = score(tt54, allButEmr, { asOf: '2026-11-22' })
	expect(now).toMatchObject({ provisional: true, achievedLevel: { id: 'L7' } })
	expect(now.groups.find((g) => g.id === 'EMR')).toMatchObject({ applicable: 0, tier: null })
	const in2024 = score(tt54, allButEmr, { asOf: '2024-12-31' })
	expect(in2024.achievedLevel?.id).toBe('L5')
	expect(in2024.blockers).toEqual([
		expect.objectContaining({ criterionId: 'TT54.EMR.basic', requirement: { kind: 'group_tier', groupId: 'EMR', tierId: 'basic' } }),
	])
})

test('security levels: level 2 is enough for internal systems, online patient services need level 3', () => {
	const sec = catalog('ATTT-CAPDO-2026')
	const answers = new Map<string, unknown>()
	for (const g of ['HIS', 'LIS', 'RISPACS', 'EMR']) {
		answers.set(`ATTT.${g}.level`, { kind: 'choice', value: '2' })
		answers.set(`ATTT.${g}.approved`, YES)
	}
	answers.set('ATTT.PORTAL.level', { kind: 'choice', value: '2' })
	answers.set('ATTT.PORTAL.approved', YES)
	const low = score(sec, answers as never)
	expect(low.achievedLevel?.id).toBe('APPROVED')
	expect(low.blockers).toEqual([expect.objectContaining({ criterionId: 'ATTT.PORTAL.level', kind: 'not_met' })])
	answers.set('ATTT.PORTAL.level', { kind: 'choice', value: 'not_operated' })
	answers.set('ATTT.PORTAL.approved', { kind: 'yes_no', value: 'na', naReason: 'Chưa có dịch vụ trực tuyến.' })
	expect(score(sec, answers as never).achievedLevel?.id).toBe('MINIMUM')
})

test('the inventory survey is informational only: no levels, no percentage, completion counts', () => {
	const inv = catalog('INV-DIGITAL-2026')
	expect(inv.levels).toEqual([])
	expect(criteriaOf(inv).every((c) => c.informational)).toBe(true)
	const s = score(inv, new Map([['INV.SYS.his', { kind: 'choice', value: 'vendor' }]]) as never)
	expect(s).toMatchObject({ achievedLevel: null, nextLevel: null, percent: null })
	expect(s.completion.answered).toBe(1)
})

test('HIMSS EMRAM stages are cumulative from stage 0', () => {
	const emram = catalog('HIMSS-EMRAM-2008')
	expect(emram.levels.map((l) => l.rank)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
	expect(score(emram, new Map()).achievedLevel?.id).toBe('STAGE0')
	const stages1to3 = criteriaOf(emram)
		.filter((c) => /^EMRAM\.S[123]\./.test(c.id) && !c.informational)
		.map((c) => c.id)
	const s = score(emram, answersFor([...stages1to3, 'EMRAM.S5.closed_loop_medication']))
	expect(s.achievedLevel?.id).toBe('STAGE3')
	expect(s.blockers.map((b) => (b.kind === 'below_threshold' || b.kind === 'catalog' ? '' : b.criterionId))).toEqual([
		'EMRAM.S4.cpoe',
		'EMRAM.S4.cdss_protocols',
	])
})

test('a whole assessment over the newest version of each shipped catalog scores with no answers', () => {
	const result = scoreAssessment(
		latestCatalogs(good).flatMap((l) => (l.ok ? [l.catalog] : [])),
		new Map(),
		hospital,
		{ asOf: '2026-11-22' },
	)
	expect(result.ok).toBe(true)
	if (!result.ok) return
	expect(result.scores.map((s) => [s.code, s.version, s.achievedLevel?.id ?? null, s.nextLevel?.id ?? null])).toEqual([
		['ATTT-CAPDO-2026', 2, null, 'CLASSIFIED'],
		['EMR-TT13-2025', 2, null, 'PASS'],
		['HIMSS-EMRAM-2008', 2, 'STAGE0', 'STAGE1'],
		['HIS-LIS-RIS-2026', 1, null, 'OBLIGATIONS'],
		['INTEROP-2026', 1, null, 'CONNECTED'],
		['INV-DIGITAL-2026', 3, null, null],
		['IT-TT54-2017', 2, null, 'L1'],
	])
})

const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-validate-'))
afterAll(() => fs.rmSync(tmpDir, { recursive: true, force: true }))

const smallCatalog = `# a comment
code: T-CAT
version: 1
title: { vi: "Thử", en: "Test" }
legal_basis:
  - { document: "DOC-1" }
effective_from: 2025-01-01
provenance: official
groups:
  - id: G
    title: { vi: "Nhóm", en: "Group" }
    criteria:
      - id: G.a
        text: { vi: "A", en: "A" }
        basis: { document: "DOC-1", clause: "1" }
        answer: { type: yes_no }
      - id: G.b
        text: { vi: "B", en: "B" }
        basis: { document: "DOC-1", clause: "2" }
        answer: { type: yes_no }
levels:
  - id: L1
    rank: 1
    title: { vi: "Mức 1", en: "Level 1" }
    rule: { criteria: [G.a, G.b] }
`

test('a problem is reported with the line and column of the offending value', () => {
	const broken = smallCatalog.replace('id: G.b', 'id: G.a').replace('rule: { criteria: [G.a, G.b] }', 'rule: { criteria: [G.a, G.zz] }')
	const result = parseCatalogSource(broken, 'x.yaml')
	expect(result.ok).toBe(false)
	if (result.ok) return
	expect(result.problems.map(formatProblem)).toEqual([
		'x.yaml:17:9 groups.0.criteria.1.id — duplicate criterion id "G.a" (first at groups.0.criteria.0)',
		'x.yaml:25:29 levels.0.rule.criteria.1 — unknown criterion "G.zz"',
	])
})

test('a schema problem on a missing field points at the object that lacks it', () => {
	const result = parseCatalogSource(smallCatalog.replace('        basis: { document: "DOC-1", clause: "2" }\n', ''), 'x.yaml')
	expect(!result.ok && result.problems.map(formatProblem)).toEqual(['x.yaml:17:9 groups.0.criteria.1.basis — is required'])
})

test('YAML syntax errors and duplicate keys are reported with their line', () => {
	const result = parseCatalogSource(smallCatalog.replace('version: 1', 'version: 1\nversion: 2'), 'x.yaml')
	expect(!result.ok && result.problems[0]).toMatchObject({ line: 4, message: expect.stringContaining('YAML') })
	const syntax = parseCatalogSource('code: [unclosed\n', 'y.yaml')
	expect(!syntax.ok && syntax.problems[0]).toMatchObject({
		file: 'y.yaml',
		line: expect.any(Number),
		message: expect.stringContaining('YAML'),
	})
})

test('the content hash ignores comments, formatting and key order but not content', () => {
	const a = parseCatalogSource(smallCatalog, 'a.yaml')
	const reordered = smallCatalog
		.replace('# a comment\n', '')
		.replace('code: T-CAT\nversion: 1\n', 'version: 1\ncode:    T-CAT\n')
		.replace('text: { vi: "A", en: "A" }', 'text:\n          en: "A"\n          vi: "A"')
	const b = parseCatalogSource(reordered, 'b.yaml')
	const c = parseCatalogSource(smallCatalog.replace('{ vi: "A", en: "A" }', '{ vi: "A", en: "A." }'), 'c.yaml')
	expect(a.ok && b.ok && c.ok).toBe(true)
	if (!a.ok || !b.ok || !c.ok) return
	expect(b.hash).toBe(a.hash)
	expect(c.hash).not.toBe(a.hash)
	expect(canonicalHash(a.catalog)).toBe(a.hash)
})

test('a catalog file must be named after its code and version', () => {
	const wrong = path.join(tmpDir, 'whatever.yaml')
	fs.writeFileSync(wrong, smallCatalog)
	const result = loadCatalogFile(wrong)
	expect(!result.ok && result.problems.map((p) => [p.line, p.message])).toEqual([
		[2, 'the file must be named t-cat.v1.yaml (from its code and version)'],
	])
	const right = path.join(tmpDir, 't-cat.v1.yaml')
	fs.writeFileSync(right, smallCatalog)
	expect(loadCatalogFile(right).ok).toBe(true)
})

test('a file that cannot be read is a problem, not a crash', () => {
	const result = loadCatalogFile(path.join(tmpDir, 'missing.v1.yaml'))
	expect(!result.ok && result.problems[0].message).toMatch(/^cannot read/)
})
