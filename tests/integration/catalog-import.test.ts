import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { asc, count, eq } from 'drizzle-orm'
import { onTestFinished, expect, test } from 'vitest'
import { parse } from 'yaml'
import { schema } from '#db/client.server'
import { insertFacility, insertUser, type GrantInput } from '#tests/factories'
import { cookieFor, db, makeRequest, run } from '#tests/helpers'
import { validateCatalog, type Catalog, type Criterion } from '~/domain/catalog/schema'
import * as catalogVersion from '~/routes/admin.catalogs.$code.$version'
import * as catalogVersions from '~/routes/admin.catalogs.$code._index'
import * as catalogsIndex from '~/routes/admin.catalogs._index'
import { verifyAuditChain } from '~/services/audit.server'
import { catalogContentHash, importCatalog } from '~/services/catalogs.server'
import { catalogFileName, loadAllCatalogFiles, type LoadedCatalog } from '../../scripts/catalog-validate'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const CATALOG_DIR = path.join(ROOT, 'db/catalogs')

const shipped = loadAllCatalogFiles().map((l) => {
	if (!l.ok) throw new Error(`${l.file} does not validate`)
	return l
})

function shippedCatalog(code: string): Extract<LoadedCatalog, { ok: true }> {
	const found = shipped.find((l) => l.catalog.code === code)
	if (!found) throw new Error(`${code} is not shipped`)
	return found
}

/** Criterion IDs in file order, read from the raw YAML rather than through the validator. */
function criterionIdsInFile(file: string): Array<string> {
	const raw = parse(fs.readFileSync(file, 'utf8')) as { groups: Array<{ criteria: Array<{ id: string }> }> }
	return raw.groups.flatMap((g) => g.criteria.map((c) => c.id))
}

function rowCounts() {
	const n = (table: typeof schema.catalogVersions | typeof schema.criteria | typeof schema.auditEvents) =>
		db().select({ n: count() }).from(table).get()!.n
	return { versions: n(schema.catalogVersions), criteria: n(schema.criteria), audit: n(schema.auditEvents) }
}

function storedVersion(versionId: number) {
	return db().select().from(schema.catalogVersions).where(eq(schema.catalogVersions.id, versionId)).get()
}

function importShipped(code: string) {
	const result = importCatalog(db(), shippedCatalog(code).catalog)
	if (result.status !== 'imported') throw new Error(`${code}: ${JSON.stringify(result)}`)
	return result
}

const REMOVED = 'ATTT.LIS.approved'
const ADDED = 'ATTT.LIS.dossier'
const REWORDED = 'ATTT.HIS.level'

/**
 * ATTT-CAPDO-2026 version 2, as an analyst would write it: one criterion dropped (with the level
 * rule that named it), one added, one reworded. Validated, so it is a real catalog.
 */
function atttVersion2(): Catalog {
	const v1 = shippedCatalog('ATTT-CAPDO-2026').catalog
	const added: Criterion = {
		id: ADDED,
		text: { vi: 'Hồ sơ đề xuất cấp độ của hệ thống LIS đã được lập.', en: 'The LIS security-level dossier has been prepared.' },
		basis: { document: '331/2026/NĐ-CP', clause: 'Điều 18' },
		see_also: [],
		provenance: 'secondary',
		answer: { type: 'yes_no', not_applicable: true },
		evidence: 'required',
		weight: 1,
		mandatory: true,
		informational: false,
	}
	const draft = {
		...v1,
		version: 2,
		groups: v1.groups.map((g) => ({
			...g,
			criteria: [
				...g.criteria
					.filter((c) => c.id !== REMOVED)
					.map((c) => (c.id === REWORDED ? { ...c, text: { vi: `${c.text.vi} (sửa đổi)`, en: `${c.text.en} (revised)` } } : c)),
				...(g.id === 'LIS' ? [added] : []),
			],
		})),
		levels: v1.levels.map((l) =>
			l.rule?.criteria?.includes(REMOVED) ? { ...l, rule: { ...l.rule, criteria: l.rule.criteria.filter((id) => id !== REMOVED) } } : l,
		),
	}
	const result = validateCatalog(draft)
	if (!result.ok) throw new Error(JSON.stringify(result.problems))
	return result.catalog
}

