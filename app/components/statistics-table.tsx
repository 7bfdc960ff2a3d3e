import { formatFigure, type IndicatorFigure } from '~/domain/indicators'
import { formatNumber } from '~/domain/numbers'
import { useLocale, useT } from '~/utils/i18n'

type Figure = Omit<IndicatorFigure, 'label' | 'denominatorLabel'> & {
	label: { vi: string; en: string }
	denominatorLabel: { vi: string; en: string } | null
}

/** The denominator of a figure in words: "38 cơ sở có khoa chẩn đoán hình ảnh đã báo cáo" (docs/STATISTICS.md §2). */
export function useDenominatorWords() {
	const t = useT()
	const locale = useLocale()
	return (s: Figure) => {
		const n = (x: number) => formatNumber(locale, x)
		if (s.kind === 'sum') return t('stats.denominator.sum', { count: n(s.facilities) })
		if (s.population === 'registered') return t('stats.denominator.registered', { count: n(s.registered), reported: n(s.reported) })
		if (s.denominatorLabel)
			return t('stats.denominator.labelled', {
				count: n(s.denominator ?? 0),
				label: locale === 'en' ? s.denominatorLabel.en : s.denominatorLabel.vi,
			})
		return t(s.population === 'applicable' ? 'stats.denominator.applicable' : 'stats.denominator.answered', {
			count: n(s.denominator ?? 0),
		})
	}
}

/** The indicators, "X/Y (Z %)", each with its denominator in words and its reporting rate. */
export function StatisticsTable({ statistics }: { statistics: ReadonlyArray<Figure> }) {
	const t = useT()
	const locale = useLocale()
	const words = useDenominatorWords()
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
								<td data-cell="denominator">{words(s)}</td>
								<td data-cell="coverage">
									{t('stats.coverage', { reported: formatNumber(locale, s.reported), registered: formatNumber(locale, s.registered) })}
								</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
			<p className="muted">{t('stats.rounding')}</p>
		</>
	)
}
