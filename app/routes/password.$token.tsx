import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { Field, FormErrors } from '~/components/forms'
import { PASSWORD_MIN, SetPasswordSchema } from '~/domain/user-admin'
import { findPasswordLink, setPasswordWithLink } from '~/services/users.server'
import { readFormData } from '~/utils/http.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

/**
 * A one-time link from an invitation or a reset: no sign-in; the link itself is the proof. The
 * link never leaves in a Referer for another site (`same-origin`); not `no-referrer`, with which
 * a browser sends `Origin: null` on the form's POST and the cross-site check refuses it
 * (docs/SECURITY.md, finding 6).
 */
export async function loader({ params }: LoaderFunctionArgs) {
	const link = findPasswordLink(getDb(), params.token ?? '')
	if (!link)
		return data(
			{ valid: false as const, email: null, name: null, purpose: null },
			{ status: 410, headers: { 'Referrer-Policy': 'same-origin' } },
		)
	return data(
		{ valid: true as const, email: link.email, name: link.name, purpose: link.purpose },
		{ headers: { 'Referrer-Policy': 'same-origin', 'Cache-Control': 'no-store' } },
	)
}

export async function action({ request, params }: ActionFunctionArgs) {
	const submission = parseWithZod(await readFormData(request), { schema: SetPasswordSchema })
	if (submission.status !== 'success') return data({ result: submission.reply({ hideFields: ['password', 'confirm'] }) }, { status: 400 })
	const result = await setPasswordWithLink(getDb(), params.token ?? '', submission.value.password)
	if (!result.ok) {
		const errors = result.field ? { fieldErrors: { password: [result.code] } } : { formErrors: [result.code] }
		return data({ result: submission.reply({ ...errors, hideFields: ['password', 'confirm'] }) }, { status: result.status })
	}
	throw redirect('/login?password=set')
}

export default function SetPassword() {
	const page = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const [form, fields] = useForm({
		id: 'set-password',
		constraint: getZodConstraint(SetPasswordSchema),
		lastResult: actionData?.result,
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: SetPasswordSchema }),
	})
	if (!page.valid) {
		return (
			<div className="card auth-card">
				<h1>{t('password.title')}</h1>
				<p className="alert alert--error" role="alert">
					{t('password.linkInvalid')}
				</p>
				<p>
					<Link to="/login">{t('nav.signIn')}</Link>
				</p>
			</div>
		)
	}
	return (
		<div className="card auth-card">
			<h1>{t(page.purpose === 'invite' ? 'password.welcome' : 'password.title')}</h1>
			<p className="lede">{t('password.for', { name: page.name, email: page.email })}</p>
			<Form method="post" className="form" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<input type="email" name="username" autoComplete="username" value={page.email} readOnly hidden />
				<Field
					label={t('password.new')}
					hint={t('password.rules', { min: PASSWORD_MIN })}
					inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }}
					errors={fields.password.errors}
				/>
				<Field
					label={t('password.confirm')}
					inputProps={{ ...getInputProps(fields.confirm, { type: 'password' }), autoComplete: 'new-password' }}
					errors={fields.confirm.errors}
				/>
				<button type="submit" className="button">
					{t('password.set')}
				</button>
			</Form>
		</div>
	)
}

export const meta: MetaFunction = ({ matches }) => [
	...pageTitle(matches, (t) => t('password.title')),
	{ name: 'referrer', content: 'same-origin' },
]
