import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormErrors } from '~/components/forms'
import { getEnv } from '~/env.server'
import { type MessageKey } from '~/i18n/translate'
import { signIn, type SignInResult } from '~/services/auth.server'
import { commitSessionToken, getChallengeCookie, getOptionalUser, readSessionToken } from '~/utils/auth.server'
import { getClientIp, readFormData, safeRedirectPath } from '~/utils/http.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await getOptionalUser(request)
	if (user) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get('redirectTo')))
	// A server where no role must use a second factor (the demo, docs/decisions/016) says so.
	return { secondFactorOptional: getEnv().MFA_REQUIRED_ROLES.length === 0 }
}

export const LoginSchema = z.object({
	email: z.string({ error: 'form.required' }).trim().max(254, 'form.tooLong|{"max":254}').pipe(z.email('form.invalidEmail')),
	password: z.string({ error: 'form.required' }).max(200, 'form.tooLong|{"max":200}'),
	redirectTo: z.string().max(500).optional(),
})

export async function action({ request }: ActionFunctionArgs) {
	const submission = parseWithZod(await readFormData(request), { schema: LoginSchema })
	if (submission.status !== 'success') {
		return data({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
	}
	const { email, password, redirectTo } = submission.value
	const result = await signIn({
		email,
		password,
		ip: getClientIp(request),
		userAgent: request.headers.get('user-agent'),
		previousToken: await readSessionToken(request),
	})
	if (!result.ok && result.reason === 'second_factor') {
		// The password was right; the code comes next, on a page of its own. No session yet.
		const next = redirectTo ? `/login/code?${new URLSearchParams({ redirectTo })}` : '/login/code'
		throw redirect(next, { headers: { 'Set-Cookie': await getChallengeCookie().serialize(result.challenge) } })
	}
	if (!result.ok) {
		return data(
			{ result: submission.reply({ formErrors: [refusalMessage(result)], hideFields: ['password'] }) },
			{ status: result.reason === 'throttled' ? 429 : 401 },
		)
	}
	throw redirect(safeRedirectPath(redirectTo), {
		headers: { 'Set-Cookie': await commitSessionToken(result.token) },
	})
}

/** Why sign-in was refused, as a dictionary key (with its parameters) for the form. */
function refusalMessage(result: Exclude<Extract<SignInResult, { ok: false }>, { reason: 'second_factor' }>): string {
	switch (result.reason) {
		case 'throttled':
			return result.scope === 'account'
				? `${'login.throttled' satisfies MessageKey}|${JSON.stringify({ minutes: result.retryAfterMinutes })}`
				: `${'login.slowDown' satisfies MessageKey}|${JSON.stringify({ seconds: result.retryAfterSeconds })}`
		case 'disabled':
			return 'login.disabled' satisfies MessageKey
		case 'failed':
			return 'login.failed' satisfies MessageKey
	}
}

export default function LoginRoute() {
	const t = useT()
	const actionData = useActionData<typeof action>()
	const page = useLoaderData<typeof loader>()
	const [searchParams] = useSearchParams()
	const navigation = useNavigation()
	const [form, fields] = useForm({
		id: 'login',
		constraint: getZodConstraint(LoginSchema),
		lastResult: actionData?.result,
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
	})
	const expired = searchParams.get('expired') === '1'
	const stepExpired = searchParams.get('expired') === 'step'
	const signedOut = searchParams.get('signedOut') === '1'
	const passwordSet = searchParams.get('password') === 'set'
	return (
		<div className="card auth-card">
			<h1>{t('login.title')}</h1>
			<p className="lede">{t('login.intro')}</p>
			{expired ? (
				<p className="alert alert--info" role="status">
					{t('login.expired')}
				</p>
			) : null}
			{stepExpired ? (
				<p className="alert alert--info" role="status">
					{t('mfa.signIn.expired')}
				</p>
			) : null}
			{signedOut ? (
				<p className="alert alert--info" role="status">
					{t('login.signedOut')}
				</p>
			) : null}
			{passwordSet ? (
				<p className="alert alert--info" role="status">
					{t('login.passwordSet')}
				</p>
			) : null}
			<Form method="post" className="form" {...getFormProps(form)}>
				{form.errors?.length ? <FormErrors id={form.errorId} errors={form.errors} /> : null}
				<Field
					label={t('login.email')}
					inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'username', autoFocus: true }}
					errors={fields.email.errors}
				/>
				<Field
					label={t('login.password')}
					inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'current-password' }}
					errors={fields.password.errors}
				/>
				<input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
				<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
					{t('login.submit')}
				</button>
			</Form>
			<p>
				<Link to="/password/forgot">{t('forgot.link')}</Link>
			</p>
			<p className="muted">{t('login.demoHint')}</p>
			{page?.secondFactorOptional ? <p className="muted">{t('mfa.optionalHere')}</p> : null}
		</div>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('login.title'))
