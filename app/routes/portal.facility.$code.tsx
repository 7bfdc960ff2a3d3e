import { type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { facilityByCode } from '#db/queries/portal'
import { BarChart } from '~/components/bar-chart'
import { FacilityIndicatorTrend } from '~/components/indicator-trend'
import { LevelCell } from '~/components/level-cell'
import { FacilityLevelTrend } from '~/components/level-trend'
import { ReadinessMatrix } from '~/components/readiness-matrix'
import { formatDate } from '~/i18n/translate'
import { facilityPage, facilityTrend } from '~/pages/portal.server'
import { facilityTrendModel } from '~/pages/trends.server'
import { invariantResponse } from '~/utils/http.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

export async function loader({ params }: LoaderFunctionArgs) {
	const code = params.code ?? ''
	const facility = /^[A-Za-z0-9_-]{1,20}$/.test(code) ? facilityByCode(getDb(), code) : undefined
	invariantResponse(facility, 'Unknown facility', { status: 404 })
	const page = facilityPage(facility)
	return {
		facility,
		...page,
		trend: page.results.length > 1 ? facilityTrendModel(page.results) : null,
		indicatorTrend: facilityTrend(facility.id),
	}
}

export const headers: HeadersFunction = () => ({ 'Cache-Control': 'public, no-cache' })

export default function FacilityPortal() {
	const { facility, results, withdrawn, peers, catalogNames, readiness, trend, indicatorTrend } = useLoaderData<typeof loader>()
	const t = useT()
	const locale = useLocale()
	const l = (x: { vi: string; en: string }) => (locale === 'en' ? x.en : x.vi)
	const codes = [...new Set(results.flatMap((r) => r.levels.map((x) => x.code)))].sort()
	return (
		<>
			<p className="muted">
				<Link to={`/portal/${facility.provinceSlug}`}>← {locale === 'en' ? facility.provinceNameEn : facility.provinceName}</Link>
			</p>
			<h1>{facility.name}</h1>
			<p className="lede">
				{facility.code} · {t(`facilityType.${facility.type}`)} · {t(`facilityClass.${facility.class}`)} ·{' '}
				{t(`managingBody.${facility.managingBody}`)}
			</p>
			{withdrawn.map((w, i) => (
				<p key={i} className="alert alert--info" data-testid="withdrawn">
					{t('portal.facility.withdrawn', {
						campaign: w.campaignTitle,
						date: w.withdrawnAt ? formatDate(locale, new Date(w.withdrawnAt)) : '',
						reason: w.reason ?? '',
					})}
				</p>
			))}
			<section className="card" aria-labelledby="results-heading">
				<h2 id="results-heading">{t('portal.facility.results')}</h2>
				{results.length === 0 ? (
					<p>{t('portal.facility.none')}</p>
				) : (
					<div className="table-wrap">
						<table data-testid="results">
							<thead>
								<tr>
									<th scope="col">{t('portal.campaign')}</th>
									{codes.map((c) => (
										<th key={c} scope="col" className="catalog-heading">
											{catalogNames[c] ? l(catalogNames[c]) : c}
										</th>
									))}
									<th scope="col">{t('portal.facility.verifyReport')}</th>
								</tr>
							</thead>
							<tbody>
								{results.map((r) => (
									<tr key={r.assessmentId}>
										<td>{r.campaignTitle}</td>
										{codes.map((code) => {
											const lv = r.levels.find((x) => x.code === code)
											return (
												<td key={code}>
													<LevelCell level={lv ? { title: lv.achievedLevel?.title ?? null, percent: lv.percent } : undefined} />
												</td>
											)
										})}
										<td>{r.reportId ? <Link to={`/verify/${r.reportId}`}>{r.reportId}</Link> : '—'}</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				)}
			</section>
			{trend ? <FacilityLevelTrend trend={trend} /> : null}
			<FacilityIndicatorTrend rounds={indicatorTrend} />
			{readiness ? <ReadinessMatrix readiness={readiness} title={t('readiness.titlePublished')} /> : null}
			{peers ? (
				<section className="card" aria-labelledby="peers-heading" data-testid="peers">
					<h2 id="peers-heading">{t('portal.peers', { band: peers.band })}</h2>
					{peers.suppressed ? (
						<p>{t('portal.peersSuppressed')}</p>
					) : (
						peers.catalogs.map((c) => (
							<div key={c.code}>
								<h3>{l(c.title)}</h3>
								<BarChart
									label={l(c.title)}
									bars={c.levels.map((lv) => ({ label: lv.title ? l(lv.title) : t('portal.noLevel'), value: lv.count }))}
								/>
							</div>
						))
					)}
				</section>
			) : null}
		</>
	)
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
	pageTitle(matches, (t) => `${data?.facility.name ?? ''} · ${t('nav.portal')}`)
