// A criteria catalog as the workbook an analyst edits in Excel, and back (docs/CATALOG-FORMAT.md,
// "Authoring criteria in the app"). One sheet per kind of thing: the catalog's header (field and
// value), its legal basis, groups, tiers, criteria (one row each), the options of choice criteria,
// and levels. Columns are found by their (bilingual) header, so an analyst may reorder them.
// Writing then reading any valid catalog gives the same catalog (tests: every shipped catalog).
// Bytes out, cells in: no database, no HTTP (docs/ARCHITECTURE.md).
import ExcelJS from 'exceljs'
import { type Catalog, type Criterion, type LocalizedText, validateCatalog } from '~/domain/catalog/schema'
import { columnLetter, type Sheet, type SheetCell, type SheetRow } from '~/domain/sheet'
import { frozenHeader, styleHeader, workbookBytes } from './write'

export const CATALOG_SHEETS = {
	header: 'Danh mục',
	legal: 'Văn bản',
	groups: 'Nhóm',
	tiers: 'Bậc',
	criteria: 'Tiêu chí',
	options: 'Lựa chọn',
	levels: 'Mức',
} as const
type SheetKey = keyof typeof CATALOG_SHEETS

type Column = { key: string; vi: string; en: string; width: number }
const col = (key: string, vi: string, en: string, width = 14): Column => ({ key, vi, en, width })
const header = (c: Column) => `${c.vi} / ${c.en}`
/** A text in both languages: the columns `<key>_vi` and `<key>_en` that `lt` writes and `localized` reads. */
const bilingual = (key: string, vi: string, en: string, width?: number): Array<Column> => [
	col(`${key}_vi`, `${vi} (vi)`, `${en} (vi)`, width),
	col(`${key}_en`, `${vi} (en)`, `${en} (en)`, width),
]

const APPLIES = [
	col('facility_types', 'Loại cơ sở áp dụng', 'Facility types', 18),
	col('facility_classes', 'Hạng áp dụng', 'Facility classes', 14),
	col('managing_bodies', 'Cơ quan quản lý áp dụng', 'Managing bodies', 18),
]