async function cookieOf(grant: GrantInput) {
	const user = await insertUser(db(), { grants: [grant] })
	return (await cookieFor(user.id)).cookie
}

const nationalAdmin = () => cookieOf({ role: 'admin', scopeKind: 'national' })

test('importing every shipped catalog stores one version each with its criteria rows, its content hash and an audit event', () => {
	const now = new Date(Date.UTC(2026, 2, 1, 2, 30))
	expect(shipped.map((l) => path.basename(l.file))).toEqual(
		fs
			.readdirSync(CATALOG_DIR)
			.filter((f) => f.endsWith('.yaml'))
			.sort(),
	)
	for (const l of shipped) {
		const ids = criterionIdsInFile(l.file)
		const result = importCatalog(db(), l.catalog, { sourceFile: `db/catalogs/${path.basename(l.file)}`, now })
		expect(result).toEqual({ status: 'imported', versionId: expect.any(Number), hash: catalogContentHash(l.catalog), criteria: ids.length })
		if (result.status !== 'imported') continue

		const row = storedVersion(result.versionId)!
		expect(row).toMatchObject({
			catalogCode: l.catalog.code,
			version: l.catalog.version,
			contentHash: l.hash,
			effectiveFrom: l.catalog.effective_from,
			sourceFile: `db/catalogs/${path.basename(l.file)}`,
			importedAt: now,
		})
		expect(row.contentHash).toMatch(/^[0-9a-f]{64}$/)
		expect(row.definition).toEqual(l.catalog)

		const criteria = db()
			.select({ key: schema.criteria.key, position: schema.criteria.position })
			.from(schema.criteria)
			.where(eq(schema.criteria.catalogVersionId, result.versionId))
			.orderBy(asc(schema.criteria.position))
			.all()
		expect(criteria.map((c) => c.key)).toEqual(ids)
		expect(criteria.map((c) => c.position)).toEqual(ids.map((_, i) => i))

		const events = db()
			.select()
			.from(schema.auditEvents)
			.where(eq(schema.auditEvents.entityId, String(result.versionId)))
			.all()
		expect(events.map((e) => [e.action, e.entityType, e.at])).toEqual([['catalog.import', 'catalog_version', now]])
		expect(JSON.parse(events[0].after!)).toMatchObject({
			code: l.catalog.code,
			version: l.catalog.version,
			hash: l.hash,
			criteria: ids.length,
		})
	}
	expect(rowCounts()).toEqual({
		versions: shipped.length,
		criteria: shipped.reduce((n, l) => n + criterionIdsInFile(l.file).length, 0),
		audit: shipped.length,
	})
	expect(verifyAuditChain(db())).toMatchObject({ ok: true, count: shipped.length })
})

test('importing the same content again is a no-op: unchanged, no new rows, no new audit event', () => {
	const first = importShipped('EMR-TT13-2025')
	const before = rowCounts()
	// Reloaded from disk, as a second run of the importer would.
	const again = loadAllCatalogFiles().find((l) => l.ok && l.catalog.code === 'EMR-TT13-2025')!
	if (!again.ok) throw new Error('unreachable')
	expect(importCatalog(db(), again.catalog)).toEqual({ status: 'unchanged', versionId: first.versionId, hash: first.hash })
	expect(rowCounts()).toEqual(before)
})

test('changed content under a code and version already imported is refused, telling the analyst to give a new version, and nothing is written', () => {
	const first = importShipped('HIMSS-EMRAM-2008')
	const v1 = shippedCatalog('HIMSS-EMRAM-2008').catalog
	const changed = validateCatalog({ ...v1, title: { vi: `${v1.title.vi}.`, en: v1.title.en } })
	if (!changed.ok) throw new Error(JSON.stringify(changed.problems))
	const before = rowCounts()
	const result = importCatalog(db(), changed.catalog)
	expect(result.status).toBe('conflict')
	if (result.status !== 'conflict') return
	expect(result.message).toContain('HIMSS-EMRAM-2008 version 1 is already imported with different content')
	expect(result.message).toContain('give the changed file a new version number')
	expect(rowCounts()).toEqual(before)
	expect(storedVersion(first.versionId)!.titleVi).toBe(v1.title.vi)
})

