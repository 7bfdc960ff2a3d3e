// Which catalog version a round may use: the version in force on the round's opening day
// (docs/CATALOG-FORMAT.md §2, "effective dates"). A version is in force from its effective_from
// until its repealed_from, or until a later version of the same catalog takes effect. Rounds keep
// the versions they were opened with; this only decides what a new round may choose. Pure.

export type VersionDates = {
	code: string
	version: number
	/** yyyy-mm-dd */
	effectiveFrom: string
	repealedFrom: string | null
}

/**
 * The first day the version is no longer in force for new rounds (null: open-ended), and what ends
 * it: its own repeal, or the later version that replaces it (the earliest to take effect after it).
 */
export function versionEnd(
	v: VersionDates,
	all: ReadonlyArray<VersionDates>,
): { until: string; by: 'repealed' | { version: number } } | null {
	let end: { until: string; by: 'repealed' | { version: number } } | null = v.repealedFrom
		? { until: v.repealedFrom, by: 'repealed' }
		: null
	for (const w of all) {
		if (w.code !== v.code || w.version <= v.version) continue
		// A later version in force from the same day (or earlier) replaces this one entirely.
		const from = w.effectiveFrom < v.effectiveFrom ? v.effectiveFrom : w.effectiveFrom
		if (!end || from < end.until) end = { until: from, by: { version: w.version } }
	}
	return end
}

export type VersionRefusal =
	| { code: 'campaign.catalogNotYetInForce'; params: { catalog: string; from: string; opens: string } }
	| { code: 'campaign.catalogRepealed'; params: { catalog: string; until: string; opens: string } }
	| { code: 'campaign.catalogSuperseded'; params: { catalog: string; until: string; opens: string; newer: number } }

/** Why a round opening on `opensOn` may not use this version, or null when it may. */
export function versionRefusal(v: VersionDates, all: ReadonlyArray<VersionDates>, opensOn: string): VersionRefusal | null {
	const catalog = `${v.code} v${v.version}`
	const opens = dmy(opensOn)
	if (opensOn < v.effectiveFrom) return { code: 'campaign.catalogNotYetInForce', params: { catalog, from: dmy(v.effectiveFrom), opens } }
	const end = versionEnd(v, all)
	if (end && opensOn >= end.until) {
		return end.by === 'repealed'
			? { code: 'campaign.catalogRepealed', params: { catalog, until: dmy(end.until), opens } }
			: { code: 'campaign.catalogSuperseded', params: { catalog, until: dmy(end.until), opens, newer: end.by.version } }
	}
	return null
}

/** The version of each catalog in force on `day` (catalogs with none are left out), by code. */
export function versionsInForce<V extends VersionDates>(all: ReadonlyArray<V>, day: string): Map<string, V> {
	const out = new Map<string, V>()
	for (const v of all) if (versionRefusal(v, all, day) === null) out.set(v.code, v)
	return out
}

function dmy(iso: string) {
	const [y, m, d] = iso.split('-')
	return `${d}/${m}/${y}`
}
