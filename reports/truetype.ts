// TrueType subsetting for the embedded report font, keeping the font's own glyph ids.
//
// fontkit's subsetter renumbers glyphs in order of first use, so a glyph's code in the content
// stream depends on everything drawn before it in that document, and it decodes and re-encodes
// every table with restructure on each document (≈ 7 ms for the two faces of a full report).
// Keeping the original ids instead makes the hex of a shaped word the same in every document
// (reports/fonts.ts caches it), and the subset is plain byte copying: the glyphs a document uses
// keep their glyf records, every other glyph is left empty (a zero-length loca entry), and the
// tables a PDF reader needs (ISO 32000-1 §9.9: head, hhea, loca, maxp, cvt, prep, glyf, hmtx,
// fpgm) are copied. The cost is a full-length loca and hmtx (≈ 4 KB before compression for this
// 524-glyph font).

export type TrueType = {
	numGlyphs: number
	/** Raw tables by tag. */
	tables: Map<string, Uint8Array>
	/** Byte range of each glyph in glyf (numGlyphs + 1 offsets). */
	loca: Uint32Array
	/** Advance width of each glyph in font units. */
	advance: Uint16Array
	/** Components of composite glyphs: they must be embedded with the glyph that uses them. */
	components: Map<number, Array<number>>
}

const KEPT = ['head', 'hhea', 'maxp', 'cvt ', 'prep', 'fpgm', 'hmtx'] as const

export function parseTrueType(bytes: Uint8Array): TrueType {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
	const count = view.getUint16(4)
	const tables = new Map<string, Uint8Array>()
	for (let i = 0; i < count; i++) {
		const at = 12 + 16 * i
		const tag = String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3])
		tables.set(tag, bytes.subarray(view.getUint32(at + 8), view.getUint32(at + 8) + view.getUint32(at + 12)))
	}
	const table = (tag: string) => {
		const t = tables.get(tag)
		if (!t) throw new Error(`TrueType font without a ${tag} table`)
		return new DataView(t.buffer, t.byteOffset, t.byteLength)
	}
	const numGlyphs = table('maxp').getUint16(4)
	const longLoca = table('head').getInt16(50) === 1
	const locaView = table('loca')
	const loca = new Uint32Array(numGlyphs + 1)
	for (let g = 0; g <= numGlyphs; g++) loca[g] = longLoca ? locaView.getUint32(4 * g) : 2 * locaView.getUint16(2 * g)
	const metrics = table('hhea').getUint16(34)
	const hmtx = table('hmtx')
	const advance = new Uint16Array(numGlyphs)
	for (let g = 0; g < numGlyphs; g++) advance[g] = hmtx.getUint16(4 * Math.min(g, metrics - 1))
	const glyf = table('glyf')
	const components = new Map<number, Array<number>>()
	for (let g = 0; g < numGlyphs; g++) {
		if (loca[g + 1] === loca[g] || glyf.getInt16(loca[g]) >= 0) continue
		// A composite: records of flags, glyph index, arguments and an optional transform (OpenType glyf spec).
		const parts: Array<number> = []
		let at = loca[g] + 10
		for (;;) {
			const flags = glyf.getUint16(at)
			parts.push(glyf.getUint16(at + 2))
			at += 4 + (flags & 0x0001 ? 4 : 2) + (flags & 0x0008 ? 2 : flags & 0x0040 ? 4 : flags & 0x0080 ? 8 : 0)
			if (!(flags & 0x0020)) break
		}
		components.set(g, parts)
	}
	return { numGlyphs, tables, loca, advance, components }
}

/** Marks the components of every marked composite glyph (recursively), and glyph 0, which a font must have. */
export function closeOverComponents(font: TrueType, used: Uint8Array) {
	used[0] = 1
	const stack: Array<number> = []
	for (const g of font.components.keys()) if (used[g]) stack.push(g)
	while (stack.length) {
		for (const c of font.components.get(stack.pop()!) ?? []) {
			if (!used[c]) {
				used[c] = 1
				if (font.components.has(c)) stack.push(c)
			}
		}
	}
}

