// HTTP glue for downloads from the object store (evidence, signed reports): a store that cannot be
// reached answers 503 (the page says to try again later), a stored object found damaged answers 500,
// and a damage found only at the end of the stream cuts the download short; both are logged for
// the operator (docs/STORAGE.md).
import { type Readable } from 'node:stream'

/** A StorageError of storage/store.ts, recognised by its name (utils do not import the storage room). */
function storageProblem(error: unknown): string | null {
	return error instanceof Error && error.name === 'StorageError' ? String((error as Error & { problem?: string }).problem) : null
}

/** Opens a stored object for a response; throws the 503 or 500 Response when the store fails. */
export async function openStored<T extends { stream: Readable; size: number }>(request: Request, open: () => Promise<T | null>) {
	let opened: T | null
	try {
		opened = await open()
	} catch (error) {
		const problem = storageProblem(error)
		if (!problem) throw error
		console.error(`${new URL(request.url).pathname}: ${(error as Error).message}`)
		throw new Response(problem === 'corrupt' ? 'Stored file damaged' : 'Storage unavailable', {
			status: problem === 'corrupt' ? 500 : 503,
			headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '60' },
		})
	}
	opened?.stream.once('error', (error) => console.error(`${new URL(request.url).pathname}: download cut short: ${error.message}`))
	return opened
}