const COLUMNS: Record<Exclude<SheetKey, 'header'>, ReadonlyArray<Column>> = {
	legal: [
		col('document', 'Văn bản', 'Document', 22),
		...bilingual('title', 'Tên', 'Title', 40),
		col('date', 'Ngày ban hành', 'Date', 12),
		col('in_force', 'Ngày hiệu lực', 'In force', 12),
		...bilingual('note', 'Ghi chú', 'Note', 40),
	],
	groups: [
		col('id', 'Mã nhóm', 'Group id', 12),
		...bilingual('title', 'Tên nhóm', 'Title', 40),
		...bilingual('description', 'Mô tả', 'Description', 40),
		col('system', 'Hệ thống', 'System', 14),
		col('when_operated', 'Chỉ khi vận hành', 'When operated', 10),
		...APPLIES,
		col('repealed_from', 'Bãi bỏ từ ngày', 'Repealed from', 12),
		col('repealed_by', 'Bãi bỏ bởi', 'Repealed by', 30),
	],
	tiers: [
		col('group', 'Mã nhóm', 'Group id', 12),
		col('id', 'Mã bậc', 'Tier id', 12),
		col('rank', 'Thứ bậc', 'Rank', 8),
		...bilingual('title', 'Tên bậc', 'Title', 30),
		...bilingual('description', 'Mô tả', 'Description', 30),
		col('provenance', 'Nguồn gốc', 'Provenance', 12),
		col('criteria', 'Tiêu chí của quy tắc', 'Rule criteria', 30),
		col('scope', 'Phạm vi', 'Scope', 10),
		col('threshold', 'Ngưỡng (all hoặc %)', 'Threshold (all or %)', 10),
	],
	criteria: [
		col('group', 'Mã nhóm', 'Group id', 12),
		col('id', 'Mã tiêu chí', 'Criterion id', 20),
		...bilingual('text', 'Nội dung', 'Text', 60),
		...bilingual('guidance', 'Hướng dẫn', 'Guidance', 40),
		col('type', 'Kiểu trả lời', 'Answer type', 11),
		col('not_applicable', 'Cho phép "không áp dụng"', 'Not applicable allowed', 10),
		col('met_at_points', 'Đạt khi đủ điểm', 'Met at points', 9),
		col('min', 'Tối thiểu', 'Min', 8),
		col('max', 'Tối đa', 'Max', 8),
		col('integer', 'Số nguyên', 'Whole number', 9),
		...bilingual('unit', 'Đơn vị', 'Unit', 10),
		col('met_from', 'Đạt khi ≥ (hoặc từ ngày)', 'Met if ≥ (or on or after)', 12),
		col('met_to', 'Đạt khi ≤ (hoặc đến ngày)', 'Met if ≤ (or on or before)', 12),
		col('allow_future', 'Cho phép ngày tương lai', 'Future dates allowed', 10),
		col('max_length', 'Độ dài tối đa', 'Max length', 9),
		col('multiline', 'Nhiều dòng', 'Multiline', 9),
		col('weight', 'Trọng số', 'Weight', 8),
		col('mandatory', 'Bắt buộc', 'Mandatory', 9),
		col('informational', 'Chỉ để biết', 'Informational', 9),
		col('evidence', 'Minh chứng', 'Evidence', 10),
		...APPLIES,
		col('basis_document', 'Văn bản căn cứ', 'Basis document', 20),
		col('basis_clause', 'Điều khoản', 'Basis clause', 30),
		col('see_also', 'Xem thêm (văn bản | điều khoản, mỗi dòng một mục)', 'See also (document | clause, one a line)', 30),
		col('provenance', 'Nguồn gốc', 'Provenance', 12),
		col('system', 'Hệ thống', 'System', 12),
		col('role', 'Vai trò', 'Role', 12),
		col('connects', 'Kết nối với', 'Connects', 14),
		col('from_level', 'Từ cấp độ', 'From level', 8),
		col('security_fact', 'Thông tin phân loại', 'Security fact', 14),
		col('repealed_from', 'Bãi bỏ từ ngày', 'Repealed from', 12),
		col('repealed_by', 'Bãi bỏ bởi', 'Repealed by', 30),
		col('lineage_relation', 'Kế thừa: quan hệ', 'Lineage: relation', 12),
		col('lineage_from', 'Kế thừa: từ tiêu chí', 'Lineage: from', 20),
	],
	options: [
		col('criterion', 'Mã tiêu chí', 'Criterion id', 20),
		col('value', 'Giá trị', 'Value', 12),
		...bilingual('label', 'Nhãn', 'Label', 40),
		col('points', 'Điểm', 'Points', 8),
		col('not_applicable', 'Nghĩa là "không áp dụng"', 'Means not applicable', 10),
		col('operating', 'Đang vận hành', 'Operating', 10),
	],
	levels: [
		col('id', 'Mã mức', 'Level id', 12),
		col('rank', 'Thứ bậc', 'Rank', 8),
		...bilingual('title', 'Tên mức', 'Title', 30),
		...bilingual('description', 'Mô tả', 'Description', 40),
		col('provenance', 'Nguồn gốc', 'Provenance', 12),
		col('criteria', 'Tiêu chí', 'Criteria', 30),
		col('groups', 'Nhóm', 'Groups', 20),
		col('group_tiers', 'Nhóm:bậc', 'Group:tier', 30),
		col('catalogs', 'Bộ tiêu chí:mức', 'Catalog:level', 24),
		col('systems', 'Điều kiện hệ thống', 'Systems condition', 14),
		col('scope', 'Phạm vi', 'Scope', 10),
		col('threshold', 'Ngưỡng (all hoặc %)', 'Threshold (all or %)', 10),
	],
}

const HEADER_FIELDS: ReadonlyArray<Column> = [
	col('code', 'Mã bộ tiêu chí', 'Catalog code'),
	col('version', 'Phiên bản', 'Version'),
	col('based_on', 'Dựa trên phiên bản', 'Based on version'),
	...bilingual('title', 'Tên', 'Title'),
	...bilingual('description', 'Mô tả', 'Description'),
	col('effective_from', 'Hiệu lực từ ngày', 'Effective from'),
	col('repealed_from', 'Bãi bỏ từ ngày', 'Repealed from'),
	col('repealed_by', 'Bãi bỏ bởi', 'Repealed by'),
	col('provenance', 'Nguồn gốc mặc định', 'Default provenance'),
	...APPLIES,
]
const HEADER_COLUMNS = [col('field', 'Trường', 'Field', 18), col('meaning', 'Ý nghĩa', 'Meaning', 30), col('value', 'Giá trị', 'Value', 80)]

// ---------------------------------------------------------------------------------------------
// Writing

type Value = string | number | boolean | null | undefined
type Row = Record<string, Value>

const list = (values: ReadonlyArray<string> | undefined) => (values && values.length ? values.join(', ') : undefined)
const lt = (t: LocalizedText | undefined, prefix: string): Row => ({ [`${prefix}_vi`]: t?.vi, [`${prefix}_en`]: t?.en })
const applies = (a: Catalog['applies_to']): Row => ({
	facility_types: list(a?.facility_types),
	facility_classes: list(a?.facility_classes),
	managing_bodies: list(a?.managing_bodies),
})
const thresholdCell = (t: 'all' | { min_percent: number }) => (t === 'all' ? 'all' : t.min_percent)

