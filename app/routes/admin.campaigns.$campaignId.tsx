import { parseWithZod } from '@conform-to/zod/v4'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { asc, count } from 'drizzle-orm'
import { getDb, schema } from '#db/client.server'
import { getCampaign, lastReminder, reportingCounts } from '#db/queries/campaigns'
import { StackedBarChart } from '~/components/bar-chart'
import { FormErrors } from '~/components/forms'
import { StatGrid } from '~/components/stat-grid'
import { CloseSchema, type CampaignScope, ExtendSchema } from '~/domain/campaign'
import { dmyDate, vnIsoDate } from '~/domain/dates'
import { can } from '~/domain/permissions'
import { REPORTING_STAGES, summariseReporting } from '~/domain/reporting'
import { type MessageKey, formatDate, formatDateTime, formatNumber } from '~/i18n/translate'
import { closeCampaign, extendDeadline, openCampaign, remindNow, scopeCondition } from '~/services/campaigns.server'
import { sendMail } from '~/services/notifications.server'
import { parseId } from '~/utils/assessment.server'
import { requirePermission } from '~/utils/auth.server'
import { useLocale, useT } from '~/utils/i18n'

/** A round: its reporting by province for everyone who follows it; its lifecycle for national admins. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'campaign:monitor', { kind: 'own' })
	const db = getDb()
	const found = getCampaign(db, parseId(params.campaignId))
	if (!found) throw new Response('Not found', { status: 404 })
	const manage = can(user.grants, 'campaign:manage', { kind: 'global' })
	const { campaign } = found
	const inScope =
		manage && campaign.status === 'draft'
			? (db
					.select({ n: count() })
					.from(schema.facilities)
					.where(scopeCondition(campaign.scope as CampaignScope))
					.get()?.n ?? 0)
			: 0
	const reporting = summariseReporting(reportingCounts(db, campaign.id, user.grants), Date.now() > campaign.dueAt.getTime())
	return {
		campaign,
		catalogs: found.catalogs,
		manage,
		inScope,
		reporting,
		reminder: lastReminder(db, campaign.id),
		today: vnIsoDate(new Date()),
		provinces: Object.fromEntries(
			db
				.select()
				.from(schema.provinces)
				.orderBy(asc(schema.provinces.code))
				.all()
				.map((p) => [p.code, { vi: p.nameVi, en: p.nameEn }]),
		),
	}
}

type Done = { notice: string | null; params?: Record<string, string | number>; error: string | null; field?: string }

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'campaign:manage', { kind: 'global' })
	const campaignId = parseId(params.campaignId)
	const db = getDb()
	const form = await request.formData()
	const refuse = (error: string, status: number, field?: string) => data<Done>({ notice: null, error, field }, { status })
	switch (form.get('intent')) {
		case 'open': {
			const result = openCampaign(db, campaignId, user.id)
			if (!result.ok) return refuse(result.code, result.status)
			return data<Done>({ notice: 'campaign.opened', params: { count: result.assessments }, error: null })
		}
		case 'extend': {
			const submission = parseWithZod(form, { schema: ExtendSchema })
			if (submission.status !== 'success') return refuse(submission.error?.dueOn?.[0] ?? 'form.hasErrors', 400, 'dueOn')
			const result = extendDeadline(db, { campaignId, dueOn: submission.value.dueOn, reason: submission.value.reason, actor: user })
			if (!result.ok) return refuse(result.code, result.status, 'dueOn')
			await sendMail(result.mail)
			return data<Done>({
				notice: 'campaign.extended',
				params: { date: dmyDate(submission.value.dueOn), count: result.notified },
				error: null,
			})
		}
		case 'remind': {
			const result = remindNow(db, campaignId, user)
			if (!result.ok) return refuse(result.code, result.status)
			await sendMail(result.mail)
			return data<Done>({
				notice: result.reminded ? 'campaign.reminded' : 'campaign.remindedAlready',
				params: { count: result.reminded },
				error: null,
			})
		}
		case 'close': {
			const submission = parseWithZod(form, { schema: CloseSchema })
			if (submission.status !== 'success') return refuse('campaign.closeConfirmRequired', 400, 'confirm')
			const result = closeCampaign(db, campaignId, user.id)
			if (!result.ok) return refuse(result.code, result.status)
			return data<Done>({ notice: 'campaign.closedDone', params: { count: result.notSubmitted }, error: null })
		}
		default:
			return refuse('form.malformed', 400)
	}
}

export default function CampaignPage() {
	const { campaign, catalogs, manage, inScope, reporting, reminder, today, provinces } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const locale = useLocale()
	const n = (x: number) => formatNumber(locale, x)
	const pct = (x: number | null) => (x === null ? '—' : `${formatNumber(locale, Math.round(x * 1000) / 10)} %`)
	const provinceName = (code: string) => provinces[code]?.[locale] ?? code
	const stageLabel = (s: (typeof REPORTING_STAGES)[number]) => t(`reporting.stage.${s}` as MessageKey)
	const errorFor = (field: string) => (actionData?.error && actionData.field === field ? [actionData.error] : null)
	return (
		<>
			<p>
				<Link to="/admin/campaigns">← {t('campaigns.title')}</Link>
			</p>
			<h1>{campaign.title}</h1>
			<p className="lede">
				{t(`campaignStatus.${campaign.status}` as MessageKey)} · {formatDate(locale, new Date(campaign.opensAt))} –{' '}
				{formatDate(locale, new Date(campaign.dueAt))}
				{campaign.closedAt ? ` · ${t('campaign.closedOn', { date: formatDate(locale, new Date(campaign.closedAt)) })}` : null}
			</p>
			{actionData?.notice ? (
				<p className="alert alert--info" role="status">
					{t(actionData.notice as MessageKey, actionData.params)}
				</p>
			) : null}
			{actionData?.error && !actionData.field ? <FormErrors errors={[actionData.error]} /> : null}

			<section className="card">
				<h2>{t('campaign.field.catalogs')}</h2>
				<ul>
					{catalogs.map((c) => (
						<li key={c.id}>
							{manage ? (
								<Link to={`/admin/catalogs/${c.code}/${c.version}`}>{locale === 'en' ? c.titleEn : c.titleVi}</Link>
							) : locale === 'en' ? (
								c.titleEn
							) : (
								c.titleVi
							)}{' '}
							({c.code} v{c.version})
						</li>
					))}
				</ul>
				{campaign.status !== 'draft' ? (
					<p>
						<a className="button button--quiet" href={`/admin/campaigns/${campaign.id}/export`} download>
							{t('export.download')}
						</a>{' '}
						<span className="muted">{t('export.hint')}</span>
					</p>
				) : null}
			</section>

			{manage && campaign.status === 'draft' ? (
				<section className="card">
					<p>{t('campaign.openHint', { count: n(inScope) })}</p>
					<div className="form-actions">
						<Link to={`/admin/campaigns/${campaign.id}/edit`} className="button button--quiet">
							{t('campaign.edit')}
						</Link>
						<Form method="post">
							<input type="hidden" name="intent" value="open" />
							<button type="submit" className="button">
								{t('campaign.open')}
							</button>
						</Form>
					</div>
				</section>
			) : null}

			{manage && campaign.status === 'open' ? (
				<section className="card" aria-labelledby="lifecycle-heading">
					<h2 id="lifecycle-heading">{t('campaign.lifecycle')}</h2>
					<div className="decisions">
						<Form method="post" className="form">
							<input type="hidden" name="intent" value="extend" />
							<div className="field">
								<label htmlFor="extend-due">{t('campaign.extend.dueOn')}</label>
								<input
									id="extend-due"
									name="dueOn"
									type="date"
									required
									min={today}
									aria-invalid={errorFor('dueOn') ? true : undefined}
									aria-describedby={errorFor('dueOn') ? 'extend-due-error' : undefined}
								/>
								{errorFor('dueOn') ? <FieldError id="extend-due-error" message={errorFor('dueOn')![0]} /> : null}
							</div>
							<div className="field">
								<label htmlFor="extend-reason">{t('campaign.extend.reason')}</label>
								<input id="extend-reason" name="reason" type="text" maxLength={500} />
							</div>
							<button type="submit" className="button button--quiet">
								{t('campaign.extend.button')}
							</button>
						</Form>
						<Form method="post">
							<input type="hidden" name="intent" value="remind" />
							<p className="muted">
								{t('campaign.remind.hint')}{' '}
								{reminder
									? t('campaign.remind.last', { date: formatDateTime(locale, new Date(reminder.sentAt)), count: n(reminder.facilities) })
									: t('campaign.remind.never')}
							</p>
							<button type="submit" className="button button--quiet">
								{t('campaign.remind.button')}
							</button>
						</Form>
						<Form method="post" className="form">
							<input type="hidden" name="intent" value="close" />
							<p className="muted">{t('campaign.close.hint')}</p>
							<label>
								<input type="checkbox" name="confirm" aria-describedby={errorFor('confirm') ? 'close-error' : undefined} />{' '}
								{t('campaign.close.confirm', { count: n(reporting.total.stages.not_submitted) })}
							</label>
							{errorFor('confirm') ? <FieldError id="close-error" message={errorFor('confirm')![0]} /> : null}
							<button type="submit" className="button button--quiet">
								{t('campaign.close.button')}
							</button>
						</Form>
					</div>
				</section>
			) : null}

			{campaign.status !== 'draft' ? (
				<section className="card" aria-labelledby="reporting-heading" data-testid="reporting">
					<h2 id="reporting-heading">{t('reporting.title')}</h2>
					<StatGrid
						items={[
							{
								value: pct(reporting.total.reportingRate),
								label: t('reporting.rate', { reported: n(reporting.total.reported), total: n(reporting.total.total) }),
							},
							{
								value: pct(reporting.total.onTimeRate),
								label: t('reporting.onTime', { onTime: n(reporting.total.onTime), reported: n(reporting.total.reported) }),
							},
							{ value: n(reporting.total.overdue), label: t('reporting.overdue') },
							{ value: n(reporting.total.stages.approved + reporting.total.stages.published), label: t('reporting.approvedOrPublished') },
						]}
					/>
					{reporting.provinces.length ? (
						<>
							<StackedBarChart
								label={t('reporting.chart')}
								series={REPORTING_STAGES.map(stageLabel)}
								rows={reporting.provinces.map((p) => ({
									label: provinceName(p.provinceCode),
									values: REPORTING_STAGES.map((s) => p.stages[s]),
								}))}
							/>
							<div className="table-wrap">
								<table data-testid="reporting-table">
									<caption className="visually-hidden">{t('reporting.title')}</caption>
									<thead>
										<tr>
											<th scope="col">{t('registry.col.province')}</th>
											<th scope="col">{t('reporting.col.facilities')}</th>
											{REPORTING_STAGES.map((s) => (
												<th key={s} scope="col">
													{stageLabel(s)}
												</th>
											))}
											<th scope="col">{t('reporting.col.late')}</th>
											<th scope="col">{t('reporting.col.overdue')}</th>
											<th scope="col">{t('reporting.col.rate')}</th>
											<th scope="col">{t('reporting.col.onTime')}</th>
										</tr>
									</thead>
									<tbody>
										{[...reporting.provinces, reporting.total].map((p) => (
											<tr key={p.provinceCode || 'total'} className={p.provinceCode ? undefined : 'total-row'}>
												<th scope="row">{p.provinceCode ? provinceName(p.provinceCode) : t('reporting.total')}</th>
												<td>{n(p.total)}</td>
												{REPORTING_STAGES.map((s) => (
													<td key={s}>{n(p.stages[s])}</td>
												))}
												<td>{n(p.late)}</td>
												<td>{n(p.overdue)}</td>
												<td>{pct(p.reportingRate)}</td>
												<td>{pct(p.onTimeRate)}</td>
											</tr>
										))}
									</tbody>
								</table>
							</div>
						</>
					) : (
						<p>{t('reporting.none')}</p>
					)}
				</section>
			) : null}
		</>
	)
}

function FieldError({ id, message }: { id: string; message: string }) {
	const t = useT()
	return (
		<ul id={id} className="error-list">
			<li>{t(message as MessageKey)}</li>
		</ul>
	)
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.campaign.title ?? ''} · Hospital IT Readiness` }]
