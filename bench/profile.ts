// Where an autosave's time goes: reads the CPU profiles that `BENCH_PROF=1 npx tsx bench/autosave.ts`
// leaves in bench/.prof/ (one per server process) and prints the busy time by step of the save path
// and by package. A sample counts for the innermost step on its stack; the first seconds of each
// profile (start-up, warm-up) can be left out with --skip.
//   npx tsx bench/profile.ts [--skip SECONDS] [--saves N] [--other] FILE.cpuprofile…
import fs from 'node:fs'

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: Array<number> }
type Profile = { nodes: Array<Node>; startTime: number; endTime: number; samples: Array<number>; timeDeltas: Array<number> }

/** The steps of a save, matched on "functionName url"; the innermost match on a sample's stack wins. */
const STEPS: Array<[string, RegExp]> = [
	['write transaction (BEGIN IMMEDIATE … COMMIT, under the write lock)', /^sqliteTransaction /],
	['live score: read the catalog’s answers', /^catalogAnswers /],
	['live score: scoring engine', /^scoreCatalog /],
	['validation: fields, catalog rules', /^(fieldsToAnswer|safeParse|field) /],
	['guard: session (cookie, session row, idle touch)', /^(readSessionToken|findSession) /],
	['guard: user and grants', /^(loadUser|can) /],
	['guard: assessment context', /^getAssessmentContext /],
	['reply: JSON and socket write', /^(sendJson|sendThrown) /],
	['request body and fields', /^(readFields|concat) .*autosave\.js|^\(anonymous\) .*autosave\.js/],
	['Express middlewares (security headers, nonce, same-origin)', /server\.js$/],
	['Express routing', /node_modules\/(express|router)\//],
	['Remix (other requests)', /node_modules\/@remix-run\//],
	[
		'HTTP parsing and sockets (node:http, node:net)',
		/^(parserOnHeadersComplete|parserOnIncoming|parserOnBody|onStreamRead|writevGeneric|writeGeneric) /,
	],
	['garbage collector', /^\(garbage collector\) /],
]

function summarise(file: string, skipSeconds: number, saves: number | null, showOther: boolean) {
	const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile
	const byId = new Map(p.nodes.map((n) => [n.id, n]))
	const parent = new Map<number, number>()
	for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
	const stepOf = new Map<number, string>()
	const step = (id: number): string => {
		const known = stepOf.get(id)
		if (known) return known
		const cf = byId.get(id)!.callFrame
		const key = `${cf.functionName || '(anonymous)'} ${cf.url}`
		const hit = STEPS.find(([, re]) => re.test(key))?.[0]
		const result = hit ?? (parent.has(id) ? step(parent.get(id)!) : 'other')
		stepOf.set(id, result)
		return result
	}
	const pkgOf = (url: string) => {
		if (!url) return '(native: V8, SQLite, syscalls)'
		const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
		if (m) return m[1]
		if (url.includes('/build/')) return 'our code (build)'
		if (url.startsWith('node:')) return 'node: built-ins'
		return url.replace(/.*\//, '')
	}
	const steps = new Map<string, number>()
	const packages = new Map<string, number>()
	const others = new Map<string, number>()
	let t = p.startTime
	let busy = 0
	const from = p.startTime + skipSeconds * 1e6
	for (let i = 0; i < p.samples.length; i++) {
		t += p.timeDeltas[i] ?? 0
		if (t < from) continue
		const dt = p.timeDeltas[i + 1] ?? 0
		const node = byId.get(p.samples[i])!
		const name = node.callFrame.functionName
		if (name === '(idle)' || name === '(program)') continue
		busy += dt
		const s = step(node.id)
		steps.set(s, (steps.get(s) ?? 0) + dt)
		if (s === 'other') {
			const k = `${name || '(anonymous)'} ${pkgOf(node.callFrame.url)}:${node.callFrame.lineNumber}`
			others.set(k, (others.get(k) ?? 0) + dt)
		}
		const pkg = name === '(garbage collector)' ? '(garbage collector)' : pkgOf(node.callFrame.url)
		packages.set(pkg, (packages.get(pkg) ?? 0) + dt)
	}
	const table = (m: Map<string, number>, n = 20) =>
		[...m]
			.sort((a, b) => b[1] - a[1])
			.slice(0, n)
			.map(
				([k, v]) =>
					`  ${((100 * v) / busy).toFixed(1).padStart(5)} %  ${saves ? `${(v / 1000 / saves).toFixed(3).padStart(7)} ms/save  ` : ''}${k}`,
			)
			.join('\n')
	console.log(`\n${file}: busy ${(busy / 1e6).toFixed(2)} s after the first ${skipSeconds} s`)
	console.log(`by step of the save path (innermost step on the stack):\n${table(steps)}`)
	console.log(`by package (self time):\n${table(packages, 12)}`)
	if (showOther) console.log(`"other", by function (self time):\n${table(others, 25)}`)
}

const args = process.argv.slice(2)
let skip = 0
let saves: number | null = null
let other = false
const files: Array<string> = []
for (let i = 0; i < args.length; i++) {
	if (args[i] === '--skip') skip = Number(args[++i])
	else if (args[i] === '--saves') saves = Number(args[++i])
	else if (args[i] === '--other') other = true
	else files.push(args[i])
}
for (const f of files) summarise(f, skip, saves, other)
