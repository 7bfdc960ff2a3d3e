// Page models of a round: its page (reporting for those who follow it, the lifecycle for national
// admins) and the analysts' workbook, read here and written by spreadsheets/analyst-workbook.
import { type Db } from '#db/client.server'
import { evidenceCounts, getAnswers } from '#db/queries/assessments'
import { campaignFormChoices, countFacilitiesInScope, getCampaign, lastReminder, reportingCounts } from '#db/queries/campaigns'
import { getCampaignCatalogs } from '#db/queries/catalogs'
import { exportAssessments, latestVerdicts, levelCounts } from '#db/queries/exports'
import { listProvinces } from '#db/queries/provinces'
import { type AnalystWorkbookInput, writeAnalystWorkbook } from '#spreadsheets/analyst-workbook'
import { type ExcelJS } from '#spreadsheets/write'
import { type CampaignScope } from '~/domain/campaign'
import { type Answer } from '~/domain/catalog/answers'
import { vnIsoDate } from '~/domain/dates'
import { type Locale } from '~/domain/enums'
import { can, type Grant } from '~/domain/permissions'
import { summariseReporting } from '~/domain/reporting'
import { makeTranslate } from '~/i18n/translate'
import { nationalModel, provinceModel } from './portal.server'

/**
 * Rows in the Vietnamese order of their provinces' names (Đà Nẵng before Điện Biên, Hà Nội among the
 * H provinces), keeping the order they came in within a province; a row without a province stays last.
 */
function inProvinceOrder<T>(db: Db, rows: ReadonlyArray<T>, provinceOf: (row: T) => string | null): Array<T> {
	const rank = new Map(listProvinces(db).map((p, i) => [p.code, i]))
	const at = (row: T) => rank.get(provinceOf(row) ?? '') ?? rank.size
	return [...rows].sort((a, b) => at(a) - at(b))
}

/** A round's reporting in the grants' reach, its provinces in Vietnamese order. */
function reportingOf(db: Db, campaignId: number, grants: ReadonlyArray<Grant>, pastDue: boolean) {
	const reporting = summariseReporting(reportingCounts(db, campaignId, grants), pastDue)
	return { ...reporting, provinces: inProvinceOrder(db, reporting.provinces, (p) => p.provinceCode) }
}

/** A round's page for the user, or null when there is no such round (or it is a draft and the user does not run rounds). */
export function campaignPage(db: Db, campaignId: number, grants: ReadonlyArray<Grant>, now = new Date()) {
	const found = getCampaign(db, campaignId)
	if (!found) return null
	const manage = can(grants, 'campaign:manage', { kind: 'global' })
	const { campaign } = found
	// A round being prepared is the business of those who prepare it (docs/SECURITY.md, finding 10).
	if (campaign.status === 'draft' && !manage) return null
	return {
		campaign,
		catalogs: found.catalogs,
		manage,
		/** How many assessments opening the round would create (shown before it opens). */
		inScope: manage && campaign.status === 'draft' ? countFacilitiesInScope(db, campaign.scope as CampaignScope) : 0,
		reporting: reportingOf(db, campaign.id, grants, now.getTime() > campaign.dueAt.getTime()),
		reminder: lastReminder(db, campaign.id),
		today: vnIsoDate(now),
		provinces: Object.fromEntries(listProvinces(db).map((p) => [p.code, { vi: p.nameVi, en: p.nameEn }])),
	}
}

/** A round's settings as the edit form shows them, with the form's choices; null when there is no such round. */
export function campaignEditPage(db: Db, campaignId: number) {
	const found = getCampaign(db, campaignId)
	if (!found) return null
	const c = found.campaign
	const scope = c.scope as CampaignScope
	return {
		id: c.id,
		title: c.title,
		status: c.status,
		defaultValue: {
			title: c.title,
			year: String(c.year),
			catalogVersionIds: found.catalogs.map((x) => String(x.id)),
			provinces: scope.provinces,
			types: scope.types,
			classes: scope.classes,
			managingBodies: scope.managingBodies,
			opensOn: vnIsoDate(c.opensAt),
			dueOn: vnIsoDate(c.dueAt),
			acceptsLate: c.acceptsLate,
			secondStage: c.secondStage,
			directorSignature: c.directorSignature,
		},
		...campaignFormChoices(db),
	}
}

