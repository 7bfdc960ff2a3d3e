import { type Locale } from '~/domain/enums'
import { hasDictionary, registerDictionary } from '~/i18n/translate'

/**
 * Loads a language's half of the dictionary into the browser (Vietnamese is always in the bundle;
 * English is a separate chunk, fetched only by people who read in English). ADR 005.
 */
export async function loadDictionary(locale: Locale) {
	if (locale === 'en' && !hasDictionary('en')) registerDictionary('en', (await import('~/i18n/en')).en)
}
