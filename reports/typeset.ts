// Text for the report PDF: line breaking, measuring and drawing with the embedded Be Vietnam Pro,
// writing the text operators into pdfkit's page content ourselves.
//
// pdfkit's own text() was most of the cost of a report: it shaped every string twice
// (heightOfString, then text), ran its event-driven line wrapper for every call, wrote
// `q cm BT Tm Tf TJ ET Q` as separate content chunks for every line, and subset the font through
// fontkit's table encoders. Here a string is broken into lines once per (face, size, width,
// options) and the result is kept across documents, since a batch sets the same catalog text again
// and again; drawing a measured block is string concatenation. Line breaking follows pdfkit
// 0.20's LineWrapper step by step (the same UAX #14 break opportunities from `linebreak`, float32
// rounding of widths, splitting of over-long words, ellipsis, overflow to a new page), so lines
// break where they did; tests/integration/reports.test.ts checks that against pdfkit itself.
import zlib from 'node:zlib'
import LineBreaker from 'linebreak'
import { codePointsOf, type Face, type FaceName, hex4, pdfNumber, pieces, reportFaces, shape, widthOf } from './fonts'
import { closeOverComponents, subsetTrueType } from './truetype'

type Doc = PDFKit.PDFDocument
type Ref = PDFKit.PDFKitReference

export type TextStyle = { face: FaceName; size: number; color: string }

export type TextOptions = {
	/** Wrap at this width. Without it the text runs to the right margin, as in pdfkit. */
	width?: number
	/** Draw only the lines that fit in this height (no overflow to a new page). */
	height?: number
	/** With height: end the last line that fits with "…". */
	ellipsis?: boolean
	align?: 'left' | 'center' | 'right'
	characterSpacing?: number
	lineGap?: number
	/** false without a width: one unwrapped line (pdfkit's lineBreak: false). */
	lineBreak?: boolean
}

/** A line as pdfkit's wrapper emits it. */
type BrokenLine = {
	text: string
	/** Width with trailing spaces (pdfkit's textWidth, used to center). */
	width: number
	/** No page-overflow check after this line (pdfkit's double emit on a mandatory break). */
	noCheck?: boolean
}

/** A line ready to draw: only what drawing needs, since thousands of these are kept. */
type Line = {
	/** The TJ array; '' for an empty line; null when a glyph leaves the baseline (then `text` is kept). */
	tj: string | null
	text?: string
	width: number
	/** Width without trailing spaces (where pdfkit aligns right). */
	trimmed: number
	noCheck?: boolean
}

/** A string broken into lines for one face, size and set of options: measured once, drawn any number of times. */
export type Block = {
	/** Used since the eviction queue last passed it. */
	hit: boolean
	lines: Array<Line>
	/** Line advance: the face's line height at this size plus the lineGap option. */
	advance: number
	/** The glyphs of the lines, each once in order of first use, one UTF-16 code unit each: they go into the document's subset. */
	glyphs: string
	/** What each of those glyphs stands for: one character each, or, when some glyph is not a single character (a ligature), code points. */
	chars: string | Array<Array<number>>
}

/** Per document: which glyphs were drawn (for the font subset, widths and ToUnicode) and the font objects. */
export type DocText = {
	doc: Doc
	faces: Record<FaceName, Face>
	used: Record<FaceName, Uint8Array>
	unicode: Record<FaceName, Map<number, Array<number>>>
	fonts: Partial<Record<FaceName, Ref>>
	/** The text object being written: consecutive text calls share one `q cm BT … ET Q` (see docText). */
	open: OpenText | null
}

type OpenText = { page: PDFKit.PDFPage; ops: Array<string>; font: string; size: number; color: string; cs: number }

const RESOURCE: Record<FaceName, string> = { R: 'VnR', B: 'VnB' }
const SOFT_HYPHEN = '\u00AD'
const HYPHEN = '-'

