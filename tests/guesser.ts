// A separate process guessing passwords on the test's database (DATABASE_PATH), as another server
// worker would: `tsx tests/guesser.ts <email> <count>` makes <count> sign-in attempts at once with
// wrong passwords and prints how many reached the password check ("failed") and how many the
// throttle refused ("throttled"), as JSON. Used by tests/integration/sign-in-throttle.test.ts.
import { signIn } from '~/services/auth.server'

const [email, countText] = process.argv.slice(2)
const results = await Promise.all(
	Array.from({ length: Number(countText) }, (_, i) =>
		signIn({ email, password: `wrong-${process.pid}-${i}`, ip: `10.0.${process.pid % 250}.${i % 250}`, userAgent: 'guesser' }),
	),
)
const counts: Record<string, number> = {}
for (const r of results) {
	const key = r.ok ? 'signedIn' : r.reason
	counts[key] = (counts[key] ?? 0) + 1
}
console.log(JSON.stringify(counts))
