import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { Field, FormErrors } from '~/components/forms'
import { RECOVERY_CODE_COUNT } from '~/domain/second-factor'
import { formatDateTime } from '~/i18n/translate'
import { confirmEnrolment, secondFactorState, startEnrolment } from '~/services/second-factor.server'
import { ENROLMENT_PATH, requireSignedIn } from '~/utils/auth.server'
import { readFormData } from '~/utils/http.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { parseTwoFactorForm } from './account_.two-factor.server'

/**
 * One's own second factor (docs/decisions/016): set it up with an authenticator app (a QR code and
 * the secret in text), confirm with a code, keep the recovery codes shown once. An account whose
 * roles require it is sent here after signing in and can open nothing else until it is on.
 */
export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requireSignedIn(request)
	const state = await secondFactorState(getDb(), user)
	return data(
		{ state, required: user.mustEnrolSecondFactor, email: user.email },
		// The secret is on this page: no cache keeps it.
		{ headers: { 'Cache-Control': 'no-store' } },
	)
}

export async function action({ request }: ActionFunctionArgs) {
	const user = await requireSignedIn(request)
	const submission = parseTwoFactorForm(await readFormData(request))
	if (submission.status !== 'success')
		return data({ result: submission.reply({ hideFields: ['code'] }), recoveryCodes: null }, { status: 400 })
	switch (submission.value.intent) {
		case 'start': {
			const result = startEnrolment(getDb(), user.id)
			if (!result.ok)
				return data({ result: submission.reply({ formErrors: [result.code] }), recoveryCodes: null }, { status: result.status })
			throw redirect(ENROLMENT_PATH)
		}
		case 'confirm': {
			const result = confirmEnrolment(getDb(), user.id, submission.value.code)
			if (!result.ok)
				return data(
					{ result: submission.reply({ fieldErrors: { code: [result.code] }, hideFields: ['code'] }), recoveryCodes: null },
					{ status: result.status },
				)
			// Shown this once; only their hashes are kept.
			return data(
				{ result: submission.reply({ resetForm: true }), recoveryCodes: result.recoveryCodes },
				{ headers: { 'Cache-Control': 'no-store' } },
			)
		}
	}
}

export default function TwoFactor() {
	const { state, required } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	const t = useT()
	const locale = useLocale()
	const [form, fields] = useForm({ id: 'two-factor', lastResult: actionData?.result, shouldValidate: 'onSubmit' })
	if (actionData?.recoveryCodes) {
		return (
			<>
				<h1>{t('mfa.title')}</h1>
				<p className="alert alert--info" role="status">
					{t('mfa.enrolled')}
				</p>
				<section className="card" aria-labelledby="recovery-heading">
					<h2 id="recovery-heading">{t('mfa.recovery.title')}</h2>
					<p>{t('mfa.recovery.intro', { count: RECOVERY_CODE_COUNT })}</p>
					<ul className="recovery-codes" data-testid="recovery-codes">
						{actionData.recoveryCodes.map((c) => (
							<li key={c}>
								<code>{c}</code>
							</li>
						))}
					</ul>
					<p>
						<Link to="/dashboard" className="button">
							{t('mfa.recovery.done')}
						</Link>
					</p>
				</section>
			</>
		)
	}
	return (
		<>
			<h1>{t('mfa.title')}</h1>
			<p className="lede">{t('mfa.intro')}</p>
			{required ? (
				<p className="alert alert--info" role="status">
					{t('mfa.required')}
				</p>
			) : null}
			<FormErrors id={form.errorId} errors={form.errors} />
			{state.status === 'on' ? (
				<section className="card">
					<p data-testid="mfa-status">{t('mfa.on', { date: formatDateTime(locale, new Date(state.since)) })}</p>
					<p>{t('mfa.recoveryLeft', { count: state.recoveryCodesLeft })}</p>
				</section>
			) : state.status === 'pending' ? (
				<section className="card" aria-labelledby="enrol-heading">
					<h2 id="enrol-heading">{t('mfa.enrol.title')}</h2>
					<ol>
						<li>
							{t('mfa.enrol.scan')}
							<br />
							<img src={state.enrolment.qrDataUrl} alt={t('mfa.enrol.qrAlt')} width={220} height={220} />
						</li>
						<li>
							{t('mfa.enrol.manual')}{' '}
							<code data-testid="totp-secret" aria-label={t('mfa.enrol.secret')}>
								{state.enrolment.secret.replace(/(.{4})(?=.)/g, '$1 ')}
							</code>
						</li>
						<li>{t('mfa.enrol.confirm')}</li>
					</ol>
					<Form method="post" className="form" {...getFormProps(form)}>
						<input type="hidden" name="intent" value="confirm" />
						<Field
							label={t('mfa.enrol.code')}
							inputProps={{
								...getInputProps(fields.code, { type: 'text' }),
								required: true,
								inputMode: 'numeric',
								autoComplete: 'one-time-code',
								pattern: '[0-9 ]{6,7}',
							}}
							errors={fields.code.errors}
						/>
						<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
							{t('mfa.enrol.submit')}
						</button>
					</Form>
				</section>
			) : (
				<section className="card">
					<p>{t('mfa.off')}</p>
					<Form method="post">
						<input type="hidden" name="intent" value="start" />
						<button type="submit" className="button">
							{t('mfa.start')}
						</button>
					</Form>
				</section>
			)}
			{required ? (
				<Form method="post" action="/logout">
					<button type="submit" className="link-button">
						{t('mfa.signOut')}
					</button>
				</Form>
			) : (
				<p>
					<Link to="/account">← {t('account.title')}</Link>
				</p>
			)}
		</>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('mfa.title'))