/**
 * Measured blocks kept across documents. A full report of the shipped catalogs measures about 550
 * distinct blocks, most of them catalog text shared by every report of a campaign; another
 * facility's report adds about 40 (names, answers, evaluators' reasons). Past this many, the
 * oldest block not used since it was last considered is forgotten ("second chance"), so the shared
 * catalog text stays while one-off strings go.
 */
const BLOCKS = 3_000
/** By options (face, size, width, …), then by text: the text is looked up as is, without building a key from it. */
const blocks = new Map<string, Map<string, Block>>()
/** Insertion order across all of them (a queue from `blockHead`), to find the oldest. */
let blockOrder: Array<[Map<string, Block>, string]> = []
let blockHead = 0
let blockCount = 0

/** Compressed font subsets by glyph set: reports of the same catalogs mostly use the same glyphs. */
const SUBSETS = 32
const subsets = new Map<string, { raw: number; deflated: Buffer }>()

/**
 * The text state of one document. Consecutive text calls go into one text object, which is
 * written to its page just before pdfkit writes anything else (every pdfkit drawing operator goes
 * through doc.addContent) or adds a page, so the order of drawing is unchanged; a row of six cells
 * is one `BT` instead of six `q cm BT Tf rg … ET Q`, 15 % less for zlib to compress. Call
 * embedFonts before doc.end().
 */
export function docText(doc: Doc): DocText {
	const faces = reportFaces()
	const t: DocText = {
		doc,
		faces,
		used: { R: new Uint8Array(faces.R.ttf.numGlyphs), B: new Uint8Array(faces.B.ttf.numGlyphs) },
		unicode: { R: new Map(), B: new Map() },
		fonts: {},
		open: null,
	}
	const addContent = doc.addContent.bind(doc)
	doc.addContent = (data: unknown) => {
		closeText(t)
		return addContent(data)
	}
	// Without bufferPages, pdfkit writes out the current page when the next one is added.
	const addPage = doc.addPage.bind(doc)
	doc.addPage = (options?: PDFKit.PDFDocumentOptions) => {
		closeText(t)
		return addPage(options)
	}
	return t
}

/** Writes the open text object to its page. */
function closeText(t: DocText) {
	const open = t.open
	if (!open) return
	t.open = null
	// As bytes: pdfkit converts a string operand character by character (its fromBinaryString).
	open.page.write(Buffer.from(`${open.ops.join('')}ET\nQ\n`, 'latin1'))
}

/** The face's line height at a size (pdfkit's currentLineHeight(true)). */
export function lineHeight(face: Face, size: number) {
	return ((face.ascender + face.lineGap - face.descender) / 1000) * size
}

/** Height the text takes when wrapped at the width (pdfkit's heightOfString). */
export function textHeight(t: DocText, style: TextStyle, text: string, options: TextOptions & { width: number }) {
	const b = block(t.faces[style.face], style.size, text, { ...options, height: undefined })
	return b.lines.length * b.advance
}

/**
 * Draws text with its top-left corner at (x, y) like pdfkit's doc.text(text, x, y, options), and
 * leaves doc.x and doc.y where pdfkit would: y below the last line, x back at the start.
 */
