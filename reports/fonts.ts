// The report's typeface: Be Vietnam Pro (SIL Open Font License, shipped by the npm package
// @expo-google-fonts/be-vietnam-pro). pdfkit's built-in fonts have no Vietnamese glyphs.
//
// Each face is read and parsed once per process, and every piece of text shaped with it is kept:
// a batch issues many reports of the same catalogs, and shaping (fontkit's GSUB/GPOS lookups) was
// most of the cost of a report while pdfkit parsed the font again for every document.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { create, type Font } from 'fontkit'
import { parseTrueType, type TrueType } from './truetype'

const require = createRequire(import.meta.url)

export type FaceName = 'R' | 'B'

/**
 * A piece of text up to and including a space (the unit pdfkit shapes, so kerning never crosses
 * a space), shaped once. Widths are in 1/1000 em, the unit of PDF glyph space.
 */
export type Shaped = {
	width: number
	/**
	 * TJ operands for the piece, without the string's own opening and closing parentheses: glyph ids
	 * as two bytes each (a literal string, half the size of hex before compression), kerning
	 * adjustments between, e.g. `\x00\x12\x00\x2a) -20 (\x00\x33`.
	 */
	tj: string
	/** The adjustment after the last glyph (`) -20 (`), or '': only worth writing when more text follows. */
	tail: string
	gids: Array<number>
	codePoints: Array<Array<number>>
	/** Only for glyphs moved off the baseline (combining marks in decomposed text): drawn one by one. */
	positioned: { xAdvance: Array<number>; xOffset: Array<number>; yOffset: Array<number> } | null
}

export type Face = {
	name: FaceName
	font: Font
	ttf: TrueType
	/** 1000 / unitsPerEm. */
	scale: number
	ascender: number
	descender: number
	lineGap: number
	shapes: Map<string, Shaped>
}

/**
 * Shaped pieces kept per face. The catalogs shipped today make about 3,000 distinct pieces; free
 * text (reasons, names) adds more with every report, so the map forgets its oldest entries past
 * this size (≈ 300 bytes each: well under 10 MB for both faces).
 */
const SHAPES_PER_FACE = 15_000

let cached: { regular: Buffer; bold: Buffer } | null = null
let faces: Record<FaceName, Face> | null = null

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

/** Both faces, parsed once per process. */
export function reportFaces(): Record<FaceName, Face> {
	if (!faces) {
		const files = reportFonts()
		faces = { R: openFace('R', files.regular), B: openFace('B', files.bold) }
	}
	return faces
}

function openFace(name: FaceName, bytes: Buffer): Face {
	const font = create(bytes)
	const scale = 1000 / font.unitsPerEm
	return {
		name,
		font,
		ttf: parseTrueType(bytes),
		scale,
		ascender: font.ascent * scale,
		descender: font.descent * scale,
		lineGap: font.lineGap * scale,
		shapes: new Map(),
	}
}

/** Shapes a piece of text (see Shaped), from the cache when it was seen before. */
export function shape(face: Face, piece: string): Shaped {
	const hit = face.shapes.get(piece)
	if (hit) return hit
	const run = face.font.layout(piece)
	const gids: Array<number> = []
	const codePoints: Array<Array<number>> = []
	let width = 0
	let tj = ''
	let tail = ''
	let moved = false
	for (let i = 0; i < run.glyphs.length; i++) {
		const glyph = run.glyphs[i]
		const p = run.positions[i]
		gids.push(glyph.id)
		codePoints.push(glyph.codePoints)
		width += p.xAdvance * face.scale
		tj += tail + glyphBytes(glyph.id)
		// Same adjustment as pdfkit's TJ: the kerned advance minus the glyph's own.
		const kern = (p.xAdvance - glyph.advanceWidth) * face.scale
		tail = kern !== 0 ? `) ${pdfNumber(-kern)} (` : ''
		if (p.xOffset || p.yOffset) moved = true
	}
	const positioned = moved
		? { xAdvance: run.positions.map((p) => p.xAdvance * face.scale), xOffset: run.positions.map((p) => p.xOffset * face.scale), yOffset: run.positions.map((p) => p.yOffset * face.scale) }
		: null
	const shaped: Shaped = { width, tj, tail, gids, codePoints, positioned }
	if (face.shapes.size >= SHAPES_PER_FACE) face.shapes.delete(face.shapes.keys().next().value!)
	face.shapes.set(piece, shaped)
	return shaped
}

/** Width of a string in 1/1000 em, as pdfkit measures it: the sum of its pieces. */
export function widthOf(face: Face, text: string) {
	let width = 0
	for (const piece of pieces(text)) width += shape(face, piece).width
	return width
}

/** Splits after every space and tab, as pdfkit's EmbeddedFont.layout does. */
export function pieces(text: string): Array<string> {
	const out: Array<string> = []
	let last = 0
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i)
		if (c === 32 || c === 9) {
			out.push(text.slice(last, i + 1))
			last = i + 1
		}
	}
	if (last < text.length) out.push(text.slice(last))
	return out
}

/** A glyph id as the two bytes of a literal string, escaped where PDF string syntax needs it (ISO 32000-1 §7.3.4.2). */
export function glyphBytes(n: number) {
	return BYTES[n >> 8] + BYTES[n & 0xff]
}

const BYTES = Array.from({ length: 256 }, (_, b) => {
	const c = String.fromCharCode(b)
	if (c === '(' || c === ')' || c === '\\') return `\\${c}`
	// A raw line end inside a string is read as a line feed whatever it was: escape both.
	if (b === 0x0a) return '\\n'
	if (b === 0x0d) return '\\r'
	return c
})

export function hex4(n: number) {
	return HEX4[n] ?? n.toString(16).padStart(4, '0')
}

const HEX4 = Array.from({ length: 1024 }, (_, n) => n.toString(16).padStart(4, '0'))

/** Numbers as pdfkit writes them (PDFObject.number). */
export function pdfNumber(n: number) {
	return Math.round(n * 1e6) / 1e6
}
