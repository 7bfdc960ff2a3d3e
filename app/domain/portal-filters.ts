// The query-string filters of a province page and of /api/v1/facilities: their vocabulary and the
// 400 message naming a bad one. Apart from portal.ts so that pages showing portal data do not carry
// zod to the browser.
import { z } from 'zod'
import { FACILITY_CLASSES, FACILITY_TYPES, MANAGING_BODIES } from './enums'
import { BED_BANDS } from './portal'

/** An absent or empty parameter means "any". */
const anyWhenEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional())

/**
 * The filters of a province page and of /api/v1/facilities. A value that names nothing is refused
 * with a message naming the filter ("Invalid filter: type"); the caller answers 400 with it.
 */
const oneOf = <const T extends readonly [string, ...Array<string>]>(name: string, values: T) =>
	anyWhenEmpty(z.enum(values, { error: `Invalid filter: ${name} (one of ${values.join(', ')})` }))

/**
 * The breakdowns of the statistics (docs/STATISTICS.md §3): managing body, facility type, grade and
 * bed band, combinable. The national page, a province page and /api/v1/statistics take them.
 */
export const breakdownFiltersSchema = z.object({
	type: oneOf('type', FACILITY_TYPES),
	class: oneOf('class', FACILITY_CLASSES),
	managingBody: oneOf('managingBody', MANAGING_BODIES),
	beds: oneOf('beds', BED_BANDS),
})
export type BreakdownFilters = z.output<typeof breakdownFiltersSchema>

/** The breakdown filters of a query string. */
export function parseBreakdownFilters(params: URLSearchParams) {
	return breakdownFiltersSchema.safeParse(queryObject(params, Object.keys(breakdownFiltersSchema.shape)))
}

export const provinceFiltersSchema = z.object({
	...breakdownFiltersSchema.shape,
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
