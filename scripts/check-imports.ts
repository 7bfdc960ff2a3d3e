// The import rules of docs/ARCHITECTURE.md, checked on every test run.
import fs from 'node:fs'
import path from 'node:path'

type Rule = { dir: string; allow: (spec: string, file: string) => boolean; why: string }

const isRelativeWithin = (dir: string) => (spec: string, file: string) =>
	spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(path.resolve(dir))

const rules: Array<Rule> = [
	{
		dir: 'app/domain',
		allow: (spec, file) =>
			spec === 'zod' ||
			spec.startsWith('~/domain/') ||
			isRelativeWithin('app/domain')(spec, file) ||
			(file.includes('.test.') && /^(vitest|fast-check)$/.test(spec)),
		why: 'the domain is pure: it imports only zod and other domain modules',
	},
	{
		dir: 'app/components',
		allow: (spec) => !spec.includes('.server') && !spec.startsWith('#db') && !spec.startsWith('node:'),
		why: 'components run in the browser: no server modules, no database',
	},
	{
		dir: 'reports',
		allow: (spec) =>
			!spec.startsWith('#db') &&
			!spec.startsWith('@remix-run') &&
			!spec.includes('/db/') &&
			!spec.includes('~/services') &&
			!spec.includes('~/routes'),
		why: 'reports render plain data: no database, no Remix',
	},
	{
		dir: 'db',
		allow: (spec) => !spec.includes('/routes/') && !spec.startsWith('~/routes') && !spec.startsWith('@remix-run'),
		why: 'the database layer does not know about routes or Remix',
	},
]

function* files(dir: string): Generator<string> {
	if (!fs.existsSync(dir)) return
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, entry.name)
		if (entry.isDirectory()) yield* files(p)
		else if (/\.(ts|tsx)$/.test(entry.name)) yield p
	}
}

const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g
const problems: Array<string> = []
for (const rule of rules) {
	for (const file of files(rule.dir)) {
		const text = fs.readFileSync(file, 'utf8')
		for (const m of text.matchAll(importRe)) {
			const spec = m[1] ?? m[2]
			if (!rule.allow(spec, file)) problems.push(`${file}: imports '${spec}' — ${rule.why}`)
		}
	}
}
if (problems.length) {
	console.error(problems.join('\n'))
	process.exit(1)
}
console.log('Import rules hold.')
