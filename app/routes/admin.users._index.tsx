import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { UserStatusBadge, useGrantLabel } from '~/components/account-labels'
import { FilterSelect } from '~/components/filter-select'
import { Pager } from '~/components/pager'
import { ROLES, USER_STATUS_FILTERS } from '~/domain/enums'
import { formatDateTime, formatNumber } from '~/i18n/translate'
import { userListPage } from '~/pages/user-admin.server'
import { requirePermission } from '~/utils/auth.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'user:manage', { kind: 'own' })
	return userListPage(getDb(), user.grants, new URL(request.url).searchParams)
}

export default function UsersIndex() {
	const { total, rows, page, pages, filters, provinces } = useLoaderData<typeof loader>()
	const [search] = useSearchParams()
	const t = useT()
	const locale = useLocale()
	const grantLabel = useGrantLabel()
	const pageLink = (p: number) => {
		const params = new URLSearchParams(search)
		params.set('page', String(p))
		return `?${params}`
	}
	return (
		<>
			<h1>{t('users.title')}</h1>
			<p>
				<Link to="/admin/users/new" className="button">
					{t('users.invite')}
				</Link>
			</p>
			<Form method="get" className="search-form filters" role="search">
				<div className="field">
					<label htmlFor="q">{t('users.search')}</label>
					<input id="q" name="q" type="search" defaultValue={filters.q} />
				</div>
				<FilterSelect name="role" label={t('users.col.role')} value={filters.role} options={ROLES.map((r) => [r, t(`role.${r}`)])} />
				<FilterSelect
					name="province"
					label={t('registry.col.province')}
					value={filters.province}
					options={provinces.map((p) => [p.code, locale === 'en' ? p.nameEn : p.nameVi])}
				/>
				<FilterSelect
					name="status"
					label={t('users.col.status')}
					value={filters.status}
					options={USER_STATUS_FILTERS.map((s) => [s, t(`users.status.${s}`)])}
				/>
				<button type="submit" className="button">
					{t('facilities.searchButton')}
				</button>
			</Form>
			<p className="muted" role="status">
				{t('users.count', { count: formatNumber(locale, total) })}
			</p>
			{rows.length === 0 ? (
				<p>{t('users.none')}</p>
			) : (
				<div className="table-wrap">
					<table data-testid="users-table">
						<thead>
							<tr>
								<th scope="col">{t('users.col.name')}</th>
								<th scope="col">{t('users.col.email')}</th>
								<th scope="col">{t('users.col.role')}</th>
								<th scope="col">{t('users.col.status')}</th>
								<th scope="col">{t('users.col.lastLogin')}</th>
							</tr>
						</thead>
						<tbody>
							{rows.map((u) => (
								<tr key={u.id}>
									<td>
										<Link to={`/admin/users/${u.id}`}>{u.name}</Link>
									</td>
									<td>{u.email}</td>
									<td>
										{u.grants.map((g) => (
											<div key={g.id}>{grantLabel(g)}</div>
										))}
									</td>
									<td>
										<UserStatusBadge status={u.status} invited={u.invited} />
									</td>
									<td>{u.lastLoginAt ? formatDateTime(locale, new Date(u.lastLoginAt)) : '—'}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
			<Pager page={page} pages={pages} link={pageLink} />
		</>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('users.title'))
