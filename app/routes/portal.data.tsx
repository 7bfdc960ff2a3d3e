import { type MetaFunction } from '@remix-run/node'
import { Link } from '@remix-run/react'
import { FACILITY_COLUMNS, PROVINCE_COLUMNS, STATISTIC_COLUMNS, TREND_COLUMNS } from '~/domain/open-data-columns'
import { type Column } from '~/domain/open-data-columns'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

const TABLES: Array<{ path: string; columns: ReadonlyArray<Column> }> = [
	{ path: '/api/v1/statistics', columns: STATISTIC_COLUMNS },
	{ path: '/api/v1/trends?indicator=his', columns: TREND_COLUMNS },
	{ path: '/api/v1/provinces', columns: PROVINCE_COLUMNS },
	{ path: '/api/v1/facilities?province=01', columns: FACILITY_COLUMNS },
]

export default function DataDictionary() {
	const t = useT()
	const locale = useLocale()
	return (
		<>
			<p className="muted">
				<Link to="/portal">← {t('portal.title')}</Link>
			</p>
			<h1>{t('portal.dictionary')}</h1>
			<p>
				OpenAPI: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>
			</p>
			{TABLES.map((table) => (
				<section key={table.path} className="card">
					<h2>
						<code>{table.path}</code>
					</h2>
					<p className="muted">
						<a href={`${table.path}${table.path.includes('?') ? '&' : '?'}format=csv`}>CSV</a> ·{' '}
						<a href={`${table.path}${table.path.includes('?') ? '&' : '?'}format=json`}>JSON</a>
					</p>
					<table>
						<thead>
							<tr>
								<th scope="col">Column</th>
								<th scope="col">Type</th>
								<th scope="col">{locale === 'en' ? 'Meaning' : 'Ý nghĩa'}</th>
							</tr>
						</thead>
						<tbody>
							{table.columns.map((c) => (
								<tr key={c.name}>
									<td>
										<code>{c.name}</code>
									</td>
									<td>{c.type}</td>
									<td>{locale === 'en' ? c.description.en : c.description.vi}</td>
								</tr>
							))}
						</tbody>
					</table>
				</section>
			))}
		</>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('portal.dictionary'))
