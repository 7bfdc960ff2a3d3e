// A widget a provincial portal embeds in an iframe (frame-ancestors is opened for /embed/ only).
import { type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { provinceBySlug } from '#db/queries/provinces'
import { formatFigure } from '~/domain/indicators'
import { formatNumber } from '~/i18n/translate'
import { provinceModel, resolveCampaign } from '~/pages/portal.server'
import { invariantResponse } from '~/utils/http.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

export const handle = { embed: true }

export async function loader({ request, params }: LoaderFunctionArgs) {
	const province = provinceBySlug(getDb(), params.province ?? '')
	invariantResponse(province, 'Unknown province', { status: 404 })
	const choice = resolveCampaign(new URL(request.url).searchParams.get('campaign'))
	invariantResponse(choice, 'Unknown campaign', { status: 404 })
	const { campaign } = choice
	const { value } = provinceModel(province.code, campaign?.id ?? null, {})
	return { province, campaign, statistics: value.statistics, facilities: value.facilities.length }
}

export const headers: HeadersFunction = () => ({ 'Cache-Control': 'public, no-cache' })

export default function ProvinceWidget() {
	const { province, campaign, statistics, facilities } = useLoaderData<typeof loader>()
	const t = useT()
	const locale = useLocale()
	return (
		<div className="widget">
			<h1>{t('portal.province.title', { province: locale === 'en' ? province.nameEn : province.nameVi })}</h1>
			<p className="muted">
				{campaign?.title ?? t('portal.nothingPublished')} · {t('portal.publishedCount', { count: formatNumber(locale, facilities) })}
			</p>
			<table className="compact" data-testid="statistics">
				<tbody>
					{statistics.map((s) => (
						<tr key={s.id}>
							<td>{locale === 'en' ? s.label.en : s.label.vi}</td>
							<td>{formatFigure(s, locale)}</td>
						</tr>
					))}
				</tbody>
			</table>
			<p className="muted">
				<a href={`/portal/${province.slug}`} target="_blank" rel="noreferrer">
					{t('nav.portal')}
				</a>
			</p>
		</div>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('title.widget'))
