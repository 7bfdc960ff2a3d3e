// The time-stamping authority and the trust anchors, as the environment configures them
// (docs/decisions/013-pades-signatures.md): the HTTP transport reports/cms.ts hands its RFC 3161
// requests to, and the PEM bundle signatures are validated against.
import { type TsaTransport } from '#reports/cms'
import { loadTrustAnchors } from '#reports/signatures'
import { getEnv } from '~/env.server'

/** POSTs a TimeStampReq to TSA_URL (RFC 3161 §3.4); undefined when no authority is configured. */
export function tsaTransport(): TsaTransport | undefined {
	const env = getEnv()
	const url = env.TSA_URL
	if (!url) return undefined
	return async (request) => {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'Content-Type': 'application/timestamp-query', Accept: 'application/timestamp-reply' },
			body: new Uint8Array(request),
			signal: AbortSignal.timeout(env.TSA_TIMEOUT_SECONDS * 1000),
			redirect: 'error',
		})
		if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`)
		const body = Buffer.from(await response.arrayBuffer())
		if (body.length > 1024 * 1024) throw new Error(`an answer of ${body.length} bytes from ${url}`)
		return body
	}
}

/** The configured trust anchors (TRUST_ANCHORS_PATH), read once per file version; none when unset. */
export function trustAnchors() {
	return loadTrustAnchors(getEnv().TRUST_ANCHORS_PATH)
}
