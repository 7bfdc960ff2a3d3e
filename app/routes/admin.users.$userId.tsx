import { getFormProps, type SubmissionResult, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { UserStatusBadge, useGrantLabel } from '~/components/account-labels'
import { FormErrors } from '~/components/forms'
import { GrantFields } from '~/components/grant-fields'
import { LinkPanel } from '~/components/link-panel'
import { type GrantOptions, GrantSchema } from '~/domain/user-admin'
import { type MessageKey, formatDateTime, formatNumber } from '~/i18n/translate'
import { userAdminPage } from '~/pages/user-admin.server'
import { addGrant, endUserSessions, issuePasswordLink, removeGrant, resetSecondFactor, setUserStatus } from '~/services/users.server'
import { parseId } from '~/utils/assessment.server'
import { requirePermission } from '~/utils/auth.server'
import { invariantResponse } from '~/utils/http.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const actor = await requirePermission(request, 'user:manage', { kind: 'own' })
	const page = userAdminPage(getDb(), parseId(params.userId), actor)
	// An account outside the admin's reach does not exist, as far as the admin can tell.
	invariantResponse(page, 'Not found', { status: 404 })
	return page
}

/** The page's forms: a one-time link, disable or enable, sign out everywhere, add or remove a grant. */
const schema = z.discriminatedUnion(
	'intent',
	[
		z.object({ intent: z.literal('link') }),
		z.object({ intent: z.literal('disable') }),
		z.object({ intent: z.literal('enable') }),
		z.object({ intent: z.literal('endSessions') }),
		z.object({ intent: z.literal('resetSecondFactor') }),
		GrantSchema.safeExtend({ intent: z.literal('addGrant') }),
		z.object({
			intent: z.literal('removeGrant'),
			membershipId: z.number({ error: 'users.grantNotFound' }).int('users.grantNotFound').positive('users.grantNotFound'),
		}),
	],
	{ error: 'form.malformed' },
)
type Intent = z.infer<typeof schema>['intent']
const INTENTS: ReadonlyArray<Intent> = ['link', 'disable', 'enable', 'endSessions', 'resetSecondFactor', 'addGrant', 'removeGrant']

type Reply = {
	intent: Intent | null
	result: SubmissionResult<Array<string>>
	notice?: MessageKey
	link?: { mailed: boolean; link: string | null }
}

export async function action({ request, params }: ActionFunctionArgs) {
	const actor = await requirePermission(request, 'user:manage', { kind: 'own' })
	const userId = parseId(params.userId)
	const submission = parseWithZod(await request.formData(), { schema })
	if (submission.status !== 'success') {
		const intent = INTENTS.find((i) => i === submission.payload.intent) ?? null
		return data<Reply>({ intent, result: submission.reply() }, { status: 400 })
	}
	const { intent } = submission.value
	const refuse = (r: { code: string; status: number }) =>
		data<Reply>({ intent, result: submission.reply({ formErrors: [r.code] }) }, { status: r.status })
	const done = (notice: MessageKey, extra: Pick<Reply, 'link'> = {}) =>
		data<Reply>({ intent, result: submission.reply({ resetForm: true }), notice, ...extra })
	const db = getDb()
	switch (submission.value.intent) {
		case 'link': {
			const result = await issuePasswordLink(db, userId, actor)
			if (!result.ok) return refuse(result)
			return done('users.link.created', { link: { mailed: result.mailed, link: result.link } })
		}
		case 'disable':
		case 'enable': {
			const disable = submission.value.intent === 'disable'
			const result = setUserStatus(db, userId, disable ? 'disabled' : 'active', actor)
			if (!result.ok) return refuse(result)
			return done(disable ? 'users.disabled' : 'users.enabled')
		}
		case 'endSessions': {
			const result = endUserSessions(db, userId, actor)
			if (!result.ok) return refuse(result)
			return done('users.sessionsEnded')
		}
		case 'resetSecondFactor': {
			const result = resetSecondFactor(db, userId, actor)
			if (!result.ok) return refuse(result)
			return done('users.mfa.resetDone')
		}
		case 'addGrant': {
			const { role, scopeKind, facilityCode, provinceCode } = submission.value
			const result = addGrant(db, userId, { role, scopeKind, facilityCode, provinceCode }, actor)
			if (!result.ok) return refuse(result)
			return done('users.grantAdded')
		}
		case 'removeGrant': {
			const result = removeGrant(db, userId, submission.value.membershipId, actor)
			if (!result.ok) return refuse(result)
			return done('users.grantRemoved')
		}
	}
}

