// The query-string filters of a province page and of /api/v1/facilities: their vocabulary and the
// 400 message naming a bad one. Apart from portal.ts so that pages showing portal data do not carry
// zod to the browser.
import { z } from 'zod'
import { FACILITY_CLASSES, FACILITY_TYPES, MANAGING_BODIES } from './enums'

/** An absent or empty parameter means "any". */
const anyWhenEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional())

/**
 * The filters of a province page and of /api/v1/facilities. A value that names nothing is refused
 * with a message naming the filter ("Invalid filter: type"); the caller answers 400 with it.
 */
export const provinceFiltersSchema = z.object({
	type: anyWhenEmpty(z.enum(FACILITY_TYPES, { error: 'Invalid filter: type' })),
	class: anyWhenEmpty(z.enum(FACILITY_CLASSES, { error: 'Invalid filter: class' })),
	managingBody: anyWhenEmpty(z.enum(MANAGING_BODIES, { error: 'Invalid filter: managingBody' })),
	level: anyWhenEmpty(z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, { error: 'Invalid filter: level' })),
})
export type ProvinceFilters = z.output<typeof provinceFiltersSchema>

/** The named parameters of a query string as an object for a schema: absent ones undefined, a repeated one its first value. */
export function queryObject(params: URLSearchParams, keys: ReadonlyArray<string>): Record<string, string | undefined> {
	return Object.fromEntries(keys.map((k) => [k, params.get(k) ?? undefined]))
}

/** The province filters of a query string (see provinceFiltersSchema). */
export function parseProvinceFilters(params: URLSearchParams) {
	return provinceFiltersSchema.safeParse(queryObject(params, Object.keys(provinceFiltersSchema.shape)))
}

/** The first problem of a failed parse, as its message (a 400's text). */
export function firstProblem(error: z.ZodError | undefined): string {
	return error?.issues[0]?.message ?? 'Invalid query'
}
