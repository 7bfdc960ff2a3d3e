// Page models of the facility registry: the form's choices, the list, the export file and the
// preview of an uploaded registry file (planned here, written only by applyRegistryImport).
import { type Db } from '#db/client.server'
import { existingFacilitiesByCode, exportFacilities, FACILITY_PAGE_SIZE, getFacility, listFacilities } from '#db/queries/facilities'
import { listProvinces, provinceOptions } from '#db/queries/provinces'
import { registryCsvTable, registryVocabulary, writeRegistryWorkbook } from '#spreadsheets/registry-workbook'
import { type ExcelJS } from '#spreadsheets/write'
import { vnIsoDate } from '~/domain/dates'
import { type Locale } from '~/domain/enums'
import { type Grant, hasPermissionAnywhere } from '~/domain/permissions'
import {
	type FacilityFilters,
	FacilityFiltersSchema,
	facilityFormOptions,
	type FacilityFormOptions,
	mayManageFacility,
	planIsApplicable,
	planRegistryImport,
} from '~/domain/registry'
import { type Sheet } from '~/domain/sheet'

/** The provinces and managing bodies the actor may put a facility under. */
export function facilityFormChoices(db: Db, grants: ReadonlyArray<Grant>): FacilityFormOptions {
	return facilityFormOptions(grants, provinceOptions(db))
}

/** One page of the registry in the user's reach, with what the filter form offers. */
/** The registry list for the filters of its query string (FacilityFiltersSchema: anything unexpected is not applied). */
export function facilityListPage(db: Db, grants: ReadonlyArray<Grant>, query: URLSearchParams) {
	const filters = FacilityFiltersSchema.parse(Object.fromEntries(query))
	const { total, rows } = listFacilities(db, grants, filters)
	return {
		total,
		rows,
		page: filters.page,
		pages: Math.max(1, Math.ceil(total / FACILITY_PAGE_SIZE)),
		canManage: hasPermissionAnywhere(grants, 'facility:manage'),
		provinces: provinceOptions(db),
		filters: { q: filters.q ?? '', province: filters.province ?? '', type: filters.type ?? '', status: filters.status },
	}
}

/** A facility's page; null when there is no such facility. */
export function facilityPage(db: Db, facilityId: number, grants: ReadonlyArray<Grant>) {
	const row = getFacility(db, facilityId)
	if (!row) return null
	return {
		facility: row.facility,
		provinceName: row.provinceName,
		provinceNameEn: row.provinceNameEn,
		canManage: mayManageFacility(grants, row.facility, facilityId),
	}
}

/** The edit form of a facility; null when there is no such facility. */
export function facilityEditPage(db: Db, facilityId: number, grants: ReadonlyArray<Grant>) {
	const row = getFacility(db, facilityId)
	if (!row) return null
	return {
		facility: row.facility,
		basedOn: (row.facility.updatedAt ?? row.facility.createdAt).getTime(),
		options: facilityFormChoices(db, grants),
	}
}

/**
 * The registry in the user's reach (or a blank template) as a download: the cells of a CSV file,
 * or a writer for a streamed workbook (app/utils/download.server sends either).
 */
export function registryExport(
	db: Db,
	grants: ReadonlyArray<Grant>,
	request: { format: 'xlsx' | 'csv'; template: boolean; filters: FacilityFilters; locale: Locale },
	now = new Date(),
) {
	const { locale, template } = request
	const file = { rows: template ? [] : exportFacilities(db, grants, request.filters), provinces: listProvinces(db), locale }
	const base = template
		? locale === 'en'
			? 'facility-import-template'
			: 'mau-nhap-co-so-y-te'
		: `${locale === 'en' ? 'facilities' : 'co-so-y-te'}-${vnIsoDate(now)}`
	if (request.format === 'csv') return { format: 'csv' as const, fileName: `${base}.csv`, ...registryCsvTable(file) }
	return {
		format: 'xlsx' as const,
		fileName: `${base}.xlsx`,
		write: (wb: ExcelJS.stream.xlsx.WorkbookWriter) => writeRegistryWorkbook(wb, file),
	}
}

const SHOWN_PROBLEMS = 500
const SHOWN_ROWS = 200

/** The preview of an uploaded registry file: planned against the registry as it is now; nothing is written. */
export function registryImportPreview(
	db: Db,
	staged: { fileName: string; payload: { sheets: Array<Sheet> } },
	grants: ReadonlyArray<Grant>,
) {
	const provinces = listProvinces(db)
	const plan = planRegistryImport(staged.payload.sheets[0], registryVocabulary(provinces), existingFacilitiesByCode(db), (f) =>
		mayManageFacility(grants, f),
	)
	const problems = plan.rows.flatMap((r) => r.problems)
	const duplicates = plan.rows.filter((r) => r.duplicates)
	return {
		fileName: staged.fileName,
		counts: plan.counts,
		applicable: planIsApplicable(plan),
		fileProblems: plan.fileProblems,
		notices: plan.notices,
		problems: problems.slice(0, SHOWN_PROBLEMS),
		problemCount: problems.length,
		creates: plan.rows
			.filter((r) => r.action === 'create')
			.slice(0, SHOWN_ROWS)
			.map((r) => ({ row: r.row, code: r.code, name: r.name })),
		updates: plan.rows
			.filter((r) => r.action === 'update')
			.slice(0, SHOWN_ROWS)
			.map((r) => ({ row: r.row, code: r.code, name: r.name, changes: r.changes })),
		/** Rows that likely duplicate a registered facility or another row: shown, never blocking. */
		duplicates: duplicates.slice(0, SHOWN_ROWS).map((r) => ({ row: r.row, code: r.code, name: r.name, of: r.duplicates ?? [] })),
		duplicateCount: duplicates.length,
		provinces: Object.fromEntries(provinces.map((p) => [p.code, { vi: p.nameVi, en: p.nameEn }])),
	}
}
