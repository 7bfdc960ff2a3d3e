// The report's typeface: Be Vietnam Pro (SIL Open Font License, shipped by the npm package
// @expo-google-fonts/be-vietnam-pro). pdfkit's built-in fonts have no Vietnamese glyphs.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)

let cached: { regular: Buffer; bold: Buffer } | null = null

/** The TTF files, read once per process. */
export function reportFonts() {
	if (!cached) {
		const dir = path.dirname(require.resolve('@expo-google-fonts/be-vietnam-pro/package.json'))
		cached = {
			regular: fs.readFileSync(path.join(dir, '400Regular', 'BeVietnamPro_400Regular.ttf')),
			bold: fs.readFileSync(path.join(dir, '700Bold', 'BeVietnamPro_700Bold.ttf')),
		}
	}
	return cached
}
