import { formatFigure, type IndicatorFigure } from '~/domain/indicators'
import { coverageWords, denominatorWords } from '~/i18n/figure-words'
import { useLocale, useT } from '~/utils/i18n'

/** A figure as a page receives it from its loader (labels in both languages). */
export type Figure = Omit<IndicatorFigure, 'label' | 'denominatorLabel'> & {
	label: { vi: string; en: string }
	denominatorLabel: { vi: string; en: string } | null
}

/** The indicators, "X/Y (Z %)", each with its denominator in words and its reporting rate. */
export function StatisticsTable({ statistics }: { statistics: ReadonlyArray<Figure> }) {
	const t = useT()
	const locale = useLocale()
	return (
		<>
			<div className="table-wrap">
				<table data-testid="statistics">
					<thead>
						<tr>
							<th scope="col">{t('stats.col.indicator')}</th>
							<th scope="col">{t('portal.col.figure')}</th>
							<th scope="col">{t('stats.col.denominator')}</th>
							<th scope="col">{t('stats.col.coverage')}</th>
						</tr>
					</thead>
					<tbody>
						{statistics.map((s) => (
							<tr key={s.id} data-stat={s.id}>
								<th scope="row">{locale === 'en' ? s.label.en : s.label.vi}</th>
								<td data-cell="figure">{formatFigure(s, locale)}</td>
								<td data-cell="denominator">{denominatorWords(t, locale, s)}</td>
								<td data-cell="coverage">{coverageWords(t, locale, s)}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
			<p className="muted">{t('stats.rounding')}</p>
		</>
	)
}
