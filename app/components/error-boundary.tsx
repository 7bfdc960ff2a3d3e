import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'
import { type MessageKey } from '~/i18n/translate'
import { useT } from '~/utils/i18n'

type ErrorKind = '400' | '403' | '404' | '500' | '503'

/** The page each kind of error shows, in the reader's language. */
const PAGES = {
	'400': { title: 'error.400.title', body: 'error.400.body' },
	'403': { title: 'error.403.title', body: 'error.403.body' },
	'404': { title: 'error.404.title', body: 'error.404.body' },
	'500': { title: 'error.500.title', body: 'error.500.body' },
	'503': { title: 'error.503.title', body: 'error.503.body' },
} as const satisfies Record<ErrorKind, { title: MessageKey; body: MessageKey }>

/** Which page an HTTP status gets: 401 and 403 say "not allowed", other 4xx "bad request", 503 "unavailable for now", anything else "something went wrong". */
export function errorKind(status: number): ErrorKind {
	if (status === 401 || status === 403) return '403'
	if (status === 404) return '404'
	if (status >= 400 && status < 500) return '400'
	if (status === 503) return '503'
	return '500'
}

/**
 * The one error page of the application, for what a loader or action throws (`invariantResponse`,
 * `forbidden()`, `notFound()` from app/utils/http.server) and for crashes. It never shows the
 * thrown message or a stack: a status, a title and a sentence from the dictionary, and the way back.
 * Root uses it; a route that exports it keeps its error inside the page's frame.
 */
export function GeneralErrorBoundary() {
	const error = useRouteError()
	const t = useT()
	const status = isRouteErrorResponse(error) ? error.status : 500
	const page = PAGES[errorKind(status)]
	if (page === PAGES['500'] && typeof document !== 'undefined') console.error(error)
	return (
		<div className="error-page" data-status={status}>
			<p className="error-page__status">{t('error.status', { status })}</p>
			<h1>{t(page.title)}</h1>
			<p>{t(page.body)}</p>
			<p>
				<Link to="/dashboard" className="button">
					{t('error.back')}
				</Link>
			</p>
		</div>
	)
}
