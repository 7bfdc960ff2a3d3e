import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { listAssessments } from '#db/queries/facility-assessments'
import { StatusBadge } from '~/components/status-badge'
import { formatDate } from '~/i18n/translate'
import { requirePermission } from '~/utils/auth.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'assessment:read', { kind: 'own' })
	return { rows: listAssessments(getDb(), user.grants), now: Date.now() }
}

export default function AssessmentsIndex() {
	const { rows, now } = useLoaderData<typeof loader>()
	const t = useT()
	const locale = useLocale()
	return (
		<>
			<h1>{t('assessments.title')}</h1>
			{rows.length === 0 ? (
				<p>{t('assessments.none')}</p>
			) : (
				<div className="table-wrap">
					<table>
						<thead>
							<tr>
								<th scope="col">{t('dashboard.col.facility')}</th>
								<th scope="col">{t('dashboard.col.campaign')}</th>
								<th scope="col">{t('dashboard.col.status')}</th>
								<th scope="col">{t('dashboard.col.due')}</th>
								<th scope="col">{t('assessments.col.progress')}</th>
							</tr>
						</thead>
						<tbody>
							{rows.map((r) => (
								<tr key={r.id}>
									<td>{r.facilityName}</td>
									<td>
										<Link to={`/assessments/${r.id}`}>{r.campaignTitle}</Link>
									</td>
									<td>
										<StatusBadge status={r.status} /> {r.late ? <span className="badge badge--danger">{t('assessment.late')}</span> : null}
									</td>
									<td>
										{formatDate(locale, new Date(r.dueAt))}
										{!r.submittedAt && new Date(r.dueAt).getTime() < now ? (
											<span className="badge badge--danger"> {t('assessment.pastDue')}</span>
										) : null}
									</td>
									<td>
										<progress
											className="progress"
											max={Math.max(1, r.applicable)}
											value={r.answered}
											aria-label={t('assessments.progress', { answered: r.answered, applicable: r.applicable })}
										/>
										<span className="muted">{t('assessments.progress', { answered: r.answered, applicable: r.applicable })}</span>
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
		</>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('assessments.title'))
