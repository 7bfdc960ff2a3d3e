import { parseWithZod } from '@conform-to/zod/v4'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { getUserForAdmin } from '#db/queries/users'
import { UserStatusBadge, useGrantLabel } from '~/components/account-labels'
import { FormErrors } from '~/components/forms'
import { GrantFields } from '~/components/grant-fields'
import { LinkPanel } from '~/components/link-panel'
import { GrantSchema, mayAssign, mayManageUser } from '~/domain/user-admin'
import { formatDateTime, formatNumber } from '~/i18n/translate'
import { grantOptions } from '~/pages/user-admin.server'
import { sendMail } from '~/services/notifications.server'
import { addGrant, endUserSessions, issuePasswordLink, passwordLink, removeGrant, setUserStatus } from '~/services/users.server'
import { parseId } from '~/utils/assessment.server'
import { requirePermission } from '~/utils/auth.server'
import { useLocale, useT } from '~/utils/i18n'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const actor = await requirePermission(request, 'user:manage', { kind: 'own' })
	const db = getDb()
	const found = getUserForAdmin(db, parseId(params.userId))
	// An account outside the admin's reach does not exist, as far as the admin can tell.
	if (!found || !mayManageUser(actor.grants, found.grants)) throw new Response('Not found', { status: 404 })
	return {
		...found,
		grants: found.grants.map((g) => ({
			...g,
			removable: mayAssign(actor.grants, g) && found.grants.length > 1 && !(g.role === 'admin' && found.user.id === actor.id),
		})),
		isSelf: found.user.id === actor.id,
		options: grantOptions(db, actor.grants),
	}
}

type Done = {
	notice: string | null
	error: string | null
	link?: { mailed: boolean; link: string | null }
	grantErrors?: Record<string, Array<string>>
}

export async function action({ request, params }: ActionFunctionArgs) {
	const actor = await requirePermission(request, 'user:manage', { kind: 'own' })
	const userId = parseId(params.userId)
	const db = getDb()
	const formData = await request.formData()
	const reply = (d: Done, status = 200) => data(d, { status })
	switch (formData.get('intent')) {
		case 'link': {
			const result = issuePasswordLink(db, userId, actor)
			if (!result.ok) return reply({ notice: null, error: result.code }, result.status)
			const { sent } = await sendMail([result.mail])
			return reply({
				notice: 'users.link.created',
				error: null,
				link: { mailed: sent > 0, link: sent > 0 ? null : passwordLink(result.token) },
			})
		}
		case 'disable':
		case 'enable': {
			const result = setUserStatus(db, userId, formData.get('intent') === 'disable' ? 'disabled' : 'active', actor)
			if (!result.ok) return reply({ notice: null, error: result.code }, result.status)
			return reply({ notice: formData.get('intent') === 'disable' ? 'users.disabled' : 'users.enabled', error: null })
		}
		case 'endSessions': {
			const result = endUserSessions(db, userId, actor)
			if (!result.ok) return reply({ notice: null, error: result.code }, result.status)
			return reply({ notice: 'users.sessionsEnded', error: null })
		}
		case 'addGrant': {
			const submission = parseWithZod(formData, { schema: GrantSchema })
			if (submission.status !== 'success')
				return reply({ notice: null, error: 'form.hasErrors', grantErrors: submission.error as Record<string, Array<string>> }, 400)
			const result = addGrant(db, userId, submission.value, actor)
			if (!result.ok) return reply({ notice: null, error: result.code }, result.status)
			return reply({ notice: 'users.grantAdded', error: null })
		}
		case 'removeGrant': {
			const membershipId = parseId(String(formData.get('membershipId') ?? ''))
			const result = Number.isFinite(membershipId)
				? removeGrant(db, userId, membershipId, actor)
				: { ok: false as const, code: 'users.grantNotFound', status: 404 }
			if (!result.ok) return reply({ notice: null, error: result.code }, result.status)
			return reply({ notice: 'users.grantRemoved', error: null })
		}
		default:
			return reply({ notice: null, error: 'form.malformed' }, 400)
	}
}

export default function UserPage() {
	const { user, grants, openSessions, pendingLink, isSelf, options } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>() as Done | undefined
	const t = useT()
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
					{t(actionData.notice as 'users.disabled')}
				</p>
			) : null}
			<FormErrors errors={actionData?.error ? [actionData.error] : null} />
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
				<Form method="post" className="form form--wide">
					<input type="hidden" name="intent" value="addGrant" />
					<GrantFields prefix="grant" options={options} errors={actionData?.grantErrors} />
					<p>
						<button type="submit" className="button button--quiet">
							{t('users.addGrant')}
						</button>
					</p>
				</Form>
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

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.name ?? ''} · Hospital IT Readiness` }]
