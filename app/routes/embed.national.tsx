// The national widget a portal embeds in an iframe (frame-ancestors is opened for /embed/ only):
// the provinces' tile map for one headline statistic or level share (?map=lis) and its table equivalent.
import { type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { TileMap, TileMapTable } from '~/components/tile-map'
import { provinceSortName } from '~/domain/collation'
import { formatNumber } from '~/i18n/translate'
import { mapSection, nationalModel, resolveCampaign } from '~/pages/portal.server'
import { invariantResponse } from '~/utils/http.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

export const handle = { embed: true }

export async function loader({ request }: LoaderFunctionArgs) {
	const url = new URL(request.url)
	const choice = resolveCampaign(url.searchParams.get('campaign'))
	invariantResponse(choice, 'Unknown campaign', { status: 404 })
	const { value } = nationalModel(choice.campaign?.id ?? null)
	const map = mapSection(choice.campaign?.id ?? null, url.searchParams.get('map'), value)
	return { campaign: choice.campaign, published: value.published, label: map.label, provinces: map.provinces }
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
			<TileMapTable
				statistic={statistic}
				rows={provinces.map((p) => ({ code: p.code, name: locale === 'en' ? p.nameEn : p.nameVi, figure: p.figure }))}
			/>
		</div>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('title.widget'))