export default function UserPage() {
	const { user, grants, openSessions, pendingLink, isSelf, secondFactor, options } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	// The grant form shows its own errors; the other forms' refusals show at the top.
	const formErrors =
		actionData && actionData.intent !== 'addGrant' ? (actionData.result.error?.[''] ?? actionData.result.error?.intent) : null
	const locale = useLocale()
	const grantLabel = useGrantLabel()
	return (
		<>
			<p>
				<Link to="/admin/users">← {t('users.title')}</Link>
			</p>
			<h1>{user.name}</h1>
			<p className="lede">
				{user.email} <UserStatusBadge status={user.status} invited={user.invited} />
			</p>
			{actionData?.notice && !actionData.link ? (
				<p className="alert alert--info" role="status">
					{t.dynamic(actionData.notice)}
				</p>
			) : null}
			<FormErrors errors={formErrors} />
			{actionData?.link ? (
				<LinkPanel
					title={t(user.invited ? 'users.link.inviteAgain' : 'users.link.reset')}
					mailed={actionData.link.mailed}
					link={actionData.link.link}
				/>
			) : null}
			<section className="card">
				<dl className="facts">
					<dt>{t('users.jobTitle')}</dt>
					<dd>{user.jobTitle || '—'}</dd>
					<dt>{t('users.col.lastLogin')}</dt>
					<dd>{user.lastLoginAt ? formatDateTime(locale, new Date(user.lastLoginAt)) : '—'}</dd>
					<dt>{t('users.openSessions')}</dt>
					<dd>{formatNumber(locale, openSessions)}</dd>
					<dt>{t('users.pendingLink')}</dt>
					<dd>{pendingLink ? t('users.pendingLinkUntil', { date: formatDateTime(locale, new Date(pendingLink.expiresAt)) }) : '—'}</dd>
					<dt>{t('users.mfa')}</dt>
					<dd data-testid="user-mfa">{t(secondFactor ? 'users.mfa.on' : 'users.mfa.off')}</dd>
				</dl>
			</section>
			<section className="card" aria-labelledby="grants-heading">
				<h2 id="grants-heading">{t('users.grants')}</h2>
				<ul className="grant-list">
					{grants.map((g) => (
						<li key={g.id}>
							<span>{grantLabel(g)}</span>
							{g.removable ? (
								<Form method="post" className="inline-form">
									<input type="hidden" name="intent" value="removeGrant" />
									<input type="hidden" name="membershipId" value={g.id} />
									<button type="submit" className="link-button">
										{t('users.removeGrant')}
									</button>
								</Form>
							) : null}
						</li>
					))}
				</ul>
				<AddGrantForm options={options} lastResult={actionData?.intent === 'addGrant' ? actionData.result : undefined} />
			</section>
			<section className="card" aria-labelledby="access-heading">
				<h2 id="access-heading">{t('users.access')}</h2>
				<div className="decisions">
					{user.status === 'active' ? (
						<Form method="post">
							<input type="hidden" name="intent" value="link" />
							<p className="muted">{t(user.invited ? 'users.link.inviteHint' : 'users.link.resetHint')}</p>
							<button type="submit" className="button button--quiet">
								{t(user.invited ? 'users.link.inviteAgain' : 'users.link.reset')}
							</button>
						</Form>
					) : null}
					<Form method="post">
						<input type="hidden" name="intent" value="endSessions" />
						<p className="muted">{t('users.endSessionsHint')}</p>
						<button type="submit" className="button button--quiet" disabled={openSessions === 0}>
							{t('users.endSessions')}
						</button>
					</Form>
					{secondFactor ? (
						<Form method="post">
							<input type="hidden" name="intent" value="resetSecondFactor" />
							<p className="muted">{t('users.mfa.resetHint')}</p>
							<button type="submit" className="button button--quiet">
								{t('users.mfa.reset')}
							</button>
						</Form>
					) : null}
					{isSelf ? null : (
						<Form method="post">
							<input type="hidden" name="intent" value={user.status === 'active' ? 'disable' : 'enable'} />
							<p className="muted">{t(user.status === 'active' ? 'users.disableHint' : 'users.enableHint')}</p>
							<button type="submit" className="button button--quiet">
								{t(user.status === 'active' ? 'users.disable' : 'users.enable')}
							</button>
						</Form>
					)}
				</div>
			</section>
		</>
	)
}

/** Another role for the account, within the admin's reach. */
function AddGrantForm({ options, lastResult }: { options: GrantOptions; lastResult?: SubmissionResult<Array<string>> }) {
	const t = useT()
	const [form, fields] = useForm({
		id: 'grant',
		lastResult,
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema }),
	})
	return (
		<Form method="post" className="form form--wide" {...getFormProps(form)}>
			<input type="hidden" name="intent" value="addGrant" />
			<FormErrors id={form.errorId} errors={form.errors} />
			<GrantFields
				prefix="grant"
				options={options}
				errors={{
					role: fields.role.errors,
					scopeKind: fields.scopeKind.errors,
					facilityCode: fields.facilityCode.errors,
					provinceCode: fields.provinceCode.errors,
				}}
			/>
			<p>
				<button type="submit" className="button button--quiet">
					{t('users.addGrant')}
				</button>
			</p>
		</Form>
	)
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
	pageTitle(matches, (t) => `${data?.user.name ?? ''} · ${t('users.title')}`)
