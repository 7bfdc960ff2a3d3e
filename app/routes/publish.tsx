import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { useErrorText } from '~/components/forms'
import { StatusBadge } from '~/components/status-badge'
import { actingGrant } from '~/domain/workflow'
import { formatDate } from '~/i18n/translate'
import { publicationPage } from '~/pages/publication.server'
import { publishResults, withdrawResult } from '~/services/publication.server'
import { requirePermission } from '~/utils/auth.server'
import { invariantResponse } from '~/utils/http.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { parsePublishForm } from './publish.server'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'publication:manage', { kind: 'own' })
	return publicationPage(getDb(), user.grants, new URL(request.url).searchParams)
}

type Result = { done?: 'published' | 'withdrawn'; count?: number; error?: string }

export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'publication:manage', { kind: 'own' })
	const grant = actingGrant(user.grants, 'publisher')
	invariantResponse(grant, 'Forbidden', { status: 403 })
	const submission = parsePublishForm(await request.formData())
	if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
	const publisher = { actor: { id: user.id, scopeKind: grant.scopeKind }, grants: user.grants }
	const form = submission.value
	switch (form.intent) {
		case 'publish': {
			const r = publishResults(getDb(), { ...publisher, assessmentIds: form.assessmentId })
			if (!r.ok) return data<Result>({ error: r.code }, { status: r.status })
			return data<Result>({ done: 'published', count: r.count })
		}
		case 'withdraw': {
			const r = withdrawResult(getDb(), { ...publisher, assessmentId: form.assessmentId, reason: form.reason })
			if (!r.ok) return data<Result>({ error: r.code }, { status: r.status })
			return data<Result>({ done: 'withdrawn' })
		}
	}
}

type Reply = ReturnType<typeof useActionData<typeof action>>

/** What the page shows of a reply; a form the schema refused shows its first message. */
function shown(reply: Reply): Result | undefined {
	if (!reply || !('result' in reply)) return reply
	const errors = Object.values(reply.result.error ?? {}).find((e) => e?.length)
	return { error: errors?.[0] ?? 'form.malformed' }
}

export default function PublishPage() {
	const { rows, campaigns, campaign } = useLoaderData<typeof loader>()
	const result = shown(useActionData<typeof action>())
	const t = useT()
	const locale = useLocale()
	const errorText = useErrorText()
	const l = (x: { vi: string; en: string }) => (locale === 'en' ? x.en : x.vi)
	const approved = rows.filter((r) => r.status === 'approved')
	const published = rows.filter((r) => r.status === 'published')
	return (
		<>
			<h1>{t('publish.title')}</h1>
			<p className="lede">{t('publish.intro')}</p>
			{result?.done ? (
				<p className="alert alert--info" role="status">
					{result.done === 'published' ? t('publish.published', { count: result.count ?? 0 }) : t('publish.withdrawn')}
				</p>
			) : null}
			{result?.error ? (
				<p className="alert alert--error" role="alert">
					{errorText(result.error)}
				</p>
			) : null}
			<Form method="get" className="search-form filters">
				<div className="field">
					<label htmlFor="f-campaign">{t('review.filter.campaign')}</label>
					<select id="f-campaign" name="campaign" defaultValue={campaign}>
						{campaigns.map((c) => (
							<option key={c.id} value={c.id}>
								{c.title}
							</option>
						))}
						<option value="all">{t('publish.allCampaigns')}</option>
					</select>
				</div>
				<button type="submit" className="button">
					{t('review.filter.apply')}
				</button>
			</Form>
			<section className="card" aria-labelledby="approved-heading">
				<h2 id="approved-heading">{t('status.approved')}</h2>
				{approved.length === 0 ? (
					<p className="muted">{t('publish.none')}</p>
				) : (
					<Form method="post">
						<input type="hidden" name="intent" value="publish" />
						<div className="table-wrap">
							<table data-testid="approved-table">
								<thead>
									<tr>
										<th scope="col">{t('publish.col.select')}</th>
										<th scope="col">{t('dashboard.col.facility')}</th>
										<th scope="col">{t('facility.province')}</th>
										<th scope="col">{t('dashboard.col.campaign')}</th>
										<th scope="col">{t('publish.col.result')}</th>
										<th scope="col">{t('publish.col.approvedAt')}</th>
									</tr>
								</thead>
								<tbody>
									{approved.map((r) => (
										<tr key={r.id}>
											<td>
												<input
													type="checkbox"
													name="assessmentId"
													value={r.id}
													aria-label={t('publish.select', { facility: r.facilityName })}
												/>
											</td>
											<td>{r.facilityName}</td>
											<td>{r.provinceName}</td>
											<td>{r.campaignTitle}</td>
											<td>
												<ul className="plain">
													{r.levels.map((x, i) => (
														<li key={i}>
															<span className="muted">{l(x.catalog)}:</span> {x.level ? l(x.level) : t('portal.noLevel')}
														</li>
													))}
												</ul>
											</td>
											<td>{r.approvedAt ? formatDate(locale, new Date(r.approvedAt)) : '—'}</td>
										</tr>
									))}
								</tbody>
							</table>
						</div>
						<p>
							<button type="submit" className="button">
								{t('publish.selected')}
							</button>
						</p>
					</Form>
				)}
			</section>
			{published.length ? (
				<section className="card" aria-labelledby="published-heading">
					<h2 id="published-heading">{t('status.published')}</h2>
					<div className="table-wrap">
						<table data-testid="published-table">
							<thead>
								<tr>
									<th scope="col">{t('dashboard.col.facility')}</th>
									<th scope="col">{t('dashboard.col.campaign')}</th>
									<th scope="col">{t('publish.col.publishedAt')}</th>
									<th scope="col">{t('publish.withdraw')}</th>
								</tr>
							</thead>
							<tbody>
								{published.map((r) => (
									<tr key={r.id}>
										<td>
											{r.facilityName} <StatusBadge status={r.status} />
										</td>
										<td>{r.campaignTitle}</td>
										<td>{r.publishedAt ? formatDate(locale, new Date(r.publishedAt)) : '—'}</td>
										<td>
											<Form method="post" className="inline-comment">
												<input type="hidden" name="intent" value="withdraw" />
												<input type="hidden" name="assessmentId" value={r.id} />
												<label htmlFor={`reason-${r.id}`} className="visually-hidden">
													{t('publish.withdrawReason')}
												</label>
												<textarea id={`reason-${r.id}`} name="reason" rows={1} placeholder={t('publish.withdrawReason')} />
												<button type="submit" className="button button--quiet">
													{t('publish.withdraw')}
												</button>
											</Form>
										</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				</section>
			) : null}
		</>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('publish.title'))
