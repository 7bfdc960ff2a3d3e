// A round's reporting, province by province: how many facilities submitted, how many on time,
// and where each submission stands. Counted from grouped rows, so the query stays one GROUP BY
// over the national data and the arithmetic is here, tested.
import { type AssessmentStatus } from './enums'

/** One group of assessments of a province with the same status, lateness and submission state. */
export type ReportingCount = {
	provinceCode: string
	status: AssessmentStatus
	/** The assessment was submitted at least once. */
	submitted: boolean
	/** Its (first) submission came after the due date. */
	late: boolean
	n: number
}

export const REPORTING_STAGES = ['not_submitted', 'submitted', 'in_review', 'returned', 'approved', 'published'] as const
export type ReportingStage = (typeof REPORTING_STAGES)[number]

export type ProvinceReporting = {
	provinceCode: string
	total: number
	stages: Record<ReportingStage, number>
	/** Submitted at least once. */
	reported: number
	/** Of those, submitted by the due date. */
	onTime: number
	late: number
	/** Not submitted and past the due date. */
	overdue: number
	/** reported / total, and onTime / reported, as fractions; null when the denominator is 0. */
	reportingRate: number | null
	onTimeRate: number | null
}

/** Where an assessment stands, from the facility's point of view of reporting. */
export function stageOf(status: AssessmentStatus, submitted: boolean): ReportingStage {
	switch (status) {
		case 'draft':
			return 'not_submitted'
		case 'submitted':
			return 'submitted'
		case 'in_review':
		case 'provincially_verified':
			return 'in_review'
		case 'returned':
			return 'returned'
		case 'reopened':
			return submitted ? 'returned' : 'not_submitted'
		case 'approved':
			return 'approved'
		case 'published':
			return 'published'
	}
}

function empty(provinceCode: string): ProvinceReporting {
	return {
		provinceCode,
		total: 0,
		stages: { not_submitted: 0, submitted: 0, in_review: 0, returned: 0, approved: 0, published: 0 },
		reported: 0,
		onTime: 0,
		late: 0,
		overdue: 0,
		reportingRate: null,
		onTimeRate: null,
	}
}

/**
 * Per-province reporting and the national total (first). `pastDue`: the round's due date has
 * passed, so every facility that has not submitted is overdue.
 */
export function summariseReporting(
	counts: ReadonlyArray<ReportingCount>,
	pastDue: boolean,
): { total: ProvinceReporting; provinces: Array<ProvinceReporting> } {
	const byProvince = new Map<string, ProvinceReporting>()
	const total = empty('')
	for (const c of counts) {
		let p = byProvince.get(c.provinceCode)
		if (!p) byProvince.set(c.provinceCode, (p = empty(c.provinceCode)))
		for (const r of [p, total]) {
			r.total += c.n
			r.stages[stageOf(c.status, c.submitted)] += c.n
			if (c.submitted) {
				r.reported += c.n
				if (c.late) r.late += c.n
				else r.onTime += c.n
			} else if (pastDue) {
				r.overdue += c.n
			}
		}
	}
	const provinces = [...byProvince.values()].sort((a, b) => a.provinceCode.localeCompare(b.provinceCode))
	for (const r of [total, ...provinces]) {
		r.reportingRate = r.total ? r.reported / r.total : null
		r.onTimeRate = r.reported ? r.onTime / r.reported : null
	}
	return { total, provinces }
}
