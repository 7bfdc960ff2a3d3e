// The facility registry: the form's rules and the import planner. Both the form and every row of
// an imported file go through `checkFacility`, so a value refused on screen is refused in a file.
import { z } from 'zod'
import {
	type RegistryColumn,
	FACILITY_CLASSES,
	FACILITY_TYPES,
	type FacilityClass,
	type FacilityType,
	MANAGING_BODIES,
	type ManagingBody,
	OWNERSHIPS,
	type Ownership,
} from './enums'
import { nameField, optionalNameField } from './name-fields'
import { can, type Grant } from './permissions'
import { cleanName } from './safe-text'
import { type CellProblem, cellText, columnLetter, matchKey, type Sheet, type SheetCell } from './sheet'

/** MOH facility codes are digits (province code + serial); other registries use letters too. */
export const FACILITY_CODE_PATTERN = /^[A-Z0-9][A-Z0-9._-]{1,19}$/
export const FACILITY_NAME_MAX = 200
export const FACILITY_ADDRESS_MAX = 300
export const FACILITY_BEDS_MAX = 20_000
/** Above the national registry (about 15,000 facilities) with room to spare; a larger file is refused whole. */
export const MAX_REGISTRY_ROWS = 20_000

export type FacilityRecord = {
	code: string
	name: string
	provinceCode: string
	type: FacilityType
	class: FacilityClass
	managingBody: ManagingBody
	ownership: Ownership
	bedCount: number
	address: string | null
	active: boolean
}

/** A private facility is privately owned and managed; a public one answers to a ministry or a province. */
function ownershipMatches(managingBody: ManagingBody, ownership: Ownership) {
	return (managingBody === 'private') === (ownership === 'private')
}

/** The create and edit form, checked in the browser and again on the server. */
export const FacilitySchema = z
	.object({
		code: z
			.string({ error: 'form.required' })
			.trim()
			.transform((s) => s.toUpperCase())
			.pipe(z.string().regex(FACILITY_CODE_PATTERN, 'registry.badCode')),
		name: nameField(3, FACILITY_NAME_MAX),
		provinceCode: z.string({ error: 'form.required' }).regex(/^\d{2}$/, 'registry.unknownProvince'),
		type: z.enum(FACILITY_TYPES, { error: 'form.required' }),
		class: z.enum(FACILITY_CLASSES, { error: 'form.required' }),
		managingBody: z.enum(MANAGING_BODIES, { error: 'form.required' }),
		ownership: z.enum(OWNERSHIPS, { error: 'form.required' }),
		bedCount: z
			.number({ error: 'form.required' })
			.int('form.integer')
			.min(0, 'form.min|{"min":0}')
			.max(FACILITY_BEDS_MAX, `form.max|{"max":${FACILITY_BEDS_MAX}}`),
		address: optionalNameField(FACILITY_ADDRESS_MAX),
		/** The edit page's `updatedAt` when it was loaded: a save based on an older one is refused. */
		basedOn: z.number().int().min(0).optional(),
		/** Ticked after the form warned of a likely duplicate: "this is a different facility, save it". */
		confirmDuplicate: z.boolean().optional(),
	})
	.refine((f) => ownershipMatches(f.managingBody, f.ownership), { path: ['ownership'], message: 'registry.ownershipMismatch' })

export type FacilityInput = z.infer<typeof FacilitySchema>

/** What the facility form offers the actor: the provinces and managing bodies within its reach. */
export type FacilityFormOptions = {
	provinces: Array<{ code: string; nameVi: string; nameEn: string }>
	managingBodies: Array<ManagingBody>
}

/** Whether the actor's grants reach a facility at this place (a province admin: its own, non-MOH). */
export function mayManageFacility(
	grants: ReadonlyArray<Grant>,
	f: { provinceCode: string; managingBody: ManagingBody },
	facilityId = 0,
): boolean {
	return can(grants, 'facility:manage', { kind: 'facility', facilityId, provinceCode: f.provinceCode, managingBody: f.managingBody })
}

/** The provinces and managing bodies the actor may put a facility under (a province admin: its own, never MOH). */
export function facilityFormOptions(
	grants: ReadonlyArray<Grant>,
	provinces: ReadonlyArray<FacilityFormOptions['provinces'][number]>,
): FacilityFormOptions {
	const national = can(grants, 'facility:manage', { kind: 'global' })
	return {
		provinces: national
			? [...provinces]
			: provinces.filter((p) => can(grants, 'facility:manage', { kind: 'province', provinceCode: p.code })),
		managingBodies: national ? [...MANAGING_BODIES] : MANAGING_BODIES.filter((m) => m !== 'moh'),
	}
}

