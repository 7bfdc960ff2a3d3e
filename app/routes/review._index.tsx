import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { FilterSelect } from '~/components/filter-select'
import { StatusBadge } from '~/components/status-badge'
import { FACILITY_TYPES } from '~/domain/enums'
import { formatDate } from '~/i18n/translate'
import { loadReviewQueue } from '~/pages/review.server'
import { requirePermission } from '~/utils/auth.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'assessment:review', { kind: 'own' })
	return { ...loadReviewQueue(user.grants, new URL(request.url).searchParams), me: user.id }
}

export default function ReviewQueue() {
	const { rows, filters, campaigns, provinces, me } = useLoaderData<typeof loader>()
	const t = useT()
	const locale = useLocale()
	return (
		<>
			<h1>{t('review.queue.title')}</h1>
			<Form method="get" className="search-form filters">
				<FilterSelect
					name="campaign"
					label={t('review.filter.campaign')}
					value={String(filters.campaign)}
					options={campaigns.map((c) => [String(c.id), c.title])}
				/>
				<FilterSelect
					name="province"
					label={t('review.filter.province')}
					value={filters.province}
					options={provinces.map((p) => [p.code, locale === 'en' ? p.nameEn : p.nameVi])}
				/>
				<FilterSelect
					name="type"
					label={t('review.filter.type')}
					value={filters.type}
					options={FACILITY_TYPES.map((v) => [v, t(`facilityType.${v}`)])}
				/>
				<FilterSelect
					name="status"
					label={t('review.filter.status')}
					value={filters.status}
					options={(['submitted', 'in_review', 'provincially_verified', 'returned', 'approved'] as const).map((s) => [s, t(`status.${s}`)])}
				/>
				<FilterSelect
					name="late"
					label={t('review.filter.late')}
					value={filters.late}
					options={[
						['yes', t('review.filter.lateOnly')],
						['no', t('review.filter.onTime')],
					]}
				/>
				<button type="submit" className="button">
					{t('review.filter.apply')}
				</button>
			</Form>
			{rows.length === 0 ? (
				<p>{t('review.queue.none')}</p>
			) : (
				<div className="table-wrap">
					<table data-testid="review-queue-table">
						<thead>
							<tr>
								<th scope="col">{t('dashboard.col.facility')}</th>
								<th scope="col">{t('facility.province')}</th>
								<th scope="col">{t('dashboard.col.campaign')}</th>
								<th scope="col">{t('dashboard.col.status')}</th>
								<th scope="col">{t('dashboard.col.submitted')}</th>
								<th scope="col">{t('review.col.claimedBy')}</th>
							</tr>
						</thead>
						<tbody>
							{rows.map((r) => (
								<tr key={r.id}>
									<td>
										<Link to={`/review/${r.id}`}>{r.facilityName}</Link>
									</td>
									<td>{r.provinceName}</td>
									<td>
										{r.campaignTitle} · {t('review.round', { round: r.round })}
									</td>
									<td>
										<StatusBadge status={r.status} /> {r.late ? <span className="badge badge--danger">{t('assessment.late')}</span> : null}
									</td>
									<td>{r.submittedAt ? formatDate(locale, new Date(r.submittedAt)) : '—'}</td>
									<td>{r.claimedBy === me ? t('review.claimedByYou') : (r.claimedByName ?? '—')}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
		</>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('review.queue.title'))
