import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { type ActionFunctionArgs, data, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { Field, FormErrors } from '~/components/forms'
import { getEnv } from '~/env.server'
import { requestPasswordReset, SELF_RESET_HOURS } from '~/services/users.server'
import { getClientIp, readFormData } from '~/utils/http.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { parseForgotForm } from './password.forgot.server'

/** Public: someone who forgot their password asks for a one-time link (only when the server sends e-mail). */
export async function loader() {
	return data({ available: Boolean(getEnv().SMTP_URL) }, { headers: { 'Cache-Control': 'no-store' } })
}

export async function action({ request }: ActionFunctionArgs) {
	const submission = parseForgotForm(await readFormData(request))
	if (submission.status !== 'success') return data({ result: submission.reply(), sentTo: null }, { status: 400 })
	const result = requestPasswordReset(getDb(), { email: submission.value.email, ip: getClientIp(request) })
	if (!result.ok) {
		const message = result.minutes ? `${result.code}|${JSON.stringify({ minutes: result.minutes })}` : result.code
		return data({ result: submission.reply({ formErrors: [message] }), sentTo: null }, { status: result.status })
	}
	// The same answer for every address, given before the e-mail goes (services/users.server.ts).
	return data({ result: submission.reply({ resetForm: true }), sentTo: submission.value.email })
}

export default function ForgotPassword() {
	const page = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	const t = useT()
	const [form, fields] = useForm({ id: 'forgot', lastResult: actionData?.result, shouldValidate: 'onSubmit' })
	return (
		<div className="card auth-card">
			<h1>{t('forgot.title')}</h1>
			{!page.available ? (
				<p className="alert alert--info" role="status">
					{t('forgot.unavailable')}
				</p>
			) : (
				<>
					<p className="lede">{t('forgot.intro')}</p>
					{actionData?.sentTo ? (
						<p className="alert alert--info" role="status" data-testid="forgot-sent">
							{t('forgot.sent', { email: actionData.sentTo, hours: SELF_RESET_HOURS })}
						</p>
					) : null}
					<Form method="post" className="form" {...getFormProps(form)}>
						<FormErrors id={form.errorId} errors={form.errors} />
						<Field
							label={t('login.email')}
							inputProps={{ ...getInputProps(fields.email, { type: 'email' }), required: true, autoComplete: 'username' }}
							errors={fields.email.errors}
						/>
						<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
							{t('forgot.submit')}
						</button>
					</Form>
				</>
			)}
			<p>
				<Link to="/login">{t('forgot.backToLogin')}</Link>
			</p>
		</div>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('forgot.title'))