function criterionRow(group: string, c: Criterion): Row {
	const a = c.answer
	const row: Row = {
		group,
		id: c.id,
		...lt(c.text, 'text'),
		...lt(c.guidance, 'guidance'),
		type: a.type,
		weight: c.weight,
		mandatory: c.mandatory,
		informational: c.informational,
		evidence: c.evidence,
		...applies(c.applies_to),
		basis_document: c.basis.document,
		basis_clause: c.basis.clause,
		see_also: c.see_also.length ? c.see_also.map((s) => `${s.document} | ${s.clause}`).join('\n') : undefined,
		provenance: c.provenance,
		system: c.system,
		role: c.role,
		connects: list(c.connects),
		from_level: c.from_level,
		security_fact: c.security_fact,
		repealed_from: c.repealed_from,
		repealed_by: c.repealed_by,
		lineage_relation: c.lineage?.relation,
		lineage_from: list(c.lineage?.from),
	}
	switch (a.type) {
		case 'yes_no':
			return { ...row, not_applicable: a.not_applicable }
		case 'choice':
			return { ...row, met_at_points: a.met_at_points }
		case 'number':
			return { ...row, min: a.min, max: a.max, integer: a.integer, ...lt(a.unit, 'unit'), met_from: a.met_if?.gte, met_to: a.met_if?.lte }
		case 'percent':
			return { ...row, met_from: a.met_if?.gte, met_to: a.met_if?.lte }
		case 'date':
			return { ...row, allow_future: a.allow_future, met_from: a.met_if?.on_or_after, met_to: a.met_if?.on_or_before }
		case 'text':
			return { ...row, max_length: a.max_length, multiline: a.multiline }
	}
}

function addSheet(wb: ExcelJS.Workbook, name: string, columns: ReadonlyArray<Column>, rows: ReadonlyArray<Row>) {
	const ws = wb.addWorksheet(name, { views: frozenHeader(true) })
	ws.columns = columns.map((c) => ({ header: header(c), key: c.key, width: c.width }))
	for (const r of rows) {
		const values: Record<string, string | number | boolean> = {}
		for (const c of columns) {
			const v = r[c.key]
			if (v !== undefined && v !== null) values[c.key] = v
		}
		ws.addRow(values).alignment = { vertical: 'top', wrapText: true }
	}
	styleHeader(ws, columns.length)
	return ws
}

/** Any catalog version as an .xlsx workbook, in the layout readCatalogWorkbook reads back. */
export async function catalogWorkbook(catalog: Catalog): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook()
	wb.creator = 'Hospital IT Readiness'
	const head: Row = {
		code: catalog.code,
		version: catalog.version,
		based_on: catalog.based_on,
		...lt(catalog.title, 'title'),
		...lt(catalog.description, 'description'),
		effective_from: catalog.effective_from,
		repealed_from: catalog.repealed_from,
		repealed_by: catalog.repealed_by,
		provenance: catalog.provenance,
		...applies(catalog.applies_to),
	}
	addSheet(
		wb,
		CATALOG_SHEETS.header,
		HEADER_COLUMNS,
		HEADER_FIELDS.map((f) => ({ field: f.key, meaning: header(f), value: head[f.key] })),
	)
	addSheet(
		wb,
		CATALOG_SHEETS.legal,
		COLUMNS.legal,
		catalog.legal_basis.map((d) => ({
			document: d.document,
			...lt(d.title, 'title'),
			date: d.date,
			in_force: d.in_force,
			...lt(d.note, 'note'),
		})),
	)
	addSheet(
		wb,
		CATALOG_SHEETS.groups,
		COLUMNS.groups,
		catalog.groups.map((g) => ({
			id: g.id,
			...lt(g.title, 'title'),
			...lt(g.description, 'description'),
			system: g.system,
			when_operated: g.when_operated,
			...applies(g.applies_to),
			repealed_from: g.repealed_from,
			repealed_by: g.repealed_by,
		})),
	)
	addSheet(
		wb,
		CATALOG_SHEETS.tiers,
		COLUMNS.tiers,
		catalog.groups.flatMap((g) =>
			g.tiers.map((t) => ({
				group: g.id,
				id: t.id,
				rank: t.rank,
				...lt(t.title, 'title'),
				...lt(t.description, 'description'),
				provenance: t.provenance,
				criteria: list(t.rule.criteria),
				scope: t.rule.scope,
				threshold: thresholdCell(t.rule.threshold),
			})),
		),
	)
	addSheet(
		wb,
		CATALOG_SHEETS.criteria,
		COLUMNS.criteria,
		catalog.groups.flatMap((g) => g.criteria.map((c) => criterionRow(g.id, c))),
	)
	addSheet(
		wb,
		CATALOG_SHEETS.options,
		COLUMNS.options,
		catalog.groups.flatMap((g) =>
			g.criteria.flatMap((c) =>
				c.answer.type === 'choice'
					? c.answer.options.map((o) => ({
							criterion: c.id,
							value: o.value,
							...lt(o.label, 'label'),
							points: o.points,
							not_applicable: o.not_applicable,
							operating: o.operating,
						}))
					: [],
			),
		),
	)
	addSheet(
		wb,
		CATALOG_SHEETS.levels,
		COLUMNS.levels,
		catalog.levels.map((lv) => ({
			id: lv.id,
			rank: lv.rank,
			...lt(lv.title, 'title'),
			...lt(lv.description, 'description'),
			provenance: lv.provenance,
			...(lv.rule
				? {
						criteria: list(lv.rule.criteria),
						groups: list(lv.rule.groups),
						group_tiers: list(lv.rule.group_tiers?.map((r) => `${r.group}:${r.tier}`)),
						catalogs: list(lv.rule.catalogs?.map((r) => `${r.code}:${r.level}`)),
						systems: lv.rule.systems,
						scope: lv.rule.scope,
						threshold: thresholdCell(lv.rule.threshold),
					}
				: {}),
		})),
	)
	return workbookBytes(wb)
}

