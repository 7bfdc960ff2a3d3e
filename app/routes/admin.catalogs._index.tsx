import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { listCatalogVersions } from '#db/queries/catalogs'
import { formatDate, formatDateTime, formatNumber } from '~/i18n/translate'
import { requirePermission } from '~/utils/auth.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePermission(request, 'catalog:manage', { kind: 'global' })
	return { versions: listCatalogVersions(getDb()) }
}

export default function CatalogsIndex() {
	const { versions } = useLoaderData<typeof loader>()
	const t = useT()
	const locale = useLocale()
	return (
		<>
			<h1>{t('catalogs.title')}</h1>
			<p className="lede">{t('catalogs.intro')}</p>
			{versions.length === 0 ? (
				<p>{t('catalogs.none')}</p>
			) : (
				<div className="table-wrap">
					<table>
						<thead>
							<tr>
								<th scope="col">{t('catalogs.col.code')}</th>
								<th scope="col">{t('catalogs.col.title')}</th>
								<th scope="col">{t('catalogs.col.version')}</th>
								<th scope="col">{t('catalogs.col.criteria')}</th>
								<th scope="col">{t('catalogs.col.effective')}</th>
								<th scope="col">{t('catalogs.col.imported')}</th>
								<th scope="col">{t('catalogs.col.hash')}</th>
							</tr>
						</thead>
						<tbody>
							{versions.map((v) => (
								<tr key={v.id}>
									<td>
										<Link to={`/admin/catalogs/${v.code}`}>{v.code}</Link>
									</td>
									<td>
										<Link to={`/admin/catalogs/${v.code}/${v.version}`}>{locale === 'en' ? v.titleEn : v.titleVi}</Link>
										{v.repealedFrom ? (
											<span className="badge badge--danger">
												{' '}
												{t('catalogs.col.repealed')} {formatDate(locale, new Date(v.repealedFrom))}
											</span>
										) : null}
									</td>
									<td>v{v.version}</td>
									<td>{formatNumber(locale, v.criteria)}</td>
									<td>{v.effectiveFrom ? formatDate(locale, new Date(v.effectiveFrom)) : '—'}</td>
									<td>{formatDateTime(locale, new Date(v.importedAt))}</td>
									<td>
										<code title={v.contentHash}>{v.contentHash.slice(0, 12)}…</code>
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
		</>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('catalogs.title'))
