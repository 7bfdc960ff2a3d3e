// The review page: the self-assessment beside the verified result, per criterion and per catalog,
// with what the evaluator may do next and the signed report once there is one.
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { type AssessmentContext, getAnswers, getEvidence } from '#db/queries/assessments'
import { provinceOptions } from '#db/queries/provinces'
import { approvalOf, signedReportOf } from '#db/queries/reports'
import {
	claimantName,
	getComments,
	getSubmissions,
	getVerdicts,
	previousSubmission,
	type QueueFilters,
	queueCampaigns,
	reviewQueue,
	type StoredVerdict,
} from '#db/queries/review'
import { answerToFields } from '~/domain/answer-form'
import { blockerCriterionIds } from '~/domain/catalog/blockers'
import { applicabilityFor } from '~/domain/catalog/compile'
import { type CatalogScore, scoreAssessment } from '~/domain/catalog/scoring'
import { ASSESSMENT_STATUSES, FACILITY_TYPES } from '~/domain/enums'
import { groupBy } from '~/domain/group'
import { can, type Grant, provincesReached, type Target } from '~/domain/permissions'
import { buildReadiness } from '~/domain/readiness'
import { isReportable } from '~/domain/report'
import { attentionReasons, changedSince, isReviewOpen, parseReviewFilter } from '~/domain/review-attention'
import { verifiedAnswers } from '~/domain/verification'
import { actingGrant, allowedEvents } from '~/domain/workflow'
import { directorSignatureSummary } from './director-signature.server'
import { reviewFlagsFor } from './review-flags.server'

/** The review queue: submissions under the evaluator's authority, filtered, with the filters' choices. */
/** The queue's filters (the query string); a value that is not one of the choices is ignored. */
const FiltersSchema = z.object({
	campaign: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().catch(undefined),
	province: z
		.string()
		.regex(/^\d{2}$/)
		.optional()
		.catch(undefined),
	type: z.enum(FACILITY_TYPES).optional().catch(undefined),
	status: z.enum(ASSESSMENT_STATUSES).optional().catch(undefined),
	late: z.enum(['yes', 'no']).optional().catch(undefined),
})

/** The review queue with the filters of its query string, and the choices of each filter. */
export function loadReviewQueue(grants: ReadonlyArray<Grant>, query: URLSearchParams) {
	const db = getDb()
	const filters = FiltersSchema.parse(Object.fromEntries(query))
	const queueFilters: QueueFilters = {
		campaignId: filters.campaign,
		provinceCode: filters.province,
		facilityType: filters.type,
		status: filters.status,
		late: filters.late === undefined ? undefined : filters.late === 'yes',
	}
	const reach = provincesReached(grants, 'assessment:review')
	return {
		rows: reviewQueue(db, grants, queueFilters),
		campaigns: queueCampaigns(db),
		provinces: provinceOptions(db).filter((p) => reach === 'all' || reach.has(p.code)),
		filters: {
			campaign: filters.campaign ?? '',
			province: filters.province ?? '',
			type: filters.type ?? '',
			status: filters.status ?? '',
			late: filters.late ?? '',
		},
	}
}

/** Criteria per screen: a larger group is shown in parts (`&part=`). */
export const CRITERIA_PER_SCREEN = 8

/** The `?group=` of the readiness matrix's screen. */
const READINESS_SCREEN = 'readiness'

/** A group's key in the review page's query string (`?group=`): catalog code and group id. */
export const reviewGroupKey = (catalogCode: string, groupId: string) => `${catalogCode}:${groupId}`

/** What the score table shows of a catalog score: the level reached, the share met and the blockers' criteria. */
function scoreSummary(score: CatalogScore | null) {
	if (!score) return null
	return {
		hasLevels: score.levels.length > 0,
		achievedLevel: score.achievedLevel ? { id: score.achievedLevel.id, title: score.achievedLevel.title } : null,
		percent: score.percent,
		// The table lists the first twelve and says how many there are.
		blockerIds: [...new Set(score.blockers.flatMap(blockerCriterionIds))].slice(0, 12),
		blockerCount: new Set(score.blockers.flatMap(blockerCriterionIds)).size,
	}
}

/**
 * Everything one screen of the review shows: the decisions, the scores self beside verified, the
 * group navigation (every group with its counts of criteria needing attention and verdicts given)
 * and the criteria of one group, each with the previous round's verdict and whether the facility
 * changed it since. The query string chooses the group (`?group=`, or `?criterion=` for the group
 * holding that criterion, which the filter then keeps in view) and the filter (`?filter=attention`);
 * anything else shows the first group.
 */