// ---------------------------------------------------------------------------------------------
// Reading

/** A problem at one cell of the workbook: a message key and its parameters. */
export type CatalogBookProblem = {
	/** Where: `Tiêu chí!C14` (a sheet and a cell), or a sheet's name alone. */
	readonly cell: string
	readonly code: string
	readonly params?: Readonly<Record<string, string | number>>
}

export type CatalogBookRead = {
	/** The catalog file the cells describe (for validateCatalog), or null when the workbook has no catalog sheets. */
	readonly file: Record<string, unknown> | null
	readonly problems: ReadonlyArray<CatalogBookProblem>
	/** The cell of a path into the file (or of its nearest parent that has one). */
	readonly locate: (path: ReadonlyArray<string | number>) => string
}

type Located = { sheet: string; rows: ReadonlyArray<SheetRow>; columns: Map<string, number> }

const sameName = (a: string, b: string) => a.normalize('NFC').trim().toLowerCase() === b.normalize('NFC').trim().toLowerCase()

/** Where each of `columns` is in the sheet's header row (row 1), found by its bilingual header; -1 when absent. */
function columnsAt(sheet: Sheet, columns: ReadonlyArray<Column>): Array<number> {
	const head = sheet.rows.find((r) => r.number === 1)
	return columns.map((c) => head?.cells.findIndex((cell) => typeof cell === 'string' && sameName(cell, header(c))) ?? -1)
}

