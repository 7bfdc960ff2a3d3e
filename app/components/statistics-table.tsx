import { formatFigure, type StatisticFigure } from '~/domain/statistics'
import { useLocale, useT } from '~/utils/i18n'

/** The ministry's figures, "X/Y (Z %)", with the denominator stated under the table. */
export function StatisticsTable({ statistics }: { statistics: ReadonlyArray<StatisticFigure> }) {
	const t = useT()
	const locale = useLocale()
	return (
		<>
			<div className="table-wrap">
				<table data-testid="statistics">
					<thead>
						<tr>
							<th scope="col">{t('portal.statistics')}</th>
							<th scope="col">{t('portal.col.figure')}</th>
						</tr>
					</thead>
					<tbody>
						{statistics.map((s) => (
							<tr key={s.id} data-stat={s.id}>
								<td>{locale === 'en' ? s.label.en : s.label.vi}</td>
								<td>{formatFigure(s, locale)}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
			<p className="muted">{t('portal.statDenominator')}</p>
		</>
	)
}
