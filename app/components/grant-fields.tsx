import { ROLE_SCOPES, SCOPE_KINDS } from '~/domain/enums'
import { type GrantOptions } from '~/domain/user-admin'
import { useLocale, useT } from '~/utils/i18n'
import { Field, SelectField } from './forms'

type Errors = Record<string, ReadonlyArray<string> | undefined>

/** Role and scope of a grant. Without JavaScript all fields show; the server refuses a role with the wrong scope. */
export function GrantFields({ options, errors, prefix }: { options: GrantOptions; errors?: Errors; prefix: string }) {
	const t = useT()
	const locale = useLocale()
	const scopes = SCOPE_KINDS.filter((s) => options.roles.some((r) => ROLE_SCOPES[r].includes(s)))
	return (
		<fieldset className="fieldset">
			<legend>{t('users.grant')}</legend>
			<SelectField
				label={t('users.col.role')}
				id={`${prefix}-role`}
				name="role"
				options={options.roles.map((r) => [r, t(`role.${r}`)] as const)}
				errors={errors?.role}
			/>
			<SelectField
				label={t('users.scopeKind')}
				hint={t('users.scopeHint')}
				id={`${prefix}-scope`}
				name="scopeKind"
				options={scopes.map((s) => [s, t(`users.scope.${s}`)] as const)}
				errors={errors?.scopeKind}
			/>
			<Field
				label={t('users.facilityCode')}
				hint={t('users.facilityCodeHint')}
				inputProps={{
					id: `${prefix}-facility`,
					name: 'facilityCode',
					type: 'text',
					list: options.facilities.length ? `${prefix}-facilities` : undefined,
					autoComplete: 'off',
				}}
				errors={errors?.facilityCode}
			/>
			{options.facilities.length ? (
				<datalist id={`${prefix}-facilities`}>
					{options.facilities.map((f) => (
						<option key={f.code} value={f.code}>
							{f.name}
						</option>
					))}
				</datalist>
			) : null}
			{options.provinces.length ? (
				<SelectField
					label={t('users.province')}
					id={`${prefix}-province`}
					name="provinceCode"
					placeholder=""
					options={options.provinces.map((p) => [p.code, locale === 'en' ? p.nameEn : p.nameVi] as const)}
					errors={errors?.provinceCode}
				/>
			) : null}
		</fieldset>
	)
}
