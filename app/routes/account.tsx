import { getFormProps, getInputProps, type SubmissionResult, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { hasConfirmedSecondFactor } from '#db/queries/second-factor'
import { userProfile } from '#db/queries/users'
import { useGrantLabel } from '~/components/account-labels'
import { Field, FormErrors, SelectField } from '~/components/forms'
import { ChangePasswordSchema, PASSWORD_MIN, ProfileSchema } from '~/domain/user-admin'
import { type MessageKey, formatDateTime } from '~/i18n/translate'
import { describeSessions } from '~/services/session.server'
import { changeOwnPassword, endOtherOwnSessions, endOwnSession, updateOwnProfile } from '~/services/users.server'
import { getAuth, requireUser } from '~/utils/auth.server'
import { getClientIp, readFormData } from '~/utils/http.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

/** Every signed-in person's own page: profile, password, and the browsers signed in as them. */
export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const auth = await getAuth(request)
	return {
		profile: { name: user.name, email: user.email, jobTitle: user.jobTitle, locale: userProfile(getDb(), user.id)?.locale ?? 'vi' },
		grants: user.grants.map((g) => ({ role: g.role, scopeKind: g.scopeKind, facilityName: g.facilityName, provinceName: g.provinceName })),
		sessions: describeSessions(user.id, auth.user ? auth.token : null),
		secondFactor: hasConfirmedSecondFactor(getDb(), user.id),
	}
}

/** The page's forms: the profile, the password, ending one session or every other one. */
const schema = z.discriminatedUnion(
	'intent',
	[
		ProfileSchema.safeExtend({ intent: z.literal('profile') }),
		ChangePasswordSchema.safeExtend({ intent: z.literal('password') }),
		z.object({
			intent: z.literal('endSession'),
			session: z.string({ error: 'account.sessionNotFound' }).max(100, 'account.sessionNotFound'),
		}),
		z.object({ intent: z.literal('endOthers') }),
	],
	{ error: 'form.malformed' },
)
type Intent = z.infer<typeof schema>['intent']
const INTENTS: ReadonlyArray<Intent> = ['profile', 'password', 'endSession', 'endOthers']

type Reply = { intent: Intent | null; result: SubmissionResult<Array<string>>; notice?: MessageKey }

/** Passwords are never sent back to the browser. */
const hideFields = ['current', 'password', 'confirm']

export async function action({ request }: ActionFunctionArgs) {
	const user = await requireUser(request)
	const auth = await getAuth(request)
	const token = auth.user ? auth.token : null
	const submission = parseWithZod(await readFormData(request), { schema })
	if (submission.status !== 'success') {
		const intent = INTENTS.find((i) => i === submission.payload.intent) ?? null
		return data<Reply>({ intent, result: submission.reply({ hideFields }) }, { status: 400 })
	}
	const { intent } = submission.value
	const done = (notice: MessageKey) =>
		data<Reply>({ intent, result: submission.reply({ hideFields, resetForm: intent === 'password' }), notice })
	const db = getDb()
	switch (submission.value.intent) {
		case 'profile': {
			const { name, jobTitle, locale } = submission.value
			updateOwnProfile(db, user.id, { name, jobTitle, locale })
			return done('account.profileSaved')
		}
		case 'password': {
			const result = await changeOwnPassword(db, {
				userId: user.id,
				current: submission.value.current,
				password: submission.value.password,
				keepToken: token,
				ip: getClientIp(request),
			})
			if (!result.ok) {
				const message = result.minutes ? `${result.code}|${JSON.stringify({ minutes: result.minutes })}` : result.code
				return data<Reply>(
					{ intent, result: submission.reply({ hideFields, fieldErrors: { [result.field ?? 'password']: [message] } }) },
					{ status: result.status },
				)
			}
			return done('account.passwordChanged')
		}
		case 'endSession': {
			const ended = endOwnSession(db, user.id, submission.value.session)
			if (!ended) return data<Reply>({ intent, result: submission.reply({ formErrors: ['account.sessionNotFound'] }) }, { status: 404 })
			// Ending this browser's own session is signing out.
			if (!(await getAuth(request)).user) throw redirect('/login?signedOut=1')
			return done('account.sessionEnded')
		}
		case 'endOthers': {
			endOtherOwnSessions(db, user.id, token)
			return done('account.othersEnded')
		}
	}
}

