import { formatPercent } from '~/domain/numbers'
import { useLocale, useT } from '~/utils/i18n'

type Title = { vi: string; en: string }

/**
 * A facility's result in one catalog, as a table cell: the level reached; when none is, says so and
 * gives the share of criteria met as what it is (a share, not a grade beside the levels).
 */
export function LevelCell({ level }: { level: { title: Title | null; percent: number | null } | undefined }) {
	const t = useT()
	const locale = useLocale()
	if (!level || (level.title === null && level.percent === null)) return <>—</>
	if (level.title) return <>{locale === 'en' ? level.title.en : level.title.vi}</>
	return (
		<>
			{t('portal.noLevel')} <span className="muted">({t('portal.criteriaMet', { percent: formatPercent(locale, level.percent!) })})</span>
		</>
	)
}
