import { RemixBrowser } from '@remix-run/react'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { loadDictionary } from '~/i18n/dictionaries'
import { type Locale } from './domain/enums'

// The bundle carries Vietnamese only; a page in English loads that half of the dictionary before it
// hydrates, so the first render matches the server's (ADR 005).
async function start() {
	await loadDictionary(document.documentElement.lang as Locale)
	startTransition(() => {
		hydrateRoot(
			document,
			<StrictMode>
				<RemixBrowser />
			</StrictMode>,
		)
	})
}

void start()
