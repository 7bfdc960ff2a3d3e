import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { formatNumber } from '~/i18n/translate'
import { facilityPage } from '~/pages/facility-admin.server'
import { parseId } from '~/utils/assessment.server'
import { facilityTarget, requirePermission } from '~/utils/auth.server'
import { invariantResponse } from '~/utils/http.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const target = facilityTarget(parseId(params.facilityId))
	const user = await requirePermission(request, 'facility:read', target)
	const page = facilityPage(getDb(), target.facilityId, user.grants)
	invariantResponse(page, 'Not found', { status: 404 })
	const saved = new URL(request.url).searchParams.get('saved')
	return { ...page, saved: SAVED.find((s) => s === saved) ?? null }
}

/** The notices a redirect after a change may ask for (`?saved=`). */
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
					<dd>{t(`facilityType.${f.type}`)}</dd>
					<dt>{t('facility.class')}</dt>
					<dd>{t(`facilityClass.${f.class}`)}</dd>
					<dt>{t('facility.managingBody')}</dt>
					<dd>{t(`managingBody.${f.managingBody}`)}</dd>
					<dt>{t('facility.ownership')}</dt>
					<dd>{t(`ownership.${f.ownership}`)}</dd>
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

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
	pageTitle(matches, (t) => `${data?.facility.name ?? ''} · ${t('facilities.title')}`)