/** Reads the cells of a catalog workbook back into a catalog file: problems at their cells. */
export function readCatalogWorkbook(sheets: ReadonlyArray<Sheet>): CatalogBookRead {
	const problems: Array<CatalogBookProblem> = []
	const cells = new Map<string, string>()
	const firstSheet = CATALOG_SHEETS.header
	const locate = (path: ReadonlyArray<string | number>) => {
		for (let i = path.length; i >= 0; i--) {
			const hit = cells.get(path.slice(0, i).join('.'))
			if (hit) return hit
		}
		return firstSheet
	}
	const addr = (sheet: string, column: number, row: number) => `${sheet}!${columnLetter(column)}${row}`

	const find = (key: SheetKey, columns: ReadonlyArray<Column>): Located | null => {
		const name = CATALOG_SHEETS[key]
		const sheet = sheets.find((s) => sameName(s.name, name))
		if (!sheet) {
			problems.push({ cell: name, code: 'catalogBook.missingSheet', params: { sheet: name } })
			return null
		}
		const found = new Map<string, number>()
		columnsAt(sheet, columns).forEach((at, i) => {
			const c = columns[i]
			if (at < 0) problems.push({ cell: `${name}!1:1`, code: 'catalogBook.missingColumn', params: { column: header(c) } })
			else found.set(c.key, at)
		})
		return { sheet: name, rows: sheet.rows.filter((r) => r.number > 1 && r.cells.some((c) => !blank(c))), columns: found }
	}

	/** The reader of one row: each accessor records where the value came from and refuses formulas. */
	const reader = (at: Located, row: SheetRow) => {
		const cellOf = (key: string) => {
			const i = at.columns.get(key)
			return { raw: i === undefined ? null : (row.cells[i] ?? null), where: addr(at.sheet, i ?? 0, row.number) }
		}
		const mark = (path: ReadonlyArray<string | number>, key: string) => cells.set(path.join('.'), cellOf(key).where)
		const text = (key: string, trim = false): string | undefined => {
			const { raw, where } = cellOf(key)
			if (raw === null) return undefined
			if (typeof raw === 'object') {
				if ('formula' in raw) problems.push({ cell: where, code: 'catalogBook.formula', params: { formula: raw.formula.slice(0, 60) } })
				else if ('error' in raw) problems.push({ cell: where, code: 'catalogBook.cellError', params: { error: raw.error } })
				else return raw.date
				return undefined
			}
			const s = typeof raw === 'string' ? raw.normalize('NFC') : String(raw)
			if (s.trimStart().startsWith('=')) {
				problems.push({ cell: where, code: 'catalogBook.formula', params: { formula: s.trim().slice(0, 60) } })
				return undefined
			}
			const out = trim ? s.trim() : s
			return out === '' ? undefined : out
		}
		const number = (key: string): number | string | undefined => {
			const { raw } = cellOf(key)
			if (typeof raw === 'number') return raw
			const s = text(key, true)
			if (s === undefined) return undefined
			return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s
		}
		const bool = (key: string): boolean | string | undefined => {
			const { raw } = cellOf(key)
			if (typeof raw === 'boolean') return raw
			const s = text(key, true)
			if (s === undefined) return undefined
			const v = s.toLowerCase()
			if (['true', 'có', 'yes', 'x', '1'].includes(v)) return true
			if (['false', 'không', 'no', '0'].includes(v)) return false
			return s
		}
		const ids = (key: string): Array<string> | undefined => {
			const s = text(key, true)
			if (s === undefined) return undefined
			const parts = s
				.split(/[,;\n]/)
				.map((p) => p.trim())
				.filter(Boolean)
			return parts.length ? parts : undefined
		}
		/** The text of the columns `<prefix>_vi` and `<prefix>_en` (see `bilingual`), as the field `prefix` of the object at `parent`. */
		const localized = (prefix: string, parent: ReadonlyArray<string | number>) => {
			place([...parent, prefix], { vi: `${prefix}_vi`, en: `${prefix}_en` }, `${prefix}_vi`)
			const vi = text(`${prefix}_vi`)
			const en = text(`${prefix}_en`)
			return vi === undefined && en === undefined ? undefined : { vi: vi ?? '', en: en ?? '' }
		}
		const appliesTo = () => {
			const a = compact({
				facility_types: ids('facility_types'),
				facility_classes: ids('facility_classes'),
				managing_bodies: ids('managing_bodies'),
			})
			return Object.keys(a).length ? a : undefined
		}
		/** Records where each field of `obj` (at `path`) came from: `keys` maps a field to its column. */
		const place = (path: ReadonlyArray<string | number>, keys: Record<string, string>, first: string) => {
			mark(path, first)
			for (const [field, key] of Object.entries(keys)) mark([...path, field], key)
		}
		return { text, number, bool, ids, localized, appliesTo, place, mark, where: (key: string) => cellOf(key).where }
	}

	// The header: one field a row (column A names it, column C holds its value).
	const head = find('header', HEADER_COLUMNS)
	const headerValues = new Map<string, { row: SheetRow }>()
	if (head) {
		for (const row of head.rows) {
			const key = reader(head, row).text('field', true)
			if (key && HEADER_FIELDS.some((f) => f.key === key)) headerValues.set(key, { row })
		}
	}
	const hv = <T>(key: string, read: (r: ReturnType<typeof reader>) => T, path: ReadonlyArray<string | number>): T | undefined => {
		const at = headerValues.get(key)
		if (!head || !at) return undefined
		const r = reader(head, at.row)
		r.mark(path, 'value')
		return read(r)
	}
	const hText = (key: string, path: ReadonlyArray<string | number>, trim = false) => hv(key, (r) => r.text('value', trim), path)
	const hLocalized = (prefix: string, field: string) => {
		const vi = hText(`${prefix}_vi`, [field, 'vi'])
		const en = hText(`${prefix}_en`, [field, 'en'])
		if (headerValues.has(`${prefix}_vi`)) cells.set(field, cells.get(`${field}.vi`)!)
		return vi === undefined && en === undefined ? undefined : { vi: vi ?? '', en: en ?? '' }
	}
	const hApplies = () => {
		const a = compact({
			facility_types: hv('facility_types', (r) => r.ids('value'), ['applies_to', 'facility_types']),
			facility_classes: hv('facility_classes', (r) => r.ids('value'), ['applies_to', 'facility_classes']),
			managing_bodies: hv('managing_bodies', (r) => r.ids('value'), ['applies_to', 'managing_bodies']),
		})
		return Object.keys(a).length ? a : undefined
	}
	if (head) cells.set('', `${head.sheet}!C2`)

	const legal = find('legal', COLUMNS.legal)
	const groupsSheet = find('groups', COLUMNS.groups)
	const tiersSheet = find('tiers', COLUMNS.tiers)
	const criteriaSheet = find('criteria', COLUMNS.criteria)
	const optionsSheet = find('options', COLUMNS.options)
	const levelsSheet = find('levels', COLUMNS.levels)
	if (!head || !legal || !groupsSheet || !tiersSheet || !criteriaSheet || !optionsSheet || !levelsSheet) {
		return { file: null, problems, locate }
	}
	cells.set('legal_basis', `${legal.sheet}!A1`)
	cells.set('groups', `${groupsSheet.sheet}!A1`)
	cells.set('levels', `${levelsSheet.sheet}!A1`)

	const file: Record<string, unknown> = compact({
		code: hText('code', ['code'], true),
		version: hv('version', (r) => r.number('value'), ['version']),
		based_on: hv('based_on', (r) => r.number('value'), ['based_on']),
		title: hLocalized('title', 'title'),
		description: hLocalized('description', 'description'),
		effective_from: hText('effective_from', ['effective_from'], true),
		repealed_from: hText('repealed_from', ['repealed_from'], true),
		repealed_by: hText('repealed_by', ['repealed_by']),
		provenance: hText('provenance', ['provenance'], true),
		applies_to: hApplies(),
	})

	file.legal_basis = legal.rows.map((row, i) => {
		const r = reader(legal, row)
		r.place(['legal_basis', i], { document: 'document', date: 'date', in_force: 'in_force' }, 'document')
		return compact({
			document: r.text('document'),
			title: r.localized('title', ['legal_basis', i]),
			date: r.text('date', true),
			in_force: r.text('in_force', true),
			note: r.localized('note', ['legal_basis', i]),
		})
	})

	// Groups, in sheet order; their tiers and criteria follow, each in its own sheet's order.
	type GroupOut = Record<string, unknown> & { tiers: Array<unknown>; criteria: Array<Record<string, unknown>> }
	const groups: Array<GroupOut> = []
	const groupIndex = new Map<string, number>()
	for (const row of groupsSheet.rows) {
		const r = reader(groupsSheet, row)
		const gi = groups.length
		const id = r.text('id', true)
		r.place(
			['groups', gi],
			{ id: 'id', system: 'system', when_operated: 'when_operated', repealed_from: 'repealed_from', repealed_by: 'repealed_by' },
			'id',
		)
		r.place(['groups', gi, 'applies_to'], APPLIES_KEYS, 'facility_types')
		cells.set(['groups', gi, 'criteria'].join('.'), r.where('id'))
		cells.set(['groups', gi, 'tiers'].join('.'), r.where('id'))
		const operated = r.bool('when_operated')
		groups.push({
			...compact({
				id,
				title: r.localized('title', ['groups', gi]),
				description: r.localized('description', ['groups', gi]),
				system: r.text('system', true),
				when_operated: operated === false ? undefined : operated,
				applies_to: r.appliesTo(),
				repealed_from: r.text('repealed_from', true),
				repealed_by: r.text('repealed_by'),
			}),
			tiers: [],
			criteria: [],
		})
		if (id !== undefined && !groupIndex.has(id)) groupIndex.set(id, gi)
	}
	const groupOf = (r: ReturnType<typeof reader>) => {
		const id = r.text('group', true)
		const gi = id === undefined ? undefined : groupIndex.get(id)
		if (gi === undefined) {
			problems.push({
				cell: r.where('group'),
				code: id === undefined ? 'catalogBook.groupMissing' : 'catalogBook.unknownGroup',
				params: { group: id ?? '' },
			})
		}
		return gi
	}

	for (const row of tiersSheet.rows) {
		const r = reader(tiersSheet, row)
		const gi = groupOf(r)
		if (gi === undefined) continue
		const ti = groups[gi].tiers.length
		const path = ['groups', gi, 'tiers', ti]
		r.place(path, { id: 'id', rank: 'rank', provenance: 'provenance' }, 'id')
		r.place([...path, 'rule'], { criteria: 'criteria', scope: 'scope', threshold: 'threshold' }, 'criteria')
		const rule = compact({ criteria: r.ids('criteria'), scope: r.text('scope', true), threshold: threshold(r.number('threshold')) })
		groups[gi].tiers.push(
			compact({
				id: r.text('id', true),
				rank: r.number('rank'),
				title: r.localized('title', path),
				description: r.localized('description', path),
				provenance: r.text('provenance', true),
				rule: Object.keys(rule).length ? rule : undefined,
			}),
		)
	}

	const criterionAt = new Map<string, { gi: number; ci: number }>()
	for (const row of criteriaSheet.rows) {
		const r = reader(criteriaSheet, row)
		const gi = groupOf(r)
		if (gi === undefined) continue
		const ci = groups[gi].criteria.length
		const path = ['groups', gi, 'criteria', ci]
		r.place(
			path,
			{
				id: 'id',
				see_also: 'see_also',
				provenance: 'provenance',
				evidence: 'evidence',
				weight: 'weight',
				mandatory: 'mandatory',
				informational: 'informational',
				system: 'system',
				role: 'role',
				connects: 'connects',
				from_level: 'from_level',
				security_fact: 'security_fact',
				repealed_from: 'repealed_from',
				repealed_by: 'repealed_by',
				lineage: 'lineage_relation',
			},
			'id',
		)
		r.place([...path, 'basis'], { document: 'basis_document', clause: 'basis_clause' }, 'basis_document')
		r.place([...path, 'applies_to'], APPLIES_KEYS, 'facility_types')
		r.place([...path, 'lineage'], { relation: 'lineage_relation', from: 'lineage_from' }, 'lineage_relation')
		r.place(
			[...path, 'answer'],
			{
				type: 'type',
				not_applicable: 'not_applicable',
				met_at_points: 'met_at_points',
				min: 'min',
				max: 'max',
				integer: 'integer',
				unit: 'unit_vi',
				met_if: 'met_from',
				allow_future: 'allow_future',
				max_length: 'max_length',
				multiline: 'multiline',
				options: 'type',
			},
			'type',
		)
		for (const [field, key] of [
			['gte', 'met_from'],
			['lte', 'met_to'],
			['on_or_after', 'met_from'],
			['on_or_before', 'met_to'],
		] as const)
			r.mark([...path, 'answer', 'met_if', field], key)

		const type = r.text('type', true)
		const answer: Record<string, unknown> = compact({
			type,
			not_applicable: r.bool('not_applicable'),
			met_at_points: r.number('met_at_points'),
			min: r.number('min'),
			max: r.number('max'),
			integer: r.bool('integer'),
			unit: r.localized('unit', [...path, 'answer']),
			allow_future: r.bool('allow_future'),
			max_length: r.number('max_length'),
			multiline: r.bool('multiline'),
		})
		const from = type === 'date' ? r.text('met_from', true) : r.number('met_from')
		const to = type === 'date' ? r.text('met_to', true) : r.number('met_to')
		if (from !== undefined || to !== undefined) {
			answer.met_if = type === 'date' ? compact({ on_or_after: from, on_or_before: to }) : compact({ gte: from, lte: to })
		}
		if (type === 'choice') answer.options = []
		const seeAlso = r.text('see_also')
		const relation = r.text('lineage_relation', true)
		const lineageFrom = r.ids('lineage_from')
		const id = r.text('id', true)
		groups[gi].criteria.push(
			compact({
				id,
				text: r.localized('text', path),
				guidance: r.localized('guidance', path),
				basis: compact({ document: r.text('basis_document'), clause: r.text('basis_clause') }),
				see_also: seeAlso === undefined ? undefined : seeAlsoList(seeAlso),
				provenance: r.text('provenance', true),
				answer,
				evidence: r.text('evidence', true),
				weight: r.number('weight'),
				mandatory: r.bool('mandatory'),
				informational: r.bool('informational'),
				applies_to: r.appliesTo(),
				repealed_from: r.text('repealed_from', true),
				repealed_by: r.text('repealed_by'),
				system: r.text('system', true),
				role: r.text('role', true),
				connects: r.ids('connects'),
				from_level: r.number('from_level'),
				security_fact: r.text('security_fact', true),
				lineage: relation === undefined && lineageFrom === undefined ? undefined : { relation: relation ?? '', from: lineageFrom ?? [] },
			}),
		)
		if (id !== undefined && !criterionAt.has(id)) criterionAt.set(id, { gi, ci })
	}

	for (const row of optionsSheet.rows) {
		const r = reader(optionsSheet, row)
		const id = r.text('criterion', true)
		const at = id === undefined ? undefined : criterionAt.get(id)
		if (!at) {
			problems.push({ cell: r.where('criterion'), code: 'catalogBook.unknownCriterion', params: { criterion: id ?? '' } })
			continue
		}
		const answer = groups[at.gi].criteria[at.ci].answer as { type?: unknown; options?: Array<unknown> }
		if (!answer.options) {
			problems.push({ cell: r.where('criterion'), code: 'catalogBook.optionsNotChoice', params: { criterion: id ?? '' } })
			continue
		}
		const path = ['groups', at.gi, 'criteria', at.ci, 'answer', 'options', answer.options.length]
		r.place(path, { value: 'value', points: 'points', not_applicable: 'not_applicable', operating: 'operating' }, 'value')
		answer.options.push(
			compact({
				value: r.text('value', true),
				label: r.localized('label', path),
				points: r.number('points'),
				not_applicable: r.bool('not_applicable'),
				operating: r.bool('operating'),
			}),
		)
	}
	file.groups = groups

	file.levels = levelsSheet.rows.map((row, li) => {
		const r = reader(levelsSheet, row)
		const path = ['levels', li]
		r.place(path, { id: 'id', rank: 'rank', provenance: 'provenance' }, 'id')
		r.place(
			[...path, 'rule'],
			{
				criteria: 'criteria',
				groups: 'groups',
				group_tiers: 'group_tiers',
				catalogs: 'catalogs',
				systems: 'systems',
				scope: 'scope',
				threshold: 'threshold',
			},
			'criteria',
		)
		const pairs = <K extends string>(key: string, a: K, b: K) =>
			r.ids(key)?.map((p) => {
				const i = p.indexOf(':')
				return i < 0 ? { [a]: p } : { [a]: p.slice(0, i).trim(), [b]: p.slice(i + 1).trim() }
			})
		const rule = compact({
			criteria: r.ids('criteria'),
			groups: r.ids('groups'),
			group_tiers: pairs('group_tiers', 'group', 'tier'),
			catalogs: pairs('catalogs', 'code', 'level'),
			systems: r.text('systems', true),
			scope: r.text('scope', true),
			threshold: threshold(r.number('threshold')),
		})
		return compact({
			id: r.text('id', true),
			rank: r.number('rank'),
			title: r.localized('title', path),
			description: r.localized('description', path),
			provenance: r.text('provenance', true),
			rule: Object.keys(rule).length ? rule : undefined,
		})
	})
	return { file, problems, locate }
}

