import { Form } from '@remix-run/react'
import { FilterSelect } from '~/components/filter-select'
import { FACILITY_CLASSES, FACILITY_TYPES, MANAGING_BODIES } from '~/domain/enums'
import { formatFigure, type IndicatorFigure } from '~/domain/indicators'
import { formatNumber } from '~/domain/numbers'
import { BED_BANDS } from '~/domain/portal'
import { type MessageKey } from '~/i18n/vi'
import { useLocale, useT } from '~/utils/i18n'

type Filters = { type?: string; class?: string; managingBody?: string; beds?: string }
type Figure = Pick<IndicatorFigure, 'id' | 'kind' | 'numerator' | 'denominator' | 'percent'> & { label: { vi: string; en: string } }
type Breakdown = {
	key: 'managingBody' | 'type' | 'class' | 'beds'
	rows: Array<{ value: string; reported: number; registered: number; statistics: Array<Figure> }>
}

/** The name of a breakdown's value in the reader's language. */
export function useBreakdownValue() {
	const t = useT()
	return (key: Breakdown['key'], value: string) =>
		key === 'managingBody'
			? t.dynamic(`managingBody.${value}` as MessageKey)
			: key === 'type'
				? t.dynamic(`facilityType.${value}` as MessageKey)
				: key === 'class'
					? t.dynamic(`facilityClass.${value}` as MessageKey)
					: t('stats.breakdown.bedsValue', { band: value })
}

/** The GET form choosing the breakdown (combinable filters); `hidden` keeps the page's other parameters. */
export function BreakdownFilterForm({ filters, hidden }: { filters: Filters; hidden: Record<string, string> }) {
	const t = useT()
	return (
		<Form method="get" className="search-form filters" aria-label={t('stats.filter.legend')}>
			{Object.entries(hidden).map(([k, v]) => (
				<input key={k} type="hidden" name={k} value={v} />
			))}
			<FilterSelect
				name="managingBody"
				label={t('facility.managingBody')}
				value={filters.managingBody}
				options={MANAGING_BODIES.map((v) => [v, t(`managingBody.${v}`)])}
			/>
			<FilterSelect
				name="type"
				label={t('facility.type')}
				value={filters.type}
				options={FACILITY_TYPES.map((v) => [v, t(`facilityType.${v}`)])}
			/>
			<FilterSelect
				name="class"
				label={t('facility.class')}
				value={filters.class}
				options={FACILITY_CLASSES.map((v) => [v, t(`facilityClass.${v}`)])}
			/>
			<FilterSelect
				name="beds"
				label={t('stats.breakdown.beds')}
				value={filters.beds}
				options={BED_BANDS.map((v) => [v, t('stats.breakdown.bedsValue', { band: v })])}
			/>
			<button type="submit" className="button">
				{t('portal.show')}
			</button>
		</Form>
	)
}

/** The headline indicators by managing body, facility type, grade and bed band, each with its reporting rate. */
export function StatisticsBreakdowns({ breakdowns }: { breakdowns: ReadonlyArray<Breakdown> }) {
	const t = useT()
	const locale = useLocale()
	const valueName = useBreakdownValue()
	const heading = (key: Breakdown['key']) =>
		key === 'beds'
			? t('stats.breakdown.beds')
			: key === 'type'
				? t('facility.type')
				: key === 'class'
					? t('facility.class')
					: t('facility.managingBody')
	return (
		<section className="card" aria-labelledby="breakdowns-heading">
			<h2 id="breakdowns-heading">{t('stats.breakdowns')}</h2>
			{breakdowns.map((b) => (
				<div key={b.key} className="table-wrap">
					<table className="compact" data-testid={`breakdown-${b.key}`}>
						<caption>{heading(b.key)}</caption>
						<thead>
							<tr>
								<th scope="col">{heading(b.key)}</th>
								<th scope="col">{t('stats.col.coverage')}</th>
								{(b.rows[0]?.statistics ?? []).map((s) => (
									<th key={s.id} scope="col">
										{locale === 'en' ? s.label.en : s.label.vi}
									</th>
								))}
							</tr>
						</thead>
						<tbody>
							{b.rows.map((r) => (
								<tr key={r.value} data-value={r.value}>
									<th scope="row">{valueName(b.key, r.value)}</th>
									<td>
										{t('stats.coverage', {
											reported: formatNumber(locale, r.reported),
											registered: formatNumber(locale, r.registered),
										})}
									</td>
									{r.statistics.map((s) => (
										<td key={s.id} data-stat={s.id}>
											{formatFigure(s, locale)}
										</td>
									))}
								</tr>
							))}
						</tbody>
					</table>
				</div>
			))}
		</section>
	)
}