export const FACILITY_STATUS_FILTERS = ['all', 'active', 'inactive'] as const

/**
 * The registry list's filters, from the query string (also the export's): a value that is not
 * one of the expected ones is simply not applied.
 */
export const FacilityFiltersSchema = z.object({
	q: z
		.string()
		.transform((q) => q.trim().slice(0, 100) || undefined)
		.optional()
		.catch(undefined),
	province: z
		.string()
		.regex(/^\d{2}$/)
		.optional()
		.catch(undefined),
	type: z.enum(FACILITY_TYPES).optional().catch(undefined),
	/** Default: every facility, active or not. */
	status: z.enum(FACILITY_STATUS_FILTERS).default('all').catch('all'),
	page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
})

export type FacilityFilters = Omit<z.infer<typeof FacilityFiltersSchema>, 'page' | 'status'> & {
	status?: (typeof FACILITY_STATUS_FILTERS)[number]
}

export function toRecord(input: FacilityInput, active: boolean): FacilityRecord {
	return {
		code: input.code,
		// Cleaned again here: the services take this input from callers other than the form too.
		name: cleanName(input.name),
		provinceCode: input.provinceCode,
		type: input.type,
		class: input.class,
		managingBody: input.managingBody,
		ownership: input.ownership,
		bedCount: input.bedCount,
		address: input.address ? cleanName(input.address) || null : null,
		active,
	}
}

// ---------------------------------------------------------------------------------------------
// Likely duplicates: the same facility entered twice under two codes, or a code typed with spaces.

/** Short forms used in facility names, spelled out before names are compared (after `matchKey`). */
const NAME_ABBREVIATIONS: ReadonlyArray<readonly [RegExp, string]> = [
	[/\bbvdk\b/g, 'benh vien da khoa'],
	[/\bbvđk\b/g, 'benh vien da khoa'],
	[/\bbv\b/g, 'benh vien'],
	[/\bttyt\b/g, 'trung tam y te'],
	[/\bdk\b/g, 'da khoa'],
	[/\btw\b/g, 'trung uong'],
	[/\btp\b/g, 'thanh pho'],
]

/**
 * A facility name as compared for duplicates: cleaned (NFC), accents, đ and case folded, punctuation
 * as spaces, spaces collapsed, and the usual short forms spelled out, so "BV Đa khoa  Hà Đông",
 * "Bệnh viện đa khoa Hà Đông" and "benh vien da khoa ha dong" are one key.
 */
export function facilityNameKey(name: string): string {
	let key = ` ${matchKey(cleanName(name)).replace(/[^\p{L}\p{N}]+/gu, ' ')} `
	for (const [short, full] of NAME_ABBREVIATIONS) key = key.replace(short, full)
	return key.replace(/\s+/g, ' ').trim()
}

/** A facility code as compared for duplicates: without spaces anywhere, upper case. */
export function facilityCodeKey(code: string): string {
	return code.replace(/\s+/g, '').toUpperCase()
}

/** A facility another may duplicate: a registered one (with its id) or a row of a file (with its row number). */
export type DuplicateCandidate = { id?: number; row?: number; code: string; name: string; provinceCode: string }
export type LikelyDuplicate = DuplicateCandidate & { reason: 'name' | 'code' }

/** The candidates by name key within a province and by code key, built once for many look-ups. */
export type DuplicateIndex = { byName: Map<string, Array<DuplicateCandidate>>; byCode: Map<string, Array<DuplicateCandidate>> }

export function duplicateIndex(candidates: Iterable<DuplicateCandidate>): DuplicateIndex {
	const index: DuplicateIndex = { byName: new Map(), byCode: new Map() }
	const add = (map: Map<string, Array<DuplicateCandidate>>, key: string, c: DuplicateCandidate) => {
		const list = map.get(key)
		if (list) list.push(c)
		else map.set(key, [c])
	}
	for (const c of candidates) {
		add(index.byName, `${c.provinceCode}|${facilityNameKey(c.name)}`, c)
		add(index.byCode, facilityCodeKey(c.code), c)
	}
	return index
}

/**
 * The candidates a facility likely duplicates: the same name key in the same province, or the same
 * code key. `self` says which candidates are the facility itself (the one being edited, the row
 * being checked, the registered facility a row updates) and are never its duplicates.
 */
