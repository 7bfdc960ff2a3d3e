// The history of one assessment: its audit events, and where each criterion they name lives in the
// assessment's pinned catalogs (a link, and the labels of its choices).
import { type Db } from '#db/client.server'
import { type AssessmentContext } from '#db/queries/assessments'
import { type AuditEventView, listAssessmentAuditEvents } from '#db/queries/audit'
import { levelNamesOf } from '~/domain/level-names'

/** A criterion an event names: a link to it on the form, and its choices' labels. */
export type CriterionLink = { href: string; choices?: Record<string, { vi: string; en: string }> }

export function assessmentHistory(db: Db, ctx: AssessmentContext) {
	const events = listAssessmentAuditEvents(db, ctx.assessment.id)
	return {
		assessment: { id: ctx.assessment.id, status: ctx.assessment.status },
		facility: { name: ctx.facility.name },
		campaign: { title: ctx.campaign.title },
		events,
		criteria: criterionLinks(ctx, events),
		levels: levelNamesOf(ctx.catalogs.map((c) => c.catalog)),
	}
}

/** Criterion IDs an event may name: the keys of saved answers, or a `criterionId` field. */
function criterionIdsOf(e: AuditEventView): Array<string> {
	const ids: Array<string> = []
	for (const side of [e.before, e.after]) {
		if (typeof side !== 'object' || side === null || Array.isArray(side)) continue
		const record = side as Record<string, unknown>
		if (e.action === 'answer.save') ids.push(...Object.keys(record))
		else if (typeof record.criterionId === 'string') ids.push(record.criterionId)
	}
	return ids
}

/** Where each named criterion lives in the assessment's pinned catalogs, and its choice labels. */
function criterionLinks(ctx: AssessmentContext, events: Array<AuditEventView>): Record<string, CriterionLink> {
	const wanted = new Set(events.flatMap(criterionIdsOf))
	const refs: Record<string, CriterionLink> = {}
	for (const id of wanted) {
		for (const version of ctx.catalogs) {
			const index = version.compiled.indexOf.get(id)
			if (index === undefined) continue
			const { criterion, groupIndex } = version.compiled.criteria[index]
			const group = version.catalog.groups[groupIndex]
			const spec = criterion.answer
			refs[id] = {
				href: `/assessments/${ctx.assessment.id}/${version.code}/${group.id}#${id}`,
				choices:
					spec.type === 'choice' ? Object.fromEntries(spec.options.map((o) => [o.value, { vi: o.label.vi, en: o.label.en }])) : undefined,
			}
			break
		}
	}
	return refs
}
