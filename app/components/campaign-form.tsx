import { getFormProps, getInputProps, type SubmissionResult, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { CampaignSchema } from '~/domain/campaign'
import { FACILITY_CLASSES, FACILITY_TYPES, MANAGING_BODIES } from '~/domain/enums'
import { useLocale, useT } from '~/utils/i18n'
import { ErrorList, Field, FormErrors } from './forms'

export type CampaignFormValues = {
	title?: string
	year?: string
	catalogVersionIds?: Array<string>
	provinces?: Array<string>
	types?: Array<string>
	classes?: Array<string>
	managingBodies?: Array<string>
	opensOn?: string
	dueOn?: string
	acceptsLate?: boolean
	secondStage?: boolean
	directorSignature?: boolean
}

/** The round's settings, for creating it and for editing it before it opens. */
export function CampaignForm({
	id,
	catalogs,
	provinces,
	defaultValue,
	lastResult,
	submitLabel,
}: {
	id: string
	catalogs: Array<{ id: number; code: string; version: number; titleVi: string; titleEn: string }>
	provinces: Array<{ code: string; nameVi: string; nameEn: string }>
	defaultValue: CampaignFormValues
	lastResult?: SubmissionResult<Array<string>> | null
	submitLabel: string
}) {
	const t = useT()
	const locale = useLocale()
	const [form, fields] = useForm({
		id,
		constraint: getZodConstraint(CampaignSchema),
		lastResult,
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: CampaignSchema }),
		defaultValue,
	})
	const checked = (list: Array<string> | undefined) => new Set(list ?? [])
	return (
		<Form method="post" className="form form--wide" {...getFormProps(form)}>
			<FormErrors id={form.errorId} errors={form.errors} />
			<Field label={t('campaign.field.title')} inputProps={getInputProps(fields.title, { type: 'text' })} errors={fields.title.errors} />
			<Field label={t('campaign.field.year')} inputProps={getInputProps(fields.year, { type: 'number' })} errors={fields.year.errors} />
			<CheckboxGroup
				legend={t('campaign.field.catalogs')}
				name={fields.catalogVersionIds.name}
				errors={fields.catalogVersionIds.errors}
				checked={checked(defaultValue.catalogVersionIds)}
				options={catalogs.map((c) => ({
					value: String(c.id),
					label: `${locale === 'en' ? c.titleEn : c.titleVi} (${c.code} v${c.version})`,
				}))}
			/>
			<fieldset className="fieldset">
				<legend>{t('campaign.field.scope')}</legend>
				<div className="field">
					<label htmlFor={`${id}-provinces`}>{t('campaign.field.provinces')}</label>
					<select id={`${id}-provinces`} name={fields.provinces.name} multiple size={8} defaultValue={defaultValue.provinces ?? []}>
						{provinces.map((p) => (
							<option key={p.code} value={p.code}>
								{locale === 'en' ? p.nameEn : p.nameVi}
							</option>
						))}
					</select>
				</div>
				<CheckboxGroup
					legend={t('campaign.field.types')}
					name={fields.types.name}
					checked={checked(defaultValue.types)}
					options={FACILITY_TYPES.map((v) => ({ value: v, label: t(`facilityType.${v}`) }))}
				/>
				<CheckboxGroup
					legend={t('campaign.field.classes')}
					name={fields.classes.name}
					checked={checked(defaultValue.classes)}
					options={FACILITY_CLASSES.map((v) => ({ value: v, label: t(`facilityClass.${v}`) }))}
				/>
				<CheckboxGroup
					legend={t('campaign.field.managingBodies')}
					name={fields.managingBodies.name}
					checked={checked(defaultValue.managingBodies)}
					options={MANAGING_BODIES.map((v) => ({ value: v, label: t(`managingBody.${v}`) }))}
				/>
			</fieldset>
			<Field
				label={t('campaign.field.opensOn')}
				inputProps={getInputProps(fields.opensOn, { type: 'date' })}
				errors={fields.opensOn.errors}
			/>
			<Field label={t('campaign.field.dueOn')} inputProps={getInputProps(fields.dueOn, { type: 'date' })} errors={fields.dueOn.errors} />
			<label>
				<input {...getInputProps(fields.acceptsLate, { type: 'checkbox' })} /> {t('campaign.field.acceptsLate')}
			</label>
			<label>
				<input {...getInputProps(fields.secondStage, { type: 'checkbox' })} /> {t('campaign.field.secondStage')}
			</label>
			<label>
				<input {...getInputProps(fields.directorSignature, { type: 'checkbox' })} /> {t('campaign.field.directorSignature')}
			</label>
			<button type="submit" className="button">
				{submitLabel}
			</button>
		</Form>
	)
}

function CheckboxGroup({
	legend,
	name,
	options,
	errors,
	checked,
}: {
	legend: string
	name: string
	options: Array<{ value: string; label: string }>
	errors?: ReadonlyArray<string>
	checked: ReadonlySet<string>
}) {
	const errorId = errors?.length ? `${name}-error` : undefined
	return (
		<fieldset className="fieldset" aria-describedby={errorId}>
			<legend>{legend}</legend>
			<div className="choices">
				{options.map((o) => (
					<label key={o.value}>
						<input type="checkbox" name={name} value={o.value} defaultChecked={checked.has(o.value)} /> {o.label}
					</label>
				))}
			</div>
			<ErrorList id={errorId} errors={errors} />
		</fieldset>
	)
}