export function drawText(t: DocText, style: TextStyle, text: string, x: number, y: number, options: TextOptions = {}) {
	const { doc } = t
	const face = t.faces[style.face]
	let width = options.width
	if (width === undefined && options.lineBreak !== false) width = Math.max(doc.page.width - x - doc.page.margins.right, 0)
	if (width === undefined || width === 0) {
		// pdfkit without a wrapper: each line of the string drawn at the current point, moving x only.
		doc.y = y
		for (const line of text.split('\n')) {
			const one = block(face, style.size, line, { width: Infinity })
			const first = one.lines[0]
			if (first && first.tj !== '') writeLines(t, face, style, one, [first], [x], [y], options.characterSpacing ?? 0)
			x += (widthOf(face, line) * style.size) / 1000 + (options.characterSpacing ?? 0) * (line.length - 1)
		}
		doc.x = x
		return
	}
	const b = block(face, style.size, text, { ...options, width })
	const lh = lineHeight(face, style.size)
	// pdfkit checks overflow against the page's bottom margin only when no height bounds the text.
	const maxY = options.height === undefined ? float32Down(doc.page.maxY()) : Infinity
	const xs: Array<number> = []
	const ys: Array<number> = []
	const lines: Array<Line> = []
	const flush = () => {
		if (lines.length) writeLines(t, face, style, b, lines, xs, ys, options.characterSpacing ?? 0)
		lines.length = 0
		xs.length = 0
		ys.length = 0
	}
	if (y > maxY || y + lh > maxY) {
		doc.addPage()
		y = doc.page.margins.top
	}
	for (let i = 0; i < b.lines.length; i++) {
		const line = b.lines[i]
		let lx = x
		if (options.align === 'right') lx += width - line.trimmed
		else if (options.align === 'center') lx += width / 2 - line.width / 2
		if (line.tj !== '') {
			lines.push(line)
			xs.push(lx)
			ys.push(y)
		}
		y += b.advance
		if (i < b.lines.length - 1 && !line.noCheck && float32Down(y + lh) > maxY) {
			flush()
			doc.addPage()
			y = doc.page.margins.top
		}
	}
	flush()
	doc.x = x
	doc.y = y
}

/** The lines a string breaks into at a width: what drawText would draw (tests compare it with pdfkit's own wrapper). */
export function textLines(face: FaceName, size: number, text: string, options: TextOptions & { width: number }): Array<string> {
	return breakLines(reportFaces()[face], size, text, options).map((l) => l.text)
}

/** How much is kept across documents (for the benchmark). */
export function textCacheSizes() {
	let measured = 0
	for (const byText of blocks.values()) measured += byText.size
	const faces = reportFaces()
	return { blocks: measured, shapes: faces.R.shapes.size + faces.B.shapes.size, subsets: subsets.size }
}

/** Forgets every measurement and subset kept across documents, as in a fresh process. */
export function resetTextCaches() {
	blocks.clear()
	blockOrder = []
	blockHead = 0
	blockCount = 0
	subsets.clear()
	for (const face of Object.values(reportFaces())) face.shapes.clear()
}

/** Writes the embedded fonts of the document: call once, after the last text and before doc.end(). */
export function embedFonts(t: DocText) {
	closeText(t)
	for (const name of ['R', 'B'] as const) {
		const ref = t.fonts[name]
		if (ref) writeFont(t, t.faces[name], ref)
	}
}

function writeLines(
	t: DocText,
	face: Face,
	style: TextStyle,
	b: Block,
	lines: Array<Line>,
	xs: Array<number>,
	ys: Array<number>,
	cs: number,
) {
	const { doc } = t
	let ref = t.fonts[face.name]
	if (!ref) ref = t.fonts[face.name] = doc.ref({ Type: 'Font' })
	const resources = doc.page.fonts as Record<string, Ref>
	if (!resources[RESOURCE[face.name]]) resources[RESOURCE[face.name]] = ref
	// Each glyph's first use in the document decides what ToUnicode says it stands for, as in pdfkit.
	const used = t.used[face.name]
	const unicode = t.unicode[face.name]
	for (let i = 0; i < b.glyphs.length; i++) {
		const g = b.glyphs.charCodeAt(i)
		if (!used[g]) {
			used[g] = 1
			unicode.set(g, typeof b.chars === 'string' ? [b.chars.charCodeAt(i)] : b.chars[i])
		}
	}
	const height = doc.page.height
	const dy = (face.ascender / 1000) * style.size
	if (t.open && t.open.page !== doc.page) closeText(t)
	// Same text space as pdfkit: undo the page's y-flip, baseline at the top of the line box minus the ascender.
	const open = (t.open ??= { page: doc.page, ops: [`q\n1 0 0 -1 0 ${pdfNumber(height)} cm\nBT\n`], font: '', size: NaN, color: '', cs: 0 })
	const font = RESOURCE[face.name]
	if (open.font !== font || open.size !== style.size) {
		open.ops.push(`/${font} ${pdfNumber(style.size)} Tf\n`)
		open.font = font
		open.size = style.size
	}
	if (open.color !== style.color) {
		open.ops.push(`${rgb(style.color)} rg\n`)
		open.color = style.color
	}
	if (open.cs !== cs) {
		open.ops.push(`${pdfNumber(cs)} Tc\n`)
		open.cs = cs
	}
	for (let i = 0; i < lines.length; i++) {
		const x = xs[i]
		const y = height - ys[i] - dy
		const line = lines[i]
		if (line.tj !== null) open.ops.push(`1 0 0 1 ${pdfNumber(x)} ${pdfNumber(y)} Tm\n[${line.tj}] TJ\n`)
		else open.ops.push(positionedLine(face, style.size, line.text!, x, y))
	}
}

