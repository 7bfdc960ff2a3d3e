import { Link } from '@remix-run/react'
import { useT } from '~/utils/i18n'

/** Previous / next links for a paged list; `link` builds the URL of a page. */
export function Pager({ page, pages, link }: { page: number; pages: number; link: (page: number) => string }) {
	const t = useT()
	if (pages <= 1) return null
	return (
		<nav className="pager" aria-label={t('facilities.pages')}>
			{page > 1 ? <Link to={link(page - 1)}>{t('facilities.prevPage')}</Link> : null}
			<span>
				{page} / {pages}
			</span>
			{page < pages ? <Link to={link(page + 1)}>{t('facilities.nextPage')}</Link> : null}
		</nav>
	)
}
