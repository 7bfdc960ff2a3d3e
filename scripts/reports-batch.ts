// Issues the signed report of every approved assessment of a campaign that has none yet.
//   npm run reports:batch -- --campaign <id>
import { getDb } from '#db/client.server'
import { assessmentsWithoutReport } from '#db/queries/reports'
import { getSigningIdentity, issueSignedReport } from '~/services/reports.server'
import { trustAnchors } from '~/services/trust.server'

function argument(name: string) {
	const i = process.argv.indexOf(`--${name}`)
	return i >= 0 ? process.argv[i + 1] : undefined
}

const campaignId = Number(argument('campaign'))
if (!Number.isInteger(campaignId) || campaignId <= 0) {
	console.error('Usage: npm run reports:batch -- --campaign <campaign id>')
	process.exit(2)
}

const db = getDb()
const signer = getSigningIdentity()
trustAnchors()
const ids = assessmentsWithoutReport(db, campaignId)
console.log(
	`Campaign ${campaignId}: ${ids.length} approved assessment(s) without a signed report. Signer: ${signer.name}${signer.demo ? ' — DEMO certificate' : ''}`,
)
const started = performance.now()
let issued = 0
let failed = 0
const tty = process.stdout.isTTY
function progress(done: number) {
	const width = 30
	const filled = ids.length ? Math.round((done / ids.length) * width) : width
	const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${ids.length} · ${issued} issued · ${failed} failed · ${((performance.now() - started) / 1000).toFixed(1)} s`
	if (tty) process.stdout.write(`\r${line}`)
	else if (done === ids.length || done % 10 === 0) console.log(line)
}
progress(0)
for (const [i, id] of ids.entries()) {
	try {
		const result = await issueSignedReport(db, { assessmentId: id, actorId: null })
		if (result.ok) issued++
		else {
			failed++
			console.error(`\nassessment ${id}: ${result.code}${'detail' in result ? ` (${result.detail})` : ''}`)
		}
	} catch (error) {
		failed++
		console.error(`\nassessment ${id}: ${error instanceof Error ? error.message : String(error)}`)
	}
	progress(i + 1)
}
if (tty) process.stdout.write('\n')
console.log(`Done: ${issued} report(s) issued, ${failed} failed.`)
process.exit(failed ? 1 : 0)
