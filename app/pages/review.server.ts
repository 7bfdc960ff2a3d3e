// The review page: the self-assessment beside the verified result, per criterion and per catalog,
// with what the evaluator may do next and the signed report once there is one.
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { type AssessmentContext, getAnswers, getEvidence } from '#db/queries/assessments'
import { provinceOptions } from '#db/queries/provinces'
import { signedReportOf } from '#db/queries/reports'
import { claimantName, getComments, getSubmissions, getVerdicts, type QueueFilters, queueCampaigns, reviewQueue } from '#db/queries/review'
import { answerToFields } from '~/domain/answer-form'
import { applicabilityFor } from '~/domain/catalog/compile'
import { scoreAssessment } from '~/domain/catalog/scoring'
import { ASSESSMENT_STATUSES, FACILITY_TYPES } from '~/domain/enums'
import { can, type Grant, provincesReached, type Target } from '~/domain/permissions'
import { buildReadiness } from '~/domain/readiness'
import { isReportable } from '~/domain/report'
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

/** Everything the review screen shows: self beside verified, per criterion and per catalog. */
export function loadReviewPage(ctx: AssessmentContext, user: { id: number; grants: ReadonlyArray<Grant> }, target: Target) {
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
	return {
		assessment: {
			id: ctx.assessment.id,
			status: ctx.assessment.status,
			round,
			late: ctx.assessment.late,
			claimedBy: ctx.assessment.claimedBy,
			claimedByName: claimantName(db, ctx.assessment.claimedBy),
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
		// Where to look first, by criterion id (docs/ROUNDS.md); flags change no score.
		flags: reviewFlagsFor(db, ctx),
		// The matrix of the self-assessment, with claims lacking their required evidence flagged.
		readiness: selfScores.ok
			? buildReadiness({
					catalogs: compiled,
					scores: selfScores.scores,
					answers: selfAnswers,
					facility: profile,
					asOf: ctx.asOf,
					evidence: evidence.reduce((m, e) => m.set(e.key, (m.get(e.key) ?? 0) + 1), new Map<string, number>()),
				})
			: null,
		catalogs: ctx.catalogs.map((c, ci) => {
			const applies = applicabilityFor(c.compiled, profile, ctx.asOf)
			return {
				code: c.code,
				version: c.version,
				title: c.catalog.title,
				self: selfScores.ok ? selfScores.scores[ci] : null,
				verified: verifiedScores.ok ? verifiedScores.scores[ci] : null,
				groups: c.compiled.groups
					.map((g) => ({
						id: g.group.id,
						title: g.group.title,
						criteria: c.compiled.criteria
							.slice(g.first, g.end)
							.filter((_, i) => applies[g.first + i] === 1)
							.map((cc) => {
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
									verdict: v
										? { verdict: v.verdict, value: answerToFields(v.value), reason: v.reason, evaluatorName: v.evaluatorName }
										: null,
									evidence: evidence.filter((e) => e.key === id).map((e) => ({ id: e.id, fileName: e.fileName })),
									comments: comments.filter((cm) => cm.criterionKey === id),
								}
							}),
					}))
					.filter((g) => g.criteria.length > 0),
			}
		}),
	}
}