const APPLIES_KEYS = { facility_types: 'facility_types', facility_classes: 'facility_classes', managing_bodies: 'managing_bodies' }

function blank(c: SheetCell) {
	return c === null || (typeof c === 'string' && c.trim() === '')
}

function threshold(v: number | string | undefined) {
	if (v === undefined) return undefined
	if (typeof v === 'string' && v.toLowerCase() === 'all') return 'all'
	return typeof v === 'number' ? { min_percent: v } : v
}

function seeAlsoList(cell: string) {
	return cell
		.split('\n')
		.map((line) => line.trim())
		.filter(Boolean)
		.map((line) => {
			const i = line.indexOf('|')
			return i < 0 ? { document: line, clause: '' } : { document: line.slice(0, i).trim(), clause: line.slice(i + 1).trim() }
		})
}

function compact<T extends Record<string, unknown>>(o: T): T {
	const out: Record<string, unknown> = {}
	for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v
	return out as T
}

export type CatalogBookResult =
	| { ok: true; catalog: Catalog; locate: CatalogBookRead['locate'] }
	| {
			ok: false
			problems: ReadonlyArray<CatalogBookProblem>
			locate: CatalogBookRead['locate']
			/** What could be read of the file (its code and version, for the checks against the database). */
			file: Record<string, unknown> | null
	  }

