import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { type AssessmentContext } from '#db/queries/assessments'
import { type AuditEventView, listAssessmentAuditEvents } from '#db/queries/audit'
import { AuditDiff, auditActionLabel, type CriterionRef } from '~/components/audit-diff'
import { StatusBadge } from '~/components/status-badge'
import { type Locale } from '~/domain/enums'
import { formatDateTime, formatNumber, translate } from '~/i18n/translate'
import { requireAssessment } from '~/utils/assessment.server'
import { useLocale, useT } from '~/utils/i18n'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { ctx } = await requireAssessment(request, params.assessmentId, 'assessment:read')
	const events = listAssessmentAuditEvents(getDb(), ctx.assessment.id)
	return {
		assessment: { id: ctx.assessment.id, status: ctx.assessment.status },
		facility: { name: ctx.facility.name },
		campaign: { title: ctx.campaign.title },
		events,
		criteria: criterionRefs(ctx, events),
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
function criterionRefs(ctx: AssessmentContext, events: Array<AuditEventView>): Record<string, CriterionRef> {
	const wanted = new Set(events.flatMap(criterionIdsOf))
	const refs: Record<string, CriterionRef> = {}
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

export default function AssessmentHistory() {
	const { assessment, facility, campaign, events, criteria } = useLoaderData<typeof loader>()
	const t = useT()
	const locale = useLocale()
	return (
		<>
			<p className="muted">
				{facility.name} · {campaign.title}
			</p>
			<h1>{t('history.title')}</h1>
			<p className="lede">
				<StatusBadge status={assessment.status} /> {t('history.intro')}
			</p>
			<p>
				<Link to={`/assessments/${assessment.id}`}>{t('history.back')}</Link>
			</p>
			{events.length === 0 ? (
				<p>{t('history.none')}</p>
			) : (
				<>
					<p className="muted">{t('history.count', { count: formatNumber(locale, events.length) })}</p>
					<div className="table-wrap">
						<table>
							<thead>
								<tr>
									<th scope="col">{t('audit.col.time')}</th>
									<th scope="col">{t('audit.col.actor')}</th>
									<th scope="col">{t('audit.col.action')}</th>
									<th scope="col">{t('audit.col.change')}</th>
								</tr>
							</thead>
							<tbody>
								{events.map((e) => (
									<tr key={e.id} data-testid="history-event">
										<td>{formatDateTime(locale, new Date(e.at))}</td>
										<td>{e.actorName ?? t('audit.system')}</td>
										<td>{auditActionLabel(t, e.action)}</td>
										<td>
											<AuditDiff action={e.action} entityType={e.entityType} before={e.before} after={e.after} criteria={criteria} />
										</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				</>
			)}
		</>
	)
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
	const locale = (matches.find((m) => m.id === 'root')?.data as { locale?: Locale } | undefined)?.locale ?? 'vi'
	return [{ title: `${translate(locale, 'history.title')} · ${data?.facility.name ?? ''}` }]
}