/**
 * A line with glyphs off the baseline (combining marks), written as pdfkit's _fragment writes it:
 * a Tm around each moved glyph. Rare (the catalogs are NFC), so it shapes afresh.
 */
function positionedLine(face: Face, size: number, text: string, x: number, y: number) {
	const scale = size / 1000
	const hex: Array<string> = []
	const at: Array<{ xAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }> = []
	for (const piece of pieces(text)) {
		const run = face.font.layout(piece)
		run.glyphs.forEach((g, i) => {
			const p = run.positions[i]
			hex.push(hex4(g.id))
			at.push({
				xAdvance: p.xAdvance * face.scale,
				xOffset: p.xOffset * face.scale,
				yOffset: p.yOffset * face.scale,
				advanceWidth: g.advanceWidth * face.scale,
			})
		})
	}
	let ops = `1 0 0 1 ${pdfNumber(x)} ${pdfNumber(y)} Tm\n`
	const commands: Array<string> = []
	let last = 0
	let hadOffset = false
	const addSegment = (cur: number) => {
		if (last < cur) commands.push(`<${hex.slice(last, cur).join('')}> ${pdfNumber(-(at[cur - 1].xAdvance - at[cur - 1].advanceWidth))}`)
		last = cur
	}
	const flush = (i: number) => {
		addSegment(i)
		if (commands.length) ops += `[${commands.join(' ')}] TJ\n`
		commands.length = 0
	}
	let i = 0
	for (; i < at.length; i++) {
		const p = at[i]
		if (p.xOffset || p.yOffset) {
			flush(i)
			ops += `1 0 0 1 ${pdfNumber(x + p.xOffset * scale)} ${pdfNumber(y + p.yOffset * scale)} Tm\n`
			flush(i + 1)
			hadOffset = true
		} else {
			if (hadOffset) {
				ops += `1 0 0 1 ${pdfNumber(x)} ${pdfNumber(y)} Tm\n`
				hadOffset = false
			}
			if (p.xAdvance - p.advanceWidth !== 0) addSegment(i + 1)
		}
		x += p.xAdvance * scale
	}
	flush(i)
	return ops
}

