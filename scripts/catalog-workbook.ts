// Between the catalog files of the repository (the format of record) and the analysts' workbook
// (docs/CATALOG-FORMAT.md §4.4): a YAML file to .xlsx, or a workbook back to YAML after the same
// validation as `catalog:validate`, every problem printed at its cell.
//
//   npx tsx scripts/catalog-workbook.ts to-xlsx db/catalogs/it-tt54-2017.v2.yaml out.xlsx
//   npx tsx scripts/catalog-workbook.ts to-yaml edited.xlsx db/catalogs/it-tt54-2017.v3.yaml
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { stringify } from 'yaml'
import { CATALOG_UPLOAD_LIMITS } from '../app/domain/catalog/authoring'
import { registerAllDictionaries } from '../app/i18n/messages'
import { isMessageKey, translate } from '../app/i18n/translate'
import { catalogFromWorkbook, catalogWorkbook } from '../spreadsheets/catalog-workbook'
import { readSpreadsheet } from '../spreadsheets/read'
import { loadCatalogFile } from './catalog-validate'

const message = (code: string, params?: Readonly<Record<string, string | number>>) =>
	isMessageKey(code) ? translate('en', code, { ...params }) : code

export async function main(args: ReadonlyArray<string>): Promise<number> {
	const [command, from, to] = args
	if (command === 'to-xlsx' && from && to) {
		const loaded = loadCatalogFile(from)
		if (!loaded.ok) {
			for (const p of loaded.problems) console.error(`${p.file}:${p.line}:${p.col} ${p.path.join('.')} — ${p.message}`)
			return 1
		}
		writeFileSync(to, await catalogWorkbook(loaded.catalog))
		return 0
	}
	if (command === 'to-yaml' && from && to) {
		const read = await readSpreadsheet(new Uint8Array(readFileSync(from)), { ...CATALOG_UPLOAD_LIMITS, csv: false })
		if (!read.ok) {
			console.error(`${from}: ${message(read.problem.code, read.problem.params)}`)
			return 1
		}
		const result = catalogFromWorkbook(read.sheets)
		if (!result.ok) {
			for (const p of result.problems) console.error(`${from} ${p.cell} — ${message(p.code, p.params)}`)
			return 1
		}
		writeFileSync(to, stringify(result.catalog, { lineWidth: 0 }))
		return 0
	}
	console.error('usage: catalog-workbook.ts to-xlsx <file.yaml> <out.xlsx> | to-yaml <file.xlsx> <out.yaml>')
	return 2
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
	registerAllDictionaries()
	process.exitCode = await main(process.argv.slice(2))
}
