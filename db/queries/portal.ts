// Public data: only results that are published now. Nothing here may read drafts or unpublished rows.
import { and, desc, eq, inArray, isNotNull, isNull, like, sql } from 'drizzle-orm'
import { type Answer } from '../../app/domain/catalog/answers'
import { type Verdict } from '../../app/domain/enums'
import { type VerifiedLevel } from '../../app/domain/portal'
import { verifiedAnswer } from '../../app/domain/verification'
import { type Db } from '../client.server'
import {
	answers,
	assessments,
	campaigns,
	catalogs,
	criteria,
	facilities,
	provinces,
	publications,
	reports,
	reviewVerdicts,
} from '../schema/index'

/** A cheap fingerprint of everything public: it changes whenever a result is published or withdrawn. */
export function portalVersion(db: Db): string {
	// Publications are never deleted (a withdrawal stamps its row), and their ids are never reused: the
	// newest id and the newest withdrawal change exactly when the published set does. Both are index
	// lookups (the rowid, publications_withdrawn_idx), so every portal request can afford to ask.
	// One aggregate per query: SQLite answers a lone max() from the index, two together by a scan.
	const last = db
		.select({ v: sql<number>`coalesce(max(${publications.id}), 0)` })
		.from(publications)
		.get()!.v
	const withdrawn = db
		.select({ v: sql<number>`coalesce(max(${publications.withdrawnAt}), 0)` })
		.from(publications)
		.get()!.v
	return `${last}-${withdrawn}`
}

/** Campaigns with at least one published result, newest first. */
export function portalCampaigns(db: Db) {
	return db
		.selectDistinct({ id: campaigns.id, title: campaigns.title, year: campaigns.year, dueAt: campaigns.dueAt })
		.from(campaigns)
		.innerJoin(assessments, eq(assessments.campaignId, campaigns.id))
		.where(eq(assessments.status, 'published'))
		.orderBy(desc(campaigns.dueAt), desc(campaigns.id))
		.all()
}

export type PortalCampaign = ReturnType<typeof portalCampaigns>[number]

/** The catalogs' titles by code, for the headings of the distributions. */
export function catalogTitles(db: Db): Map<string, { vi: string; en: string }> {
	return new Map(
		db
			.select({ code: catalogs.code, vi: catalogs.titleVi, en: catalogs.titleEn })
			.from(catalogs)
			.all()
			.map((c) => [c.code, { vi: c.vi, en: c.en }]),
	)
}

export type PublishedRow = Awaited<ReturnType<typeof publishedResults>>[number]

/** Published results of a campaign (optionally one province), with facility attributes and verified levels. */
export function publishedResults(db: Db, filter: { campaignId?: number; provinceCode?: string; facilityId?: number }) {
	const rows = db
		.select({
			assessmentId: assessments.id,
			round: assessments.round,
			campaignId: campaigns.id,
			campaignTitle: campaigns.title,
			year: campaigns.year,
			facilityId: facilities.id,
			code: facilities.code,
			name: facilities.name,
			provinceCode: facilities.provinceCode,
			provinceName: provinces.nameVi,
			provinceNameEn: provinces.nameEn,
			provinceSlug: provinces.slug,
			type: facilities.type,
			class: facilities.class,
			managingBody: facilities.managingBody,
			bedCount: facilities.bedCount,
			verifiedScore: assessments.verifiedScore,
			publishedAt: publications.publishedAt,
		})
		.from(assessments)
		.innerJoin(publications, and(eq(publications.assessmentId, assessments.id), isNull(publications.withdrawnAt)))
		.innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
		.innerJoin(facilities, eq(facilities.id, assessments.facilityId))
		.innerJoin(provinces, eq(provinces.code, facilities.provinceCode))
		.where(
			and(
				eq(assessments.status, 'published'),
				filter.campaignId ? eq(assessments.campaignId, filter.campaignId) : undefined,
				filter.provinceCode ? eq(facilities.provinceCode, filter.provinceCode) : undefined,
				filter.facilityId ? eq(facilities.id, filter.facilityId) : undefined,
			),
		)
		.orderBy(facilities.provinceCode, facilities.code, desc(campaigns.dueAt))
		.all()
	return rows.map(({ verifiedScore, ...r }) => ({ ...r, levels: (verifiedScore ?? []) as Array<VerifiedLevel> }))
}