/** A TrueType file holding the marked glyphs under their own ids (call closeOverComponents first). */
export function subsetTrueType(font: TrueType, used: Uint8Array): Uint8Array {
	const glyf = font.tables.get('glyf')!
	let glyfLength = 0
	for (let g = 0; g < font.numGlyphs; g++) if (used[g]) glyfLength += pad4(font.loca[g + 1] - font.loca[g])
	const newGlyf = new Uint8Array(glyfLength)
	const newLoca = new Uint8Array(4 * (font.numGlyphs + 1))
	const locaView = new DataView(newLoca.buffer)
	let offset = 0
	for (let g = 0; g < font.numGlyphs; g++) {
		locaView.setUint32(4 * g, offset)
		if (!used[g]) continue
		newGlyf.set(glyf.subarray(font.loca[g], font.loca[g + 1]), offset)
		offset += pad4(font.loca[g + 1] - font.loca[g])
	}
	locaView.setUint32(4 * font.numGlyphs, offset)
	const head = Uint8Array.from(font.tables.get('head')!)
	const headView = new DataView(head.buffer)
	headView.setInt16(50, 1) // long loca offsets
	headView.setUint32(8, 0) // checkSumAdjustment, set below
	const out = new Map<string, Uint8Array>()
	for (const tag of KEPT) {
		const t = font.tables.get(tag)
		if (t) out.set(tag, t)
	}
	out.set('head', head)
	out.set('loca', newLoca)
	out.set('glyf', newGlyf)
	const file = writeSfnt(out)
	const headAt = tableOffset(file, 'head')
	new DataView(file.buffer).setUint32(headAt + 8, (0xb1b0afba - checksum(file)) >>> 0)
	return file
}

function pad4(n: number) {
	return (n + 3) & ~3
}

function checksum(bytes: Uint8Array) {
	let sum = 0
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
	const whole = bytes.length & ~3
	for (let i = 0; i < whole; i += 4) sum = (sum + view.getUint32(i)) >>> 0
	if (whole < bytes.length) {
		let last = 0
		for (let i = whole; i < whole + 4; i++) last = (last << 8) | (i < bytes.length ? bytes[i] : 0)
		sum = (sum + (last >>> 0)) >>> 0
	}
	return sum
}

/** An sfnt file: the table directory sorted by tag, each table 4-byte aligned, with its checksum. */
function writeSfnt(tables: Map<string, Uint8Array>): Uint8Array {
	const tags = [...tables.keys()].sort()
	const n = tags.length
	let size = 12 + 16 * n
	for (const tag of tags) size += pad4(tables.get(tag)!.length)
	const file = new Uint8Array(size)
	const view = new DataView(file.buffer)
	const entrySelector = Math.floor(Math.log2(n))
	view.setUint32(0, 0x00010000)
	view.setUint16(4, n)
	view.setUint16(6, 16 * 2 ** entrySelector)
	view.setUint16(8, entrySelector)
	view.setUint16(10, 16 * n - 16 * 2 ** entrySelector)
	let offset = 12 + 16 * n
	tags.forEach((tag, i) => {
		const t = tables.get(tag)!
		const at = 12 + 16 * i
		for (let k = 0; k < 4; k++) file[at + k] = tag.charCodeAt(k)
		view.setUint32(at + 4, checksum(t))
		view.setUint32(at + 8, offset)
		view.setUint32(at + 12, t.length)
		file.set(t, offset)
		offset += pad4(t.length)
	})
	return file
}

function tableOffset(file: Uint8Array, tag: string) {
	const view = new DataView(file.buffer, file.byteOffset, file.byteLength)
	for (let i = 0; i < view.getUint16(4); i++) {
		const at = 12 + 16 * i
		if (String.fromCharCode(file[at], file[at + 1], file[at + 2], file[at + 3]) === tag) return view.getUint32(at + 8)
	}
	throw new Error(`no ${tag} table`)
}
