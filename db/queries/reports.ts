// Signed reports: the stored record of each issued PDF, the approval it certifies, the public
// record the verification page shows, and what the batch command still has to issue.
import { and, desc, eq, inArray, type SQL } from 'drizzle-orm'
import { type VerifiedLevel } from '../../app/domain/portal'
import { isReportable } from '../../app/domain/report'
import { type Db } from '../client.server'
import { assessments, auditEvents, campaigns, catalogs, facilities, provinces, reports, users } from '../schema/index'

export type ReportRow = typeof reports.$inferSelect

/** The signed report of an assessment, or null (there is at most one: ADR 008). Accepts a transaction. */
export function signedReportOf(db: Pick<Db, 'select'>, assessmentId: number): ReportRow | null {
	return (
		db
			.select()
			.from(reports)
			.where(and(eq(reports.assessmentId, assessmentId), eq(reports.kind, 'signed')))
			.orderBy(desc(reports.createdAt))
			.get() ?? null
	)
}

/** A signed report by its public ID, or null. */
export function signedReportById(db: Db, reportId: string): ReportRow | null {
	return (
		db
			.select()
			.from(reports)
			.where(and(eq(reports.id, reportId), eq(reports.kind, 'signed')))
			.get() ?? null
	)
}

/** Who approved an assessment last, and when (the approval the report certifies); null before any approval. */
export function approvalOf(db: Db, assessmentId: number): { at: Date; name: string; title: string } | null {
	return (
		db
			.select({ at: auditEvents.at, name: users.name, title: users.jobTitle })
			.from(auditEvents)
			.innerJoin(users, eq(users.id, auditEvents.actorId))
			.where(
				and(
					eq(auditEvents.entityType, 'assessment'),
					eq(auditEvents.entityId, String(assessmentId)),
					eq(auditEvents.action, 'review.approve'),
				),
			)
			.orderBy(desc(auditEvents.id))
			.limit(1)
			.get() ?? null
	)
}

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
	/** The verified level per catalog, as frozen at approval and printed in the signed report. */
	levels: Array<{
		code: string
		catalog: { vi: string; en: string } | null
		level: { vi: string; en: string } | null
		percent: number | null
		provisional: boolean
	}>
}

function publicReport(db: Db, where: SQL): PublicReport | null {
	const row =
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
				verifiedScore: assessments.verifiedScore,
			})
			.from(reports)
			.innerJoin(assessments, eq(assessments.id, reports.assessmentId))
			.innerJoin(facilities, eq(facilities.id, assessments.facilityId))
			.innerJoin(provinces, eq(provinces.code, facilities.provinceCode))
			.innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
			.where(and(where, eq(reports.kind, 'signed')))
			.get() ?? null
	if (!row) return null
	const { verifiedScore, ...record } = row
	const scores = (verifiedScore ?? []) as Array<VerifiedLevel>
	const titles = new Map(
		scores.length > 0
			? db
					.select({ code: catalogs.code, vi: catalogs.titleVi, en: catalogs.titleEn })
					.from(catalogs)
					.where(
						inArray(
							catalogs.code,
							scores.map((s) => s.code),
						),
					)
					.all()
					.map((c) => [c.code, { vi: c.vi, en: c.en }])
			: [],
	)
	return {
		...record,
		levels: scores.map((s) => ({
			code: s.code,
			catalog: titles.get(s.code) ?? null,
			level: s.achievedLevel ? { vi: s.achievedLevel.title.vi, en: s.achievedLevel.title.en } : null,
			percent: s.percent,
			provisional: s.provisional,
		})),
	}
}

/** The public record of a signed report by its ID. */
export function publicReportById(db: Db, reportId: string): PublicReport | null {
	return publicReport(db, eq(reports.id, reportId))
}

/** The public record of the signed report with these exact bytes (by SHA-256, lower-case hex). */
export function publicReportBySha256(db: Db, sha256: string): PublicReport | null {
	return publicReport(db, eq(reports.sha256, sha256))
}

/** Approved (or published) assessments of a campaign that have no signed report yet, for the batch command. */
export function assessmentsWithoutReport(db: Db, campaignId: number): Array<number> {
	const rows = db
		.select({ id: assessments.id, status: assessments.status, report: reports.id })
		.from(assessments)
		.leftJoin(reports, and(eq(reports.assessmentId, assessments.id), eq(reports.kind, 'signed')))
		.where(eq(assessments.campaignId, campaignId))
		.orderBy(assessments.id)
		.all()
	return rows.filter((r) => isReportable(r.status) && !r.report).map((r) => r.id)
}

/** Where every issued report's bytes are kept and their SHA-256 (the storage migration checks each file against it). */
export function storedReportHashes(db: Db): Map<string, string> {
	return new Map(
		db
			.select({ storagePath: reports.storagePath, sha256: reports.sha256 })
			.from(reports)
			.all()
			.map((r) => [r.storagePath, r.sha256]),
	)
}

/** The signature (CMS) a report was issued with, for the verification page to describe; null for reports issued before it was kept. */
export function reportSignatureCms(db: Db, reportId: string): Buffer | null {
	return db.select({ cms: reports.signatureCms }).from(reports).where(eq(reports.id, reportId)).get()?.cms ?? null
}
