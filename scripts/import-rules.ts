// The import rules of docs/ARCHITECTURE.md: every source file belongs to one room, and a room may
// import only the rooms listed for it, so the arrows point down. `npm run lint:imports` and the test
// command run `checkImports` over the repository; tests/unit/import-rules.test.ts proves that an
// upward import of each kind is caught.
import fs from 'node:fs'
import path from 'node:path'

export const ROOMS = [
	'routes',
	'components',
	'pages',
	'utils',
	'services',
	'env',
	'spreadsheets',
	'reports',
	'storage',
	'queries',
	'db',
	'i18n',
	'domain',
] as const
export type Room = (typeof ROOMS)[number]

/** Which room a repository path (relative, forward slashes) belongs to; null for files no rule covers (tests, scripts, bench). */
export function roomOf(file: string): Room | null {
	if (/^app\/(routes\/|root\.tsx$|entry\.(server|client)\.tsx$)/.test(file)) return 'routes'
	if (file.startsWith('app/components/')) return 'components'
	if (file.startsWith('app/pages/')) return 'pages'
	if (file.startsWith('app/utils/')) return 'utils'
	if (file.startsWith('app/services/')) return 'services'
	if (file === 'app/env.server.ts') return 'env'
	if (file.startsWith('app/i18n/')) return 'i18n'
	if (file.startsWith('app/domain/')) return 'domain'
	if (file.startsWith('spreadsheets/')) return 'spreadsheets'
	if (file.startsWith('reports/')) return 'reports'
	if (file.startsWith('storage/')) return 'storage'
	if (file.startsWith('db/queries/')) return 'queries'
	if (file.startsWith('db/')) return 'db'
	return null
}

type Rule = {
	/** Rooms this room may import (its own room is always allowed). */
	rooms: ReadonlyArray<Room>
	/** Packages allowed beyond the rooms: exact names or prefixes ending in '/' or '*'. `*` means any package. */
	packages: ReadonlyArray<string>
	/** Packages refused even when `packages` is '*'. */
	refused?: ReadonlyArray<string>
	why: string
}

const SERVER_ONLY = ['node:', 'drizzle-orm', 'better-sqlite3', 'pdfkit', 'exceljs', 'nodemailer']

export const RULES: Record<Room, Rule> = {
	routes: {
		rooms: ['components', 'pages', 'utils', 'services', 'env', 'queries', 'db', 'i18n', 'domain'],
		packages: ['*'],
		refused: ['drizzle-orm', 'better-sqlite3', 'pdfkit', 'exceljs', 'nodemailer'],
		why: 'routes are thin: they read through db/queries or app/pages and write through app/services, never SQL',
	},
	components: {
		rooms: ['utils', 'i18n', 'domain'],
		packages: ['*'],
		refused: SERVER_ONLY,
		why: 'components run in the browser: no server modules, no database',
	},
	pages: {
		rooms: ['env', 'spreadsheets', 'reports', 'queries', 'db', 'i18n', 'domain'],
		packages: ['*'],
		refused: ['drizzle-orm', 'better-sqlite3', '@remix-run/'],
		why: 'page models read (db/queries) and compose (domain); they never write, send mail or know HTTP',
	},
	utils: {
		rooms: ['services', 'env', 'spreadsheets', 'queries', 'db', 'i18n', 'domain'],
		packages: ['*'],
		refused: ['drizzle-orm', 'better-sqlite3'],
		why: 'utils are framework glue (cookies, guards, HTTP helpers): no SQL, no page models',
	},
	services: {
		rooms: ['env', 'spreadsheets', 'reports', 'storage', 'queries', 'db', 'i18n', 'domain'],
		packages: ['*'],
		refused: ['@remix-run/', 'react', 'react-dom'],
		why: 'services are use cases below the web layer: no Remix, no routes, pages or utils',
	},
	env: { rooms: ['domain'], packages: ['zod', 'node:'], why: 'the environment is read first and depends on nothing of ours' },
	spreadsheets: {
		rooms: ['i18n', 'domain'],
		packages: ['*'],
		refused: ['drizzle-orm', 'better-sqlite3', '@remix-run/', 'react'],
		why: 'spreadsheets turn data into bytes and bytes into cells: no database, no Remix',
	},
	reports: {
		rooms: ['i18n', 'domain'],
		packages: ['*'],
		refused: ['drizzle-orm', 'better-sqlite3', '@remix-run/', 'react'],
		why: 'reports render plain data: no database, no Remix',
	},
	storage: {
		rooms: ['env', 'domain'],
		packages: ['*'],
		refused: ['drizzle-orm', 'better-sqlite3', '@remix-run/', 'react'],
		why: 'storage keeps bytes: no database, no Remix',
	},
	queries: {
		rooms: ['db', 'domain'],
		packages: ['drizzle-orm', 'better-sqlite3', 'node:'],
		why: 'queries read the database and return plain data for the layers above',
	},
	db: {
		rooms: ['domain'],
		packages: ['drizzle-orm', 'better-sqlite3', 'node:'],
		why: 'the database layer knows its schema and the domain, nothing above it',
	},
	i18n: { rooms: ['domain'], packages: [], why: 'the dictionary is plain data over the domain enums' },
	domain: { rooms: [], packages: ['zod'], why: 'the domain is pure: it imports only zod and other domain modules' },
}

