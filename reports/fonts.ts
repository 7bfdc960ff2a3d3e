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
 * a space), shaped once. Widths are in 1/1000 em, the unit of PDF glyph space. Kept compact (flat
 * strings rather than arrays of numbers): thousands of these stay in memory.
 */
export type Shaped = {
	piece: string
	width: number
	/**
	 * TJ operands for the piece, without the string's own opening and closing parentheses: glyph ids
	 * as two bytes each (a literal string, half the size of hex before compression), kerning
	 * adjustments between, e.g. `\x00\x12\x00\x2a) -20 (\x00\x33`.
	 */
	tj: string
	/** The adjustment after the last glyph (`) -20 (`), or '': only worth writing when more text follows. */
	tail: string
	/** Glyph ids, one UTF-16 code unit each. */
	glyphs: string
	/** What each glyph stands for, or null when glyph i is simply the piece's i-th character (no ligature, no surrogate). */
	codePoints: Array<Array<number>> | null
	/** A glyph leaves the baseline (a combining mark in decomposed text): the line is drawn glyph by glyph. */
	moved: boolean
	/** Used since the eviction scan last passed it. */
	hit: boolean
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
 * Shaped pieces kept per face. A full report of the shipped catalogs has about 1,250 distinct
 * pieces in the regular face and 600 in bold; another facility's names and evaluators' reasons add
 * about 30, so past this size the map forgets the oldest piece not used lately (bench/report.ts
 * measures the memory of everything kept when full).
 */
const SHAPES_PER_FACE = 5_000

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
	if (hit) {
		hit.hit = true
		return hit
	}
	const run = face.font.layout(piece)
	const tj: Array<string> = []
	const ids: Array<number> = []
	let width = 0
	let tail = ''
	let moved = false
	let simple = run.glyphs.length === piece.length
	for (let i = 0; i < run.glyphs.length; i++) {
		const glyph = run.glyphs[i]
		const p = run.positions[i]
		ids.push(glyph.id)
		if (simple && (glyph.codePoints.length !== 1 || glyph.codePoints[0] !== piece.charCodeAt(i))) simple = false
		width += p.xAdvance * face.scale
		if (tail) tj.push(tail)
		tj.push(glyphBytes(glyph.id))
		// Same adjustment as pdfkit's TJ: the kerned advance minus the glyph's own.
		const kern = (p.xAdvance - glyph.advanceWidth) * face.scale
		tail = kern !== 0 ? `) ${pdfNumber(-kern)} (` : ''
		if (p.xOffset || p.yOffset) moved = true
	}
	// Strings built in one go (join, fromCharCode) are flat; built with += they would be kept as chains of pieces.
	const shaped: Shaped = {
		piece,
		width,
		tj: tj.join(''),
		tail,
		glyphs: String.fromCharCode(...ids),
		codePoints: simple ? null : run.glyphs.map((g) => g.codePoints),
		moved,
		hit: false,
	}
	if (face.shapes.size >= SHAPES_PER_FACE) forgetOneShape(face.shapes)
	face.shapes.set(piece, shaped)
	return shaped
}

/** Forgets the oldest piece not used since the scan last passed it; used ones move to the back (second chance). */
function forgetOneShape(shapes: Map<string, Shaped>) {
	for (const [piece, s] of shapes) {
		shapes.delete(piece)
		if (!s.hit) return
		s.hit = false
		shapes.set(piece, s)
	}
}

/** The code points glyph i of a shaped piece stands for (for ToUnicode). */
export function codePointsOf(s: Shaped, i: number): Array<number> {
	return s.codePoints ? s.codePoints[i] : [s.piece.charCodeAt(i)]
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
