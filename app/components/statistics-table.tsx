import { type Locale } from '~/domain/enums'
import { formatFigure, type IndicatorFigure } from '~/domain/indicators'
import { formatNumber } from '~/domain/numbers'
import { type makeTranslate } from '~/i18n/translate'
import { useLocale, useT } from '~/utils/i18n'

/** A figure as a page receives it from its loader (labels in both languages). */
export type Figure = Omit<IndicatorFigure, 'label' | 'denominatorLabel'> & {
	label: { vi: string; en: string }
	denominatorLabel: { vi: string; en: string } | null
}

type Translate = ReturnType<typeof makeTranslate>

/** The denominator of a figure in words: "38 cơ sở có khoa chẩn đoán hình ảnh đã báo cáo" (docs/STATISTICS.md §2). */
export function denominatorWords(t: Translate, locale: Locale, s: Figure): string {
	const n = (x: number) => formatNumber(locale, x)
	if (s.kind === 'sum') return t('stats.denominator.sum', { count: n(s.facilities) })
	if (s.population === 'registered') return t('stats.denominator.registered', { count: n(s.registered), reported: n(s.reported) })
	if (s.denominatorLabel)
		return t('stats.denominator.labelled', {
			count: n(s.denominator ?? 0),
			label: locale === 'en' ? s.denominatorLabel.en : s.denominatorLabel.vi,
		})
	return t(s.population === 'applicable' ? 'stats.denominator.applicable' : 'stats.denominator.answered', { count: n(s.denominator ?? 0) })
}

/** The reporting rate in words: "31/31 cơ sở đã báo cáo". */
export function coverageWords(t: Translate, locale: Locale, s: { reported: number; registered: number }): string {
	return t('stats.coverage', { reported: formatNumber(locale, s.reported), registered: formatNumber(locale, s.registered) })
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
