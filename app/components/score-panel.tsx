import { Link } from '@remix-run/react'
import { type Blocker, type CatalogScore } from '~/domain/catalog/scoring'
import { formatPercent } from '~/domain/numbers'
import { useLocale, useT } from '~/utils/i18n'

const SHOWN_BLOCKERS = 8

/** Level reached, next level and exactly what blocks it ("explain my level"). */
export function ScorePanel({
	score,
	linkTo,
	live,
}: {
	score: CatalogScore
	linkTo: (groupId: string, criterionId: string) => string
	live?: boolean
}) {
	const t = useT()
	const locale = useLocale()
	const l = (text: { vi: string; en: string }) => (locale === 'en' ? text.en : text.vi)
	const missingMandatory = score.completion.mandatoryApplicable - score.completion.mandatoryAnswered
	const items = score.blockers.flatMap((b) => blockerItems(b))
	const groupTitle = (id: string) => {
		const g = score.groups.find((x) => x.id === id)
		return g ? l(g.title) : id
	}
	const hasLevels = score.levels.length > 0
	return (
		<div className="score-panel" data-testid={`score-${score.code}`} aria-live={live ? 'polite' : undefined}>
			{hasLevels ? (
				<p className="score-panel__level">
					<span className="muted">{t('assessment.level')}: </span>
					<strong data-testid="achieved-level">{score.achievedLevel ? l(score.achievedLevel.title) : t('assessment.noLevel')}</strong>
					{score.provisional ? (
						<>
							{' '}
							<span className="badge badge--warn" title={t('assessment.provisionalNote')}>
								{t('assessment.provisional')}
							</span>
						</>
					) : null}
				</p>
			) : null}
			<p className="muted">
				{t('assessment.completion', {
					answered: score.completion.answered,
					applicable: score.completion.applicable,
					mandatory: missingMandatory,
				})}
				{score.percent !== null ? ` · ${t('assessment.percent', { percent: formatPercent(locale, score.percent) })}` : ''}
			</p>
			{!hasLevels ? null : score.nextLevel ? (
				<>
					<p>{t('assessment.nextLevel', { level: l(score.nextLevel.title) })}</p>
					{score.blockers.length ? (
						<details open={items.length <= SHOWN_BLOCKERS}>
							<summary>{t('assessment.blockers')}</summary>
							<ul className="blockers" data-testid="blockers">
								{score.blockers
									.filter((b) => b.kind === 'below_threshold')
									.map((b, i) =>
										b.kind === 'below_threshold' ? (
											<li key={`t${i}`}>
												{t('assessment.blocker.below_threshold', {
													count: b.moreNeeded,
													percent: formatPercent(locale, b.percent),
													min: formatPercent(locale, b.minPercent),
												})}
											</li>
										) : null,
									)}
								{score.blockers.map((b, i) =>
									b.kind === 'catalog' ? (
										<li key={`c${i}`} data-testid="catalog-blocker">
											{t(`assessment.blocker.catalog.${b.reason}`, {
												catalog: b.catalogTitle ? l(b.catalogTitle) : b.catalogCode,
												level: b.levelTitle ? l(b.levelTitle) : b.levelId,
											})}
										</li>
									) : b.kind === 'system' ? (
										<li key={`s${i}`} data-testid="system-blocker">
											<Link to={linkTo(b.groupId, b.criterionId)}>
												{t.dynamic(`assessment.blocker.system.${b.reason}`, { system: groupTitle(b.groupId) })}
											</Link>
										</li>
									) : null,
								)}
								{items.slice(0, SHOWN_BLOCKERS).map((item) => (
									<li key={item.criterionId}>
										<Link to={linkTo(item.groupId, item.criterionId)}>
											<code>{item.criterionId}</code>
										</Link>{' '}
										— {t(`assessment.blocker.${item.reason}`)}
									</li>
								))}
								{items.length > SHOWN_BLOCKERS ? <li>{t('assessment.blockers.more', { count: items.length - SHOWN_BLOCKERS })}</li> : null}
							</ul>
						</details>
					) : null}
				</>
			) : (
				<p>{t('assessment.topLevel')}</p>
			)}
		</div>
	)
}

function blockerItems(b: Blocker): Array<{ criterionId: string; groupId: string; reason: 'unanswered' | 'not_met' | 'na_not_allowed' }> {
	if (b.kind === 'below_threshold') return b.candidates.map((c) => ({ criterionId: c.criterionId, groupId: c.groupId, reason: c.reason }))
	// Requirements on another catalog or on a system's security level are listed by their own lines.
	if (b.kind === 'catalog' || b.kind === 'system') return []
	return [{ criterionId: b.criterionId, groupId: b.groupId, reason: b.kind }]
}