function block(face: Face, size: number, text: string, options: TextOptions & { width: number }): Block {
	const key = `${face.name}${size}|${options.width}|${options.height ?? ''}|${options.ellipsis ? 1 : 0}|${options.characterSpacing ?? 0}|${options.lineGap ?? 0}`
	let byText = blocks.get(key)
	if (!byText) blocks.set(key, (byText = new Map()))
	const hit = byText.get(text)
	if (hit) {
		hit.hit = true
		return hit
	}
	const cs = options.characterSpacing ?? 0
	const seen = new Set<number>()
	const glyphs: Array<string> = []
	const chars: Array<string> = []
	const codePoints: Array<Array<number>> = []
	const lines = breakLines(face, size, text, options).map((broken): Line => {
		const tj: Array<string> = []
		let tail = ''
		let moved = false
		for (const piece of pieces(broken.text)) {
			const s = shape(face, piece)
			if (s.moved) moved = true
			// A kerning adjustment after the line's last glyph would move nothing: it is left out.
			if (tail) tj.push(tail)
			tj.push(s.tj)
			tail = s.tail
			for (let i = 0; i < s.glyphs.length; i++) {
				const g = s.glyphs.charCodeAt(i)
				if (seen.has(g)) continue
				seen.add(g)
				glyphs.push(s.glyphs[i])
				codePoints.push(codePointsOf(s, i))
				if (!s.codePoints) chars.push(s.piece[i])
			}
		}
		const trimmedText = broken.text.replace(/\s+$/, '')
		const line: Line = {
			tj: broken.text === '' ? '' : moved ? null : `(${tj.join('')})`,
			width: broken.width,
			trimmed: (widthOf(face, trimmedText) * size) / 1000 + cs * (trimmedText.length - 1),
		}
		if (moved) line.text = broken.text
		if (broken.noCheck) line.noCheck = true
		return line
	})
	// Characters when every glyph is one (always, for NFC Vietnamese): a string is far smaller to keep than arrays.
	const b: Block = {
		hit: false,
		lines,
		advance: lineHeight(face, size) + (options.lineGap ?? 0),
		glyphs: glyphs.join(''),
		chars: chars.length === glyphs.length ? chars.join('') : codePoints,
	}
	if (blockCount >= BLOCKS) forgetOneBlock()
	byText.set(text, b)
	blockOrder.push([byText, text])
	blockCount++
	return b
}

function forgetOneBlock() {
	for (;;) {
		const [byText, text] = blockOrder[blockHead++]
		const b = byText.get(text)!
		if (b.hit) {
			b.hit = false
			blockOrder.push([byText, text])
			continue
		}
		byText.delete(text)
		blockCount--
		break
	}
	if (blockHead >= BLOCKS) {
		blockOrder = blockOrder.slice(blockHead)
		blockHead = 0
	}
}

/**
 * pdfkit 0.20's LineWrapper.wrap and eachWord, without the page: lines as they would be emitted,
 * with y relative to the first line's top. Kept literal (including its quirks) so breaks match.
 */