/**
 * The catalog a workbook describes, through the same validation as `catalog:validate`; every
 * problem at its cell (the validator's message, in English, as `catalogBook.invalid`).
 */
export function catalogFromWorkbook(sheets: ReadonlyArray<Sheet>): CatalogBookResult {
	const read = readCatalogWorkbook(sheets)
	if (!read.file) return { ok: false, problems: read.problems, locate: read.locate, file: null }
	const result = validateCatalog(read.file)
	const problems = [
		...read.problems,
		...(result.ok
			? []
			: result.problems.map((p) => ({
					cell: read.locate(p.path),
					code: 'catalogBook.invalid',
					params: { message: p.message, path: p.path.join('.') },
				}))),
	]
	if (!result.ok || problems.length > 0) return { ok: false, problems, locate: read.locate, file: read.file }
	return { ok: true, catalog: result.catalog, locate: read.locate }
}

// ---------------------------------------------------------------------------------------------
// Rewriting a draft's cells

/**
 * The sheets with one criterion's lineage set (relation and predecessors), and the header's
 * `based_on` filled in when it is empty, as an analyst would type them. Unknown criteria are left alone.
 */
export function withLineage(
	sheets: ReadonlyArray<Sheet>,
	changes: ReadonlyArray<{ id: string; relation: string; from: ReadonlyArray<string> }>,
	basedOn: number,
): Array<Sheet> {
	const byId = new Map(changes.map((c) => [c.id, c]))
	return sheets.map((sheet) => {
		if (sameName(sheet.name, CATALOG_SHEETS.header)) {
			const [fieldAt, , valueAt] = columnsAt(sheet, HEADER_COLUMNS)
			if (fieldAt < 0 || valueAt < 0) return sheet
			return {
				...sheet,
				rows: sheet.rows.map((row) =>
					row.cells[fieldAt] === 'based_on' && blank(row.cells[valueAt] ?? null)
						? { ...row, cells: setCell(row.cells, valueAt, basedOn) }
						: row,
				),
			}
		}
		if (!sameName(sheet.name, CATALOG_SHEETS.criteria)) return sheet
		const [idAt, relationAt, fromAt] = columnsAt(
			sheet,
			['id', 'lineage_relation', 'lineage_from'].map((key) => COLUMNS.criteria.find((c) => c.key === key)!),
		)
		if (idAt < 0 || relationAt < 0 || fromAt < 0) return sheet
		return {
			...sheet,
			rows: sheet.rows.map((row) => {
				const id = row.cells[idAt]
				const change = row.number > 1 && typeof id === 'string' ? byId.get(id.trim()) : undefined
				if (!change) return row
				return { ...row, cells: setCell(setCell(row.cells, relationAt, change.relation), fromAt, change.from.join(', ')) }
			}),
		}
	})
}

function setCell(cells: ReadonlyArray<SheetCell>, at: number, value: SheetCell): Array<SheetCell> {
	const out = [...cells]
	while (out.length <= at) out.push(null)
	out[at] = value
	return out
}
