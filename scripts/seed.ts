// Fills the local database with demo data. Refuses production and databases holding real accounts.
import os from 'node:os'
import path from 'node:path'
import { registerAllDictionaries } from '~/i18n/messages'
import { DEMO_PASSWORD, seedDemo } from '~/services/demo-seed.server'
import { openDatabase } from '../db/client.server'
import { formatProblem, loadAllCatalogFiles } from './catalog-validate'

// The demo accounts' addresses are not mailboxes: the seed's workflow (submissions, approvals) sends no e-mail.
delete process.env.SMTP_URL
const file = path.resolve(process.env.DATABASE_PATH ?? './data/app.db')
const localRoots = [path.resolve('./data'), path.resolve('./tests'), path.resolve('./bench'), os.tmpdir()]
if (process.env.NODE_ENV === 'production' && !process.env.ALLOW_DEMO_SEED) {
	console.error('Refusing to seed demo data with NODE_ENV=production.')
	process.exit(1)
}
if (!localRoots.some((root) => file.startsWith(root + path.sep))) {
	console.error(`Refusing to seed ${file}: the seed only writes databases under ./data, ./tests, ./bench or the temp folder.`)
	process.exit(1)
}
// The seed runs the same services as the web (submissions, decisions), which write to people in their language.
registerAllDictionaries()
const loaded = loadAllCatalogFiles()
const catalogs = []
for (const l of loaded) {
	if (!l.ok) {
		for (const p of l.problems) console.error(formatProblem(p))
		process.exit(1)
	}
	catalogs.push(l.catalog)
}
const db = openDatabase(file)
try {
	const result = await seedDemo(db, { catalogs })
	console.log(
		`Seeded ${file}: ${result.facilities} facilities, ${result.users} demo accounts (password: ${DEMO_PASSWORD}), ${catalogs.length} catalogs, one open campaign`,
	)
} catch (error) {
	console.error(error instanceof Error ? error.message : error)
	process.exitCode = 1
} finally {
	db.$client.close()
}
