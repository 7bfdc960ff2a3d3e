import { BarChart } from '~/components/bar-chart'
import { IndicatorPicker } from '~/components/indicator-picker'
import { type Figure } from '~/components/statistics-table'
import { facilityReadingText, formatFigure } from '~/domain/indicators'
import { formatPercent } from '~/domain/numbers'
import { coverageWords, denominatorWords } from '~/i18n/figure-words'
import { useLocale, useT } from '~/utils/i18n'

/**
 * One indicator across the rounds with published results: a GET form choosing it, a bar chart of
 * its percentage per round (SVG) and the table it pictures (the exact figures, denominators and
 * reporting rates, for every reader).
 */
export function IndicatorTrend({
	rounds,
	chosen,
	choices,
	hidden,
}: {
	rounds: ReadonlyArray<{ campaignId: number; title: string; figure: Figure | null }>
	chosen: string
	choices: ReadonlyArray<{ id: string; label: { vi: string; en: string } }>
	hidden: Record<string, string>
}) {
	const t = useT()
	const locale = useLocale()
	const l = (x: { vi: string; en: string }) => (locale === 'en' ? x.en : x.vi)
	const name = l(choices.find((c) => c.id === chosen)?.label ?? { vi: chosen, en: chosen })
	const charted = rounds.filter((r) => r.figure && r.figure.percent !== null)
	return (
		<section className="card" aria-labelledby="trend-heading" data-testid="trend">
			<h2 id="trend-heading">{t('stats.trend')}</h2>
			<IndicatorPicker
				name="trend"
				label={t('stats.trend.indicator')}
				button={t('portal.show')}
				choices={choices}
				chosen={chosen}
				hidden={hidden}
			/>
			{charted.length ? (
				<BarChart
					label={t('stats.trend.chart', { indicator: name })}
					max={100}
					bars={charted.map((r) => ({ label: r.title, value: r.figure!.percent!, display: formatPercent(locale, r.figure!.percent!) }))}
				/>
			) : null}
			{rounds.length ? (
				<div className="table-wrap">
					<table className="compact" data-testid="trend-table">
						<caption>{name}</caption>
						<thead>
							<tr>
								<th scope="col">{t('stats.trend.round')}</th>
								<th scope="col">{t('portal.col.figure')}</th>
								<th scope="col">{t('stats.col.denominator')}</th>
								<th scope="col">{t('stats.col.coverage')}</th>
							</tr>
						</thead>
						<tbody>
							{rounds.map((r) => (
								<tr key={r.campaignId}>
									<th scope="row">{r.title}</th>
									<td>{r.figure ? formatFigure(r.figure, locale) : '—'}</td>
									<td>{r.figure ? denominatorWords(t, locale, r.figure) : '—'}</td>
									<td>{r.figure ? coverageWords(t, locale, r.figure) : '—'}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			) : (
				<p>{t('stats.trend.none')}</p>
			)}
		</section>
	)
}

/** A facility's own indicators across its published rounds: yes, no, or not counted. */
export function FacilityIndicatorTrend({
	rounds,
}: {
	rounds: ReadonlyArray<{ campaignId: number; title: string; statistics: ReadonlyArray<Figure> }>
}) {
	const t = useT()
	const locale = useLocale()
	if (!rounds.length) return null
	const words = { yes: t('stats.trend.yes'), no: t('stats.trend.no') }
	const cell = (s: Figure | undefined) => (s ? facilityReadingText(s, locale, words) : '—')
	return (
		<section className="card" aria-labelledby="facility-trend-heading" data-testid="facility-trend">
			<h2 id="facility-trend-heading">{t('stats.trend')}</h2>
			<div className="table-wrap">
				<table className="compact">
					<thead>
						<tr>
							<th scope="col">{t('stats.col.indicator')}</th>
							{rounds.map((r) => (
								<th key={r.campaignId} scope="col">
									{r.title}
								</th>
							))}
						</tr>
					</thead>
					<tbody>
						{rounds[0].statistics.map((s) => (
							<tr key={s.id} data-stat={s.id}>
								<th scope="row">{locale === 'en' ? s.label.en : s.label.vi}</th>
								{rounds.map((r) => (
									<td key={r.campaignId}>{cell(r.statistics.find((x) => x.id === s.id))}</td>
								))}
							</tr>
						))}
					</tbody>
				</table>
			</div>
		</section>
	)
}
