import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { getFacility } from '#db/queries/facilities'
import { can } from '~/domain/permissions'
import { type MessageKey } from '~/i18n/translate'
import { formatNumber } from '~/i18n/translate'
import { facilityTarget, requirePermission } from '~/utils/auth.server'
import { useLocale, useT } from '~/utils/i18n'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const id = /^\d{1,12}$/.test(params.facilityId ?? '') ? Number(params.facilityId) : NaN
	const target = facilityTarget(id)
	const user = await requirePermission(request, 'facility:read', target)
	const row = getFacility(getDb(), target.facilityId)
	if (!row) throw new Response('Not found', { status: 404 })
	const saved = new URL(request.url).searchParams.get('saved')
	return {
		facility: row.facility,
		provinceName: row.provinceName,
		provinceNameEn: row.provinceNameEn,
		canManage: can(user.grants, 'facility:manage', target),
		saved: saved && SAVED.includes(saved as (typeof SAVED)[number]) ? (saved as (typeof SAVED)[number]) : null,
	}
}

const SAVED = ['created', 'updated', 'activated', 'deactivated'] as const

export default function FacilityPage() {
	const { facility: f, provinceName, provinceNameEn, canManage, saved } = useLoaderData<typeof loader>()
	const t = useT()
	const locale = useLocale()
	return (
		<>
			<h1>{f.name}</h1>
			<p className="lede">
				{f.code} · {locale === 'en' ? provinceNameEn : provinceName}{' '}
				<span className={`badge ${f.active ? 'badge--ok' : 'badge--danger'}`}>{t(f.active ? 'facility.active' : 'facility.inactive')}</span>
			</p>
			{saved ? (
				<p className="alert alert--info" role="status">
					{t(`registry.saved.${saved}`)}
				</p>
			) : null}
			{canManage ? (
				<p>
					<Link to={`/facilities/${f.id}/edit`} className="button button--quiet">
						{t('registry.editButton')}
					</Link>
				</p>
			) : null}
			<section className="card">
				<dl className="facts">
					<dt>{t('facility.code')}</dt>
					<dd>{f.code}</dd>
					<dt>{t('facility.type')}</dt>
					<dd>{t(`facilityType.${f.type}` as MessageKey)}</dd>
					<dt>{t('facility.class')}</dt>
					<dd>{t(`facilityClass.${f.class}` as MessageKey)}</dd>
					<dt>{t('facility.managingBody')}</dt>
					<dd>{t(`managingBody.${f.managingBody}` as MessageKey)}</dd>
					<dt>{t('facility.ownership')}</dt>
					<dd>{t(`ownership.${f.ownership}` as MessageKey)}</dd>
					<dt>{t('facility.beds')}</dt>
					<dd>{formatNumber(locale, f.bedCount)}</dd>
					{f.address ? (
						<>
							<dt>{t('facility.address')}</dt>
							<dd>{f.address}</dd>
						</>
					) : null}
				</dl>
			</section>
		</>
	)
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.facility.name ?? ''} · Hospital IT Readiness` }]
