// What the server writes outside a web request (here: the cron job's reminders) is in each reader's
// language: the script gives the server every language itself, as app/entry.server.tsx does for the web.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { schema } from '#db/client.server'
import { insertFacility, insertUser } from '#tests/factories'
import { shippedCatalog } from '#tests/fixtures'
import { db } from '#tests/helpers'
import { startSmtpServer } from '#tests/smtp'
import { vnIsoDate } from '~/domain/dates'
import { messages } from '~/i18n/messages'
import { createCampaign, openCampaign } from '~/services/campaigns.server'
import { importCatalog } from '~/services/catalogs.server'

const ROOT = path.resolve(import.meta.dirname, '../..')
const DAY = 86_400_000

/** A round due in five days over two facilities, one whose director reads English and one who reads Vietnamese. */
async function roundDueSoon() {
	const imported = importCatalog(db(), shippedCatalog('ATTT-CAPDO-2026'))
	if (imported.status === 'conflict') throw new Error('catalog conflict')
	const english = insertFacility(db(), { provinceCode: '48', name: 'Da Nang General Hospital' })
	const vietnamese = insertFacility(db(), { provinceCode: '48', name: 'BV Đà Nẵng' })
	const reader = async (email: string, facilityId: number) =>
		insertUser(db(), { email, grants: [{ role: 'facility_director', scopeKind: 'facility', facilityId }] })
	const englishReader = await reader('director@english.test', english.id)
	await reader('giamdoc@vietnamese.test', vietnamese.id)
	db().update(schema.users).set({ locale: 'en' }).where(eq(schema.users.id, englishReader.id)).run()
	const admin = await insertUser(db(), { grants: [{ role: 'admin', scopeKind: 'national' }] })
	const created = createCampaign(
		db(),
		{
			title: 'Round 2026',
			year: 2026,
			catalogVersionIds: [imported.versionId],
			provinces: ['48'],
			types: [],
			classes: [],
			managingBodies: [],
			opensOn: vnIsoDate(Date.now() - 20 * DAY),
			dueOn: vnIsoDate(Date.now() + 5 * DAY),
			acceptsLate: true,
			secondStage: false,
		},
		admin.id,
	)
	if (!created.ok) throw new Error(created.code)
	openCampaign(db(), created.id, admin.id)
}

/** `npm run jobs`, as cron runs it: its own process, only the environment in common with this one. */
function runJobsScript(env: Record<string, string>) {
	return new Promise<{ code: number | null; out: string }>((resolve) => {
		const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/jobs.ts'], { cwd: ROOT, env: { ...process.env, ...env } })
		let out = ''
		child.stdout.on('data', (d) => (out += d))
		child.stderr.on('data', (d) => (out += d))
		child.on('close', (code) => resolve({ code, out }))
	})
}

test(
	'the cron job e-mails each facility its reminder in the reader\u2019s language: English to an English reader',
	{ timeout: 60_000 },
	async () => {
		await roundDueSoon()
		const mail = await startSmtpServer()
		try {
			const res = await runJobsScript({ DATABASE_PATH: process.env.DATABASE_PATH!, SMTP_URL: mail.url, REMINDER_DAYS_BEFORE: '7,2' })
			expect(res.code, res.out).toBe(0)
			expect(res.out).toContain('2 facilities reminded, 2 e-mails sent')
			const subjectTo = (to: string) => mail.received.find((m) => m.to.includes(to))?.subject
			const english = messages.en['notification.campaign.reminder'].split('{')[0]
			const vietnamese = messages.vi['notification.campaign.reminder'].split('{')[0]
			expect(subjectTo('director@english.test')).toMatch(
				new RegExp(`^${english}Round 2026" of Da Nang General Hospital is due by \\d{2}/\\d{2}/\\d{4}$`),
			)
			expect(subjectTo('giamdoc@vietnamese.test')?.startsWith(vietnamese)).toBe(true)
		} finally {
			await mail.close()
		}
	},
)
