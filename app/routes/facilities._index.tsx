import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { FACILITY_PAGE_SIZE, listFacilities } from '#db/queries/facilities'
import { type MessageKey } from '~/i18n/translate'
import { formatNumber } from '~/i18n/translate'
import { requirePermission } from '~/utils/auth.server'
import { useLocale, useT } from '~/utils/i18n'

const QuerySchema = z.object({
	q: z.string().trim().max(100).optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(10_000).catch(1),
})

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'facility:read', { kind: 'own' })
	const url = new URL(request.url)
	const query = QuerySchema.parse({ q: url.searchParams.get('q') ?? undefined, page: url.searchParams.get('page') ?? 1 })
	const { total, rows } = listFacilities(getDb(), user.grants, { q: query.q || undefined, page: query.page })
	return { total, rows, q: query.q ?? '', page: query.page, pages: Math.max(1, Math.ceil(total / FACILITY_PAGE_SIZE)) }
}

export default function FacilitiesIndex() {
	const { total, rows, q, page, pages } = useLoaderData<typeof loader>()
	const t = useT()
	const locale = useLocale()
	const pageLink = (p: number) => `?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`
	return (
		<>
			<h1>{t('facilities.title')}</h1>
			<Form method="get" className="search-form" role="search">
				<label htmlFor="q" className="visually-hidden">
					{t('facilities.search')}
				</label>
				<input id="q" name="q" type="search" defaultValue={q} placeholder={t('facilities.search')} />
				<button type="submit" className="button">
					{t('facilities.searchButton')}
				</button>
			</Form>
			<p className="muted" role="status">
				{t('facilities.count', { count: formatNumber(locale, total) })}
			</p>
			{rows.length === 0 ? (
				<p>{t('facilities.none')}</p>
			) : (
				<div className="table-wrap">
					<table>
						<thead>
							<tr>
								<th scope="col">{t('facility.code')}</th>
								<th scope="col">{t('facility.name')}</th>
								<th scope="col">{t('facility.province')}</th>
								<th scope="col">{t('facility.type')}</th>
								<th scope="col">{t('facility.class')}</th>
								<th scope="col">{t('facility.managingBody')}</th>
							</tr>
						</thead>
						<tbody>
							{rows.map((f) => (
								<tr key={f.id}>
									<td>{f.code}</td>
									<td>
										<Link to={`/facilities/${f.id}`}>{f.name}</Link>
									</td>
									<td>{f.provinceName}</td>
									<td>{t(`facilityType.${f.type}` as MessageKey)}</td>
									<td>{t(`facilityClass.${f.class}` as MessageKey)}</td>
									<td>{t(`managingBody.${f.managingBody}` as MessageKey)}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
			{pages > 1 ? (
				<nav className="pager" aria-label="pagination">
					{page > 1 ? <Link to={pageLink(page - 1)}>←</Link> : null}
					<span>
						{page} / {pages}
					</span>
					{page < pages ? <Link to={pageLink(page + 1)}>→</Link> : null}
				</nav>
			) : null}
		</>
	)
}

export const meta: MetaFunction = () => [{ title: 'Cơ sở y tế · Hospital IT Readiness' }]
