// The national widget a portal embeds in an iframe (frame-ancestors is opened for /embed/ only):
// the provinces' tile map for one headline statistic (?map=lis) and its table equivalent.
import { type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { TileMap } from '~/components/tile-map'
import { provinceSortName } from '~/domain/collation'
import { formatFigure, HEADLINE_INDICATORS } from '~/domain/indicators'
import { formatNumber } from '~/i18n/translate'
import { nationalModel, resolveCampaign } from '~/pages/portal.server'
import { invariantResponse } from '~/utils/http.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

export const handle = { embed: true }

export async function loader({ request }: LoaderFunctionArgs) {
	const url = new URL(request.url)
	const choice = resolveCampaign(url.searchParams.get('campaign'))
	invariantResponse(choice, 'Unknown campaign', { status: 404 })
	const { value } = nationalModel(choice.campaign?.id ?? null)
	const asked = url.searchParams.get('map') ?? ''
	const map = HEADLINE_INDICATORS.includes(asked) ? asked : HEADLINE_INDICATORS[0]
	const label = value.statistics.find((s) => s.id === map)?.label ?? { vi: map, en: map }
	return {
		campaign: choice.campaign,
		published: value.published,
		label,
		provinces: value.provinces.map((p) => ({ ...p, figure: p.statistics.find((s) => s.id === map) ?? null })),
	}
}

export const headers: HeadersFunction = () => ({ 'Cache-Control': 'public, no-cache' })

export default function NationalWidget() {
	const { campaign, published, label, provinces } = useLoaderData<typeof loader>()
	const t = useT()
	const locale = useLocale()
	const statistic = locale === 'en' ? label.en : label.vi
	const q = campaign ? `?campaign=${campaign.id}` : ''
	return (
		<div className="widget">
			<h1>{t('tileMap.label', { statistic })}</h1>
			<p className="muted">
				{campaign?.title ?? t('portal.nothingPublished')} · {t('portal.publishedCount', { count: formatNumber(locale, published) })}
			</p>
			<TileMap
				label={t('tileMap.label', { statistic })}
				target="_blank"
				tiles={provinces.map((p) => ({
					code: p.code,
					name: provinceSortName(locale === 'en' ? p.nameEn : p.nameVi),
					href: `/portal/${p.slug}${q}`,
					percent: p.figure?.percent ?? null,
				}))}
			/>
			<table className="compact" data-testid="map-table">
				<thead>
					<tr>
						<th scope="col">{t('facility.province')}</th>
						<th scope="col">{statistic}</th>
					</tr>
				</thead>
				<tbody>
					{provinces.map((p) => (
						<tr key={p.code}>
							<td>{locale === 'en' ? p.nameEn : p.nameVi}</td>
							<td>{p.figure ? formatFigure(p.figure, locale) : '—'}</td>
						</tr>
					))}
				</tbody>
			</table>
		</div>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('title.widget'))
