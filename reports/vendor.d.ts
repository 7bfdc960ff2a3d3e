// The parts of fontkit and linebreak (both pdfkit's own dependencies, ship no types) that
// reports/fonts.ts and reports/typeset.ts use.
declare module 'fontkit' {
	export type Glyph = { id: number; codePoints: Array<number>; advanceWidth: number }
	export type GlyphPosition = { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }
	export type GlyphRun = { glyphs: Array<Glyph>; positions: Array<GlyphPosition> }
	export type Font = {
		postscriptName: string
		unitsPerEm: number
		ascent: number
		descent: number
		lineGap: number
		capHeight: number
		xHeight: number
		italicAngle: number
		numGlyphs: number
		bbox: { minX: number; minY: number; maxX: number; maxY: number }
		'OS/2'?: { sFamilyClass?: number }
		post: { isFixedPitch: number }
		head: { macStyle: { italic: boolean } }
		layout(text: string): GlyphRun
	}
	export function create(buffer: Uint8Array): Font
}

declare module 'linebreak' {
	export default class LineBreaker {
		constructor(text: string)
		nextBreak(): { position: number; required: boolean } | null
	}
}
