import { Link } from '@remix-run/react'
import { useT } from '~/utils/i18n'

/** After an invitation or a reset: either "e-mailed", or the one-time link to hand over, shown this once. */
export function LinkPanel({ title, mailed, link, userHref }: { title: string; mailed: boolean; link: string | null; userHref?: string }) {
	const t = useT()
	return (
		<section className="card" role="status" data-testid="link-panel">
			<h2>{title}</h2>
			{mailed ? (
				<p>{t('users.link.mailed')}</p>
			) : (
				<>
					<p>{t('users.link.noMail')}</p>
					<div className="field">
						<label htmlFor="one-time-link">{t('users.link.label')}</label>
						<input id="one-time-link" type="text" readOnly value={link ?? ''} className="link-field" />
					</div>
					<p className="muted">{t('users.link.once')}</p>
				</>
			)}
			{userHref ? (
				<p>
					<Link to={userHref}>{t('users.link.open')}</Link>
				</p>
			) : null}
		</section>
	)
}
