import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { ReadinessMatrix } from '~/components/readiness-matrix'
import { RoundComparisonSection } from '~/components/round-comparison'
import { MissingBadges, ScorePanel } from '~/components/score-panel'
import { StatusBadge } from '~/components/status-badge'
import { formatPercent } from '~/domain/numbers'
import { formatDate, formatDateTime } from '~/i18n/translate'
import { assessmentOverview } from '~/pages/assessment-overview.server'
import { requireAssessment } from '~/utils/assessment.server'
import { useLocale, useT } from '~/utils/i18n'
import { getLocale } from '~/utils/locale.server'
import { pageTitle } from '~/utils/meta'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { ctx, user, target } = await requireAssessment(request, params.assessmentId, 'assessment:read')
	return assessmentOverview(getDb(), ctx, { grants: user.grants, target, locale: await getLocale(request) })
}

export default function AssessmentOverview() {
	const {
		assessment,
		facility,
		campaign,
		scores,
		readiness,
		verifiedScore,
		requestedChanges,
		now,
		signedReport,
		directorSignature,
		missing,
		names,
		previousRound,
	} = useLoaderData<typeof loader>()
	const t = useT()
	const locale = useLocale()
	const l = (text: { vi: string; en: string }) => (locale === 'en' ? text.en : text.vi)
	const base = `/assessments/${assessment.id}`
	const [searchParams] = useSearchParams()
	return (
		<>
			<p className="muted">
				{facility.name} · {facility.provinceName}
			</p>
			<h1>{campaign.title}</h1>
			<p className="lede">
				<StatusBadge status={assessment.status} /> {t('assessment.dueOn', { date: formatDate(locale, new Date(campaign.dueAt)) })}
				{assessment.late ? <span className="badge badge--danger"> {t('assessment.late')}</span> : null}
				{!assessment.submittedAt && new Date(campaign.dueAt).getTime() < now ? (
					<span className="badge badge--danger"> {t('assessment.pastDue')}</span>
				) : null}
				{assessment.submittedAt ? ` · ${formatDateTime(locale, new Date(assessment.submittedAt))}` : ''} ·{' '}
				<Link to={`${base}/history`}>{t('review.history')}</Link>
				{assessment.draftReport ? (
					<>
						{' '}
						·{' '}
						<a href={`/reports/draft/${assessment.id}`} download data-testid="draft-report-link">
							{t('report.downloadDraft')}
						</a>
					</>
				) : null}
				{signedReport ? (
					<>
						{' '}
						·{' '}
						<a href={`/reports/${signedReport.id}`} download data-testid="signed-report-link">
							{t('report.downloadSigned')}
						</a>
						{signedReport.demo ? <span className="badge badge--danger"> {t('report.demo')}</span> : null}
					</>
				) : null}
			</p>
			{requestedChanges.length && assessment.editable ? (
				<section className="alert alert--error" aria-labelledby="requested-heading" data-testid="requested-changes">
					<h2 id="requested-heading">{t('assessment.requestedChanges')}</h2>
					<ul>
						{requestedChanges.map((c) => (
							<li key={c.id}>
								{c.body} <span className="muted">({c.authorName})</span>
							</li>
						))}
					</ul>
				</section>
			) : null}
			{searchParams.get('submitted') === '1' && !assessment.editable ? (
				<p className="alert alert--info" role="status">
					{t('submit.doneBanner')}
				</p>
			) : assessment.notice ? (
				<p className="alert alert--info" data-testid="status-notice">
					{t(assessment.notice)}
				</p>
			) : null}
			<p className="form-actions">
				{assessment.editable ? (
					<Link className="button" to={`${base}/submit`}>
						{t('assessment.toSubmit')}
					</Link>
				) : null}
				{assessment.reviewable ? (
					<Link className="button" to={`/review/${assessment.id}`}>
						{t('assessment.toReview')}
					</Link>
				) : null}
				{assessment.workbook ? (
					<Link className="button button--quiet" to={`${base}/excel`}>
						{t('assessment.excelLink')}
					</Link>
				) : null}
				{assessment.status === 'published' ? (
					<Link className="button button--quiet" to={`/portal/facility/${facility.code}`}>
						{t('assessment.onPortal')}
					</Link>
				) : null}
				{directorSignature.requested && directorSignature.submitted ? (
					<Link className="button button--quiet" to={`${base}/signature`} data-testid="director-signature-link">
						{t('directorSignature.link')}
						{directorSignature.signature ? ' ✓' : ''}
					</Link>
				) : null}
			</p>
			<ReadinessMatrix readiness={readiness} linkTo={(r) => `${base}/${r.catalogCode}/${r.groupId}#${r.criterionId}`} />
			{previousRound ? <RoundComparisonSection data={previousRound} /> : null}
			{scores.map((score) => (
				<section key={score.code} className="card" aria-labelledby={`cat-${score.code}`}>
					<h2 id={`cat-${score.code}`}>
						{l(score.title)} <span className="badge">v{score.version}</span>
					</h2>
					{!score.applicable ? (
						<p className="muted">{t('assessment.notApplicableCatalog')}</p>
					) : (
						<>
							<ScorePanel
								score={score}
								names={names}
								missing={missing.byCatalog[score.code]}
								linkTo={(g, c) => `${base}/${score.code}/${g}#${c}`}
							/>
							{verifiedScore?.find((v) => v.code === score.code) ? (
								<p data-testid={`verified-${score.code}`}>
									<span className="muted">{t('assessment.verifiedLevel')}: </span>
									<strong>
										{verifiedLevelTitle(
											verifiedScore.find((v) => v.code === score.code)!,
											l,
											t('assessment.noLevel'),
										)}
									</strong>
								</p>
							) : null}
							<h3>{t('assessment.groups')}</h3>
							<ul className="group-list">
								{score.groups
									.filter((g) => g.applicable > 0)
									.map((g) => (
										<li key={g.id}>
											<span>
												<Link to={`${base}/${score.code}/${g.id}`}>{l(g.title)}</Link>
												{g.tier ? <span className="badge badge--ok"> {l(g.tier.title)}</span> : null}
												<MissingBadges count={missing.byGroup[`${score.code}/${g.id}`]} />
											</span>
											<span>
												<progress
													className="progress"
													max={g.applicable}
													value={g.answered}
													aria-label={t('assessment.groupProgress', { answered: g.answered, applicable: g.applicable })}
												/>
												<span className="muted">{t('assessment.groupProgress', { answered: g.answered, applicable: g.applicable })}</span>
											</span>
											<span>{g.percent !== null ? formatPercent(locale, g.percent) : '—'}</span>
										</li>
									))}
							</ul>
						</>
					)}
				</section>
			))}
		</>
	)
}

function verifiedLevelTitle(
	v: { achievedLevel: { title: { vi: string; en: string } } | null },
	l: (t: { vi: string; en: string }) => string,
	none: string,
) {
	return v.achievedLevel ? l(v.achievedLevel.title) : none
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
	pageTitle(matches, () => `${data?.campaign.title ?? ''} · ${data?.facility.name ?? ''}`)