export function likelyDuplicates(
	f: { code: string; name: string; provinceCode: string },
	index: DuplicateIndex,
	self: (c: DuplicateCandidate) => boolean = () => false,
): Array<LikelyDuplicate> {
	const found = new Map<DuplicateCandidate, LikelyDuplicate>()
	for (const c of index.byCode.get(facilityCodeKey(f.code)) ?? []) if (!self(c)) found.set(c, { ...c, reason: 'code' })
	for (const c of index.byName.get(`${f.provinceCode}|${facilityNameKey(f.name)}`) ?? [])
		if (!self(c) && !found.has(c)) found.set(c, { ...c, reason: 'name' })
	return [...found.values()]
}

// ---------------------------------------------------------------------------------------------
// Import

const REQUIRED_COLUMNS: ReadonlyArray<RegistryColumn> = ['code', 'name', 'province', 'type', 'class', 'managing_body']

/** Every spelling accepted for headers and values (both languages, codes, common short forms), by `matchKey`. */
export type RegistryVocabulary = {
	headers: ReadonlyMap<string, RegistryColumn>
	provinces: ReadonlyMap<string, string>
	types: ReadonlyMap<string, FacilityType>
	classes: ReadonlyMap<string, FacilityClass>
	managingBodies: ReadonlyMap<string, ManagingBody>
	ownerships: ReadonlyMap<string, Ownership>
	booleans: ReadonlyMap<string, 'true' | 'false'>
}

export type FieldChange = { field: keyof FacilityRecord; from: string | number | boolean | null; to: string | number | boolean | null }

export type PlannedRow = {
	row: number
	code: string
	name: string
	action: 'create' | 'update' | 'unchanged' | 'invalid'
	changes: Array<FieldChange>
	problems: Array<CellProblem>
	record: FacilityRecord | null
	/** Registered facilities (with `id`) and other rows of the file (with `row`) this row likely duplicates; a warning, never blocking. */
	duplicates?: Array<LikelyDuplicate>
}

export type RegistryPlan = {
	/** Problems of the whole file (no header, a required column missing): nothing can be imported. */
	fileProblems: Array<CellProblem>
	/** Worth knowing, never blocking (a column the importer does not read). */
	notices: Array<CellProblem>
	rows: Array<PlannedRow>
	counts: { create: number; update: number; unchanged: number; invalid: number }
}

export type ExistingFacility = FacilityRecord & { id: number }

/**
 * Plans an import: one row per facility, keyed by code. A code already in the registry updates
 * that facility; a column left out of the file leaves that field as it is; an empty optional cell
 * clears it. The import is all or nothing: it may be applied only when no row is invalid.
 * `mayManage` is the actor's scope (a province admin reaches its own province's non-MOH facilities).
 */
export function planRegistryImport(
	sheet: Sheet,
	vocab: RegistryVocabulary,
	existing: ReadonlyMap<string, ExistingFacility>,
	mayManage: (f: { provinceCode: string; managingBody: ManagingBody }) => boolean,
): RegistryPlan {
	const plan: RegistryPlan = { fileProblems: [], notices: [], rows: [], counts: { create: 0, update: 0, unchanged: 0, invalid: 0 } }
	const headerIndex = sheet.rows.findIndex((r) => !isBlankRow(r.cells))
	if (headerIndex < 0) {
		plan.fileProblems.push({ sheet: sheet.name, row: 1, code: 'sheet.empty' })
		return plan
	}
	const header = sheet.rows[headerIndex]
	const columnOf = new Map<RegistryColumn, number>()
	header.cells.forEach((cell, i) => {
		const t = cellText(cell)
		const text = t.ok ? t.text : ''
		if (!text) return
		const column = vocab.headers.get(matchKey(text))
		if (!column) {
			plan.notices.push({
				sheet: sheet.name,
				row: header.number,
				column: columnLetter(i),
				code: 'registry.unknownColumn',
				params: { name: text },
			})
		} else if (columnOf.has(column)) {
			plan.fileProblems.push({
				sheet: sheet.name,
				row: header.number,
				column: columnLetter(i),
				code: 'registry.duplicateColumn',
				params: { name: text },
			})
		} else {
			columnOf.set(column, i)
		}
	})
	for (const required of REQUIRED_COLUMNS) {
		if (!columnOf.has(required))
			plan.fileProblems.push({ sheet: sheet.name, row: header.number, code: 'registry.missingColumn', params: { column: required } })
	}
	if (plan.fileProblems.length) return plan

	// Excel turns a code typed as 01001 into the number 1001 when it opens a CSV; such a code must not
	// become a second facility beside 01001.
	const unpadded = new Map<string, string>()
	for (const code of existing.keys()) if (/^0+\d+$/.test(code)) unpadded.set(code.replace(/^0+/, ''), code)
	const firstRowOfCode = new Map<string, number>()
	for (const row of sheet.rows.slice(headerIndex + 1)) {
		if (isBlankRow(row.cells)) continue
		const planned = planRow(sheet.name, row.number, row.cells, columnOf, vocab, existing, mayManage)
		const padded = planned.code && !existing.has(planned.code) ? unpadded.get(planned.code) : undefined
		if (padded)
			planned.problems.push({
				sheet: sheet.name,
				row: row.number,
				column: columnLetter(columnOf.get('code')!),
				code: 'registry.leadingZeros',
				params: { code: planned.code, existing: padded },
			})
		if (planned.code) {
			const first = firstRowOfCode.get(planned.code)
			if (first !== undefined) {
				planned.problems.push({
					sheet: sheet.name,
					row: row.number,
					column: columnLetter(columnOf.get('code')!),
					code: 'registry.duplicateCode',
					params: { code: planned.code, row: first },
				})
			} else {
				firstRowOfCode.set(planned.code, row.number)
			}
		}
		if (planned.problems.length) {
			planned.action = 'invalid'
			planned.record = null
			planned.changes = []
		}
		plan.counts[planned.action]++
		plan.rows.push(planned)
	}
	markLikelyDuplicates(plan.rows, existing)
	if (plan.rows.length === 0) plan.fileProblems.push({ sheet: sheet.name, row: header.number, code: 'registry.noRows' })
	if (plan.rows.length > MAX_REGISTRY_ROWS) {
		plan.fileProblems.push({ sheet: sheet.name, row: header.number, code: 'sheet.tooManyRows', params: { max: MAX_REGISTRY_ROWS } })
	}
	return plan
}

