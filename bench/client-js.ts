// JavaScript shipped per route, gzip bytes (docs/BUDGETS.md: the assessment form ≤ 150 KB gzip).
// Reads the Remix build manifest: entry + root + the route's module and their imports.
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { ROOT, report } from './lib'

const buildDir = path.join(ROOT, 'public/build')
const manifestFile = fs.readdirSync(buildDir).find((f) => /^manifest-.*\.js$/.test(f))
if (!manifestFile) throw new Error('no build: run npm run build first')
const text = fs.readFileSync(path.join(buildDir, manifestFile), 'utf8')
const manifest = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)) as {
	entry: { module: string; imports: Array<string> }
	routes: Record<string, { id: string; parentId?: string; module: string; imports?: Array<string> }>
}

const gz = new Map<string, number>()
function gzipSize(url: string) {
	if (!gz.has(url)) gz.set(url, zlib.gzipSync(fs.readFileSync(path.join(ROOT, 'public', url)), { level: 9 }).byteLength)
	return gz.get(url)!
}

function routeBytes(id: string) {
	const files = new Set<string>([manifest.entry.module, ...manifest.entry.imports])
	for (let r: string | undefined = id; r; r = manifest.routes[r].parentId) {
		files.add(manifest.routes[r].module)
		for (const i of manifest.routes[r].imports ?? []) files.add(i)
	}
	return [...files].reduce((sum, f) => sum + gzipSize(f), 0) / 1024
}

const FORM = 'routes/assessments.$assessmentId.$catalogCode.$groupId'
const figures = Object.keys(manifest.routes)
	.filter((id) => id !== 'root')
	.sort()
	.map((id) => ({
		name: `JS for ${id.replace('routes/', '')}`,
		value: routeBytes(id),
		unit: 'KB gzip',
		budget: id === FORM ? { op: '<=' as const, value: 150 } : undefined,
	}))
report('client-js', figures)
