import { getFormProps, getInputProps, type SubmissionResult, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { StackedBarChart } from '~/components/bar-chart'
import { ErrorList, Field, FormErrors } from '~/components/forms'
import { StatGrid } from '~/components/stat-grid'
import { CloseSchema, ExtendSchema } from '~/domain/campaign'
import { dmyDate } from '~/domain/dates'
import { REPORTING_STAGES } from '~/domain/reporting'
import { type MessageKey, formatDate, formatDateTime, formatNumber, formatPercent, type TranslateParams } from '~/i18n/translate'
import { campaignPage } from '~/pages/campaign-admin.server'
import { closeCampaign, extendDeadline, openCampaign, remindNow } from '~/services/campaigns.server'
import { parseId } from '~/utils/assessment.server'
import { requirePermission } from '~/utils/auth.server'
import { invariantResponse } from '~/utils/http.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

/** A round: its reporting by province for everyone who follows it; its lifecycle for national admins. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'campaign:monitor', { kind: 'own' })
	const page = campaignPage(getDb(), parseId(params.campaignId), user.grants)
	invariantResponse(page, 'Not found', { status: 404 })
	return page
}

/** The page's four forms: open a draft; extend, remind or close an open round. */
const schema = z.discriminatedUnion(
	'intent',
	[
		z.object({ intent: z.literal('open') }),
		ExtendSchema.extend({ intent: z.literal('extend') }),
		z.object({ intent: z.literal('remind') }),
		CloseSchema.extend({ intent: z.literal('close') }),
	],
	{ error: 'form.malformed' },
)
type Intent = z.infer<typeof schema>['intent']
const INTENTS: ReadonlyArray<Intent> = ['open', 'extend', 'remind', 'close']

type Reply = { intent: Intent | null; result: SubmissionResult<Array<string>>; notice?: MessageKey; params?: TranslateParams }

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'campaign:manage', { kind: 'global' })
	const campaignId = parseId(params.campaignId)
	const submission = parseWithZod(await request.formData(), { schema })
	if (submission.status !== 'success') {
		const intent = INTENTS.find((i) => i === submission.payload.intent) ?? null
		return data<Reply>({ intent, result: submission.reply() }, { status: 400 })
	}
	const { intent } = submission.value
	const refuse = (r: { code: string; status: number }, field?: 'dueOn') =>
		data<Reply>(
			{ intent, result: submission.reply(field ? { fieldErrors: { [field]: [r.code] } } : { formErrors: [r.code] }) },
			{ status: r.status },
		)
	const done = (notice: MessageKey, params: TranslateParams) =>
		data<Reply>({ intent, result: submission.reply({ resetForm: true }), notice, params })
	const db = getDb()
	switch (submission.value.intent) {
		case 'open': {
			const result = openCampaign(db, campaignId, user.id)
			if (!result.ok) return refuse(result)
			return done('campaign.opened', { count: result.assessments })
		}
		case 'extend': {
			const { dueOn, reason } = submission.value
			const result = await extendDeadline(db, { campaignId, dueOn, reason, actor: user })
			if (!result.ok) return refuse(result, 'dueOn')
			return done('campaign.extended', { date: dmyDate(dueOn), count: result.notified })
		}
		case 'remind': {
			const result = await remindNow(db, campaignId, user)
			if (!result.ok) return refuse(result)
			return done(result.reminded ? 'campaign.reminded' : 'campaign.remindedAlready', { count: result.reminded })
		}
		case 'close': {
			const result = closeCampaign(db, campaignId, user.id)
			if (!result.ok) return refuse(result)
			return done('campaign.closedDone', { count: result.notSubmitted })
		}
	}
}

