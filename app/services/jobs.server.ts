import { getDb } from '#db/client.server'
import { getEnv } from '~/env.server'
import { sendDueReminders } from './campaigns.server'
import { purgeExpiredImports } from './imports.server'
import { deleteExpiredSessions } from './session.server'

/** One pass of the scheduled work: due-date reminders (e-mailed after their commit), and clean-up. */
export async function runScheduledJobs(now = new Date()) {
	const db = getDb()
	const reminders = await sendDueReminders(db, getEnv().REMINDER_DAYS_BEFORE, now)
	const purgedImports = purgeExpiredImports(db, now)
	deleteExpiredSessions(now)
	return { reminded: reminders.reminded, mailed: reminders.mailed, purgedImports }
}

let timer: NodeJS.Timeout | null = null

/**
 * Runs the scheduled work in the server process: a minute after start, then every hour. Runs never
 * overlap; the reminders' unique occasions make a second server (or `npm run jobs` from cron) harmless.
 */
export function startScheduledJobs(intervalMs = 3_600_000) {
	if (timer) return
	let running = false
	const tick = async () => {
		if (running) return
		running = true
		try {
			const r = await runScheduledJobs()
			if (r.reminded) console.log(`reminders: ${r.reminded} facilities reminded, ${r.mailed} e-mails sent`)
		} catch (error) {
			console.error('scheduled jobs failed:', error)
		} finally {
			running = false
		}
	}
	setTimeout(tick, 60_000).unref()
	timer = setInterval(tick, intervalMs)
	timer.unref()
}
