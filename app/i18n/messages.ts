// The one dictionary of user-facing text, both languages (ADR 005), for the server and the tests.
// The browser bundle holds only Vietnamese (vi.ts) and loads English (en.ts) when a page is in
// English, so this module must not be imported by code that runs in the browser.
import { en } from './en'
import { registerDictionary } from './translate'
import { type MessageKey, vi } from './vi'

/** Gives the server every language (called when the environment is read, which every server path does). */
export function registerAllDictionaries() {
	registerDictionary('en', en)
}
registerAllDictionaries()

export type { MessageKey }
export const messages = { vi, en } as const
