// The one dictionary of user-facing text, both languages (ADR 005), for the server and the tests.
// The browser bundle holds only Vietnamese (vi.ts) and loads English (en.ts) when a page is in
// English, so this module must not be imported by code that runs in the browser.
import { en } from './en'
import { registerDictionary } from './translate'
import { type MessageKey, vi } from './vi'

/**
 * Gives the server every language. Importing this module does nothing by itself (package.json says
 * the modules have no side effects, so the bundler would drop a bare import): each server process
 * calls this where it starts — the web server in app/entry.server.tsx, the scripts that run
 * services which write to people (`npm run jobs`, the seed), the test setup. Without it English
 * readers would silently get Vietnamese.
 */
export function registerAllDictionaries() {
	registerDictionary('en', en)
}

export type { MessageKey }
export const messages = { vi, en } as const
