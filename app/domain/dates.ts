// Calendar dates in Vietnam (Asia/Ho_Chi_Minh, UTC+7 all year, no daylight saving).
const VN_OFFSET_MS = 7 * 3_600_000

/** The instant a Vietnamese calendar day (yyyy-mm-dd) starts, or ends (last millisecond) when endOfDay. */
export function vnDayInstant(isoDate: string, endOfDay = false): Date {
	const [y, m, d] = isoDate.split('-').map(Number)
	const start = Date.UTC(y, m - 1, d) - VN_OFFSET_MS
	return new Date(endOfDay ? start + 86_400_000 - 1 : start)
}

/** The Vietnamese calendar date (yyyy-mm-dd) of an instant. */
export function vnIsoDate(instant: Date | number): string {
	return new Date(new Date(instant).getTime() + VN_OFFSET_MS).toISOString().slice(0, 10)
}

/** A calendar date (yyyy-mm-dd) as it is written in both languages here: dd/mm/yyyy. */
export function dmyDate(isoDate: string): string {
	return isoDate.split('-').reverse().join('/')
}
