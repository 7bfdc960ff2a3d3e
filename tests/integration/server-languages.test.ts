// What the server writes outside a web request (here: the cron job's reminders) is in each reader's
// language: the script gives the server every language itself, as app/entry.server.tsx does for the web.
import { spawn } from 'node:child_process'
import { type AddressInfo } from 'node:net'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { SMTPServer } from 'smtp-server'
import { expect, test } from 'vitest'
import { schema } from '#db/client.server'
import { insertFacility, insertUser } from '#tests/factories'
import { shippedCatalog } from '#tests/fixtures'
import { db } from '#tests/helpers'
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

/** A real SMTP server on loopback that keeps each message's recipient and decoded subject. */
async function mailbox() {
	const received: Array<{ to: string; subject: string }> = []
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		onData(stream, session, callback) {
			let raw = ''
			stream.on('data', (d) => (raw += d))
			stream.on('end', () => {
				received.push({ to: session.envelope.rcptTo[0].address, subject: decodeSubject(raw) })
				callback()
			})
		},
	})
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
	return {
		url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
		received,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	}
}

function decodeSubject(raw: string) {
	const line = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw)?.[1] ?? ''
	return line.replace(/\r\n[ \t]/g, '').replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
		enc.toUpperCase() === 'B'
			? Buffer.from(text, 'base64').toString('utf8')
			: Buffer.from(
					text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
					'latin1',
				).toString('utf8'),
	)
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
		const mail = await mailbox()
		try {
			const res = await runJobsScript({ DATABASE_PATH: process.env.DATABASE_PATH!, SMTP_URL: mail.url, REMINDER_DAYS_BEFORE: '7,2' })
			expect(res.code, res.out).toBe(0)
			expect(res.out).toContain('2 facilities reminded, 2 e-mails sent')
			const subjectTo = (to: string) => mail.received.find((m) => m.to === to)?.subject
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
