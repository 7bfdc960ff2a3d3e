import { Link } from '@remix-run/react'
import { type Blocker, type CatalogScore } from '~/domain/catalog/scoring'
import { formatPercent } from '~/domain/numbers'
import { type MissingCount } from '~/domain/submission'
import { useLocale, useT } from '~/utils/i18n'

const SHOWN_BLOCKERS = 8

/** Level reached, next level and exactly what blocks it ("explain my level"). */
export function ScorePanel({
	score,
	linkTo,
	live,
	names = {},
	missing,
}: {
	score: CatalogScore
	linkTo: (groupId: string, criterionId: string) => string
	live?: boolean
	/** Criteria's short names by id, in the reader's language (app/domain/criterion-names). */
	names?: Readonly<Record<string, string>>
	/** What is still missing for submission in this catalog. */
	missing?: MissingCount
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
				<MissingBadges count={missing} />
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
										<Link to={linkTo(item.groupId, item.criterionId)}>{names[item.criterionId] ?? item.criterionId}</Link>{' '}
										<code className="muted criterion-code">{item.criterionId}</code> — {t(`assessment.blocker.${item.reason}`)}
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

/** Badges for what a catalog or a group still lacks before submission: answers, evidence. */
export function MissingBadges({ count }: { count: MissingCount | undefined }) {
	const t = useT()
	if (!count || (count.answers === 0 && count.evidence === 0 && count.conflicts === 0)) return null
	return (
		<>
			{count.answers > 0 ? (
				<>
					{' '}
					<span className="badge badge--warn" data-testid="missing-answers">
						{t('assessment.missing.answers', { count: count.answers })}
					</span>
				</>
			) : null}
			{count.evidence > 0 ? (
				<>
					{' '}
					<span className="badge badge--warn" data-testid="missing-evidence">
						{t('assessment.missing.evidence', { count: count.evidence })}
					</span>
				</>
			) : null}
			{count.conflicts > 0 ? (
				<>
					{' '}
					<span className="badge badge--danger" data-testid="missing-conflicts">
						{t('assessment.missing.conflicts', { count: count.conflicts })}
					</span>
				</>
			) : null}
		</>
	)
}
