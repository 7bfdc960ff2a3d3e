import { getFormProps, getInputProps, type SubmissionResult, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { FACILITY_CLASSES, FACILITY_TYPES, OWNERSHIPS } from '~/domain/enums'
import { type FacilityFormOptions, type FacilityRecord, FacilitySchema, type LikelyDuplicate } from '~/domain/registry'
import { useLocale, useT } from '~/utils/i18n'
import { Field, FormErrors, SelectField } from './forms'

/** The facility form for creating and editing: the same rules in the browser and on the server. */
export function FacilityForm({
	id,
	options,
	defaultValue,
	basedOn,
	lastResult,
	submitLabel,
	duplicates,
}: {
	id: string
	options: FacilityFormOptions
	defaultValue?: Partial<FacilityRecord>
	basedOn?: number
	lastResult?: SubmissionResult<Array<string>> | null
	submitLabel: string
	/** The facilities the last save likely duplicated: listed with links, and a box to save anyway. */
	duplicates?: ReadonlyArray<LikelyDuplicate> | null
}) {
	const t = useT()
	const locale = useLocale()
	const [form, fields] = useForm({
		id,
		constraint: getZodConstraint(FacilitySchema),
		lastResult,
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: FacilitySchema }),
		defaultValue: defaultValue
			? { ...defaultValue, bedCount: String(defaultValue.bedCount ?? 0), address: defaultValue.address ?? '' }
			: {
					bedCount: '0',
					ownership: 'public',
					managingBody: options.managingBodies.includes('province') ? 'province' : options.managingBodies[0],
				},
	})
	return (
		<Form method="post" className="form form--wide" {...getFormProps(form)}>
			<input type="hidden" name="intent" value="save" />
			{basedOn !== undefined ? <input type="hidden" name="basedOn" value={basedOn} /> : null}
			<FormErrors id={form.errorId} errors={form.errors} />
			<Field
				label={t('registry.col.code')}
				hint={t('registry.colHelp.code')}
				inputProps={getInputProps(fields.code, { type: 'text' })}
				errors={fields.code.errors}
			/>
			<Field label={t('registry.col.name')} inputProps={getInputProps(fields.name, { type: 'text' })} errors={fields.name.errors} />
			<SelectField
				label={t('registry.col.province')}
				id={fields.provinceCode.id}
				name={fields.provinceCode.name}
				defaultValue={fields.provinceCode.initialValue as string | undefined}
				placeholder=""
				options={options.provinces.map((p) => [p.code, locale === 'en' ? p.nameEn : p.nameVi] as const)}
				errors={fields.provinceCode.errors}
			/>
			<SelectField
				label={t('registry.col.type')}
				id={fields.type.id}
				name={fields.type.name}
				defaultValue={fields.type.initialValue as string | undefined}
				placeholder=""
				options={FACILITY_TYPES.map((v) => [v, t(`facilityType.${v}`)] as const)}
				errors={fields.type.errors}
			/>
			<SelectField
				label={t('registry.col.class')}
				id={fields.class.id}
				name={fields.class.name}
				defaultValue={fields.class.initialValue as string | undefined}
				placeholder=""
				options={FACILITY_CLASSES.map((v) => [v, t(`facilityClass.${v}`)] as const)}
				errors={fields.class.errors}
			/>
			<SelectField
				label={t('registry.col.managing_body')}
				hint={t('registry.colHelp.managing_body')}
				id={fields.managingBody.id}
				name={fields.managingBody.name}
				defaultValue={fields.managingBody.initialValue as string | undefined}
				options={options.managingBodies.map((v) => [v, t(`managingBody.${v}`)] as const)}
				errors={fields.managingBody.errors}
			/>
			<SelectField
				label={t('registry.col.ownership')}
				id={fields.ownership.id}
				name={fields.ownership.name}
				defaultValue={fields.ownership.initialValue as string | undefined}
				options={OWNERSHIPS.map((v) => [v, t(`ownership.${v}`)] as const)}
				errors={fields.ownership.errors}
			/>
			<Field
				label={t('registry.col.beds')}
				inputProps={getInputProps(fields.bedCount, { type: 'number' })}
				errors={fields.bedCount.errors}
			/>
			<Field
				label={t('registry.col.address')}
				inputProps={getInputProps(fields.address, { type: 'text' })}
				errors={fields.address.errors}
			/>
			{duplicates?.length ? (
				<fieldset className="alert alert--info" data-testid="duplicate-warning">
					<legend>{t('registry.duplicate.list')}</legend>
					<ul>
						{duplicates.map((d) => (
							<li key={`${d.id}-${d.code}`}>
								<a href={`/facilities/${d.id}`}>{d.name}</a> ({d.code}, {t(`registry.duplicate.reason.${d.reason}`)})
							</li>
						))}
					</ul>
					<label>
						<input type="checkbox" name="confirmDuplicate" /> {t('registry.duplicate.confirm')}
					</label>
				</fieldset>
			) : null}
			<p>
				<button type="submit" className="button">
					{submitLabel}
				</button>
			</p>
		</Form>
	)
}