/**
 * What the analysts' workbook of a round is made of, for the facilities the grants reach: the
 * summary's figures, the list of assessments, and a reader of one assessment's data at a time.
 */
export function analystWorkbookInput(
	db: Db,
	input: {
		campaign: { id: number; title: string; opensAt: Date; dueAt: Date }
		grants: ReadonlyArray<Grant>
		locale: Locale
		scopeLabel: string
	},
	now = new Date(),
): AnalystWorkbookInput {
	const { campaign, grants } = input
	return {
		locale: input.locale,
		campaign,
		catalogs: getCampaignCatalogs(db, campaign.id),
		scopeLabel: input.scopeLabel,
		now,
		reporting: reportingOf(db, campaign.id, grants, now > campaign.dueAt),
		statistics: roundStatistics(campaign.id, grants),
		levels: levelCounts(db, campaign.id, grants),
		assessments: inProvinceOrder(db, exportAssessments(db, campaign.id, grants), (a) => a.facility.provinceCode),
		dataOf: (assessmentId) => ({
			answers: new Map<string, Answer>([...getAnswers(db, assessmentId)].map(([key, stored]) => [key, stored.answer])),
			verdicts: latestVerdicts(db, assessmentId),
			evidence: evidenceCounts(db, assessmentId),
		}),
	}
}

/**
 * The round's indicators over its published results, the portal's own figures (docs/STATISTICS.md):
 * nationally and per province for a national reader, per province of their grants for a province's;
 * empty while nothing of the round is published.
 */
function roundStatistics(campaignId: number, grants: ReadonlyArray<Grant>): AnalystWorkbookInput['statistics'] {
	const national = nationalModel(campaignId).value
	if (!national.published) return []
	const provinces = new Map(national.provinces.map((p) => [p.code, p]))
	const province = (code: string) => {
		const p = provinces.get(code)
		return p ? [{ scope: { vi: p.nameVi, en: p.nameEn }, figures: provinceModel(code, campaignId, {}).value.statistics }] : []
	}
	if (can(grants, 'campaign:monitor', { kind: 'global' }))
		return [
			{ scope: null, figures: national.statistics },
			...national.provinces.filter((p) => p.registered > 0).flatMap((p) => province(p.code)),
		]
	const mine = [...new Set(grants.flatMap((g) => (g.scopeKind === 'province' && g.provinceCode ? [g.provinceCode] : [])))]
	return mine.flatMap(province)
}

/**
 * The analysts' workbook of an opened round, as a file name and a writer for a streamed workbook
 * (app/utils/download.server streams it); null when there is no such round or it is not open yet.
 */
export function campaignExport(
	db: Db,
	campaignId: number,
	user: { grants: ReadonlyArray<Grant & { provinceName: string | null }> },
	locale: Locale,
	now = new Date(),
) {
	const found = getCampaign(db, campaignId)
	if (!found || found.campaign.status === 'draft') return null
	const t = makeTranslate(locale)
	const scopeLabel = can(user.grants, 'campaign:monitor', { kind: 'global' })
		? t('scope.national')
		: user.grants
				.filter((g) => g.scopeKind === 'province')
				.map((g) => g.provinceName)
				.join(', ')
	const input = analystWorkbookInput(db, { campaign: found.campaign, grants: user.grants, locale, scopeLabel }, now)
	return {
		fileName: `${locale === 'en' ? 'answers' : 'du-lieu-danh-gia'}-${found.campaign.id}-${vnIsoDate(now)}.xlsx`,
		write: async (wb: ExcelJS.stream.xlsx.WorkbookWriter) => {
			await writeAnalystWorkbook(wb, input)
		},
	}
}
