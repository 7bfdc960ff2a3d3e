// The registry file: one format for export, the import template and the import itself, so an
// exported file can be edited and imported back. Headers and values are written in the reader's
// language; both languages (and the codes) are accepted on import. Data in, bytes out: the caller
// reads the facilities and the provinces.
import {
	FACILITY_CLASSES,
	FACILITY_TYPES,
	type Locale,
	LOCALES,
	MANAGING_BODIES,
	OWNERSHIPS,
	REGISTRY_COLUMNS,
	type RegistryColumn,
} from '~/domain/enums'
import { type RegistryVocabulary } from '~/domain/registry'
import { columnLetter, vocabulary } from '~/domain/sheet'
import { type MessageKey, makeTranslate, translate } from '~/i18n/translate'
import { type ExcelJS, frozenHeader, keepUp, listRange, styleHeader, validateRange } from './write'

const both = (key: MessageKey) => LOCALES.map((l) => translate(l, key))

/** Spellings people use for grades besides the labels: "1", "hạng 1", "đặc biệt". */
const CLASS_SYNONYMS: Record<(typeof FACILITY_CLASSES)[number], Array<string>> = {
	special: ['đặc biệt', 'dac biet', 'db'],
	I: ['1', 'hạng 1', 'grade 1'],
	II: ['2', 'hạng 2', 'grade 2'],
	III: ['3', 'hạng 3', 'grade 3'],
	IV: ['4', 'hạng 4', 'grade 4'],
	unclassified: ['không xếp hạng', 'none', '-'],
}

/** A province as the registry file names it. */
export type RegistryProvince = { code: string; nameVi: string; nameEn: string; slug: string }

function provinceSpellings(p: RegistryProvince) {
	const shortVi = p.nameVi.replace(/^(Thành phố|Tỉnh)\s+/, '')
	const shortEn = p.nameEn.replace(/\s+(City|Province)$/, '')
	return [
		p.code,
		String(Number(p.code)),
		p.nameVi,
		p.nameEn,
		shortVi,
		shortEn,
		p.slug,
		`TP ${shortVi}`,
		`TP. ${shortVi}`,
		`${p.code} - ${p.nameVi}`,
	]
}

/** Every spelling the import accepts, from the dictionary in both languages and the provinces. */
export function registryVocabulary(provinces: ReadonlyArray<RegistryProvince>): RegistryVocabulary {
	return {
		headers: vocabulary(REGISTRY_COLUMNS.map((c) => [c, [...both(`registry.col.${c}`), c.replace('_', ' ')]] as const)),
		provinces: vocabulary(provinces.map((p) => [p.code, provinceSpellings(p)] as const)),
		types: vocabulary(FACILITY_TYPES.map((v) => [v, both(`facilityType.${v}`)] as const)),
		classes: vocabulary(FACILITY_CLASSES.map((v) => [v, [...both(`facilityClass.${v}`), ...CLASS_SYNONYMS[v]]] as const)),
		managingBodies: vocabulary(MANAGING_BODIES.map((v) => [v, both(`managingBody.${v}`)] as const)),
		ownerships: vocabulary(OWNERSHIPS.map((v) => [v, both(`ownership.${v}`)] as const)),
		booleans: vocabulary([
			['true', [...both('facility.active'), 'có', 'yes', '1', 'x', 'active']],
			['false', [...both('facility.inactive'), 'không', 'no', '0', 'inactive']],
		] as const),
	}
}

export type RegistryExportRow = {
	code: string
	name: string
	provinceCode: string
	type: (typeof FACILITY_TYPES)[number]
	class: (typeof FACILITY_CLASSES)[number]
	managingBody: (typeof MANAGING_BODIES)[number]
	ownership: (typeof OWNERSHIPS)[number]
	bedCount: number
	address: string | null
	active: boolean
}

/** A facility as the cells of one row of the registry file, in the reader's language. */
function rowValues(
	r: RegistryExportRow,
	locale: Locale,
	provinceName: ReadonlyMap<string, string>,
): Record<RegistryColumn, string | number> {
	const t = makeTranslate(locale)
	return {
		code: r.code,
		name: r.name,
		province: provinceName.get(r.provinceCode) ?? r.provinceCode,
		type: t(`facilityType.${r.type}`),
		class: t(`facilityClass.${r.class}`),
		managing_body: t(`managingBody.${r.managingBody}`),
		ownership: t(`ownership.${r.ownership}`),
		beds: r.bedCount,
		address: r.address ?? '',
		active: t(r.active ? 'facility.active' : 'facility.inactive'),
	}
}

const WIDTHS: Record<RegistryColumn, number> = {
	code: 12,
	name: 44,
	province: 24,
	type: 28,
	class: 16,
	managing_body: 26,
	ownership: 16,
	beds: 10,
	address: 40,
	active: 18,
}

