// Validates criteria catalog files (db/catalogs/*.yaml, or the files given as arguments) and
// prints every problem as `file:line:col path — message`. Also the loader the importer reuses:
// loadCatalogFile() parses YAML with line information, runs validateCatalog() and hashes the
// normalised catalog.
//
//   npx tsx scripts/catalog-validate.ts [file.yaml …]
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml'
import { validateCatalog, type Catalog } from '../app/domain/catalog/schema'
import { catalogContentHash } from '../app/services/catalogs.server'

export const CATALOG_DIR = fileURLToPath(new URL('../db/catalogs/', import.meta.url))

export type LocatedProblem = {
	file: string
	line: number
	col: number
	path: Array<string | number>
	message: string
}
export type LoadedCatalog =
	| {
			ok: true
			file: string
			catalog: Catalog
			/** sha256 (hex) of the canonical JSON of the normalised catalog. */
			hash: string
			/** Line and column of a path inside the file. */
			locate: (path: ReadonlyArray<string | number>) => { line: number; col: number }
	  }
	| { ok: false; file: string; problems: Array<LocatedProblem> }

/** sha256 of the catalog's canonical JSON (the same hash the importer stores). */
export const canonicalHash = catalogContentHash

/** The file name a catalog must have: `<code in lower case>.v<version>.yaml`. */
export function catalogFileName(code: string, version: number): string {
	return `${code.toLowerCase()}.v${version}.yaml`
}

export function loadCatalogFile(file: string): LoadedCatalog {
	let source: string
	try {
		source = readFileSync(file, 'utf8')
	} catch (error) {
		return { ok: false, file, problems: [{ file, line: 1, col: 1, path: [], message: `cannot read: ${(error as Error).message}` }] }
	}
	const loaded = parseCatalogSource(source, file)
	if (loaded.ok) {
		const expected = catalogFileName(loaded.catalog.code, loaded.catalog.version)
		if (path.basename(file) !== expected) {
			const at = loaded.locate(['code'])
			return {
				ok: false,
				file,
				problems: [{ file, ...at, path: ['code'], message: `the file must be named ${expected} (from its code and version)` }],
			}
		}
	}
	return loaded
}

/** Every db/catalogs/*.yaml (or *.yaml of `dir`), in file-name order. */
export function catalogFiles(dir: string = CATALOG_DIR): Array<string> {
	return readdirSync(dir)
		.filter((f) => f.endsWith('.yaml'))
		.sort()
		.map((f) => path.join(dir, f))
}

/** loadCatalogFile for every catalog file of `dir` (default db/catalogs). */
export function loadAllCatalogFiles(dir: string = CATALOG_DIR): Array<LoadedCatalog> {
	return catalogFiles(dir).map((file) => loadCatalogFile(file))
}

/** Parses and validates catalog YAML text; `file` is only used in the problems. */
export function parseCatalogSource(source: string, file: string): LoadedCatalog {
	const lineCounter = new LineCounter()
	const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true })
	const locate = (p: ReadonlyArray<string | number>) => locatePath(doc, lineCounter, p)
	const yamlProblems = [...doc.errors, ...doc.warnings].map((e) => {
		const at = lineCounter.linePos(e.pos[0])
		return { file, line: at.line, col: at.col, path: [], message: `YAML: ${e.message.split('\n')[0]}` }
	})
	if (yamlProblems.length > 0) return { ok: false, file, problems: yamlProblems }

	const result = validateCatalog(doc.toJS({ maxAliasCount: 100 }))
	if (!result.ok) {
		return { ok: false, file, problems: result.problems.map((p) => ({ file, ...locate(p.path), ...p })) }
	}
	return { ok: true, file, catalog: result.catalog, hash: canonicalHash(result.catalog), locate }
}

/**
 * Checks across several catalogs: one file per code and version, and criterion IDs unique across
 * different catalog codes (an assessment keys its answers by criterion ID alone).
 */
