// The reasons to look at a criterion first on the review page (docs/ROUNDS.md): marked, with the
// reason in words. They inform the evaluator and change no score.
import type { AnswerSpec } from '~/domain/catalog/schema'
import type { ReviewFlag } from '~/domain/review-flags'
import { useLocale, useT } from '~/utils/i18n'
import { displayValue } from './criterion-card'

export function ReviewFlags({ flags, spec }: { flags: ReadonlyArray<ReviewFlag> | undefined; spec: AnswerSpec }) {
	const t = useT()
	const locale = useLocale()
	if (!flags?.length) return null
	return (
		<div className="alert alert--info" role="note" aria-label={t('flags.title')} data-testid="review-flags">
			<strong>⚑ {t('flags.title')}</strong>
			<ul>
				{flags.map((f, i) => (
					<li key={i} data-flag={f.reason}>
						{f.reason === 'jumped'
							? t('flags.jumped', { before: t(`readiness.state.${f.before}`) })
							: f.reason === 'differs_from_peers'
								? t('flags.peers', { agreeing: f.agreeing, peers: f.peers, value: displayValue(spec, f.value, locale, t) })
								: `${t(`flags.adjusted.${f.verdict}`)}${f.evaluatorReason ? `. ${t('flags.reason', { reason: f.evaluatorReason })}` : ''}`}
					</li>
				))}
			</ul>
			<p className="muted">{t('flags.note')}</p>
		</div>
	)
}
