import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { Field, FormErrors, SelectField } from '~/components/forms'
import { GrantFields } from '~/components/grant-fields'
import { LinkPanel } from '~/components/link-panel'
import { InviteSchema } from '~/domain/user-admin'
import { getEnv } from '~/env.server'
import { grantOptions } from '~/pages/user-admin.server'
import { inviteUser } from '~/services/users.server'
import { requirePermission } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'user:manage', { kind: 'own' })
	return { options: grantOptions(getDb(), user.grants), smtp: Boolean(getEnv().SMTP_URL) }
}

export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'user:manage', { kind: 'own' })
	const submission = parseWithZod(await request.formData(), { schema: InviteSchema })
	if (submission.status !== 'success') return data({ result: submission.reply(), invited: null }, { status: 400 })
	const result = await inviteUser(getDb(), submission.value, user)
	if (!result.ok) {
		const field = result.code === 'users.emailTaken' ? 'email' : result.code === 'users.unknownFacility' ? 'facilityCode' : null
		return data(
			{ result: submission.reply(field ? { fieldErrors: { [field]: [result.code] } } : { formErrors: [result.code] }), invited: null },
			{ status: result.status },
		)
	}
	// Without SMTP (or if sending failed) the admin hands the link over.
	return data({
		result: submission.reply({ resetForm: true }),
		invited: { userId: result.userId, email: submission.value.email, mailed: result.mailed, link: result.link },
	})
}

export default function InviteUser() {
	const { options, smtp } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const [form, fields] = useForm({
		id: 'invite',
		constraint: getZodConstraint(InviteSchema),
		lastResult: actionData?.result,
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteSchema }),
	})
	const invited = actionData?.invited
	return (
		<>
			<p>
				<Link to="/admin/users">← {t('users.title')}</Link>
			</p>
			<h1>{t('users.invite')}</h1>
			<p className="lede">{t(smtp ? 'users.invite.ledeMail' : 'users.invite.ledeNoMail')}</p>
			{invited ? (
				<LinkPanel
					title={t('users.invited', { email: invited.email })}
					mailed={invited.mailed}
					link={invited.link}
					userHref={`/admin/users/${invited.userId}`}
				/>
			) : null}
			<Form method="post" className="form form--wide" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<Field
					label={t('users.col.email')}
					inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'off' }}
					errors={fields.email.errors}
				/>
				<Field label={t('users.col.name')} inputProps={getInputProps(fields.name, { type: 'text' })} errors={fields.name.errors} />
				<Field label={t('users.jobTitle')} inputProps={getInputProps(fields.jobTitle, { type: 'text' })} errors={fields.jobTitle.errors} />
				<SelectField
					label={t('users.language')}
					id={fields.locale.id}
					name={fields.locale.name}
					options={[
						['vi', 'Tiếng Việt'],
						['en', 'English'],
					]}
					errors={fields.locale.errors}
				/>
				<GrantFields
					prefix="invite"
					options={options}
					errors={{
						role: fields.role.errors,
						scopeKind: fields.scopeKind.errors,
						facilityCode: fields.facilityCode.errors,
						provinceCode: fields.provinceCode.errors,
					}}
				/>
				<p>
					<button type="submit" className="button">
						{t('users.invite.send')}
					</button>
				</p>
			</Form>
		</>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('users.invite'))
