// Previewing a catalog workbook of 500 criteria (docs/PERFORMANCE.md, "Catalog authoring"): what the
// upload does (read the .xlsx into cells) and what every view of the draft's preview does (cells →
// catalog, validation, the checks against every published catalog, the changes from the base
// version and the suggested lineage). Budget: ≤ 2 s for the two together.
//
//   npm run bench:catalog-preview
import { performance } from 'node:perf_hooks'
import { CATALOG_UPLOAD_LIMITS } from '../app/domain/catalog/authoring'
import { type Catalog } from '../app/domain/catalog/schema'
import { loadAllCatalogFiles } from '../scripts/catalog-validate'
import { evaluateCatalogDraft, type PublishedCatalogs } from '../spreadsheets/catalog-draft'
import { catalogWorkbook } from '../spreadsheets/catalog-workbook'
import { readSpreadsheet } from '../spreadsheets/read'
import { percentile, report } from './lib'

const CRITERIA = 500
const RUNS = 7

const shipped = loadAllCatalogFiles().flatMap((l) => (l.ok ? [l.catalog] : []))
const tt54 = shipped.filter((c) => c.code === 'IT-TT54-2017')
const base = tt54.find((c) => c.version === 2)!

/** TT54 version 3: version 2 with criteria added to its LIS group (worded apart) until it holds 500. */
function bigDraft(): Catalog {
	const existing = base.groups.reduce((n, g) => n + g.criteria.length, 0)
	const lis = base.groups.find((g) => g.id === 'LIS')!
	const template = lis.criteria[0]
	const extra = Array.from({ length: CRITERIA - existing }, (_, i) => ({
		...template,
		id: `TT54.LIS.x${i + 1}`,
		text: {
			vi: `Tiêu chí bổ sung số ${i + 1} về kết nối máy xét nghiệm ${i % 7}`,
			en: `Additional criterion ${i + 1} on analyser link ${i % 7}`,
		},
	}))
	return {
		...base,
		version: 3,
		based_on: 2,
		groups: base.groups.map((g) => (g.id === 'LIS' ? { ...g, criteria: [...g.criteria, ...extra] } : g)),
	}
}

const published: PublishedCatalogs = {
	versions: tt54.map((c) => ({ version: c.version, catalog: c })),
	otherCriteria: new Map(
		shipped.filter((c) => c.code !== base.code).flatMap((c) => c.groups.flatMap((g) => g.criteria.map((cr) => [cr.id, c.code] as const))),
	),
	otherLevels: new Map(
		[...new Set(shipped.filter((c) => c.code !== base.code).map((c) => c.code))].map((code) => [
			code,
			new Set(shipped.filter((c) => c.code === code).flatMap((c) => c.levels.map((l) => l.id))),
		]),
	),
}

const draft = bigDraft()
const t0 = performance.now()
const bytes = await catalogWorkbook(draft)
const writeMs = performance.now() - t0

const reads: Array<number> = []
const evaluations: Array<number> = []
for (let run = 0; run < RUNS; run++) {
	const a = performance.now()
	const read = await readSpreadsheet(bytes, { ...CATALOG_UPLOAD_LIMITS, csv: false })
	const b = performance.now()
	if (!read.ok) throw new Error(read.problem.code)
	const evaluation = evaluateCatalogDraft(read.sheets, base.code, published)
	const c = performance.now()
	if (evaluation.problems.length) throw new Error(JSON.stringify(evaluation.problems.slice(0, 3)))
	if (evaluation.changes?.added.length !== CRITERIA - base.groups.reduce((n, g) => n + g.criteria.length, 0))
		throw new Error('unexpected changes')
	reads.push(b - a)
	evaluations.push(c - b)
}
const sorted = (xs: Array<number>) => [...xs].sort((x, y) => x - y)
const totals = sorted(reads.map((r, i) => r + evaluations[i]))
report('catalog-preview', [
	{ name: 'catalog workbook written (500 criteria)', value: writeMs, unit: 'ms', note: `${Math.round(bytes.length / 1024)} KB` },
	{ name: 'catalog upload read (500 criteria), median', value: percentile(sorted(reads), 50), unit: 'ms' },
	{ name: 'catalog draft evaluated (500 criteria), median', value: percentile(sorted(evaluations), 50), unit: 'ms' },
	{
		name: 'catalog preview, read + evaluate (500 criteria), worst of 7',
		value: totals[totals.length - 1],
		unit: 'ms',
		budget: { op: '<=', value: 2000 },
	},
])
