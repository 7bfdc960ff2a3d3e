import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { count } from 'drizzle-orm'
import { getDb, schema } from '#db/client.server'
import { getCampaign } from '#db/queries/campaigns'
import { type CampaignScope } from '~/domain/campaign'
import { type MessageKey, formatDate, formatNumber } from '~/i18n/translate'
import { openCampaign, scopeCondition } from '~/services/campaigns.server'
import { parseId } from '~/utils/assessment.server'
import { requirePermission } from '~/utils/auth.server'
import { useLocale, useT } from '~/utils/i18n'

export async function loader({ request, params }: LoaderFunctionArgs) {
	await requirePermission(request, 'campaign:manage', { kind: 'global' })
	const db = getDb()
	const found = getCampaign(db, parseId(params.campaignId))
	if (!found) throw new Response('Not found', { status: 404 })
	const inScope = db.select({ n: count() }).from(schema.facilities).where(scopeCondition(found.campaign.scope as CampaignScope)).get()?.n ?? 0
	return { ...found, inScope }
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'campaign:manage', { kind: 'global' })
	const form = await request.formData()
	switch (form.get('intent')) {
		case 'open': {
			const result = openCampaign(getDb(), parseId(params.campaignId), user.id)
			if (!result.ok) return data({ error: result.code, opened: null }, { status: result.status })
			return data({ error: null, opened: result.assessments })
		}
		default:
			return data({ error: 'form.malformed', opened: null }, { status: 400 })
	}
}

export default function CampaignPage() {
	const { campaign, catalogs, byStatus, inScope } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const locale = useLocale()
	return (
		<>
			<p>
				<Link to="/admin/campaigns">← {t('campaigns.title')}</Link>
			</p>
			<h1>{campaign.title}</h1>
			<p className="lede">
				{t(`campaignStatus.${campaign.status}` as MessageKey)} · {formatDate(locale, new Date(campaign.opensAt))} – {formatDate(locale, new Date(campaign.dueAt))}
			</p>
			{actionData?.opened != null ? (
				<p className="alert alert--info" role="status">
					{t('campaign.opened', { count: formatNumber(locale, actionData.opened) })}
				</p>
			) : null}
			{actionData?.error ? (
				<p className="alert alert--error" role="alert">
					{t(actionData.error as MessageKey)}
				</p>
			) : null}
			<section className="card">
				<h2>{t('campaign.field.catalogs')}</h2>
				<ul>
					{catalogs.map((c) => (
						<li key={c.id}>
							<Link to={`/admin/catalogs/${c.code}/${c.version}`}>{locale === 'en' ? c.titleEn : c.titleVi}</Link> ({c.code} v{c.version})
						</li>
					))}
				</ul>
			</section>
			{campaign.status === 'draft' ? (
				<section className="card">
					<p>{t('campaign.openHint', { count: formatNumber(locale, inScope) })}</p>
					<Form method="post">
						<input type="hidden" name="intent" value="open" />
						<button type="submit" className="button">
							{t('campaign.open')}
						</button>
					</Form>
				</section>
			) : (
				<section className="card">
					<h2>{t('campaign.byStatus')}</h2>
					<ul>
						{byStatus.map((s) => (
							<li key={s.status}>
								{t(`status.${s.status}` as MessageKey)}: {formatNumber(locale, s.n)}
							</li>
						))}
					</ul>
				</section>
			)}
		</>
	)
}

export const meta: MetaFunction = () => [{ title: 'Đợt đánh giá · Hospital IT Readiness' }]
