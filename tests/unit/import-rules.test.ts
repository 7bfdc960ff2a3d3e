// The import rules refuse an upward import of every kind, and let the allowed ones through.
import { expect, test } from 'vitest'
import { checkFile, roomOf } from '../../scripts/import-rules'

test.each([
	['a route', 'app/routes/review.$assessmentId.tsx', "import { eq } from 'drizzle-orm'"],
	['a route', 'app/routes/review.$assessmentId.tsx', "import { getDb, schema } from '#db/client.server'"],
	['a route', 'app/routes/facilities.export.tsx', "import { registryWorkbook } from '#spreadsheets/registry-workbook'"],
	['a route', 'app/routes/verify._index.tsx', "import { inspectPdf } from '#reports/inspect'"],
	['a component', 'app/components/score-panel.tsx', "import { getDb } from '#db/client.server'"],
	['a component', 'app/components/score-panel.tsx', "import { requireUser } from '~/utils/auth.server'"],
	['a component', 'app/components/score-panel.tsx', "import fs from 'node:fs'"],
	['a page model', 'app/pages/review.server.ts', "import { decide } from '~/services/review.server'"],
	['a page model', 'app/pages/review.server.ts', "import { requireUser } from '~/utils/auth.server'"],
	['a page model', 'app/pages/review.server.ts', "import { eq } from 'drizzle-orm'"],
	['a page model', 'app/pages/portal.server.ts', "import { redirect } from '@remix-run/node'"],
	['a util', 'app/utils/auth.server.ts', "import { loadReviewPage } from '~/pages/review.server'"],
	['a util', 'app/utils/http.server.ts', "import { Pager } from '~/components/pager'"],
	['a util', 'app/utils/auth.server.ts', "import { sql } from 'drizzle-orm'"],
	['a service', 'app/services/review.server.ts', "import { requireUser } from '~/utils/auth.server'"],
	['a service', 'app/services/review.server.ts', "import { loadReviewPage } from '~/pages/review.server'"],
	['a service', 'app/services/review.server.ts', "import { loader } from '~/routes/dashboard'"],
	['a service', 'app/services/review.server.ts', "import { redirect } from '@remix-run/node'"],
	['the environment', 'app/env.server.ts', "import { messages } from '~/i18n/messages'"],
	['a spreadsheet writer', 'spreadsheets/registry-workbook.ts', "import { getDb } from '#db/client.server'"],
	['a spreadsheet writer', 'spreadsheets/registry-workbook.ts', "import { getAnswers } from '#db/queries/assessments'"],
	['a spreadsheet writer', 'spreadsheets/registry-workbook.ts', "import { xlsxResponse } from '~/utils/download.server'"],
	['a report renderer', 'reports/render.ts', "import { getDb } from '#db/client.server'"],
	['a report renderer', 'reports/render.ts', "import { getEnv } from '~/env.server'"],
	['a query', 'db/queries/review.ts', "import { appendAudit } from '~/services/audit.server'"],
	['a query', 'db/queries/review.ts', "import { json } from '@remix-run/node'"],
	['the schema', 'db/schema/assessments.ts', "import { getAnswers } from '../queries/assessments'"],
	['the dictionary', 'app/i18n/vi.ts', "import { getDb } from '#db/client.server'"],
	['the domain', 'app/domain/workflow.ts', "import { t } from '~/i18n/translate'"],
	['the domain', 'app/domain/workflow.ts', "import fs from 'node:fs'"],
	['the domain', 'app/domain/workflow.ts', "import { getAnswers } from '#db/queries/assessments'"],
])('%s (%s) may not: %s', (_kind, file, line) => {
	expect(checkFile(file, `${line}\n`)).toHaveLength(1)
})

test.each([
	['app/routes/review.$assessmentId.tsx', "import { loadReviewPage } from '~/pages/review.server'"],
	['app/routes/review.$assessmentId.tsx', "import { decide } from '~/services/review.server'"],
	['app/routes/review.$assessmentId.tsx', "import { getDb } from '#db/client.server'"],
	['app/routes/facilities._index.tsx', "import { listFacilities } from '#db/queries/facilities'"],
	['app/components/score-panel.tsx', "import { useT } from '~/utils/i18n'"],
	['app/pages/review.server.ts', "import { getComments } from '#db/queries/review'"],
	['app/utils/auth.server.ts', "import { findSession } from '~/services/session.server'"],
	['app/services/review.server.ts', "import { and, eq } from 'drizzle-orm'"],
	['app/services/review.server.ts', "import { type Db, schema } from '#db/client.server'"],
	['app/services/reports.server.ts', "import { generateReportPdf } from '#reports/generate'"],
	['app/services/reports.server.ts', "import { getEnv } from '~/env.server'"],
	['spreadsheets/registry-workbook.ts', "import { ExcelJS } from './write'"],
	['db/queries/review.ts', "import { type Db, schema } from '../client.server'"],
	['app/domain/workflow.ts', "import { z } from 'zod'"],
])('%s may: %s', (file, line) => {
	expect(checkFile(file, `${line}\n`)).toEqual([])
})

test('a read outside db/queries is refused with its line, a write in a service is not', () => {
	const service = [
		"import { schema } from '#db/client.server'",
		'db.update(schema.users).set({ name }).run()',
		'db.select().from(schema.users).all()',
	].join('\n')
	expect(checkFile('app/services/users.server.ts', service)).toEqual([
		'app/services/users.server.ts:3: reads the database — every SQL read belongs in db/queries',
	])
})

test('tests, scripts and benchmarks belong to no room and may import anything', () => {
	expect(roomOf('tests/integration/review.test.ts')).toBeNull()
	expect(roomOf('scripts/seed.ts')).toBeNull()
	expect(roomOf('bench/portal.ts')).toBeNull()
	expect(checkFile('app/routes/review.test.ts', "import { eq } from 'drizzle-orm'\n")).toEqual([])
})