/**
 * Marks each row to create or update that likely duplicates a registered facility other than the
 * one it updates, or another row of the file (the same name in the same province: two codes for
 * one hospital). Codes repeated in the file are already refused as `registry.duplicateCode`.
 */
function markLikelyDuplicates(rows: Array<PlannedRow>, existing: ReadonlyMap<string, ExistingFacility>) {
	const valid = rows.filter((r) => r.record && (r.action === 'create' || r.action === 'update'))
	if (!valid.length) return
	const registered = duplicateIndex(
		[...existing.values()].map((f) => ({ id: f.id, code: f.code, name: f.name, provinceCode: f.provinceCode })),
	)
	const inFile = duplicateIndex(
		valid.map((r) => ({ row: r.row, code: r.code, name: r.record!.name, provinceCode: r.record!.provinceCode })),
	)
	for (const r of valid) {
		const record = r.record!
		// Against the registry, the code is the row's own facility (an update) or a new one: only names count.
		const found = [
			...likelyDuplicates(record, registered, (c) => facilityCodeKey(c.code) === facilityCodeKey(record.code)),
			...likelyDuplicates(record, inFile, (c) => c.row === r.row),
		].filter((d) => d.reason === 'name')
		if (found.length) r.duplicates = found
	}
}

/** Whether the plan may be applied: no problem of the file, no invalid row, something to change. */
export function planIsApplicable(plan: RegistryPlan) {
	return plan.fileProblems.length === 0 && plan.counts.invalid === 0 && plan.counts.create + plan.counts.update > 0
}