export function checkCatalogSet(loaded: ReadonlyArray<Extract<LoadedCatalog, { ok: true }>>): Array<LocatedProblem> {
	const problems: Array<LocatedProblem> = []
	const versions = new Map<string, string>()
	const owners = new Map<string, { code: string; file: string }>()
	for (const entry of loaded) {
		const { catalog, file } = entry
		const key = `${catalog.code} v${catalog.version}`
		const other = versions.get(key)
		if (other !== undefined) {
			problems.push({ file, ...entry.locate(['version']), path: ['version'], message: `${key} is also defined in ${other}` })
		} else versions.set(key, file)
		catalog.groups.forEach((g, gi) =>
			g.criteria.forEach((c, ci) => {
				const owner = owners.get(c.id)
				if (owner && owner.code !== catalog.code) {
					const p = ['groups', gi, 'criteria', ci, 'id']
					problems.push({
						file,
						...entry.locate(p),
						path: p,
						message: `criterion id "${c.id}" is also used by ${owner.code} (${owner.file})`,
					})
				} else if (!owner) owners.set(c.id, { code: catalog.code, file })
			}),
		)
	}
	// A level that requires another catalog's level names a shipped catalog and one of its levels.
	for (const entry of loaded) {
		entry.catalog.levels.forEach((lv, li) =>
			lv.rule?.catalogs?.forEach((ref, ri) => {
				const others = loaded.filter((l) => l.catalog.code === ref.code)
				const p = ['levels', li, 'rule', 'catalogs', ri, others.length ? 'level' : 'code']
				const message = !others.length
					? `no catalog file has the code ${ref.code}`
					: !others.some((o) => o.catalog.levels.some((l) => l.id === ref.level))
						? `${ref.code} has no level "${ref.level}"`
						: null
				if (message) problems.push({ file: entry.file, ...entry.locate(p), path: p, message })
			}),
		)
	}
	return problems
}

/**
 * The highest version of each catalog: what a new round uses when its dates allow (bench, demo).
 * Files that failed to load are kept, so callers still see them.
 */
export function latestCatalogs(loaded: ReadonlyArray<LoadedCatalog>): Array<LoadedCatalog> {
	const best = new Map<string, number>()
	for (const l of loaded) if (l.ok) best.set(l.catalog.code, Math.max(best.get(l.catalog.code) ?? 0, l.catalog.version))
	return loaded.filter((l) => !l.ok || best.get(l.catalog.code) === l.catalog.version)
}

export function formatProblem(p: LocatedProblem): string {
	return `${p.file}:${p.line}:${p.col} ${p.path.length > 0 ? p.path.join('.') : '(file)'} — ${p.message}`
}

function locatePath(doc: Document, lineCounter: LineCounter, p: ReadonlyArray<string | number>) {
	let node: unknown = doc.contents
	let offset = (doc.contents as { range?: [number, number, number] } | null)?.range?.[0] ?? 0
	for (const key of p) {
		if (isMap(node)) {
			const pair = node.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === key)
			if (!pair) break
			// Point at the key: "id:" is where an analyst looks for the id's problem.
			const at = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? offset
			offset = at
			node = pair.value
		} else if (isSeq(node) && typeof key === 'number') {
			const item = node.items[key] as { range?: [number, number, number] } | undefined
			if (!item) break
			offset = item.range?.[0] ?? offset
			node = item
		} else break
	}
	return lineCounter.linePos(offset)
}

export function main(args: ReadonlyArray<string>): number {
	const files = args.length > 0 ? [...args] : catalogFiles()
	if (files.length === 0) {
		console.error(`no catalog files in ${CATALOG_DIR}`)
		return 1
	}
	let failed = false
	const good: Array<Extract<LoadedCatalog, { ok: true }>> = []
	for (const file of files) {
		const loaded = loadCatalogFile(file)
		const shown = path.relative(process.cwd(), file) || file
		if (!loaded.ok) {
			failed = true
			for (const p of loaded.problems) console.log(formatProblem({ ...p, file: shown }))
			continue
		}
		good.push(loaded)
		const { catalog } = loaded
		const criteria = catalog.groups.reduce((n, g) => n + g.criteria.length, 0)
		console.log(
			`OK ${shown} (${catalog.code} v${catalog.version}, ${catalog.groups.length} groups, ${criteria} criteria, ${catalog.levels.length} levels)`,
		)
	}
	for (const p of checkCatalogSet(good)) {
		failed = true
		console.log(formatProblem({ ...p, file: path.relative(process.cwd(), p.file) || p.file }))
	}
	return failed ? 1 : 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
	process.exitCode = main(process.argv.slice(2))
}
