// Scoring budgets (docs/BUDGETS.md): one full assessment ≤ 1 ms; 50,000 assessments ≤ 30 s on one core.
import { type Answer } from '../app/domain/catalog/answers'
import { compileCatalog } from '../app/domain/catalog/compile'
import { type Catalog } from '../app/domain/catalog/schema'
import { scoreAssessment } from '../app/domain/catalog/scoring'
import { FACILITY_CLASSES, FACILITY_TYPES, MANAGING_BODIES } from '../app/domain/enums'
import { latestCatalogs, loadAllCatalogFiles } from '../scripts/catalog-validate'
import { percentile, report, seeded } from './lib'

const catalogs = latestCatalogs(loadAllCatalogFiles()).map((l) => {
	if (!l.ok) throw new Error(l.file)
	return l.catalog
})
const compiled = catalogs.map(compileCatalog)
const criteria = catalogs.flatMap((c: Catalog) => c.groups.flatMap((g) => g.criteria))
const rand = seeded(2026)

/** A realistic answer sheet: most criteria answered, a mix of met and not met. */
function randomAnswers(): Map<string, Answer> {
	const answers = new Map<string, Answer>()
	for (const c of criteria) {
		if (rand() < 0.1) continue
		const a = c.answer
		switch (a.type) {
			case 'yes_no':
				answers.set(c.id, rand() < 0.7 ? { kind: 'yes_no', value: 'yes' } : { kind: 'yes_no', value: 'no' })
				break
			case 'choice':
				answers.set(c.id, { kind: 'choice', value: a.options[Math.floor(rand() * a.options.length)].value })
				break
			case 'number':
				answers.set(c.id, { kind: 'number', value: Math.floor(rand() * 50) })
				break
			case 'percent':
				answers.set(c.id, { kind: 'percent', value: Math.round(rand() * 1000) / 10 })
				break
			case 'date':
				answers.set(c.id, { kind: 'date', value: '2025-09-30' })
				break
			case 'text':
				answers.set(c.id, { kind: 'text', value: 'Ghi chú' })
				break
		}
	}
	return answers
}

const N = 50_000
const sheets = Array.from({ length: 1000 }, randomAnswers)
const facilities = Array.from({ length: 1000 }, () => ({
	type: FACILITY_TYPES[Math.floor(rand() * FACILITY_TYPES.length)],
	class: FACILITY_CLASSES[Math.floor(rand() * FACILITY_CLASSES.length)],
	managingBody: MANAGING_BODIES[Math.floor(rand() * MANAGING_BODIES.length)],
}))

// Warm up, then time single assessments and the national rescoring.
for (let i = 0; i < 2000; i++) scoreAssessment(compiled, sheets[i % 1000], facilities[i % 1000], { asOf: '2026-10-01' })
const single: Array<number> = []
for (let i = 0; i < 5000; i++) {
	const t = process.hrtime.bigint()
	const r = scoreAssessment(compiled, sheets[i % 1000], facilities[(i * 7) % 1000], { asOf: '2026-10-01' })
	single.push(Number(process.hrtime.bigint() - t) / 1e6)
	if (!r.ok) throw new Error(JSON.stringify(r.error))
}
single.sort((a, b) => a - b)
const start = process.hrtime.bigint()
for (let i = 0; i < N; i++) scoreAssessment(compiled, sheets[i % 1000], facilities[(i * 13) % 1000], { asOf: '2026-10-01' })
const national = Number(process.hrtime.bigint() - start) / 1e9

report('scoring', [
	{
		name: 'score one assessment, median',
		value: percentile(single, 50),
		unit: 'ms',
		budget: { op: '<=', value: 1 },
		note: `${criteria.length} criteria, ${catalogs.length} catalogs`,
	},
	{ name: 'score one assessment, p99', value: percentile(single, 99), unit: 'ms', budget: { op: '<=', value: 1 } },
	{ name: 'rescore 50,000 assessments (one core)', value: national, unit: 's', budget: { op: '<=', value: 30 } },
])