/** The facilities to write (none, for a blank template), the provinces (for the drop-down list), the reader's language. */
export type RegistryFile = { rows: ReadonlyArray<RegistryExportRow>; provinces: ReadonlyArray<RegistryProvince>; locale: Locale }

function provinceNames(provinces: ReadonlyArray<RegistryProvince>, locale: Locale) {
	return new Map(provinces.map((p) => [p.code, locale === 'en' ? p.nameEn : p.nameVi]))
}

/**
 * The registry as a workbook: the facilities (none, for a blank template) with drop-down lists
 * on every closed column, and a sheet explaining how to fill it in. Written into a streamed
 * workbook: the national registry is 15,000 rows.
 */
export async function writeRegistryWorkbook(wb: ExcelJS.stream.xlsx.WorkbookWriter, file: RegistryFile) {
	const { rows, provinces, locale } = file
	const t = makeTranslate(locale)
	const provinceName = provinceNames(provinces, locale)
	wb.creator = t('app.name')
	const ws = wb.addWorksheet(t('registry.sheetName'), { views: frozenHeader() })
	const help = wb.addWorksheet(t('registry.helpSheet'))
	const lists = wb.addWorksheet('_lists', { state: 'veryHidden' })
	ws.columns = REGISTRY_COLUMNS.map((c) => ({
		header: t(`registry.col.${c}`),
		key: c,
		width: WIDTHS[c],
		style: c === 'code' ? { numFmt: '@' } : undefined,
	}))
	styleHeader(ws, REGISTRY_COLUMNS.length)
	ws.getRow(1).commit()
	for (let i = 0; i < rows.length; i++) {
		ws.addRow(rowValues(rows[i], locale, provinceName)).commit()
		if (i % 1000 === 999) await keepUp(ws)
	}

	const ranges: Partial<Record<RegistryColumn, string>> = {
		province: listRange(
			lists,
			1,
			provinces.map((p) => provinceName.get(p.code)!),
		),
		type: listRange(
			lists,
			2,
			FACILITY_TYPES.map((v) => t(`facilityType.${v}`)),
		),
		class: listRange(
			lists,
			3,
			FACILITY_CLASSES.map((v) => t(`facilityClass.${v}`)),
		),
		managing_body: listRange(
			lists,
			4,
			MANAGING_BODIES.map((v) => t(`managingBody.${v}`)),
		),
		ownership: listRange(
			lists,
			5,
			OWNERSHIPS.map((v) => t(`ownership.${v}`)),
		),
		active: listRange(lists, 6, [t('facility.active'), t('facility.inactive')]),
	}
	// Validation on the rows in use and a margin for new ones; Excel applies it to the typed range only.
	const last = Math.max(rows.length + 500, 1000)
	const letter = (column: RegistryColumn) => columnLetter(REGISTRY_COLUMNS.indexOf(column))
	for (const [column, range] of Object.entries(ranges) as Array<[RegistryColumn, string]>) {
		validateRange(ws, `${letter(column)}2:${letter(column)}${last}`, {
			type: 'list',
			allowBlank: column === 'ownership' || column === 'active',
			formulae: [range],
			showErrorMessage: true,
			errorTitle: t(`registry.col.${column}`),
			error: t('registry.pickFromList'),
		})
	}
	validateRange(ws, `${letter('beds')}2:${letter('beds')}${last}`, {
		type: 'whole',
		operator: 'between',
		allowBlank: true,
		formulae: [0, 20000],
		showErrorMessage: true,
		error: t('registry.badBedsShort'),
	})
	ws.commit()

	help.columns = [{ width: 26 }, { width: 100 }]
	const title = help.addRow([t('registry.help.title')])
	title.font = { bold: true, size: 13 }
	title.commit()
	for (const key of ['registry.help.1', 'registry.help.2', 'registry.help.3', 'registry.help.4', 'registry.help.5'] as const)
		help.addRow(['', t(key)]).commit()
	help.addRow([]).commit()
	const columns = help.addRow([t('registry.help.columns')])
	columns.font = { bold: true }
	columns.commit()
	for (const c of REGISTRY_COLUMNS) {
		const row = help.addRow([t(`registry.col.${c}`), t(`registry.colHelp.${c}`)])
		row.getCell(2).alignment = { wrapText: true, vertical: 'top' }
		row.commit()
	}
	help.commit()
	lists.commit()
}

/** The registry as the cells of a CSV file (a header row, then one row per facility), in the reader's language. */
export function registryCsvTable(file: RegistryFile) {
	const t = makeTranslate(file.locale)
	const provinceName = provinceNames(file.provinces, file.locale)
	return {
		header: REGISTRY_COLUMNS.map((c) => t(`registry.col.${c}`)),
		rows: file.rows.map((r) => {
			const values = rowValues(r, file.locale, provinceName)
			return REGISTRY_COLUMNS.map((c) => values[c])
		}),
	}
}
