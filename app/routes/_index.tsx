import { type LoaderFunctionArgs, redirect } from '@remix-run/node'
import { getOptionalUser } from '~/utils/auth.server'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await getOptionalUser(request)
	throw redirect(user ? '/dashboard' : '/login')
}