test('a changed catalog with a new version number imports as a second version and leaves the first untouched', () => {
	const first = importShipped('ATTT-CAPDO-2026')
	const firstRow = storedVersion(first.versionId)!
	const definitionText = () =>
		(db().$client.prepare('select definition from catalog_versions where id = ?').get(first.versionId) as { definition: string }).definition
	const firstDefinition = definitionText()
	const firstCriteria = db().select().from(schema.criteria).where(eq(schema.criteria.catalogVersionId, first.versionId)).all()
	const v2 = atttVersion2()

	const second = importCatalog(db(), v2)
	expect(second).toMatchObject({ status: 'imported', criteria: firstCriteria.length })
	if (second.status !== 'imported') return
	expect(second.versionId).not.toBe(first.versionId)
	expect(second.hash).not.toBe(first.hash)

	expect(storedVersion(first.versionId)).toEqual(firstRow)
	expect(definitionText()).toBe(firstDefinition)
	expect(JSON.parse(firstDefinition)).toEqual(shippedCatalog('ATTT-CAPDO-2026').catalog)
	expect(db().select().from(schema.criteria).where(eq(schema.criteria.catalogVersionId, first.versionId)).all()).toEqual(firstCriteria)
	const secondKeys = db()
		.select({ key: schema.criteria.key })
		.from(schema.criteria)
		.where(eq(schema.criteria.catalogVersionId, second.versionId))
		.all()
		.map((r) => r.key)
	expect(secondKeys).toContain(ADDED)
	expect(secondKeys).not.toContain(REMOVED)
	expect(
		db()
			.select({ version: schema.catalogVersions.version })
			.from(schema.catalogVersions)
			.where(eq(schema.catalogVersions.catalogCode, 'ATTT-CAPDO-2026'))
			.orderBy(asc(schema.catalogVersions.version))
			.all(),
	).toEqual([{ version: 1 }, { version: 2 }])
})

function tempDir() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-import-'))
	onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }))
	return dir
}

function runImporter(files: Array<string>) {
	const res = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/catalog-import.ts', ...files], {
		cwd: ROOT,
		env: { ...process.env, DATABASE_PATH: process.env.DATABASE_PATH },
		encoding: 'utf8',
		timeout: 30_000,
	})
	return { status: res.status, stdout: res.stdout, stderr: res.stderr }
}

/** Copies a shipped file into `dir`, replacing one line; returns the file and the 1-based line changed. */
function copyWithLine(dir: string, code: string, find: (line: string) => boolean, replace: (line: string) => string) {
	const lines = fs.readFileSync(shippedCatalog(code).file, 'utf8').split('\n')
	const index = lines.findIndex(find)
	if (index < 0) throw new Error(`no such line in ${code}`)
	lines[index] = replace(lines[index])
	const file = path.join(dir, catalogFileName(code, 1))
	fs.writeFileSync(file, lines.join('\n'))
	return { file, line: index + 1, text: lines[index] }
}