export default function Account() {
	const { profile, grants, sessions, secondFactor } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const locale = useLocale()
	const grantLabel = useGrantLabel()
	const [profileForm, profileFields] = useForm({
		id: 'profile',
		constraint: getZodConstraint(ProfileSchema),
		lastResult: actionData?.intent === 'profile' ? actionData.result : undefined,
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: ProfileSchema }),
		defaultValue: profile,
	})
	const [passwordForm, passwordFields] = useForm({
		id: 'password',
		constraint: getZodConstraint(ChangePasswordSchema),
		lastResult: actionData?.intent === 'password' ? actionData.result : undefined,
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
	})
	const notice = (intents: ReadonlyArray<Intent>) =>
		actionData?.notice && actionData.intent && intents.includes(actionData.intent) ? (
			<p className="alert alert--info" role="status">
				{t.dynamic(actionData.notice)}
			</p>
		) : null
	const sessionErrors =
		actionData && (actionData.intent === null || actionData.intent === 'endSession' || actionData.intent === 'endOthers')
			? (actionData.result.error?.[''] ?? actionData.result.error?.session ?? actionData.result.error?.intent)
			: null
	return (
		<>
			<h1>{t('account.title')}</h1>
			<p className="lede">
				{profile.email} · {grants.map(grantLabel).join('; ')}
			</p>
			<section className="card" aria-labelledby="profile-heading">
				<h2 id="profile-heading">{t('account.profile')}</h2>
				{notice(['profile'])}
				<Form method="post" className="form" {...getFormProps(profileForm)}>
					<input type="hidden" name="intent" value="profile" />
					<FormErrors id={profileForm.errorId} errors={profileForm.errors} />
					<Field
						label={t('users.col.name')}
						inputProps={getInputProps(profileFields.name, { type: 'text' })}
						errors={profileFields.name.errors}
					/>
					<Field
						label={t('users.jobTitle')}
						hint={t('account.jobTitleHint')}
						inputProps={getInputProps(profileFields.jobTitle, { type: 'text' })}
						errors={profileFields.jobTitle.errors}
					/>
					<SelectField
						label={t('users.language')}
						id={profileFields.locale.id}
						name={profileFields.locale.name}
						defaultValue={profile.locale}
						options={[
							['vi', 'Tiếng Việt'],
							['en', 'English'],
						]}
						errors={profileFields.locale.errors}
					/>
					<p>
						<button type="submit" className="button">
							{t('account.saveProfile')}
						</button>
					</p>
				</Form>
			</section>
			<section className="card" aria-labelledby="password-heading">
				<h2 id="password-heading">{t('account.password')}</h2>
				{notice(['password'])}
				<Form method="post" className="form" {...getFormProps(passwordForm)}>
					<input type="hidden" name="intent" value="password" />
					<input type="email" name="username" autoComplete="username" value={profile.email} readOnly hidden />
					<FormErrors id={passwordForm.errorId} errors={passwordForm.errors} />
					<Field
						label={t('account.currentPassword')}
						inputProps={{ ...getInputProps(passwordFields.current, { type: 'password' }), autoComplete: 'current-password' }}
						errors={passwordFields.current.errors}
					/>
					<Field
						label={t('password.new')}
						hint={t('password.rules', { min: PASSWORD_MIN })}
						inputProps={{ ...getInputProps(passwordFields.password, { type: 'password' }), autoComplete: 'new-password' }}
						errors={passwordFields.password.errors}
					/>
					<Field
						label={t('password.confirm')}
						inputProps={{ ...getInputProps(passwordFields.confirm, { type: 'password' }), autoComplete: 'new-password' }}
						errors={passwordFields.confirm.errors}
					/>
					<p>
						<button type="submit" className="button">
							{t('account.changePassword')}
						</button>
					</p>
				</Form>
			</section>
			<section className="card" aria-labelledby="mfa-heading">
				<h2 id="mfa-heading">{t('account.mfa.title')}</h2>
				<p data-testid="account-mfa">{t(secondFactor ? 'account.mfa.on' : 'account.mfa.off')}</p>
				<p>
					<Link to="/account/two-factor">{t('account.mfa.manage')}</Link>
				</p>
			</section>
			<section className="card" aria-labelledby="sessions-heading">
				<h2 id="sessions-heading">{t('account.sessions')}</h2>
				{notice(['endSession', 'endOthers'])}
				<FormErrors errors={sessionErrors} />
				<p className="muted">{t('account.sessionsHint')}</p>
				<div className="table-wrap">
					<table data-testid="sessions-table">
						<thead>
							<tr>
								<th scope="col">{t('account.session.browser')}</th>
								<th scope="col">{t('account.session.address')}</th>
								<th scope="col">{t('account.session.since')}</th>
								<th scope="col">{t('account.session.lastSeen')}</th>
								<th scope="col">
									<span className="visually-hidden">{t('account.session.actions')}</span>
								</th>
							</tr>
						</thead>
						<tbody>
							{sessions.map((s) => (
								<tr key={s.handle}>
									<td>
										{s.userAgent ?? '—'} {s.current ? <span className="badge badge--ok">{t('account.session.current')}</span> : null}
									</td>
									<td>{s.ip ?? '—'}</td>
									<td>{formatDateTime(locale, new Date(s.createdAt))}</td>
									<td>{formatDateTime(locale, new Date(s.lastSeenAt))}</td>
									<td>
										<Form method="post" className="inline-form">
											<input type="hidden" name="intent" value="endSession" />
											<input type="hidden" name="session" value={s.handle} />
											<button type="submit" className="link-button">
												{t(s.current ? 'account.session.signOutHere' : 'account.session.end')}
											</button>
										</Form>
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
				{sessions.length > 1 ? (
					<Form method="post">
						<input type="hidden" name="intent" value="endOthers" />
						<button type="submit" className="button button--quiet">
							{t('account.endOthers')}
						</button>
					</Form>
				) : null}
			</section>
		</>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('account.title'))
