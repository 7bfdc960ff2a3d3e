// The import rules of docs/ARCHITECTURE.md (scripts/import-rules.ts), checked on every test run.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkImports } from './import-rules'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const problems = checkImports(root)
if (problems.length) {
	console.error(problems.join('\n'))
	console.error(`${problems.length} import(s) break the rules of docs/ARCHITECTURE.md.`)
	process.exit(1)
}
console.log('Import rules hold.')
