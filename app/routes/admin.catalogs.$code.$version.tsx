import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { getCatalogVersion } from '#db/queries/catalogs'
import { ProvenanceBadge } from '~/components/provenance-badge'
import { formatDate } from '~/i18n/translate'
import { requirePermission } from '~/utils/auth.server'
import { invariantResponse } from '~/utils/http.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

export async function loader({ request, params }: LoaderFunctionArgs) {
	await requirePermission(request, 'catalog:manage', { kind: 'global' })
	const version = /^\d{1,6}$/.test(params.version ?? '') ? Number(params.version) : NaN
	const loaded = Number.isFinite(version) ? getCatalogVersion(getDb(), params.code ?? '', version) : null
	invariantResponse(loaded, 'Not found', { status: 404 })
	return { catalog: loaded.catalog, hash: loaded.hash }
}

export default function CatalogVersionPage() {
	const { catalog, hash } = useLoaderData<typeof loader>()
	const t = useT()
	const locale = useLocale()
	const l = (text: { vi: string; en: string }) => (locale === 'en' ? text.en : text.vi)
	return (
		<>
			<p>
				<Link to={`/admin/catalogs/${catalog.code}`}>← {catalog.code}</Link>
			</p>
			<h1>
				{l(catalog.title)} <span className="badge">v{catalog.version}</span>
			</h1>
			<p className="lede">
				{t('catalogs.col.effective')}: {formatDate(locale, new Date(catalog.effective_from))}
				{catalog.repealed_from ? ` · ${t('catalogs.col.repealed')}: ${formatDate(locale, new Date(catalog.repealed_from))}` : ''} · SHA-256{' '}
				<code>{hash.slice(0, 16)}…</code>
			</p>
			<p>
				<a className="button button--quiet" href={`/admin/catalogs/${catalog.code}/${catalog.version}/workbook`} download>
					{t('catalogDraft.download')}
				</a>
			</p>
			<section className="card">
				<h2>{t('catalogs.legalBasis')}</h2>
				<ul>
					{catalog.legal_basis.map((d) => (
						<li key={d.document}>
							<strong>{d.document}</strong>
							{d.title ? ` — ${l(d.title)}` : ''}
							{d.date ? ` (${formatDate(locale, new Date(d.date))})` : ''}
						</li>
					))}
				</ul>
			</section>
			<section className="card">
				<h2>{t('catalogs.levels')}</h2>
				<ol>
					{catalog.levels.map((level) => (
						<li key={level.id}>
							<strong>{l(level.title)}</strong> <ProvenanceBadge provenance={level.provenance} />
							{level.description ? <div className="muted">{l(level.description)}</div> : null}
						</li>
					))}
				</ol>
			</section>
			{catalog.groups.map((group) => (
				<section key={group.id} className="card" aria-labelledby={`g-${group.id}`}>
					<h2 id={`g-${group.id}`}>
						{group.id} · {l(group.title)}
					</h2>
					{group.repealed_from ? (
						<p className="badge badge--danger">
							{t('catalogs.groupRepealed', { date: formatDate(locale, new Date(group.repealed_from)), by: group.repealed_by ?? '' })}
						</p>
					) : null}
					<div className="table-wrap">
						<table>
							<thead>
								<tr>
									<th scope="col">{t('catalogs.col.criterion')}</th>
									<th scope="col">{t('catalogs.col.basis')}</th>
									<th scope="col">{t('catalogs.col.answer')}</th>
									<th scope="col">{t('catalogs.col.evidence')}</th>
									<th scope="col">{t('catalogs.col.provenance')}</th>
								</tr>
							</thead>
							<tbody>
								{group.criteria.map((c) => (
									<tr key={c.id}>
										<td>
											<code>{c.id}</code> {c.mandatory ? <span className="badge badge--warn">{t('catalogs.mandatory')}</span> : null}
											<div>{l(c.text)}</div>
										</td>
										<td>
											{c.basis.document}, {c.basis.clause}
										</td>
										<td>{t(`answerType.${c.answer.type}`)}</td>
										<td>{t(`evidence.${c.evidence}`)}</td>
										<td>
											<ProvenanceBadge provenance={c.provenance} />
										</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				</section>
			))}
		</>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('catalogs.title'))