function breakLines(face: Face, size: number, text: string, options: TextOptions & { width: number }): Array<BrokenLine> {
	const cs = options.characterSpacing ?? 0
	const lineWidth = options.width
	const lh = lineHeight(face, size)
	const advance = lh + (options.lineGap ?? 0)
	const maxY = options.height === undefined ? Infinity : float32Down(options.height)
	const wordWidth = (word: string) => float32Down((widthOf(face, word) * size) / 1000 + cs * (word.length - 1) + cs)
	const lines: Array<BrokenLine> = []
	let y = 0
	let spaceLeft = lineWidth
	let buffer = ''
	let textWidth = 0
	let wc = 0
	const ellipsis: string | false = options.ellipsis ? '…' : false
	const canFit = (word: string, w: number) => (word[word.length - 1] !== SOFT_HYPHEN ? w <= spaceLeft : w + wordWidth(HYPHEN) <= spaceLeft)
	const emitLine = (noCheck?: boolean) => {
		lines.push({ text: buffer.replace(/\n/g, ''), width: textWidth, ...(noCheck ? { noCheck } : {}) })
		y += advance
	}
	type Break = { position?: number; required: boolean }
	const onWord = (word: string, w: number, bk: Break, last: Break | null): boolean => {
		if (last === null || last.required) spaceLeft = lineWidth
		const fits = canFit(word, w)
		if (fits) {
			buffer += word
			textWidth += w
			wc++
		}
		if (!bk.required && fits) {
			spaceLeft -= w
			return true
		}
		if (options.height !== undefined && ellipsis && y + lh * 2 > maxY) {
			buffer = buffer.replace(/\s+$/, '')
			textWidth = wordWidth(buffer + ellipsis)
			while (buffer && textWidth > lineWidth) {
				buffer = buffer.slice(0, -1).replace(/\s+$/, '')
				textWidth = wordWidth(buffer + ellipsis)
			}
			if (textWidth <= lineWidth) buffer = buffer + ellipsis
			textWidth = wordWidth(buffer)
		}
		if (bk.required && w > spaceLeft) {
			emitLine(true)
			buffer = word
			textWidth = w
			wc = 1
		}
		if (buffer[buffer.length - 1] === SOFT_HYPHEN) {
			buffer = buffer.slice(0, -1) + HYPHEN
			spaceLeft -= wordWidth(HYPHEN)
		}
		emitLine()
		if (y + lh > maxY) {
			// pdfkit's nextSection() refuses a new page when the text has a height: the rest is dropped.
			wc = 0
			buffer = ''
			return false
		}
		if (bk.required) {
			spaceLeft = lineWidth
			buffer = ''
			textWidth = 0
			wc = 0
		} else {
			spaceLeft = lineWidth - w
			buffer = word
			textWidth = w
			wc = 1
		}
		return true
	}
	const breaker = new LineBreaker(text)
	let last: Break | null = null
	for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) {
		let word = text.slice(last?.position || 0, bk.position)
		let w = wordWidth(word)
		let go = true
		if (w > lineWidth) {
			// A word wider than the line: cut it where it fits, as many times as needed.
			let lbk: Break | null = last
			const fbk: Break = { required: false }
			let mightGrow = false
			while (word.length) {
				let l: number
				if (w > spaceLeft) {
					l = Math.ceil(spaceLeft / (w / word.length))
					w = wordWidth(word.slice(0, l))
					mightGrow = w <= spaceLeft && l < word.length
				} else {
					l = word.length
				}
				let mustShrink = w > spaceLeft && l > 0
				while (mustShrink || mightGrow) {
					if (mustShrink) {
						w = wordWidth(word.slice(0, --l))
						mustShrink = w > spaceLeft && l > 0
					} else {
						w = wordWidth(word.slice(0, ++l))
						mustShrink = w > spaceLeft && l > 0
						mightGrow = w <= spaceLeft && l < word.length
					}
				}
				if (l === 0 && spaceLeft === lineWidth) l = 1
				fbk.required = bk.required || l < word.length
				go = onWord(word.slice(0, l), w, fbk, lbk)
				lbk = { required: false }
				word = word.slice(l)
				w = wordWidth(word)
				if (!go) break
			}
		} else {
			go = onWord(word, w, bk, last)
		}
		if (!go) break
		last = bk
	}
	if (wc > 0) emitLine()
	return lines
}

/** pdfkit's PDFNumber: the largest float32 not above n (widths are compared after this rounding). */
const f32 = new Float32Array(1)
const u32 = new Uint32Array(f32.buffer)
function float32Down(n: number) {
	const rounded = Math.fround(n)
	if (rounded <= n) return rounded
	f32[0] = n
	if (n <= 0) u32[0] += 1
	else u32[0] -= 1
	return f32[0]
}

const colors = new Map<string, string>()
function rgb(color: string) {
	let c = colors.get(color)
	if (!c) {
		const n = parseInt(color.slice(1), 16)
		// Four decimals are exact to an eighth of a step of 8-bit colour.
		c = [n >> 16, (n >> 8) & 0xff, n & 0xff].map((v) => Math.round((v / 255) * 1e4) / 1e4).join(' ')
		colors.set(color, c)
	}
	return c
}

