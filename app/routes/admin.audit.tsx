import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { type ReactNode } from 'react'
import { getDb } from '#db/client.server'
import { getAuditEvent, listLatestAuditEvents } from '#db/queries/audit'
import { getCatalogVersionById, listCatalogVersions } from '#db/queries/catalogs'
import { AuditDiff, auditActionLabel, auditEntityLabel } from '~/components/audit-diff'
import { type Locale } from '~/domain/enums'
import { levelNamesOf } from '~/domain/level-names'
import { formatDateTime, formatNumber, translate } from '~/i18n/translate'
import { verifyAuditChain } from '~/services/audit.server'
import { parseId } from '~/utils/assessment.server'
import { requirePermission } from '~/utils/auth.server'
import { useLocale, useT } from '~/utils/i18n'

const PAGE_SIZE = 50

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePermission(request, 'audit:read', { kind: 'global' })
	const db = getDb()
	const beforeId = parseId(new URL(request.url).searchParams.get('before') ?? undefined)
	// The whole chain is recomputed on every visit: the page is the check, not a cached claim.
	const chain = verifyAuditChain(db)
	const brokenEvent = chain.ok ? null : getAuditEvent(db, chain.brokenAtId)
	const rows = listLatestAuditEvents(db, { limit: PAGE_SIZE + 1, beforeId: Number.isFinite(beforeId) ? beforeId : undefined })
	const events = rows.slice(0, PAGE_SIZE)
	return {
		chain,
		brokenEvent,
		events,
		olderThan: rows.length > PAGE_SIZE ? events[events.length - 1].id : null,
		levels: levelNamesOf(listCatalogVersions(db).flatMap((v) => getCatalogVersionById(db, v.id)?.catalog ?? [])),
		paged: Number.isFinite(beforeId),
	}
}

export default function AuditTrail() {
	const { chain, brokenEvent, events, olderThan, paged, levels } = useLoaderData<typeof loader>()
	const t = useT()
	const locale = useLocale()
	return (
		<>
			<h1>{t('audit.title')}</h1>
			<p className="lede">{t('audit.intro')}</p>
			<section className="card" aria-labelledby="chain-heading">
				<h2 id="chain-heading">{t('audit.chain.heading')}</h2>
				{chain.ok ? (
					<div className="alert alert--info" role="status" data-testid="chain-status" data-chain="intact">
						<p>
							<span className="badge badge--ok" aria-hidden="true">
								✓
							</span>{' '}
							<strong>{t('audit.chain.intact', { count: formatNumber(locale, chain.count) })}</strong>
						</p>
						{chain.count > 0 ? (
							<p>
								<WithCode text={t('audit.chain.lastHash', { hash: SLOT })} title={chain.lastHash}>
									{chain.lastHash.slice(0, 16)}…
								</WithCode>
							</p>
						) : null}
					</div>
				) : (
					<div className="alert alert--error" role="alert" data-testid="chain-status" data-chain="broken">
						<p>
							<span className="badge badge--danger" aria-hidden="true">
								✗
							</span>{' '}
							<strong>{t('audit.chain.broken', { id: chain.brokenAtId })}</strong>
						</p>
						<p>{t(`audit.reason.${chain.reason}`)}</p>
						{brokenEvent ? (
							<p>
								{t('audit.chain.brokenEvent', {
									id: brokenEvent.id,
									action: auditActionLabel(t, brokenEvent.action),
									entity: auditEntityLabel(t, brokenEvent.entityType, brokenEvent.entityId),
									time: formatDateTime(locale, new Date(brokenEvent.at)),
									actor: brokenEvent.actorName ?? t('audit.system'),
								})}
							</p>
						) : null}
						<p>{t('audit.chain.verifiedBefore', { count: formatNumber(locale, chain.count - 1) })}</p>
					</div>
				)}
				<p className="muted">
					<WithCode text={t('audit.chain.cli', { command: SLOT })}>npm run audit:verify</WithCode>
				</p>
			</section>

			<h2>{t('audit.latest')}</h2>
			{events.length === 0 ? (
				<p>{t('audit.none')}</p>
			) : (
				<div className="table-wrap">
					<table>
						<thead>
							<tr>
								<th scope="col">{t('audit.col.id')}</th>
								<th scope="col">{t('audit.col.time')}</th>
								<th scope="col">{t('audit.col.actor')}</th>
								<th scope="col">{t('audit.col.action')}</th>
								<th scope="col">{t('audit.col.entity')}</th>
								<th scope="col">{t('audit.col.change')}</th>
							</tr>
						</thead>
						<tbody>
							{events.map((e) => (
								<tr key={e.id} data-testid="audit-event">
									<td>#{e.id}</td>
									<td>{formatDateTime(locale, new Date(e.at))}</td>
									<td>{e.actorName ?? t('audit.system')}</td>
									<td>
										<span title={e.action}>{auditActionLabel(t, e.action)}</span>
									</td>
									<td>
										<EntityLink entityType={e.entityType} entityId={e.entityId} />
									</td>
									<td>
										<AuditDiff action={e.action} entityType={e.entityType} before={e.before} after={e.after} levels={levels} limit={3} />
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
			{paged || olderThan !== null ? (
				<nav className="pager" aria-label={t('audit.latest')}>
					{paged ? <Link to="/admin/audit">{t('audit.newest')}</Link> : null}
					{olderThan !== null ? <Link to={`/admin/audit?before=${olderThan}`}>{t('audit.older')}</Link> : null}
				</nav>
			) : null}
		</>
	)
}

const SLOT = '\u0000'

/** A translated sentence with a <code> where the placeholder was, so word order follows the language. */
function WithCode({ text, title, children }: { text: string; title?: string; children: ReactNode }) {
	const [pre, post = ''] = text.split(SLOT)
	return (
		<>
			{pre}
			<code title={title}>{children}</code>
			{post}
		</>
	)
}

function EntityLink({ entityType, entityId }: { entityType: string; entityId: string }) {
	const t = useT()
	const label = auditEntityLabel(t, entityType, entityId)
	if (!/^\d+$/.test(entityId)) return <>{label}</>
	if (entityType === 'assessment') return <Link to={`/assessments/${entityId}/history`}>{label}</Link>
	if (entityType === 'campaign') return <Link to={`/admin/campaigns/${entityId}`}>{label}</Link>
	return <>{label}</>
}

export const meta: MetaFunction = ({ matches }) => {
	const locale = (matches.find((m) => m.id === 'root')?.data as { locale?: Locale } | undefined)?.locale ?? 'vi'
	return [{ title: `${translate(locale, 'audit.title')} · Hospital IT Readiness` }]
}
