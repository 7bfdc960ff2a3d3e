// Levels across rounds on the portal (docs/ROUNDS.md): a facility's level per catalog as a line chart
// with its table, and the distribution of levels per round as stacked bars with their table. The
// table is the truth; the chart is a picture of it, with a title and a description.
import { useId } from 'react'
import type { DistributionTrend, FacilityTrend } from '~/domain/trends'
import { useLocale, useT } from '~/utils/i18n'
import { StackedBarChart } from './bar-chart'
import { LevelCell } from './level-cell'

type Title = { vi: string; en: string }

function LineChart({
	title,
	desc,
	maxRank,
	points,
}: {
	title: string
	desc: string
	maxRank: number
	points: Array<{ label: string; rank: number }>
}) {
	const id = useId()
	const width = 640
	const height = 200
	const left = 40
	const right = 20
	const top = 16
	const bottom = 40
	const plotW = width - left - right
	const plotH = height - top - bottom
	const x = (i: number) => left + (points.length === 1 ? plotW / 2 : (i * plotW) / (points.length - 1))
	const y = (rank: number) => top + plotH - (rank / maxRank) * plotH
	const ticks = Array.from({ length: maxRank + 1 }, (_, i) => i)
	return (
		<svg
			className="bar-chart"
			role="img"
			aria-labelledby={`${id}-t ${id}-d`}
			viewBox={`0 0 ${width} ${height}`}
			width="100%"
			preserveAspectRatio="xMinYMin meet"
		>
			<title id={`${id}-t`}>{title}</title>
			<desc id={`${id}-d`}>{desc}</desc>
			{ticks.map((r) => (
				<g key={r}>
					<line x1={left} x2={width - right} y1={y(r)} y2={y(r)} stroke="#d5dbe1" />
					<text x={left - 8} y={y(r) + 4} textAnchor="end" fontSize="12" fill="#1c2530">
						{r}
					</text>
				</g>
			))}
			<polyline fill="none" stroke="#0b5e8a" strokeWidth={2} points={points.map((p, i) => `${x(i)},${y(p.rank)}`).join(' ')} />
			{points.map((p, i) => (
				<g key={i}>
					<circle cx={x(i)} cy={y(p.rank)} r={4} fill="#0b5e8a" />
					<text x={x(i)} y={height - 12} textAnchor="middle" fontSize="12" fill="#1c2530">
						{p.label.length > 22 ? `${p.label.slice(0, 21)}…` : p.label}
					</text>
				</g>
			))}
		</svg>
	)
}

/** The facility page's trend: per catalog, its level in each round it was published. */
export function FacilityLevelTrend({ trend }: { trend: FacilityTrend }) {
	const t = useT()
	const locale = useLocale()
	const l = (x: Title) => (locale === 'en' ? x.en : x.vi)
	return (
		<section className="card" aria-labelledby="trend-heading" data-testid="facility-trend">
			<h2 id="trend-heading">{t('portal.facility.trend')}</h2>
			{trend.map((c) => (
				<div key={c.code}>
					<h3>{l(c.title)}</h3>
					<LineChart
						title={t('trend.chartTitle', { catalog: l(c.title) })}
						desc={t('trend.chartDesc')}
						maxRank={c.maxRank}
						points={c.points.map((p) => ({ label: p.campaignTitle, rank: p.rank }))}
					/>
					<div className="table-wrap">
						<table data-testid={`trend-${c.code}`}>
							<caption>
								{t('trend.table')}: {l(c.title)}
							</caption>
							<thead>
								<tr>
									<th scope="col">{t('portal.campaign')}</th>
									<th scope="col">{l(c.title)}</th>
								</tr>
							</thead>
							<tbody>
								{c.points.map((p) => (
									<tr key={p.campaignId}>
										<th scope="row">{p.campaignTitle}</th>
										<td>
											<LevelCell level={{ title: p.level, percent: p.percent }} />
										</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				</div>
			))}
		</section>
	)
}

/** The province and national pages' trend: per catalog, how many facilities reached each level in each round. */
export function LevelDistributionTrend({ trend }: { trend: DistributionTrend }) {
	const t = useT()
	const locale = useLocale()
	const l = (x: Title) => (locale === 'en' ? x.en : x.vi)
	if (trend.every((c) => c.rounds.length === 0)) return null
	return (
		<section className="card" aria-labelledby="distribution-trend-heading" data-testid="distribution-trend">
			<h2 id="distribution-trend-heading">{t('trend.distribution.title')}</h2>
			{trend.map((c) => {
				const series = c.levels.map((lv) => (lv.title ? l(lv.title) : t('portal.noLevel')))
				return (
					<div key={c.code}>
						<h3>{l(c.title)}</h3>
						<figure>
							<StackedBarChart
								label={t('trend.distribution.caption', { catalog: l(c.title) })}
								series={series}
								rows={c.rounds.map((r) => ({ label: r.campaignTitle, values: r.counts }))}
							/>
							<figcaption className="muted">{t('trend.distribution.chartDesc')}</figcaption>
						</figure>
						<div className="table-wrap">
							<table data-testid={`distribution-trend-${c.code}`}>
								<caption>{t('trend.distribution.caption', { catalog: l(c.title) })}</caption>
								<thead>
									<tr>
										<th scope="col">{t('portal.campaign')}</th>
										{series.map((s, i) => (
											<th key={i} scope="col">
												{s}
											</th>
										))}
										<th scope="col">{t('trend.distribution.total')}</th>
									</tr>
								</thead>
								<tbody>
									{c.rounds.map((r) => (
										<tr key={r.campaignId}>
											<th scope="row">{r.campaignTitle}</th>
											{r.counts.map((n, i) => (
												<td key={i}>{n}</td>
											))}
											<td>{r.total}</td>
										</tr>
									))}
								</tbody>
							</table>
						</div>
					</div>
				)
			})}
		</section>
	)
}
