import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { type AssessmentRow } from '#db/queries/dashboard'
import { StatGrid } from '~/components/stat-grid'
import { StatusBadge } from '~/components/status-badge'
import { formatDate, formatDateTime, formatNumber } from '~/i18n/translate'
import { loadDashboard } from '~/pages/dashboard.server'
import { markRead } from '~/services/notifications.server'
import { requirePermission } from '~/utils/auth.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { parseDashboardForm } from './dashboard.server'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'dashboard:read', { kind: 'own' })
	return loadDashboard(getDb(), user)
}

export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'dashboard:read', { kind: 'own' })
	const submission = parseDashboardForm(await request.formData())
	if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
	switch (submission.value.intent) {
		case 'markRead':
			markRead(getDb(), user.id, submission.value.notificationId)
			return { ok: true }
	}
}

export default function Dashboard() {
	const data = useLoaderData<typeof loader>()
	const t = useT()
	const locale = useLocale()
	return (
		<>
			<h1>{t('dashboard.greeting', { name: data.name })}</h1>
			<p className="lede">{t('dashboard.waiting')}</p>

			{data.notifications.length ? (
				<section className="card" aria-labelledby="notifications-heading" data-testid="notifications">
					<h2 id="notifications-heading">{t('dashboard.notifications')}</h2>
					<ul>
						{data.notifications.map((n) => (
							<li key={n.id}>
								<Link to={`/assessments/${n.payload.assessmentId}`}>
									{t(`notification.${n.kind}`, { ...n.payload, due: n.payload.due ?? '' })}
								</Link>{' '}
								<span className="muted">{formatDateTime(locale, new Date(n.createdAt))}</span>
							</li>
						))}
					</ul>
					<Form method="post">
						{data.notifications.map((n) => (
							<input key={n.id} type="hidden" name="notificationId" value={n.id} />
						))}
						<button type="submit" name="intent" value="markRead" className="button button--quiet">
							{t('dashboard.markRead')}
						</button>
					</Form>
				</section>
			) : null}

			{data.system ? (
				<section aria-labelledby="system-heading">
					<h2 id="system-heading">{t('dashboard.admin.heading')}</h2>
					<StatGrid
						items={[
							{ value: formatNumber(locale, data.system.facilities), label: t('dashboard.admin.facilities') },
							{ value: formatNumber(locale, data.system.users), label: t('dashboard.admin.users') },
							{ value: formatNumber(locale, data.system.catalogVersions), label: t('dashboard.admin.catalogs') },
							{ value: formatNumber(locale, data.system.openCampaigns), label: t('dashboard.admin.campaigns') },
						]}
					/>
				</section>
			) : null}

			{data.facility ? (
				<AssessmentTable
					id="facility-work"
					heading={t('dashboard.facility.heading', { facility: data.facility.name })}
					empty={t('dashboard.facility.none')}
					rows={data.facility.rows}
					showFacility={false}
				/>
			) : null}
			{data.review ? (
				<AssessmentTable
					id="review-queue"
					heading={t('dashboard.evaluator.heading')}
					empty={t('dashboard.evaluator.none')}
					rows={data.review}
				/>
			) : null}
			{data.publish ? (
				<AssessmentTable
					id="publish-queue"
					heading={t('dashboard.publisher.heading')}
					empty={t('dashboard.publisher.none')}
					rows={data.publish}
				/>
			) : null}
		</>
	)
}

function AssessmentTable({
	id,
	heading,
	empty,
	rows,
	showFacility = true,
}: {
	id: string
	heading: string
	empty: string
	rows: Array<Omit<AssessmentRow, 'dueAt' | 'submittedAt'> & { dueAt: Date | string; submittedAt: Date | string | null }>
	showFacility?: boolean
}) {
	const t = useT()
	const locale = useLocale()
	return (
		<section className="card" aria-labelledby={`${id}-heading`} data-testid={id}>
			<h2 id={`${id}-heading`}>{heading}</h2>
			{rows.length === 0 ? (
				<p className="muted">{empty}</p>
			) : (
				<div className="table-wrap">
					<table>
						<thead>
							<tr>
								{showFacility ? <th scope="col">{t('dashboard.col.facility')}</th> : null}
								<th scope="col">{t('dashboard.col.campaign')}</th>
								<th scope="col">{t('dashboard.col.status')}</th>
								<th scope="col">{t('dashboard.col.due')}</th>
								<th scope="col">{t('dashboard.col.submitted')}</th>
							</tr>
						</thead>
						<tbody>
							{rows.map((r) => (
								<tr key={r.id}>
									{showFacility ? (
										<td>
											<Link to={`/facilities/${r.facilityId}`}>{r.facilityName}</Link>
										</td>
									) : null}
									<td>
										<Link to={`/assessments/${r.id}`}>{r.campaignTitle}</Link>
									</td>
									<td>
										<StatusBadge status={r.status} />
									</td>
									<td>{formatDate(locale, new Date(r.dueAt))}</td>
									<td>{r.submittedAt ? formatDate(locale, new Date(r.submittedAt)) : '—'}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
		</section>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('dashboard.title'))