test('the import command refuses malformed files with file:line:col and a readable message, imports nothing, and then imports a valid file', () => {
	const dir = tempDir()
	const duplicate = copyWithLine(
		dir,
		'EMR-TT13-2025',
		(l) => l.trim() === '- id: EMR.F.b',
		(l) => l.replace('EMR.F.b', 'EMR.F.a'),
	)
	const unknownInRule = copyWithLine(
		dir,
		'ATTT-CAPDO-2026',
		(l) => l.trim().startsWith('criteria: [ATTT.HIS.approved'),
		(l) => l.replace('ATTT.LIS.approved', 'ATTT.LIS.missing'),
	)
	// YAML 1.2 reads `yes` as text, not as a boolean.
	const wrongType = copyWithLine(
		dir,
		'HIMSS-EMRAM-2008',
		(l) => l.trim() === 'mandatory: true',
		(l) => l.replace('true', 'yes'),
	)
	const valid = path.join(dir, catalogFileName('INV-DIGITAL-2026', 1))
	fs.copyFileSync(shippedCatalog('INV-DIGITAL-2026').file, valid)
	const before = rowCounts()

	const refused = runImporter([duplicate.file, unknownInRule.file, wrongType.file, valid])
	expect(refused.status).toBe(1)
	const problems = refused.stderr.trim().split('\n')
	expect(problems).toEqual([
		`${duplicate.file}:${duplicate.line}:${duplicate.text.indexOf('id:') + 1} groups.1.criteria.1.id — duplicate criterion id "EMR.F.a" (first at groups.1.criteria.0)`,
		`${unknownInRule.file}:${unknownInRule.line}:${unknownInRule.text.indexOf('ATTT.LIS.missing') + 1} levels.0.rule.criteria.1 — unknown criterion "ATTT.LIS.missing"`,
		expect.stringMatching(
			new RegExp(
				`^${escape(wrongType.file)}:${wrongType.line}:${wrongType.text.indexOf('mandatory') + 1} groups\\.0\\.criteria\\.0\\.mandatory — .*boolean`,
			),
		),
		'Nothing imported: 3 file(s) have problems.',
	])
	expect(refused.stdout).toBe('')
	expect(rowCounts()).toEqual(before)

	const imported = runImporter([valid])
	expect(imported.stderr).toBe('')
	expect(imported.status).toBe(0)
	const criteria = criterionIdsInFile(valid).length
	expect(imported.stdout).toMatch(new RegExp(`^Imported INV-DIGITAL-2026 v1: ${criteria} criteria, sha256 [0-9a-f]{12}…\\n$`))
	expect(rowCounts()).toEqual({ versions: before.versions + 1, criteria: before.criteria + criteria, audit: before.audit + 1 })
	const row = db().select().from(schema.catalogVersions).where(eq(schema.catalogVersions.catalogCode, 'INV-DIGITAL-2026')).get()!
	expect(row.contentHash).toBe(shippedCatalog('INV-DIGITAL-2026').hash)
	expect(row.sourceFile).toBe(path.relative(ROOT, valid))
}, 60_000)