const ALIASES: ReadonlyArray<[string, string]> = [
	['~/', 'app/'],
	['#db/', 'db/'],
	['#reports/', 'reports/'],
	['#spreadsheets/', 'spreadsheets/'],
	['#storage/', 'storage/'],
	['#tests/', 'tests/'],
]

/** The repository path an import points at, or null for a package. */
export function resolveSpec(spec: string, fromFile: string): string | null {
	for (const [alias, dir] of ALIASES) if (spec.startsWith(alias)) return dir + spec.slice(alias.length)
	if (spec.startsWith('.')) return path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), spec))
	return null
}

function roomOfTarget(target: string): Room | null {
	const base = target.replace(/\.(tsx?|jsx?)$/, '')
	for (const candidate of [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`, target]) {
		const room = roomOf(candidate)
		if (room) return room
	}
	return null
}

function packageAllowed(spec: string, rule: Rule, file: string): boolean {
	const matches = (p: string) => (p.endsWith('/') || p.endsWith(':') ? spec.startsWith(p) : spec === p || spec.startsWith(`${p}/`))
	if (rule.refused?.some(matches)) return false
	if (rule.packages.includes('*')) return true
	if (/\.test\.tsx?$/.test(file) && /^(vitest|fast-check)$/.test(spec)) return true
	return rule.packages.some(matches)
}

const importRe = /(?:^|\n)\s*(?:import|export)\s(?:type\s)?([^'"]*?)from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g

/** The problems of one file's text, as "file: imports 'x' — why". */
export function checkFile(file: string, text: string): Array<string> {
	const room = roomOf(file)
	// Tests, scripts and benchmarks may import anything.
	if (!room || /\.test\.tsx?$/.test(file)) return []
	const rule = RULES[room]
	const problems: Array<string> = []
	for (const m of text.matchAll(importRe)) {
		const names = m[1] ?? ''
		const spec = m[2] ?? m[3]
		const target = resolveSpec(spec, file)
		// Style sheets are assets the route modules link, not code.
		if (room === 'routes' && spec.endsWith('.css')) continue
		if (target === null) {
			if (!packageAllowed(spec, rule, file)) problems.push(`${file}: imports '${spec}' — ${rule.why}`)
			continue
		}
		const to = roomOfTarget(target)
		if (to === null) {
			problems.push(`${file}: imports '${spec}', outside every room — ${rule.why}`)
			continue
		}
		if (to !== room && !rule.rooms.includes(to)) problems.push(`${file}: imports '${spec}' (${to}) — ${rule.why}`)
		// The database's tables are for the writers (services) and the readers (db/queries) only.
		else if (to === 'db' && !['db', 'queries', 'services'].includes(room) && /\bschema\b/.test(names))
			problems.push(`${file}: imports the schema from '${spec}' — only db/queries and app/services touch tables`)
		// Components run in the browser: no server-only module, whatever room it is in.
		else if (room === 'components' && /\.server$/.test(target.replace(/\.(tsx?)$/, '')))
			problems.push(`${file}: imports '${spec}', a server module — ${rule.why}`)
	}
	// Every SQL read lives in db/queries; the writers write, the pages compose.
	if (room !== 'queries' && room !== 'db') {
		const reads = text.split('\n').flatMap((line, i) => (/\.(select|selectDistinct)\(|\$client\.prepare\(/.test(line) ? [i + 1] : []))
		for (const line of reads) problems.push(`${file}:${line}: reads the database — every SQL read belongs in db/queries`)
	}
	return problems
}

function* sourceFiles(root: string, dir: string): Generator<string> {
	const abs = path.join(root, dir)
	if (!fs.existsSync(abs)) return
	for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
		const rel = path.posix.join(dir, entry.name)
		if (entry.isDirectory()) {
			if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) yield* sourceFiles(root, rel)
		} else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield rel
	}
}

/** Every rule over the repository at `root`. */
export function checkImports(root: string): Array<string> {
	const problems: Array<string> = []
	for (const dir of ['app', 'db', 'reports', 'spreadsheets', 'storage']) {
		for (const file of sourceFiles(root, dir)) problems.push(...checkFile(file, fs.readFileSync(path.join(root, file), 'utf8')))
	}
	return problems
}
