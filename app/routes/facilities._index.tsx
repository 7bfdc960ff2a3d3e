import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { FilterSelect } from '~/components/filter-select'
import { Pager } from '~/components/pager'
import { FACILITY_TYPES } from '~/domain/enums'
import { formatNumber } from '~/i18n/translate'
import { facilityListPage } from '~/pages/facility-admin.server'
import { requirePermission } from '~/utils/auth.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'facility:read', { kind: 'own' })
	const url = new URL(request.url)
	const imported = /^(\d+)-(\d+)$/.exec(url.searchParams.get('imported') ?? '')
	return {
		...facilityListPage(getDb(), user.grants, url.searchParams),
		imported: imported ? { created: Number(imported[1]), updated: Number(imported[2]) } : null,
	}
}

export default function FacilitiesIndex() {
	const { total, rows, filters, page, pages, canManage, provinces, imported } = useLoaderData<typeof loader>()
	const [search] = useSearchParams()
	const t = useT()
	const locale = useLocale()
	const withParams = (extra: Record<string, string>) => {
		const p = new URLSearchParams(search)
		p.delete('imported')
		for (const [k, v] of Object.entries(extra)) p.set(k, v)
		return `?${p}`
	}
	const exportQuery = (format: string) => {
		const p = new URLSearchParams(search)
		p.delete('page')
		p.delete('imported')
		p.set('format', format)
		return `/facilities/export?${p}`
	}
	return (
		<>
			<h1>{t('facilities.title')}</h1>
			{imported ? (
				<p className="alert alert--info" role="status">
					{t('import.done', { create: formatNumber(locale, imported.created), update: formatNumber(locale, imported.updated) })}
				</p>
			) : null}
			<div className="form-actions">
				{canManage ? (
					<>
						<Link to="/facilities/new" className="button">
							{t('registry.new')}
						</Link>
						<Link to="/facilities/import" className="button button--quiet">
							{t('import.registry.title')}
						</Link>
					</>
				) : null}
				<a href={exportQuery('xlsx')} className="button button--quiet" download>
					{t('registry.export.xlsx')}
				</a>
				<a href={exportQuery('csv')} className="button button--quiet" download>
					{t('registry.export.csv')}
				</a>
			</div>
			<Form method="get" className="search-form filters" role="search">
				<div className="field">
					<label htmlFor="q">{t('facilities.search')}</label>
					<input id="q" name="q" type="search" defaultValue={filters.q} />
				</div>
				<FilterSelect
					name="province"
					label={t('registry.col.province')}
					value={filters.province}
					options={provinces.map((p) => [p.code, locale === 'en' ? p.nameEn : p.nameVi])}
				/>
				<FilterSelect
					name="type"
					label={t('registry.col.type')}
					value={filters.type}
					options={FACILITY_TYPES.map((v) => [v, t(`facilityType.${v}`)])}
				/>
				<FilterSelect
					name="status"
					label={t('registry.col.active')}
					value={filters.status === 'all' ? '' : filters.status}
					options={[
						['active', t('facility.active')],
						['inactive', t('facility.inactive')],
					]}
				/>
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
					<table data-testid="facilities-table">
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
										{f.active ? null : <span className="badge badge--danger"> {t('facility.inactive')}</span>}
									</td>
									<td>{f.provinceName}</td>
									<td>{t(`facilityType.${f.type}`)}</td>
									<td>{t(`facilityClass.${f.class}`)}</td>
									<td>{t(`managingBody.${f.managingBody}`)}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
			<Pager page={page} pages={pages} link={(p) => withParams({ page: String(p) })} />
		</>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('facilities.title'))
