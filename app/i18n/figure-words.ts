// A statistic's figure in words, one wording for every place that shows it: the portal's tables, the
// analysts' workbook (docs/STATISTICS.md §2, §4).
import { type Locale } from '~/domain/enums'
import { type IndicatorFigure } from '~/domain/indicators'
import { formatNumber } from '~/domain/numbers'
import { type Translate } from './translate'

/** What the wording reads of a figure (a page's loader data carries the same fields). */
type Worded = Pick<IndicatorFigure, 'kind' | 'population' | 'denominator' | 'facilities' | 'reported' | 'registered'> & {
	denominatorLabel: { vi: string; en: string } | null
}

/** The denominator of a figure in words: "38 cơ sở có khoa chẩn đoán hình ảnh đã báo cáo" (docs/STATISTICS.md §2). */
export function denominatorWords(t: Translate, locale: Locale, s: Worded): string {
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
