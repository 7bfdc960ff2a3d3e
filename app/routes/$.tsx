import { notFound } from '~/utils/http.server'

// Any URL no other route matches: a 404 rendered by the root error boundary in the user's language.
export async function loader() {
	notFound()
}

export default function NotFound() {
	return null
}
