// The practical ceiling: node:http + better-sqlite3 doing one upsert per request, no framework.
import http from 'node:http'
import Database from 'better-sqlite3'

const db = new Database(process.env.BARE_DB ?? 'bench/.tmp/bare.db')
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
db.exec(
	'create table if not exists answers (assessment_id integer, criterion text, value text, version integer, primary key (assessment_id, criterion))',
)
const upsert = db.prepare(
	'insert into answers (assessment_id, criterion, value, version) values (?, ?, ?, 1) on conflict (assessment_id, criterion) do update set value = excluded.value, version = version + 1 returning version',
)

http
	.createServer((req, res) => {
		let body = ''
		req.on('data', (c) => (body += c))
		req.on('end', () => {
			const url = new URL(req.url, 'http://x')
			const form = new URLSearchParams(body)
			const row = upsert.get(Number(url.searchParams.get('assessment') ?? 0), form.get('criterionId') ?? '', form.get('value') ?? '')
			res.writeHead(200, { 'content-type': 'application/json' })
			res.end(JSON.stringify({ status: 'saved', version: row?.version ?? 0 }))
		})
	})
	.listen(Number(process.env.PORT ?? 3902), '127.0.0.1')
