// The overview's "compared with the previous round" section: levels per catalog, readiness per
// system and each criterion that changed, read through the catalogs' lineage (docs/ROUNDS.md).
import { answerToFields } from '~/domain/answer-form'
import type { CatalogComparison, CriterionSide, RoundComparison, SystemSide } from '~/domain/round-comparison'
import { useLocale, useT } from '~/utils/i18n'
import { displayValue } from './criterion-card'
import { LevelCell } from './level-cell'

type Basis = 'verified' | 'submitted' | 'current'
export type RoundComparisonView = RoundComparison & {
	previous: { campaignTitle: string; basis: Basis }
	current: { campaignTitle: string; basis: Basis }
}

export function RoundComparisonSection({ data }: { data: RoundComparisonView }) {
	const t = useT()
	const locale = useLocale()
	const l = (x: { vi: string; en: string }) => (locale === 'en' ? x.en : x.vi)
	const system = (s: SystemSide) =>
		t('rounds.operationCount', {
			operation: t(`readiness.operation.${s.operation}`),
			coverage: t('readiness.count', s.coverage),
			connections: t('readiness.count', s.connections),
		})
	const level = (side: CatalogComparison['before']) =>
		side ? (
			<>
				<LevelCell level={{ title: side.level?.title ?? null, percent: side.percent }} />{' '}
				<span className="muted">({t('rounds.version', { version: side.version })})</span>
			</>
		) : (
			<span className="muted">{t('rounds.notInRound')}</span>
		)
	// An informational criterion is shown by its value; the others by their state.
	const state = (s: CriterionSide) =>
		s.state === 'info' && s.answer
			? displayValue(s.spec, answerToFields(s.answer, locale).value, locale, t)
			: t(`readiness.state.${s.state}`)
	// The previous round's side: its state alone for the same criterion, each predecessor named after a split or merge.
	const before = (after: CriterionSide, was: ReadonlyArray<CriterionSide>) =>
		was.length === 1 && was[0].id === after.id ? state(was[0]) : was.map((b) => `${b.id}: ${state(b)}`).join('; ')
	return (
		<section className="card" aria-labelledby="rounds-heading" data-testid="round-comparison">
			<h2 id="rounds-heading">{t('rounds.title')}</h2>
			<p className="muted">
				{t('rounds.intro', {
					previous: data.previous.campaignTitle,
					previousBasis: t(`rounds.basis.${data.previous.basis}`),
					current: data.current.campaignTitle,
					currentBasis: t(`rounds.basis.${data.current.basis}`),
				})}
			</p>
			<div className="table-wrap">
				<table data-testid="round-levels">
					<caption>{t('rounds.levels')}</caption>
					<thead>
						<tr>
							<th scope="col">{t('rounds.col.catalog')}</th>
							<th scope="col">{t('rounds.col.before')}</th>
							<th scope="col">{t('rounds.col.after')}</th>
						</tr>
					</thead>
					<tbody>
						{data.catalogs.map((c) => (
							<tr key={c.code}>
								<th scope="row">{l(c.title)}</th>
								<td>{level(c.before)}</td>
								<td>{level(c.after)}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
			<div className="table-wrap">
				<table data-testid="round-systems">
					<caption>{t('rounds.systems')}</caption>
					<thead>
						<tr>
							<th scope="col">{t('rounds.col.system')}</th>
							<th scope="col">{t('rounds.col.before')}</th>
							<th scope="col">{t('rounds.col.after')}</th>
						</tr>
					</thead>
					<tbody>
						{data.systems.map((s) => (
							<tr key={s.system}>
								<th scope="row">{t(`readiness.system.${s.system}`)}</th>
								<td>{system(s.before)}</td>
								<td>{s.changed ? <strong>{system(s.after)}</strong> : system(s.after)}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
			<h3>{t('rounds.criteria')}</h3>
			{data.catalogs
				.filter((c) => c.before && c.after)
				.map((c) => (
					<div key={c.code} data-testid={`round-criteria-${c.code}`}>
						<h4>{l(c.title)}</h4>
						{!c.sameVersion ? (
							<p className="muted">{t('rounds.versions', { catalog: l(c.title), before: c.before!.version, after: c.after!.version })}</p>
						) : null}
						{c.changes.length === 0 ? (
							<p>{t('rounds.unchanged')}</p>
						) : (
							<div className="table-wrap">
								<table>
									<thead>
										<tr>
											<th scope="col">{t('rounds.col.criterion')}</th>
											<th scope="col">{t('rounds.col.before')}</th>
											<th scope="col">{t('rounds.col.after')}</th>
											<th scope="col">{t('rounds.col.change')}</th>
										</tr>
									</thead>
									<tbody>
										{c.changes.map((x) =>
											x.kind === 'changed' ? (
												<tr key={`c-${x.after.id}`} data-change={x.change}>
													<th scope="row">
														{x.after.id} {l(x.after.text)}{' '}
														{x.relation === 'same' ? null : (
															<span className="muted">
																{x.relation === 'reworded'
																	? t('rounds.relation.reworded')
																	: t(`rounds.relation.${x.relation}`, { from: x.before.map((b) => b.id).join(', ') })}
															</span>
														)}
													</th>
													<td>{before(x.after, x.before)}</td>
													<td>{state(x.after)}</td>
													<td>{t(`rounds.change.${x.change}`)}</td>
												</tr>
											) : x.kind === 'new' ? (
												<tr key={`n-${x.after.id}`} data-change="new">
													<th scope="row">
														{x.after.id} {l(x.after.text)}
													</th>
													<td>—</td>
													<td>{state(x.after)}</td>
													<td>{t('rounds.new')}</td>
												</tr>
											) : (
												<tr key={`d-${x.before.id}`} data-change="dropped">
													<th scope="row">
														{x.before.id} {l(x.before.text)}
													</th>
													<td>{state(x.before)}</td>
													<td>—</td>
													<td>{t('rounds.dropped')}</td>
												</tr>
											),
										)}
									</tbody>
								</table>
							</div>
						)}
						{c.changes.length > 0 && c.unchanged > 0 ? <p className="muted">{t('rounds.unchangedCount', { count: c.unchanged })}</p> : null}
						{c.unansweredNow > 0 ? (
							<p className="muted" data-testid="unanswered-now">
								{t('rounds.unansweredNow', { count: c.unansweredNow })}
							</p>
						) : null}
					</div>
				))}
		</section>
	)
}
