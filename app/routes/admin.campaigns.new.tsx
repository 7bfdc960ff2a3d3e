import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { getDb, schema } from '#db/client.server'
import { listCatalogVersions } from '#db/queries/catalogs'
import { ErrorList, Field, FormErrors } from '~/components/forms'
import { CampaignSchema } from '~/domain/campaign'
import { vnIsoDate } from '~/domain/dates'
import { FACILITY_CLASSES, FACILITY_TYPES, MANAGING_BODIES } from '~/domain/enums'
import { type MessageKey } from '~/i18n/translate'
import { createCampaign } from '~/services/campaigns.server'
import { requirePermission } from '~/utils/auth.server'
import { useLocale, useT } from '~/utils/i18n'

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePermission(request, 'campaign:manage', { kind: 'global' })
	const db = getDb()
	return {
		catalogs: listCatalogVersions(db).filter((v) => !v.repealedFrom),
		provinces: db.select().from(schema.provinces).orderBy(schema.provinces.code).all(),
		today: vnIsoDate(new Date()),
	}
}

export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'campaign:manage', { kind: 'global' })
	const submission = parseWithZod(await request.formData(), { schema: CampaignSchema })
	if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
	const result = createCampaign(getDb(), submission.value, user.id)
	if (!result.ok) return data({ result: submission.reply({ formErrors: [result.code] }) }, { status: result.status })
	throw redirect(`/admin/campaigns/${result.id}`)
}

export default function NewCampaign() {
	const { catalogs, provinces, today } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const locale = useLocale()
	const [form, fields] = useForm({
		id: 'campaign',
		constraint: getZodConstraint(CampaignSchema),
		lastResult: actionData?.result,
		shouldRevalidate: 'onBlur',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: CampaignSchema }),
		defaultValue: { year: today.slice(0, 4), opensOn: today },
	})
	return (
		<>
			<h1>{t('campaigns.new')}</h1>
			<Form method="post" className="form form--wide" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<Field label={t('campaign.field.title')} inputProps={getInputProps(fields.title, { type: 'text' })} errors={fields.title.errors} />
				<Field label={t('campaign.field.year')} inputProps={getInputProps(fields.year, { type: 'number' })} errors={fields.year.errors} />
				<CheckboxGroup
					legend={t('campaign.field.catalogs')}
					name={fields.catalogVersionIds.name}
					errors={fields.catalogVersionIds.errors}
					options={catalogs.map((c) => ({ value: String(c.id), label: `${locale === 'en' ? c.titleEn : c.titleVi} (${c.code} v${c.version})` }))}
				/>
				<fieldset className="fieldset">
					<legend>{t('campaign.field.scope')}</legend>
					<div className="field">
						<label htmlFor="provinces">{t('campaign.field.provinces')}</label>
						<select id="provinces" name={fields.provinces.name} multiple size={8}>
							{provinces.map((p) => (
								<option key={p.code} value={p.code}>
									{locale === 'en' ? p.nameEn : p.nameVi}
								</option>
							))}
						</select>
					</div>
					<CheckboxGroup legend={t('campaign.field.types')} name={fields.types.name} options={FACILITY_TYPES.map((v) => ({ value: v, label: t(`facilityType.${v}` as MessageKey) }))} />
					<CheckboxGroup legend={t('campaign.field.classes')} name={fields.classes.name} options={FACILITY_CLASSES.map((v) => ({ value: v, label: t(`facilityClass.${v}` as MessageKey) }))} />
					<CheckboxGroup legend={t('campaign.field.managingBodies')} name={fields.managingBodies.name} options={MANAGING_BODIES.map((v) => ({ value: v, label: t(`managingBody.${v}` as MessageKey) }))} />
				</fieldset>
				<Field label={t('campaign.field.opensOn')} inputProps={getInputProps(fields.opensOn, { type: 'date' })} errors={fields.opensOn.errors} />
				<Field label={t('campaign.field.dueOn')} inputProps={getInputProps(fields.dueOn, { type: 'date' })} errors={fields.dueOn.errors} />
				<label>
					<input {...getInputProps(fields.acceptsLate, { type: 'checkbox' })} /> {t('campaign.field.acceptsLate')}
				</label>
				<label>
					<input {...getInputProps(fields.secondStage, { type: 'checkbox' })} /> {t('campaign.field.secondStage')}
				</label>
				<button type="submit" className="button">
					{t('campaign.create')}
				</button>
			</Form>
		</>
	)
}

function CheckboxGroup({ legend, name, options, errors }: { legend: string; name: string; options: Array<{ value: string; label: string }>; errors?: ReadonlyArray<string> }) {
	const errorId = errors?.length ? `${name}-error` : undefined
	return (
		<fieldset className="fieldset" aria-describedby={errorId}>
			<legend>{legend}</legend>
			<div className="choices">
				{options.map((o) => (
					<label key={o.value}>
						<input type="checkbox" name={name} value={o.value} /> {o.label}
					</label>
				))}
			</div>
			<ErrorList id={errorId} errors={errors} />
		</fieldset>
	)
}

export const meta: MetaFunction = () => [{ title: 'Tạo đợt đánh giá · Hospital IT Readiness' }]
