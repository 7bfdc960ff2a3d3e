// Signed reports: the public record the verification page shows of each issued PDF.
import { and, eq, type SQL } from 'drizzle-orm'
import { type Db } from '../client.server'
import { assessments, campaigns, facilities, provinces, reports } from '../schema/index'

/** What the public verification page shows of an issued report: nothing about the assessment's content. */
export type PublicReport = {
	id: string
	facilityName: string
	provinceName: string
	campaignTitle: string
	createdAt: Date
	signerName: string | null
	signerIsDemo: boolean
	sha256: string
	size: number
}

function publicReport(db: Db, where: SQL): PublicReport | null {
	return (
		db
			.select({
				id: reports.id,
				facilityName: facilities.name,
				provinceName: provinces.nameVi,
				campaignTitle: campaigns.title,
				createdAt: reports.createdAt,
				signerName: reports.signerName,
				signerIsDemo: reports.signerIsDemo,
				sha256: reports.sha256,
				size: reports.size,
			})
			.from(reports)
			.innerJoin(assessments, eq(assessments.id, reports.assessmentId))
			.innerJoin(facilities, eq(facilities.id, assessments.facilityId))
			.innerJoin(provinces, eq(provinces.code, facilities.provinceCode))
			.innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
			.where(and(where, eq(reports.kind, 'signed')))
			.get() ?? null
	)
}

/** The public record of a signed report by its ID. */
export function publicReportById(db: Db, reportId: string): PublicReport | null {
	return publicReport(db, eq(reports.id, reportId))
}

/** The public record of the signed report with these exact bytes (by SHA-256, lower-case hex). */
export function publicReportBySha256(db: Db, sha256: string): PublicReport | null {
	return publicReport(db, eq(reports.sha256, sha256))
}