function escape(s: string) {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

test('the catalog list shows every imported version to a national admin only', async () => {
	// Every shipped file except the shipped ATTT version 2, whose place the analyst's version 2 takes here.
	const imported = shipped.filter((l) => !(l.catalog.code === 'ATTT-CAPDO-2026' && l.catalog.version === 2))
	for (const l of imported) importCatalog(db(), l.catalog)
	importCatalog(db(), atttVersion2())
	const list = (cookie?: string) => run(catalogsIndex.loader, makeRequest('/admin/catalogs', { cookie }))

	const res = await list(await nationalAdmin())
	expect(res.status).toBe(200)
	const expected = [...imported.map((l) => l.catalog), atttVersion2()]
		.map((c) => ({
			code: c.code,
			version: c.version,
			criteria: c.groups.reduce((n, g) => n + g.criteria.length, 0),
			contentHash: catalogContentHash(c),
		}))
		.sort((a, b) => a.code.localeCompare(b.code) || b.version - a.version)
	expect(
		res.data.versions.map((v: Record<string, unknown>) => ({
			code: v.code,
			version: v.version,
			criteria: v.criteria,
			contentHash: v.contentHash,
		})),
	).toEqual(expected)

	const facility = insertFacility(db(), { provinceCode: '01' })
	const refused: Array<[string, GrantInput]> = [
		['province-scoped admin', { role: 'admin', scopeKind: 'province', provinceCode: '01' }],
		['national evaluator', { role: 'evaluator', scopeKind: 'national' }],
		['facility editor', { role: 'facility_editor', scopeKind: 'facility', facilityId: facility.id }],
		['facility director', { role: 'facility_director', scopeKind: 'facility', facilityId: facility.id }],
	]
	for (const [who, grant] of refused) expect((await list(await cookieOf(grant))).status, who).toBe(403)

	const anonymous = await list()
	expect(anonymous.status).toBe(302)
	expect(anonymous.location).toBe('/login?redirectTo=%2Fadmin%2Fcatalogs')
})

function compare(code: string, query: string, cookie: string) {
	return run(catalogVersions.loader, makeRequest(`/admin/catalogs/${code}${query}`, { cookie }), { code })
}

test('comparing two imported versions lists exactly the criteria added, removed and changed', async () => {
	importShipped('ATTT-CAPDO-2026')
	importCatalog(db(), atttVersion2())
	const cookie = await nationalAdmin()

	const res = await compare('ATTT-CAPDO-2026', '?a=1&b=2', cookie)
	expect(res.status).toBe(200)
	expect(res.data.versions.map((v: { version: number }) => v.version)).toEqual([2, 1])
	expect(res.data.compareError).toBe(false)
	expect(res.data.diff).toEqual({
		a: 1,
		b: 2,
		result: {
			added: [ADDED],
			removed: [REMOVED],
			changed: [{ id: REWORDED, fields: ['text'] }],
			header: ['version'],
			groups: { added: [], removed: [], changed: [{ id: 'LIS', fields: ['criteria'] }] },
			levels: { added: [], removed: [], changed: [{ id: 'APPROVED', fields: ['rule'] }] },
		},
	})

	const reversed = await compare('ATTT-CAPDO-2026', '?a=2&b=1', cookie)
	expect([reversed.data.diff.result.added, reversed.data.diff.result.removed]).toEqual([[REMOVED], [ADDED]])
})

test('comparing with a version that does not exist reports a compare error, not a server error', async () => {
	importShipped('ATTT-CAPDO-2026')
	const cookie = await nationalAdmin()
	for (const query of ['?a=1&b=7', '?a=1&b=abc', '?a=1']) {
		const res = await compare('ATTT-CAPDO-2026', query, cookie)
		expect(res.status, query).toBe(200)
		expect(res.data.compareError, query).toBe(true)
		expect(res.data.diff, query).toBeNull()
	}
	const plain = await compare('ATTT-CAPDO-2026', '', cookie)
	expect([plain.data.compareError, plain.data.diff]).toEqual([false, null])
})

test('a catalog code that was never imported is 404', async () => {
	importShipped('ATTT-CAPDO-2026')
	const res = await compare('NO-SUCH-CATALOG', '?a=1&b=2', await nationalAdmin())
	expect(res.status).toBe(404)
})

test('a version page shows the catalog with every criterion\u2019s legal basis and provenance, and an unknown version is 404', async () => {
	importShipped('EMR-TT13-2025')
	const cookie = await nationalAdmin()
	const open = (code: string, version: string) =>
		run(catalogVersion.loader, makeRequest(`/admin/catalogs/${code}/${version}`, { cookie }), { code, version })

	for (const version of ['2', '0', 'abc', '1.0']) expect((await open('EMR-TT13-2025', version)).status, version).toBe(404)
	expect((await open('NO-SUCH-CATALOG', '1')).status).toBe(404)

	const res = await open('EMR-TT13-2025', '1')
	expect(res.status).toBe(200)
	const file = shippedCatalog('EMR-TT13-2025')
	expect(res.data.hash).toBe(file.hash)
	const shown = (c: Catalog) => c.groups.flatMap((g) => g.criteria.map((cr) => ({ id: cr.id, basis: cr.basis, provenance: cr.provenance })))
	expect(shown(res.data.catalog)).toEqual(shown(file.catalog))
	// The file's default provenance reaches criteria that state none.
	expect(new Set(shown(res.data.catalog).map((c) => c.provenance))).toEqual(new Set(['official', 'secondary']))
	expect(shown(res.data.catalog).map((c) => c.id)).toEqual(criterionIdsInFile(file.file))
})
