import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { catalogFromWorkbook, catalogWorkbook } from '#spreadsheets/catalog-workbook'
import { readSpreadsheet } from '#spreadsheets/read'
import { canonicalJson } from '~/domain/canonical-json'
import { CATALOG_UPLOAD_LIMITS } from '~/domain/catalog/authoring'
import { catalogFiles, loadCatalogFile } from '../../scripts/catalog-validate'
import { main } from '../../scripts/catalog-workbook'

async function sheetsOf(bytes: Uint8Array) {
	const read = await readSpreadsheet(bytes, { ...CATALOG_UPLOAD_LIMITS, csv: false })
	if (!read.ok) throw new Error(JSON.stringify(read.problem))
	return read.sheets
}

describe('every shipped catalog goes to a workbook and back unchanged', () => {
	for (const file of catalogFiles()) {
		test(path.basename(file), async () => {
			const loaded = loadCatalogFile(file)
			if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems))
			const back = catalogFromWorkbook(await sheetsOf(await catalogWorkbook(loaded.catalog)))
			if (!back.ok) expect(back.problems).toEqual([])
			expect(back.ok && canonicalJson(back.catalog)).toBe(canonicalJson(loaded.catalog))
		})
	}
})

test('lineage and based_on survive the round trip', async () => {
	const loaded = loadCatalogFile(catalogFiles().find((f) => f.endsWith('it-tt54-2017.v2.yaml'))!)
	if (!loaded.ok) throw new Error('TT54 v2 does not validate')
	const [first, second] = loaded.catalog.groups[0].criteria
	const catalog = {
		...loaded.catalog,
		based_on: 1,
		groups: loaded.catalog.groups.map((g, gi) =>
			gi === 0
				? {
						...g,
						criteria: g.criteria.map((c) =>
							c.id === second.id ? { ...c, lineage: { relation: 'merged' as const, from: [first.id, second.id] } } : c,
						),
					}
				: g,
		),
	}
	const back = catalogFromWorkbook(await sheetsOf(await catalogWorkbook(catalog)))
	expect(back.ok && back.catalog.groups[0].criteria[1].lineage).toEqual({ relation: 'merged', from: [first.id, second.id] })
	expect(back.ok && canonicalJson(back.catalog)).toBe(canonicalJson(catalog))
})

test('the command line turns a catalog file into a workbook and the workbook back into a file of the same catalog', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-book-'))
	const source = catalogFiles().find((f) => f.endsWith('emr-tt13-2025.v2.yaml'))!
	expect(await main(['to-xlsx', source, path.join(dir, 'emr.xlsx')])).toBe(0)
	const back = path.join(dir, 'emr-tt13-2025.v2.yaml')
	expect(await main(['to-yaml', path.join(dir, 'emr.xlsx'), back])).toBe(0)
	const original = loadCatalogFile(source)
	const again = loadCatalogFile(back)
	expect(again.ok && again.hash).toBe(original.ok && original.hash)
	fs.rmSync(dir, { recursive: true })
})