function writeFont(t: DocText, face: Face, ref: Ref) {
	const { doc } = t
	const used = Uint8Array.from(t.used[face.name])
	closeOverComponents(face.ttf, used)
	let key = ''
	for (let g = 0; g < used.length; g++) if (used[g]) key += `${g},`
	let file = subsets.get(`${face.name}${key}`)
	if (!file) {
		const raw = subsetTrueType(face.ttf, used)
		file = { raw: raw.length, deflated: zlib.deflateSync(raw) }
		if (subsets.size >= SUBSETS) subsets.delete(subsets.keys().next().value!)
		subsets.set(`${face.name}${key}`, file)
	}
	const font = face.font
	const name = `${subsetTag(key)}+${font.postscriptName.replaceAll(' ', '_')}`
	const fontFile = doc.ref({ Length1: file.raw, Filter: 'FlateDecode' })
	fontFile.end(file.deflated)
	// Flags as pdfkit sets them: symbolic (the font has its own encoding), serif/fixed pitch from OS/2 and post.
	const familyClass = (font['OS/2']?.sFamilyClass ?? 0) >> 8
	let flags = 1 << 2
	if (font.post.isFixedPitch) flags |= 1 << 0
	if (familyClass >= 1 && familyClass <= 7) flags |= 1 << 1
	if (familyClass === 10) flags |= 1 << 3
	if (font.head.macStyle.italic) flags |= 1 << 6
	const s = face.scale
	const descriptor = doc.ref({
		Type: 'FontDescriptor',
		FontName: name,
		Flags: flags,
		FontBBox: [font.bbox.minX * s, font.bbox.minY * s, font.bbox.maxX * s, font.bbox.maxY * s],
		ItalicAngle: font.italicAngle,
		Ascent: face.ascender,
		Descent: face.descender,
		CapHeight: (font.capHeight || font.ascent) * s,
		XHeight: (font.xHeight || 0) * s,
		StemV: 0,
		FontFile2: fontFile,
	})
	descriptor.end(undefined)
	const drawn = [...t.unicode[face.name].keys()].sort((a, b) => a - b)
	const descendant = doc.ref({
		Type: 'Font',
		Subtype: 'CIDFontType2',
		BaseFont: name,
		CIDSystemInfo: { Registry: new String('Adobe'), Ordering: new String('Identity'), Supplement: 0 },
		FontDescriptor: descriptor,
		W: widths(face, drawn),
		CIDToGIDMap: 'Identity',
	})
	descendant.end(undefined)
	Object.assign(ref.data, {
		Subtype: 'Type0',
		BaseFont: name,
		Encoding: 'Identity-H',
		DescendantFonts: [descendant],
		ToUnicode: toUnicode(doc, drawn, t.unicode[face.name]),
	})
	ref.end(undefined)
}

/** The W array: runs of consecutive glyph ids with their widths, `[first [w w w] first [w] …]`. */
function widths(face: Face, gids: Array<number>) {
	const out: Array<number | Array<number>> = []
	let run: Array<number> = []
	for (let i = 0; i < gids.length; i++) {
		if (i === 0 || gids[i] !== gids[i - 1] + 1) {
			run = []
			out.push(gids[i], run)
		}
		run.push(face.ttf.advance[gids[i]] * face.scale)
	}
	return out
}

/** The ToUnicode CMap that lets pdftotext (and copy-paste) read the Vietnamese text back exactly. */
function toUnicode(doc: Doc, gids: Array<number>, unicode: Map<number, Array<number>>) {
	const entries: Array<string> = []
	for (const g of gids) {
		const cps = unicode.get(g) ?? []
		if (!cps.length) continue
		const s = String.fromCodePoint(...cps)
		let utf16 = ''
		for (let i = 0; i < s.length; i++) utf16 += hex4(s.charCodeAt(i))
		entries.push(`<${hex4(g)}> <${utf16}>`)
	}
	const chunks: Array<string> = []
	// At most 100 entries per bfchar section (PDF 32000-1 §9.10.3, CMap syntax).
	for (let i = 0; i < entries.length; i += 100) {
		const part = entries.slice(i, i + 100)
		chunks.push(`${part.length} beginbfchar\n${part.join('\n')}\nendbfchar`)
	}
	const cmap = doc.ref({})
	cmap.end(`/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo <<
  /Registry (Adobe)
  /Ordering (UCS)
  /Supplement 0
>> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000><ffff>
endcodespacerange
${chunks.join('\n')}
endcmap
CMapName currentdict /CMap defineresource pop
end
end`)
	return cmap
}

/** Six capital letters naming the subset (PDF 32000-1 §9.6.4), derived from its glyph set. */
function subsetTag(key: string) {
	let h = 0x811c9dc5
	for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0
	let tag = ''
	for (let i = 0; i < 6; i++) {
		tag += String.fromCharCode(65 + (h % 26))
		h = Math.floor(h / 26)
	}
	return tag
}
