import { Form } from '@remix-run/react'
import { formatDateTime } from '~/i18n/translate'
import { useLocale, useT } from '~/utils/i18n'

/** A criterion's comment thread (evaluator and facility), with a form to add to it. */
export function CommentThread({
	comments,
	criterionId,
	canWrite,
	saved,
}: {
	comments: Array<{ id: number; authorName: string; body: string; requestsChange: boolean; createdAt: Date | string }>
	criterionId: string
	canWrite: boolean
	/** The comment just posted here was saved. */
	saved?: boolean
}) {
	const t = useT()
	const locale = useLocale()
	if (!comments.length && !canWrite) return null
	return (
		<div className="comments">
			<strong>{t('review.comments')}</strong>
			{comments.length ? (
				<ul className="thread">
					{comments.map((c) => (
						<li key={c.id} className={c.requestsChange ? 'requested' : undefined}>
							<div className="thread__meta">
								{c.authorName} · {formatDateTime(locale, new Date(c.createdAt))}
								{c.requestsChange ? ` · ${t('review.requestedChange')}` : ''}
							</div>
							{c.body}
						</li>
					))}
				</ul>
			) : null}
			{canWrite ? (
				<Form method="post" className="inline-comment" preventScrollReset>
					<input type="hidden" name="intent" value="comment" />
					<input type="hidden" name="criterionId" value={criterionId} />
					<label htmlFor={`comment-${criterionId}`} className="visually-hidden">
						{t('review.commentLabel')}
					</label>
					<textarea id={`comment-${criterionId}`} name="body" rows={1} placeholder={t('review.commentLabel')} />
					<button type="submit" className="button button--quiet">
						{t('review.addComment')}
					</button>
					{saved ? (
						<span className="save-state save-state--saved" role="status">
							{t('review.commentSaved')}
						</span>
					) : null}
				</Form>
			) : null}
		</div>
	)
}
