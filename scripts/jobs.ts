// Runs the scheduled work once (reminders before due dates, clean-up), for deployments that
// prefer cron to the server's own hourly timer. Safe to run beside the server.
import { closeDb } from '#db/client.server'
import { registerAllDictionaries } from '~/i18n/messages'
import { runScheduledJobs } from '~/services/jobs.server'

// Reminders are written in each reader's language.
registerAllDictionaries()
const result = await runScheduledJobs()
console.log(`${result.reminded} facilities reminded, ${result.mailed} e-mails sent, ${result.purgedImports} expired uploads removed`)
closeDb()
