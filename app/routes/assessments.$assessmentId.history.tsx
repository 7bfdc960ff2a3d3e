import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { AuditDiff, auditActionLabel } from '~/components/audit-diff'
import { StatusBadge } from '~/components/status-badge'
import { type Locale } from '~/domain/enums'
import { formatDateTime, formatNumber, translate } from '~/i18n/translate'
import { assessmentHistory } from '~/pages/assessment-history.server'
import { requireAssessment } from '~/utils/assessment.server'
import { useLocale, useT } from '~/utils/i18n'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { ctx } = await requireAssessment(request, params.assessmentId, 'assessment:read')
	return assessmentHistory(getDb(), ctx)
}

export default function AssessmentHistory() {
	const { assessment, facility, campaign, events, criteria, levels } = useLoaderData<typeof loader>()
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
											<AuditDiff
												action={e.action}
												entityType={e.entityType}
												before={e.before}
												after={e.after}
												criteria={criteria}
												levels={levels}
											/>
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
