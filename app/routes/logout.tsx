import { type ActionFunctionArgs, redirect } from '@remix-run/node'
import { signOut } from '~/services/auth.server'
import { clearSessionCookie, readSessionToken } from '~/utils/auth.server'

export async function loader() {
	throw redirect('/dashboard')
}

export async function action({ request }: ActionFunctionArgs) {
	const token = await readSessionToken(request)
	if (token) signOut(token)
	throw redirect('/login?signedOut=1', { headers: { 'Set-Cookie': await clearSessionCookie() } })
}
