import { asc } from 'drizzle-orm'
import { type Db, schema } from '#db/client.server'
import { type FacilityFilters } from '#db/queries/facilities'
import { FACILITY_TYPES, type FacilityType, MANAGING_BODIES } from '~/domain/enums'
import { can, type Grant } from '~/domain/permissions'
import { type FacilityFormOptions } from '~/domain/registry'

/** The provinces and managing bodies the actor may put a facility under (a province admin: its own, never MOH). */
export function facilityFormOptions(db: Db, grants: ReadonlyArray<Grant>): FacilityFormOptions {
	const all = db
		.select({ code: schema.provinces.code, nameVi: schema.provinces.nameVi, nameEn: schema.provinces.nameEn })
		.from(schema.provinces)
		.orderBy(asc(schema.provinces.code))
		.all()
	const national = can(grants, 'facility:manage', { kind: 'global' })
	return {
		provinces: national ? all : all.filter((p) => can(grants, 'facility:manage', { kind: 'province', provinceCode: p.code })),
		managingBodies: national ? [...MANAGING_BODIES] : MANAGING_BODIES.filter((m) => m !== 'moh'),
	}
}

const STATUSES = ['all', 'active', 'inactive'] as const

/** The registry list's filters from the query string; anything unexpected is simply not applied. */
export function facilityFilters(url: URL): FacilityFilters {
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100)
	const province = url.searchParams.get('province') ?? ''
	const type = url.searchParams.get('type') ?? ''
	const status = url.searchParams.get('status') ?? ''
	return {
		q: q || undefined,
		province: /^\d{2}$/.test(province) ? province : undefined,
		type: (FACILITY_TYPES as ReadonlyArray<string>).includes(type) ? (type as FacilityType) : undefined,
		status: (STATUSES as ReadonlyArray<string>).includes(status) ? (status as FacilityFilters['status']) : 'all',
	}
}
