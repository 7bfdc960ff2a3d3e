import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { listCampaigns } from '#db/queries/campaigns'
import { can } from '~/domain/permissions'
import { formatDate, formatNumber } from '~/i18n/translate'
import { requirePermission } from '~/utils/auth.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'campaign:monitor', { kind: 'own' })
	const manage = can(user.grants, 'campaign:manage', { kind: 'global' })
	// Drafts only for those who prepare rounds.
	return { campaigns: listCampaigns(getDb(), user.grants, { drafts: manage }), manage }
}

export default function CampaignsIndex() {
	const { campaigns, manage } = useLoaderData<typeof loader>()
	const t = useT()
	const locale = useLocale()
	return (
		<>
			<h1>{t('campaigns.title')}</h1>
			{manage ? (
				<p>
					<Link to="/admin/campaigns/new" className="button">
						{t('campaigns.new')}
					</Link>
				</p>
			) : null}
			{campaigns.length === 0 ? (
				<p>{t('campaigns.none')}</p>
			) : (
				<div className="table-wrap">
					<table>
						<thead>
							<tr>
								<th scope="col">{t('campaigns.col.title')}</th>
								<th scope="col">{t('campaigns.col.year')}</th>
								<th scope="col">{t('campaigns.col.status')}</th>
								<th scope="col">{t('campaigns.col.opens')}</th>
								<th scope="col">{t('campaigns.col.due')}</th>
								<th scope="col">{t('campaigns.col.assessments')}</th>
							</tr>
						</thead>
						<tbody>
							{campaigns.map((c) => (
								<tr key={c.id}>
									<td>
										<Link to={`/admin/campaigns/${c.id}`}>{c.title}</Link>
									</td>
									<td>{c.year}</td>
									<td>{t(`campaignStatus.${c.status}`)}</td>
									<td>{formatDate(locale, new Date(c.opensAt))}</td>
									<td>{formatDate(locale, new Date(c.dueAt))}</td>
									<td>{formatNumber(locale, c.assessments)}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
		</>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('campaigns.title'))
