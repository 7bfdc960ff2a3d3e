import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { recordPage } from '~/pages/verify.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { ReportRecord, SignatureStatements } from './verify._index'

/** The QR code's target: the public record of one issued report (no sign-in). */
export async function loader({ params }: LoaderFunctionArgs) {
	const id = (params.reportId ?? '').toUpperCase().slice(0, 40)
	const found = await recordPage(id)
	return data({ id, report: found?.report ?? null, signatures: found?.signatures ?? [] }, { status: found ? 200 : 404 })
}

export default function VerifyReportPage() {
	const { id, report, signatures } = useLoaderData<typeof loader>()
	const t = useT()
	return (
		<>
			<p className="muted">
				<Link to="/verify">← {t('verify.title')}</Link>
			</p>
			<h1>{t('verify.title')}</h1>
			{report ? (
				<section className="alert alert--info" role="status" data-testid="verify-result" data-status="record">
					<p>
						<strong>{t('verify.result.record', { id: report.id })}</strong>
					</p>
					<ReportRecord report={report} />
					<SignatureStatements signatures={signatures} record />
					<p className="muted">{t('verify.compareHint')}</p>
				</section>
			) : (
				<p className="alert alert--error" role="alert" data-testid="verify-result" data-status="unknown">
					<strong>{t('verify.notFound', { id })}</strong>
				</p>
			)}
			<p>
				<Link className="button" to="/verify">
					{t('verify.again')}
				</Link>
			</p>
		</>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('verify.title'))