/** Verified inventory answers (the survey behind the statistics) of published assessments. */
export function verifiedInventory(db: Db, rows: ReadonlyArray<{ assessmentId: number; round: number }>): Map<number, Map<string, Answer>> {
	const out = new Map<number, Map<string, Answer>>()
	const ids = rows.map((r) => r.assessmentId)
	for (let i = 0; i < ids.length; i += 500) {
		const slice = ids.slice(i, i + 500)
		const found = db
			.select({
				assessmentId: answers.assessmentId,
				key: criteria.key,
				value: answers.value,
				verdict: reviewVerdicts.verdict,
				verdictValue: reviewVerdicts.value,
			})
			.from(answers)
			.innerJoin(criteria, eq(criteria.id, answers.criterionId))
			.innerJoin(assessments, eq(assessments.id, answers.assessmentId))
			.leftJoin(
				reviewVerdicts,
				and(
					eq(reviewVerdicts.assessmentId, answers.assessmentId),
					eq(reviewVerdicts.criterionId, answers.criterionId),
					eq(reviewVerdicts.round, assessments.round),
				),
			)
			.where(and(inArray(answers.assessmentId, slice), like(criteria.key, 'INV.%')))
			.all()
		for (const f of found) {
			const v = verifiedAnswer(
				f.value as Answer,
				f.verdict ? { verdict: f.verdict as Verdict, value: (f.verdictValue as Answer | null) ?? null } : undefined,
			)
			if (!v) continue
			let m = out.get(f.assessmentId)
			if (!m) out.set(f.assessmentId, (m = new Map()))
			m.set(f.key, v)
		}
	}
	return out
}

/** Publications of a facility that were withdrawn, with the reason (the portal says so). */
export function withdrawnPublications(db: Db, facilityId: number) {
	return db
		.select({
			campaignTitle: campaigns.title,
			withdrawnAt: publications.withdrawnAt,
			reason: publications.withdrawReason,
			assessmentStatus: assessments.status,
		})
		.from(publications)
		.innerJoin(assessments, eq(assessments.id, publications.assessmentId))
		.innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
		.where(and(eq(assessments.facilityId, facilityId), isNotNull(publications.withdrawnAt)))
		.orderBy(desc(publications.withdrawnAt))
		.all()
		.filter((p) => p.assessmentStatus !== 'published')
}

/** The signed report of an assessment, for the link to its public verification. */
export function signedReportId(db: Db, assessmentId: number): string | null {
	return (
		db
			.select({ id: reports.id })
			.from(reports)
			.where(and(eq(reports.assessmentId, assessmentId), eq(reports.kind, 'signed')))
			.orderBy(desc(reports.createdAt))
			.get()?.id ?? null
	)
}

export function facilityByCode(db: Db, code: string) {
	return db
		.select({
			id: facilities.id,
			code: facilities.code,
			name: facilities.name,
			provinceName: provinces.nameVi,
			provinceNameEn: provinces.nameEn,
			provinceSlug: provinces.slug,
			type: facilities.type,
			class: facilities.class,
			managingBody: facilities.managingBody,
			bedCount: facilities.bedCount,
		})
		.from(facilities)
		.innerJoin(provinces, eq(provinces.code, facilities.provinceCode))
		.where(eq(facilities.code, code))
		.get()
}

/**
 * The facilities of a round's scope (those it opened an assessment for), published or not, with the
 * attributes the statistics break down by: the `registered` population (docs/STATISTICS.md §2).
 */
export function roundPopulation(db: Db, campaignId: number, provinceCode?: string) {
	return db
		.select({
			facilityId: facilities.id,
			provinceCode: facilities.provinceCode,
			type: facilities.type,
			class: facilities.class,
			managingBody: facilities.managingBody,
			bedCount: facilities.bedCount,
		})
		.from(assessments)
		.innerJoin(facilities, eq(facilities.id, assessments.facilityId))
		.where(and(eq(assessments.campaignId, campaignId), provinceCode ? eq(facilities.provinceCode, provinceCode) : undefined))
		.all()
}