function planRow(
	sheetName: string,
	rowNumber: number,
	cells: ReadonlyArray<SheetCell>,
	columnOf: ReadonlyMap<RegistryColumn, number>,
	vocab: RegistryVocabulary,
	existing: ReadonlyMap<string, ExistingFacility>,
	mayManage: (f: { provinceCode: string; managingBody: ManagingBody }) => boolean,
): PlannedRow {
	const problems: Array<CellProblem> = []
	const problem = (column: RegistryColumn, code: string, params?: Record<string, string | number>) => {
		const i = columnOf.get(column)
		problems.push({ sheet: sheetName, row: rowNumber, ...(i === undefined ? {} : { column: columnLetter(i) }), code, params })
	}
	/**
	 * The cell's text; null when the column is not in the file, undefined when the cell holds a
	 * formula or an error (reported here, so the field's own checks stay silent).
	 */
	const text = (column: RegistryColumn): string | null | undefined => {
		const i = columnOf.get(column)
		if (i === undefined) return null
		const t = cellText(cells[i])
		if (!t.ok) {
			problem(column, t.code, t.params)
			return undefined
		}
		return t.text
	}
	const rawCode = text('code')
	const code = (rawCode ?? '').toUpperCase()
	if (rawCode !== undefined) {
		if (!code) problem('code', 'form.required')
		else if (!FACILITY_CODE_PATTERN.test(code)) problem('code', 'registry.badCode', { value: code.slice(0, 40) })
	}
	const before = code ? existing.get(code) : undefined

	const rawName = text('name')
	const name = rawName ? cleanName(rawName) : ''
	if (rawName !== undefined) {
		if (!name) problem('name', 'form.required')
		else if (name.length < 3) problem('name', 'form.tooShort', { min: 3 })
		else if (name.length > FACILITY_NAME_MAX) problem('name', 'form.tooLong', { max: FACILITY_NAME_MAX })
	}

	/** A value from a closed list; empty is a problem, an unknown spelling too. */
	const requiredLookup = <T extends string>(column: RegistryColumn, map: ReadonlyMap<string, T>, code: string): T | null => {
		const value = text(column)
		if (value === null || value === undefined) return null
		if (value === '') {
			problem(column, 'form.required')
			return null
		}
		const found = map.get(matchKey(value)) ?? null
		if (!found) problem(column, code, { value: value.slice(0, 80) })
		return found
	}
	const provinceCode = requiredLookup('province', vocab.provinces, 'registry.unknownProvince')
	const type = requiredLookup('type', vocab.types, 'registry.unknownType')
	const cls = requiredLookup('class', vocab.classes, 'registry.unknownClass')
	const managingBody = requiredLookup('managing_body', vocab.managingBodies, 'registry.unknownManagingBody')

	// Ownership follows from the managing body unless the file says otherwise.
	const derived = managingBody
		? before && before.managingBody === managingBody
			? before.ownership
			: managingBody === 'private'
				? 'private'
				: 'public'
		: null
	const ownershipText = text('ownership')
	let ownership: Ownership | null = derived
	if (ownershipText) {
		ownership = vocab.ownerships.get(matchKey(ownershipText)) ?? null
		if (!ownership) problem('ownership', 'registry.unknownOwnership', { value: ownershipText.slice(0, 80) })
	}
	if (managingBody && ownership && !ownershipMatches(managingBody, ownership)) problem('ownership', 'registry.ownershipMismatch')

	let bedCount: number | null = before?.bedCount ?? 0
	const beds = text('beds')
	if (beds === undefined) bedCount = null
	else if (beds !== null) {
		if (beds === '') bedCount = 0
		else if (!/^\d{1,6}$/.test(beds) || Number(beds) > FACILITY_BEDS_MAX) {
			problem('beds', 'registry.badBeds', { value: beds.slice(0, 20), max: FACILITY_BEDS_MAX })
			bedCount = null
		} else bedCount = Number(beds)
	}

	let address: string | null = before?.address ?? null
	const rawAddress = text('address')
	const addressText = rawAddress ? cleanName(rawAddress) : rawAddress
	if (addressText !== null && addressText !== undefined) {
		if (addressText.length > FACILITY_ADDRESS_MAX) problem('address', 'form.tooLong', { max: FACILITY_ADDRESS_MAX })
		address = addressText === '' ? null : addressText
	}

	let active = before?.active ?? true
	const activeText = text('active')
	if (activeText) {
		const b = vocab.booleans.get(matchKey(activeText))
		if (!b) problem('active', 'registry.badActive', { value: activeText.slice(0, 20) })
		else active = b === 'true'
	}

	if (provinceCode && managingBody && !mayManage({ provinceCode, managingBody })) problem('province', 'registry.outOfScope')
	if (before && !mayManage(before)) problem('code', 'registry.existingOutOfScope', { code })

	const planned: PlannedRow = { row: rowNumber, code, name, action: 'invalid', changes: [], problems, record: null }
	if (problems.length || !provinceCode || !type || !cls || !managingBody || !ownership || bedCount === null) return planned
	const record: FacilityRecord = { code, name, provinceCode, type, class: cls, managingBody, ownership, bedCount, address, active }
	planned.record = record
	if (!before) {
		planned.action = 'create'
		return planned
	}
	planned.changes = diffRecords(before, record)
	planned.action = planned.changes.length ? 'update' : 'unchanged'
	return planned
}

function isBlankRow(cells: ReadonlyArray<SheetCell>) {
	return cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))
}

const COMPARED: ReadonlyArray<keyof FacilityRecord> = [
	'name',
	'provinceCode',
	'type',
	'class',
	'managingBody',
	'ownership',
	'bedCount',
	'address',
	'active',
]

export function diffRecords(before: FacilityRecord, after: FacilityRecord): Array<FieldChange> {
	return COMPARED.filter((f) => before[f] !== after[f]).map((field) => ({ field, from: before[field], to: after[field] }))
}
