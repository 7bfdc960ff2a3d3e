// Imports catalog files into DATABASE_PATH as immutable, content-hashed versions.
//   npm run catalog:import db/catalogs/emr-tt13-2025.v1.yaml [more files …]   (no file: every catalog in db/catalogs)
// Nothing is imported from a file with problems; re-importing the same content is a no-op.
import path from 'node:path'
import { importCatalog } from '../app/services/catalogs.server'
import { openDatabase } from '../db/client.server'
import { formatProblem, loadAllCatalogFiles, loadCatalogFile } from './catalog-validate'

const args = process.argv.slice(2)
const loaded = args.length ? args.map((f) => loadCatalogFile(f)) : loadAllCatalogFiles()
const bad = loaded.filter((l) => !l.ok)
if (bad.length) {
	for (const l of bad) if (!l.ok) for (const p of l.problems) console.error(formatProblem(p))
	console.error(`Nothing imported: ${bad.length} file(s) have problems.`)
	process.exit(1)
}
const db = openDatabase(process.env.DATABASE_PATH ?? './data/app.db')
let failed = false
for (const l of loaded) {
	if (!l.ok) continue
	const result = importCatalog(db, l.catalog, { sourceFile: path.relative(process.cwd(), l.file) })
	const name = `${l.catalog.code} v${l.catalog.version}`
	if (result.status === 'imported') console.log(`Imported ${name}: ${result.criteria} criteria, sha256 ${result.hash.slice(0, 12)}…`)
	else if (result.status === 'unchanged') console.log(`Unchanged ${name}: already imported with the same content`)
	else {
		failed = true
		console.error(`Refused ${path.relative(process.cwd(), l.file)}: ${result.message}`)
	}
}
db.$client.close()
process.exit(failed ? 1 : 0)
