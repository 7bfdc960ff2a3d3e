import { type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { BarChart } from '~/components/bar-chart'
import { EmbedCode } from '~/components/embed-code'
import { IndicatorPicker } from '~/components/indicator-picker'
import { IndicatorTrend } from '~/components/indicator-trend'
import { LevelDistributionTrend } from '~/components/level-trend'
import { OpenDataLinks } from '~/components/open-data-links'
import { BreakdownFilterForm, StatisticsBreakdowns } from '~/components/statistics-breakdowns'
import { StatisticsTable } from '~/components/statistics-table'
import { TileMap, TileMapTable } from '~/components/tile-map'
import { provinceSortName } from '~/domain/collation'
import { formatFigure } from '~/domain/indicators'
import { firstProblem, parseBreakdownFilters } from '~/domain/portal-filters'
import { getEnv } from '~/env.server'
import { formatNumber } from '~/i18n/translate'
import { mapSection, nationalModel, resolveCampaign, trendSection } from '~/pages/portal.server'
import { distributionTrendModel } from '~/pages/trends.server'
import { invariantResponse } from '~/utils/http.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

export async function loader({ request }: LoaderFunctionArgs) {
	const url = new URL(request.url)
	const choice = resolveCampaign(url.searchParams.get('campaign'))
	invariantResponse(choice, 'Unknown campaign', { status: 404 })
	const parsed = parseBreakdownFilters(url.searchParams)
	invariantResponse(parsed.success, firstProblem(parsed.error), { status: 400 })
	const filters = parsed.data
	const { value } = nationalModel(choice.campaign?.id ?? null, filters)
	const trend = trendSection(url.searchParams.get('trend'), filters)
	invariantResponse(trend, 'Invalid parameter: trend (an indicator id)', { status: 400 })
	// The map's colouring: one of the headline indicators (?map=lis); anything else means the first.
	// The map's colouring (?map=): a headline indicator or a level share; anything else, the first.
	const mapped = mapSection(choice.campaign?.id ?? null, url.searchParams.get('map'), value, filters)
	const embedUrl = `${getEnv().PUBLIC_BASE_URL.replace(/\/$/, '')}/embed/national?map=${encodeURIComponent(mapped.chosen)}`
	return { ...choice, filters, ...value, trend, levelTrend: distributionTrendModel(null), map: mapped.chosen, mapped, embedUrl }
}

export const headers: HeadersFunction = () => ({ 'Cache-Control': 'public, no-cache' })

export default function NationalPortal() {
	const data = useLoaderData<typeof loader>()
	const t = useT()
	const locale = useLocale()
	const l = (x: { vi: string; en: string }) => (locale === 'en' ? x.en : x.vi)
	const q = data.campaign ? `campaign=${data.campaign.id}` : ''
	const filterQuery = new URLSearchParams(Object.entries(data.filters).filter(([, v]) => Boolean(v)) as Array<[string, string]>).toString()
	const statsQuery = [q, filterQuery].filter(Boolean).join('&')
	return (
		<>
			<h1>{t('portal.title')}</h1>
			<p className="lede">{t('portal.intro')}</p>
			{data.campaigns.length ? (
				<Form method="get" className="search-form filters">
					<div className="field">
						<label htmlFor="campaign">{t('portal.campaign')}</label>
						<select id="campaign" name="campaign" defaultValue={data.campaign?.id}>
							{data.campaigns.map((c) => (
								<option key={c.id} value={c.id}>
									{c.title}
								</option>
							))}
						</select>
					</div>
					<button type="submit" className="button">
						{t('portal.show')}
					</button>
				</Form>
			) : null}
			{!data.campaign ? (
				<p>{t('portal.nothingPublished')}</p>
			) : (
				<>
					<p data-testid="published-count">{t('portal.publishedCount', { count: formatNumber(locale, data.published) })}</p>
					<section className="card" aria-labelledby="stats-heading">
						<h2 id="stats-heading">{t('portal.statistics')}</h2>
						<BreakdownFilterForm filters={data.filters} hidden={data.campaign ? { campaign: String(data.campaign.id) } : {}} />
						<StatisticsTable statistics={data.statistics} />
						<OpenDataLinks base={`/api/v1/statistics?${statsQuery}`} />
					</section>
					<StatisticsBreakdowns breakdowns={data.breakdowns} />
					<IndicatorTrend
						rounds={data.trend.rounds}
						chosen={data.trend.chosen}
						choices={data.trend.choices}
						hidden={{ ...Object.fromEntries(new URLSearchParams(statsQuery)), map: data.map }}
					/>
					{data.catalogs.map((c) => (
						<section key={c.code} className="card" aria-labelledby={`dist-${c.code}`}>
							<h2 id={`dist-${c.code}`}>
								{l(c.title)} — {t('portal.levels')}{' '}
								{c.provisional ? <span className="badge badge--warn">{t('portal.provisional')}</span> : null}
							</h2>
							<BarChart
								label={`${l(c.title)}: ${t('portal.levels')}`}
								bars={c.levels.map((lv) => ({ label: lv.title ? l(lv.title) : t('portal.noLevel'), value: lv.count }))}
							/>
							<table className="compact" data-testid={`levels-${c.code}`}>
								<thead>
									<tr>
										<th scope="col">{t('portal.col.level')}</th>
										<th scope="col">{t('portal.col.count')}</th>
									</tr>
								</thead>
								<tbody>
									{c.levels.map((lv) => (
										<tr key={lv.id ?? 'none'}>
											<td>{lv.title ? l(lv.title) : t('portal.noLevel')}</td>
											<td>
												{formatNumber(locale, lv.count)}/{formatNumber(locale, c.total)}
											</td>
										</tr>
									))}
								</tbody>
							</table>
						</section>
					))}
					<section className="card" aria-labelledby="map-heading">
						<h2 id="map-heading">{t('tileMap.title')}</h2>
						<IndicatorPicker
							name="map"
							label={t('tileMap.choose')}
							button={t('tileMap.show')}
							choices={data.mapped.choices}
							chosen={data.map}
							hidden={{ ...(data.campaign ? { campaign: String(data.campaign.id) } : {}), trend: data.trend.chosen }}
						/>
						<TileMap
							label={t('tileMap.label', { statistic: l(data.mapped.label) })}
							tiles={data.mapped.provinces.map((p) => ({
								code: p.code,
								name: provinceSortName(locale === 'en' ? p.nameEn : p.nameVi),
								href: `/portal/${p.slug}?${q}`,
								percent: p.figure?.percent ?? null,
							}))}
						/>
						<details>
							<summary>{t('tileMap.table')}</summary>
							<TileMapTable
								statistic={l(data.mapped.label)}
								rows={data.mapped.provinces.map((p) => ({ code: p.code, name: locale === 'en' ? p.nameEn : p.nameVi, figure: p.figure }))}
							/>
						</details>
					</section>
					<section className="card" aria-labelledby="provinces-heading">
						<h2 id="provinces-heading">{t('portal.byProvince')}</h2>
						<BarChart
							label={`${t('portal.byProvince')}: ${t('portal.col.facilities')}`}
							bars={data.provinces
								.filter((p) => p.published > 0)
								.map((p) => ({ label: locale === 'en' ? p.nameEn : p.nameVi, value: p.published }))}
						/>
						<div className="table-wrap">
							<table data-testid="provinces">
								<thead>
									<tr>
										<th scope="col">{t('facility.province')}</th>
										<th scope="col">{t('portal.col.facilities')}</th>
										<th scope="col">{t('stats.col.coverage')}</th>
										{(data.provinces[0]?.statistics ?? []).map((s) => (
											<th key={s.id} scope="col">
												{l(s.label)}
											</th>
										))}
									</tr>
								</thead>
								<tbody>
									{data.provinces.map((p) => (
										<tr key={p.code}>
											<td>
												<Link to={`/portal/${p.slug}?${q}`}>{locale === 'en' ? p.nameEn : p.nameVi}</Link>
											</td>
											<td>{formatNumber(locale, p.published)}</td>
											<td>
												{t('stats.coverage', {
													reported: formatNumber(locale, p.published),
													registered: formatNumber(locale, p.registered),
												})}
											</td>
											{p.statistics.map((s) => (
												<td key={s.id}>{formatFigure(s, locale)}</td>
											))}
										</tr>
									))}
								</tbody>
							</table>
						</div>
						<OpenDataLinks base={`/api/v1/provinces?${q}`} />
					</section>
					<p>
						<Link to="/portal/data">{t('portal.dictionary')}</Link>
					</p>
				</>
			)}
			<LevelDistributionTrend trend={data.levelTrend} />
			<EmbedCode
				summary={t('portal.embed.nationalTitle')}
				help={t('portal.embed.nationalHelp')}
				url={data.embedUrl}
				frameTitle={t('tileMap.title')}
				height={560}
			/>
		</>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('nav.portal'))
