import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { Field, FormErrors } from '~/components/forms'
import { type MessageKey } from '~/i18n/translate'
import { completeSignIn, type SecondStepResult } from '~/services/auth.server'
import { commitSessionToken, getChallengeCookie, readChallengeToken, readSessionToken } from '~/utils/auth.server'
import { getClientIp, readFormData, safeRedirectPath } from '~/utils/http.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { parseCodeForm } from './login_.code.server'

/** The second step of a sign-in (docs/decisions/016): only with a pending step from the password form. */
export async function loader({ request }: LoaderFunctionArgs) {
	if (!(await readChallengeToken(request))) {
		const redirectTo = new URL(request.url).searchParams.get('redirectTo')
		throw redirect(redirectTo ? `/login?${new URLSearchParams({ redirectTo })}` : '/login')
	}
	return data(null, { headers: { 'Cache-Control': 'no-store' } })
}

export async function action({ request }: ActionFunctionArgs) {
	const challenge = await readChallengeToken(request)
	// Without a pending step there is nothing to confirm: back to the password.
	if (!challenge) throw redirect('/login')
	const submission = parseCodeForm(await readFormData(request))
	if (submission.status !== 'success') return data({ result: submission.reply({ hideFields: ['code'] }) }, { status: 400 })
	const { code, redirectTo } = submission.value
	const result = await completeSignIn({
		challenge,
		code,
		ip: getClientIp(request),
		userAgent: request.headers.get('user-agent'),
		previousToken: await readSessionToken(request),
	})
	if (!result.ok) {
		if (result.reason === 'expired') {
			const params = new URLSearchParams({ expired: 'step' })
			if (redirectTo) params.set('redirectTo', redirectTo)
			throw redirect(`/login?${params}`, { headers: { 'Set-Cookie': await getChallengeCookie().serialize('', { maxAge: 0 }) } })
		}
		return data(
			{ result: submission.reply({ formErrors: [refusalMessage(result)], hideFields: ['code'] }) },
			{ status: result.reason === 'throttled' ? 429 : 401 },
		)
	}
	const headers = new Headers()
	headers.append('Set-Cookie', await commitSessionToken(result.token))
	headers.append('Set-Cookie', await getChallengeCookie().serialize('', { maxAge: 0 }))
	throw redirect(safeRedirectPath(redirectTo), { headers })
}

function refusalMessage(result: Extract<SecondStepResult, { ok: false; reason: 'failed' | 'throttled' }>): string {
	if (result.reason === 'failed') return 'mfa.wrongCode' satisfies MessageKey
	return result.scope === 'account'
		? `${'login.throttled' satisfies MessageKey}|${JSON.stringify({ minutes: result.retryAfterMinutes })}`
		: `${'login.slowDown' satisfies MessageKey}|${JSON.stringify({ seconds: result.retryAfterSeconds })}`
}

export default function SignInCode() {
	const t = useT()
	const actionData = useActionData<typeof action>()
	const [searchParams] = useSearchParams()
	const navigation = useNavigation()
	const [form, fields] = useForm({ id: 'code', lastResult: actionData?.result, shouldValidate: 'onSubmit' })
	return (
		<div className="card auth-card">
			<h1>{t('mfa.signIn.title')}</h1>
			<p className="lede">{t('mfa.signIn.intro')}</p>
			<Form method="post" className="form" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<Field
					label={t('mfa.signIn.code')}
					hint={t('mfa.signIn.codeHint')}
					inputProps={{
						...getInputProps(fields.code, { type: 'text' }),
						required: true,
						autoComplete: 'one-time-code',
						autoCapitalize: 'characters',
						spellCheck: false,
						autoFocus: true,
					}}
					errors={fields.code.errors}
				/>
				<input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
				<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
					{t('mfa.signIn.submit')}
				</button>
			</Form>
			<p>
				<Link to="/login">{t('mfa.signIn.restart')}</Link>
			</p>
		</div>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('mfa.signIn.title'))