export default function CampaignPage() {
	const { campaign, catalogs, manage, inScope, reporting, reminder, today, provinces } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const locale = useLocale()
	const n = (x: number) => formatNumber(locale, x)
	const pct = (x: number | null) => (x === null ? '—' : formatPercent(locale, x * 100))
	const provinceName = (code: string) => provinces[code]?.[locale] ?? code
	const stageLabel = (s: (typeof REPORTING_STAGES)[number]) => t(`reporting.stage.${s}`)
	/** The reply to one of the page's forms (each shows its own errors). */
	const replyTo = (intent: Intent) => (actionData?.intent === intent ? actionData.result : undefined)
	const formErrors = (intent: Intent | null) =>
		actionData && actionData.intent === intent ? (actionData.result.error?.[''] ?? null) : null
	return (
		<>
			<p>
				<Link to="/admin/campaigns">← {t('campaigns.title')}</Link>
			</p>
			<h1>{campaign.title}</h1>
			<p className="lede">
				{t(`campaignStatus.${campaign.status}`)} · {formatDate(locale, new Date(campaign.opensAt))} –{' '}
				{formatDate(locale, new Date(campaign.dueAt))}
				{campaign.closedAt ? ` · ${t('campaign.closedOn', { date: formatDate(locale, new Date(campaign.closedAt)) })}` : null}
			</p>
			<p data-testid="campaign-rules">
				{t(campaign.secondStage ? 'campaign.rules.twoStage' : 'campaign.rules.oneStage')}{' '}
				{t(campaign.acceptsLate ? 'campaign.rules.lateAccepted' : 'campaign.rules.lateRefused')}
			</p>
			{actionData?.notice ? (
				<p className="alert alert--info" role="status">
					{t.dynamic(actionData.notice, actionData.params)}
				</p>
			) : null}
			{actionData && actionData.intent === null ? <FormErrors errors={actionData.result.error?.intent ?? ['form.malformed']} /> : null}
			<FormErrors errors={formErrors('open') ?? formErrors('remind')} />

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
						<ExtendForm today={today} lastResult={replyTo('extend')} />
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
						<CloseForm notSubmitted={n(reporting.total.stages.not_submitted)} lastResult={replyTo('close')} />
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

/** Moving the due date later (the facilities still working are told). */
function ExtendForm({ today, lastResult }: { today: string; lastResult?: SubmissionResult<Array<string>> }) {
	const t = useT()
	const [form, fields] = useForm({
		id: 'extend',
		constraint: getZodConstraint(ExtendSchema),
		lastResult,
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema }),
	})
	return (
		<Form method="post" className="form" {...getFormProps(form)}>
			<input type="hidden" name="intent" value="extend" />
			<FormErrors id={form.errorId} errors={form.errors} />
			<Field
				label={t('campaign.extend.dueOn')}
				inputProps={{ ...getInputProps(fields.dueOn, { type: 'date' }), min: today }}
				errors={fields.dueOn.errors}
			/>
			<Field
				label={t('campaign.extend.reason')}
				inputProps={getInputProps(fields.reason, { type: 'text' })}
				errors={fields.reason.errors}
			/>
			<button type="submit" className="button button--quiet">
				{t('campaign.extend.button')}
			</button>
		</Form>
	)
}

/** Closing the round, confirmed by a checkbox (it is final for facilities that never submitted). */
function CloseForm({ notSubmitted, lastResult }: { notSubmitted: string; lastResult?: SubmissionResult<Array<string>> }) {
	const t = useT()
	const [form, fields] = useForm({
		id: 'close',
		lastResult,
		onValidate: ({ formData }) => parseWithZod(formData, { schema }),
	})
	const errorId = fields.confirm.errors?.length ? `${fields.confirm.id}-error` : undefined
	const { key, ...confirmProps } = getInputProps(fields.confirm, { type: 'checkbox' })
	return (
		<Form method="post" className="form" {...getFormProps(form)}>
			<input type="hidden" name="intent" value="close" />
			<FormErrors id={form.errorId} errors={form.errors} />
			<p className="muted">{t('campaign.close.hint')}</p>
			<label>
				<input key={key} {...confirmProps} aria-describedby={errorId} /> {t('campaign.close.confirm', { count: notSubmitted })}
			</label>
			<ErrorList id={errorId} errors={fields.confirm.errors} />
			<button type="submit" className="button button--quiet">
				{t('campaign.close.button')}
			</button>
		</Form>
	)
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, () => data?.campaign.title ?? '')
