// Any URL no other route matches: a 404 rendered by the root error boundary in the user's language.
export async function loader() {
	throw new Response('Not found', { status: 404 })
}

export default function NotFound() {
	return null
}
