import { useT } from '~/utils/i18n'

/** The CSV and JSON links of an open-data table shown on a portal page. */
export function OpenDataLinks({ base }: { base: string }) {
	const t = useT()
	const sep = base.endsWith('?') ? '' : '&'
	return (
		<p className="muted">
			{t('portal.downloads')}: <a href={`${base}${sep}format=csv`}>{t('portal.download.csv')}</a> ·{' '}
			<a href={`${base}${sep}format=json`}>{t('portal.download.json')}</a>
		</p>
	)
}
