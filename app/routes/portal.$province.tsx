import { type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { provinceBySlug } from '#db/queries/provinces'
import { BarChart } from '~/components/bar-chart'
import { EmbedCode } from '~/components/embed-code'
import { FilterSelect } from '~/components/filter-select'
import { IndicatorTrend } from '~/components/indicator-trend'
import { LevelCell } from '~/components/level-cell'
import { LevelDistributionTrend } from '~/components/level-trend'
import { OpenDataLinks } from '~/components/open-data-links'
import { StatisticsBreakdowns } from '~/components/statistics-breakdowns'
import { StatisticsTable } from '~/components/statistics-table'
import { FACILITY_CLASSES, FACILITY_TYPES, MANAGING_BODIES } from '~/domain/enums'
import { BED_BANDS } from '~/domain/portal'
import { firstProblem, parseProvinceFilters } from '~/domain/portal-filters'
import { getEnv } from '~/env.server'
import { provinceModel, resolveCampaign, trendSection } from '~/pages/portal.server'
import { distributionTrendModel } from '~/pages/trends.server'
import { invariantResponse } from '~/utils/http.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const province = provinceBySlug(getDb(), params.province ?? '')
	invariantResponse(province, 'Unknown province', { status: 404 })
	const url = new URL(request.url)
	const choice = resolveCampaign(url.searchParams.get('campaign'))
	invariantResponse(choice, 'Unknown campaign', { status: 404 })
	const parsed = parseProvinceFilters(url.searchParams)
	invariantResponse(parsed.success, firstProblem(parsed.error), { status: 400 })
	const filters = parsed.data
	const { value } = provinceModel(province.code, choice.campaign?.id ?? null, filters)
	const { level: _level, ...breakdown } = filters
	const trend = trendSection(url.searchParams.get('trend'), breakdown, province.code)
	invariantResponse(trend, 'Invalid parameter: trend (an indicator id)', { status: 400 })
	const embedUrl = `${getEnv().PUBLIC_BASE_URL.replace(/\/$/, '')}/embed/province/${province.slug}`
	return { province, ...choice, filters, ...value, embedUrl, trend, levelTrend: distributionTrendModel(province.code) }
}

export const headers: HeadersFunction = () => ({ 'Cache-Control': 'public, no-cache' })

export default function ProvincePortal() {
	const data = useLoaderData<typeof loader>()
	const t = useT()
	const locale = useLocale()
	const l = (x: { vi: string; en: string }) => (locale === 'en' ? x.en : x.vi)
	const name = locale === 'en' ? data.province.nameEn : data.province.nameVi
	const query = new URLSearchParams({
		province: data.province.code,
		...(data.campaign ? { campaign: String(data.campaign.id) } : {}),
		...(Object.fromEntries(Object.entries(data.filters).filter(([, v]) => v)) as Record<string, string>),
	})
	const statsQuery = new URLSearchParams([...query].filter(([k]) => k !== 'level')).toString()
	const codes = [...new Set(data.facilities.flatMap((f) => f.levels.map((x) => x.code)))].sort()
	return (
		<>
			<p className="muted">
				<Link to="/portal">← {t('portal.title')}</Link>
			</p>
			<h1>{t('portal.province.title', { province: name })}</h1>
			<Form method="get" className="search-form filters">
				<input type="hidden" name="campaign" value={data.campaign?.id ?? ''} />
				<FilterSelect
					name="type"
					label={t('facility.type')}
					value={data.filters.type}
					options={FACILITY_TYPES.map((v) => [v, t(`facilityType.${v}`)])}
				/>
				<FilterSelect
					name="class"
					label={t('facility.class')}
					value={data.filters.class}
					options={FACILITY_CLASSES.map((v) => [v, t(`facilityClass.${v}`)])}
				/>
				<FilterSelect
					name="managingBody"
					label={t('facility.managingBody')}
					value={data.filters.managingBody}
					options={MANAGING_BODIES.map((v) => [v, t(`managingBody.${v}`)])}
				/>
				<FilterSelect
					name="beds"
					label={t('stats.breakdown.beds')}
					value={data.filters.beds}
					options={BED_BANDS.map((v) => [v, t('stats.breakdown.bedsValue', { band: v })])}
				/>
				<div className="field">
					<label htmlFor="f-level">{t('portal.filter.level')}</label>
					<select id="f-level" name="level" defaultValue={data.filters.level ?? ''}>
						<option value="">{t('review.filter.any')}</option>
						{data.levelChoices.map((c) => (
							<optgroup key={c.code} label={l(c.title)}>
								{c.levels.map((lv) => (
									<option key={lv.id} value={lv.id}>
										{l(lv.title)}
									</option>
								))}
							</optgroup>
						))}
					</select>
				</div>
				<button type="submit" className="button">
					{t('review.filter.apply')}
				</button>
			</Form>
			{data.facilities.length === 0 ? (
				<p>{t('portal.province.none')}</p>
			) : (
				<>
					<section className="card">
						<h2>{t('portal.statistics')}</h2>
						<StatisticsTable statistics={data.statistics} />
						<OpenDataLinks base={`/api/v1/statistics?${statsQuery}`} />
					</section>
					<StatisticsBreakdowns breakdowns={data.breakdowns} />
					<IndicatorTrend
						rounds={data.trend.rounds}
						chosen={data.trend.chosen}
						choices={data.trend.choices}
						hidden={Object.fromEntries([...new URLSearchParams(statsQuery)].filter(([k]) => k !== 'province'))}
					/>
					{data.catalogs.map((c) => (
						<section key={c.code} className="card">
							<h2>
								{l(c.title)} — {t('portal.levels')}
							</h2>
							<BarChart
								label={`${l(c.title)}: ${t('portal.levels')}`}
								bars={c.levels.map((lv) => ({ label: lv.title ? l(lv.title) : t('portal.noLevel'), value: lv.count }))}
							/>
						</section>
					))}
					<section className="card">
						<h2>{t('facilities.title')}</h2>
						<div className="table-wrap">
							<table data-testid="facilities">
								<thead>
									<tr>
										<th scope="col">{t('facility.name')}</th>
										<th scope="col">{t('facility.type')}</th>
										<th scope="col">{t('facility.class')}</th>
										{codes.map((code) => (
											<th key={code} scope="col" className="catalog-heading">
												{data.catalogNames[code] ? l(data.catalogNames[code]) : code}
											</th>
										))}
									</tr>
								</thead>
								<tbody>
									{data.facilities.map((f) => (
										<tr key={f.code}>
											<td>
												<Link to={`/portal/facility/${f.code}`}>{f.name}</Link>
											</td>
											<td>{t(`facilityType.${f.type}`)}</td>
											<td>{t(`facilityClass.${f.class}`)}</td>
											{codes.map((code) => (
												<td key={code}>
													<LevelCell level={f.levels.find((x) => x.code === code)} />
												</td>
											))}
										</tr>
									))}
								</tbody>
							</table>
						</div>
						<OpenDataLinks base={`/api/v1/facilities?${query}`} />
					</section>
				</>
			)}
			<LevelDistributionTrend trend={data.levelTrend} />
			<EmbedCode
				summary={t('portal.embed.title')}
				help={t('portal.embed.help')}
				url={data.embedUrl}
				frameTitle={t('portal.province.title', { province: name })}
				height={420}
			/>
		</>
	)
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
	pageTitle(matches, (t, locale) => `${(locale === 'en' ? data?.province.nameEn : data?.province.nameVi) ?? ''} · ${t('nav.portal')}`)