export function loadReviewPage(
	ctx: AssessmentContext,
	user: { id: number; grants: ReadonlyArray<Grant> },
	target: Target,
	query: URLSearchParams = new URLSearchParams(),
) {
	const db = getDb()
	const round = ctx.assessment.round
	const self = getAnswers(db, ctx.assessment.id)
	const verdicts = getVerdicts(db, ctx.assessment.id, round)
	const verified = verifiedAnswers(self, verdicts)
	const selfAnswers = new Map([...self].map(([k, v]) => [k, v.answer]))
	const opts = { asOf: ctx.asOf }
	const profile = ctx.facilityProfile
	const compiled = ctx.catalogs.map((c) => c.compiled)
	const selfScores = scoreAssessment(compiled, selfAnswers, profile, opts)
	const verifiedScores = scoreAssessment(compiled, verified, profile, opts)
	const evidence = getEvidence(db, ctx.assessment.id)
	const comments = getComments(db, ctx.assessment.id)
	const report = signedReportOf(db, ctx.assessment.id)
	// The earlier round (returned or reopened, then resubmitted): its verdicts and what was submitted then.
	const previous = previousSubmission(db, ctx.assessment.id, round)
	const previousVerdicts = previous ? getVerdicts(db, ctx.assessment.id, previous.round) : new Map<string, StoredVerdict>()
	const evidenceByKey = groupBy(evidence, (e) => e.key)
	const evidenceCount = new Map([...evidenceByKey].map(([k, files]) => [k, files.length]))
	// Attention and its filter apply while the review is open; a settled review lists every criterion.
	const reviewOpen = isReviewOpen(ctx.assessment.status)
	const filter = reviewOpen ? parseReviewFilter(query.get('filter')) : 'all'

	const workflowContext = {
		secondStage: ctx.campaign.secondStage,
		managingBody: ctx.facility.managingBody,
		claimedBy: ctx.assessment.claimedBy,
		pastDue: Date.now() > ctx.campaign.dueAt.getTime(),
		acceptsLate: ctx.campaign.acceptsLate,
	}
	const events = new Set<string>()
	for (const role of ['evaluator', 'admin'] as const) {
		const g = actingGrant(user.grants, role)
		if (g)
			for (const e of allowedEvents(ctx.assessment.status, { userId: user.id, role, scopeKind: g.scopeKind }, workflowContext))
				events.add(e)
	}

	// Every applicable criterion of every group, with its attention reasons; rendered only for the group shown.
	const groups = ctx.catalogs.flatMap((c) => {
		const applies = applicabilityFor(c.compiled, profile, ctx.asOf)
		return c.compiled.groups
			.map((g) => ({
				key: reviewGroupKey(c.code, g.group.id),
				catalogCode: c.code,
				catalogTitle: c.catalog.title,
				id: g.group.id,
				title: g.group.title,
				criteria: c.compiled.criteria
					.slice(g.first, g.end)
					.filter((_, i) => applies[g.first + i] === 1)
					.map((cc) => {
						const id = cc.criterion.id
						const files = evidenceByKey.get(id) ?? []
						const before = previous?.snapshot.answers[id]
						const changed = previous
							? changedSince(
									{ answer: before?.answer ?? null, note: before?.note ?? null, evidence: previous.snapshot.evidence?.[id] ?? 0 },
									{
										answer: self.get(id)?.answer ?? null,
										note: self.get(id)?.note ?? null,
										evidence: files.length,
										uploadedAfter: files.some((f) => f.uploadedAt > previous.submittedAt),
									},
								)
							: null
						const prior = previousVerdicts.get(id) ?? null
						return {
							cc,
							files,
							changed,
							prior,
							attention: attentionReasons({
								status: ctx.assessment.status,
								hasVerdict: verdicts.has(id),
								hasPreviousRound: previous !== null,
								previousVerdict: prior?.verdict ?? null,
								changed: changed === true,
							}),
						}
					}),
			}))
			.filter((g) => g.criteria.length > 0)
	})
	const nav = groups.map((g) => ({
		key: g.key,
		catalogCode: g.catalogCode,
		catalogTitle: g.catalogTitle,
		id: g.id,
		title: g.title,
		total: g.criteria.length,
		attention: g.criteria.filter((c) => c.attention.length > 0).length,
		verdicts: g.criteria.filter((c) => verdicts.has(c.cc.criterion.id)).length,
	}))
	const asked = query.get('criterion')
	const showReadiness = !asked && query.get('group') === READINESS_SCREEN
	const index = Math.max(
		0,
		asked
			? groups.findIndex((g) => g.criteria.some((c) => c.cc.criterion.id === asked))
			: groups.findIndex((g) => g.key === query.get('group')),
	)
	const current = showReadiness ? undefined : groups[index]
	// The criteria of the group shown; the one linked to (or just decided) stays in view under the filter.
	const listed = (current?.criteria ?? []).filter((c) => filter === 'all' || c.attention.length > 0 || c.cc.criterion.id === asked)
	// A large group is shown in parts, so that no screen outgrows the budget (docs/PERFORMANCE.md).
	const partsOf = (count: number) => Math.max(1, Math.ceil(count / CRITERIA_PER_SCREEN))
	const parts = partsOf(listed.length)
	const wanted = asked
		? Math.floor(
				Math.max(
					0,
					listed.findIndex((c) => c.cc.criterion.id === asked),
				) / CRITERIA_PER_SCREEN,
			) + 1
		: Number(query.get('part'))
	const part = Number.isInteger(wanted) ? Math.min(parts, Math.max(1, wanted)) : 1
	const shown = listed.slice((part - 1) * CRITERIA_PER_SCREEN, part * CRITERIA_PER_SCREEN)
	// Where to look first, by criterion id (docs/ROUNDS.md); flags change no score. Only the screen's
	// criteria carry theirs, so the page stays within its budget.
	const flags = current
		? reviewFlagsFor(db, ctx, {
				answers: selfAnswers,
				scores: selfScores.ok ? selfScores.scores : null,
				evidence: evidenceCount,
				earlierVerdicts: previousVerdicts,
				criteria: shown.map((c) => c.cc.criterion.id),
			})
		: {}
	// Under the filter, previous and next skip the groups with nothing needing attention.
	const step = (from: number, by: 1 | -1) => {
		for (let i = from + by; i >= 0 && i < nav.length; i += by)
			if (filter === 'all' || nav[i].attention > 0)
				return { key: nav[i].key, part: by === 1 ? 1 : partsOf(filter === 'all' ? nav[i].total : nav[i].attention) }
		return null
	}
	const prev = showReadiness ? null : part > 1 ? { key: current!.key, part: part - 1 } : step(index, -1)
	const next = showReadiness
		? nav[0]
			? { key: nav[0].key, part: 1 }
			: null
		: part < parts
			? { key: current!.key, part: part + 1 }
			: step(index, 1)

	return {
		assessment: {
			id: ctx.assessment.id,
			status: ctx.assessment.status,
			round,
			late: ctx.assessment.late,
			claimedBy: ctx.assessment.claimedBy,
			claimedByName: claimantName(db, ctx.assessment.claimedBy),
			// A settled review says who approved it and when, instead of who holds it.
			approval: isReportable(ctx.assessment.status) ? approvalOf(db, ctx.assessment.id) : null,
			version: ctx.assessment.version,
		},
		facility: { id: ctx.facility.id, name: ctx.facility.name, provinceName: ctx.provinceName },
		campaign: { title: ctx.campaign.title, secondStage: ctx.campaign.secondStage },
		me: user.id,
		events: [...events],
		// A provincial approval in a two-stage campaign forwards to the ministry rather than concluding.
		approveForwards:
			ctx.campaign.secondStage && ctx.facility.managingBody !== 'moh' && actingGrant(user.grants, 'evaluator')?.scopeKind === 'province',
		report: report ? { id: report.id, demo: report.signerIsDemo } : null,
		// ADR 008: issued on final approval; the button retries when that failed.
		canIssueReport: !report && isReportable(ctx.assessment.status) && can(user.grants, 'report:issue', target),
		submissions: getSubmissions(db, ctx.assessment.id),
		directorSignature: directorSignatureSummary(db, ctx),
		generalComments: comments.filter((c) => c.criterionKey === null),
		// The matrix of the self-assessment, with claims lacking their required evidence flagged.
		// The matrix is a screen of its own (`?group=readiness`): on every group's screen it would double its weight.
		readiness:
			showReadiness && selfScores.ok
				? buildReadiness({
						catalogs: compiled,
						scores: selfScores.scores,
						answers: selfAnswers,
						facility: profile,
						asOf: ctx.asOf,
						evidence: evidenceCount,
					})
				: null,
		catalogs: ctx.catalogs.map((c, ci) => ({
			code: c.code,
			version: c.version,
			title: c.catalog.title,
			self: scoreSummary(selfScores.ok ? selfScores.scores[ci] : null),
			verified: scoreSummary(verifiedScores.ok ? verifiedScores.scores[ci] : null),
		})),
		previousRound: previous ? previous.round : null,
		reviewOpen,
		filter,
		nav,
		prev,
		next,
		part: { n: part, count: parts },
		group: current
			? {
					key: current.key,
					catalogTitle: current.catalogTitle,
					id: current.id,
					title: current.title,
					criteria: shown.map(({ cc, files, changed, prior, attention }) => {
						const id = cc.criterion.id
						const v = verdicts.get(id)
						return {
							id,
							text: cc.criterion.text,
							basis: cc.criterion.basis,
							provenance: cc.criterion.provenance,
							answer: cc.criterion.answer,
							naAllowed: cc.naAllowed,
							self: answerToFields(self.get(id)?.answer),
							answered: self.has(id),
							flags: flags[id] ?? [],
							verdict: v ? { verdict: v.verdict, value: answerToFields(v.value), reason: v.reason, evaluatorName: v.evaluatorName } : null,
							previous: prior
								? { verdict: prior.verdict, value: answerToFields(prior.value), reason: prior.reason, evaluatorName: prior.evaluatorName }
								: null,
							changed,
							attention,
							evidence: files.map((e) => ({ id: e.id, fileName: e.fileName })),
							comments: comments.filter((cm) => cm.criterionKey === id),
						}
					}),
				}
			: null,
	}
}
