import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { DirectorSignatureStatus } from '~/components/director-signature'
import { useErrorText } from '~/components/forms'
import { directorSignaturePage } from '~/pages/director-signature.server'
import { recordDirectorSignature } from '~/services/director-signature.server'
import { requireAssessment } from '~/utils/assessment.server'
import { readUploadForm } from '~/utils/download.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

/** A signed submission is the issued PDF plus the signer's incremental update (an appearance font can add hundreds of KB). */
export const SIGNED_UPLOAD_MAX_MB = 20

/** The director's personal signature on the submission (ADR 013): download the issued PDF, sign it elsewhere, upload it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user, ctx, target } = await requireAssessment(request, params.assessmentId, 'assessment:read')
	return directorSignaturePage(getDb(), ctx, user, target)
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user, ctx } = await requireAssessment(request, params.assessmentId, 'assessment:submit')
	const form = await readUploadForm(request, SIGNED_UPLOAD_MAX_MB * 1024 * 1024)
	if (!form.ok) return data({ error: `${form.problem.code}|${JSON.stringify(form.problem.params ?? {})}` }, { status: form.status })
	const file = form.formData.get('file')
	if (!(file instanceof Blob) || file.size === 0) return data({ error: 'sheet.missingFile' }, { status: 400 })
	const result = await recordDirectorSignature(getDb(), { ctx, actorId: user.id, bytes: Buffer.from(await file.arrayBuffer()) })
	if (!result.ok) return data({ error: result.code }, { status: result.status })
	throw redirect(`/assessments/${ctx.assessment.id}/signature?signed=1`)
}

export default function DirectorSignaturePage() {
	const page = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const errorText = useErrorText()
	const navigation = useNavigation()
	const [searchParams] = useSearchParams()
	const base = `/assessments/${page.assessment.id}`
	return (
		<>
			<p className="muted">
				<Link to={base}>{t('form.backToOverview')}</Link> · {page.facility.name} · {page.campaign.title}
			</p>
			<h1>{t('directorSignature.title')}</h1>
			{!page.summary.requested ? (
				<p className="alert alert--info">{t('directorSignature.notRequested')}</p>
			) : !page.summary.submitted ? (
				<p className="alert alert--info">{t('directorSignature.notSubmitted')}</p>
			) : (
				<>
					<p className="lede">{t('directorSignature.intro')}</p>
					{searchParams.get('signed') === '1' && page.summary.signature ? (
						<p className="alert alert--info" role="status">
							{t('directorSignature.done')}
						</p>
					) : null}
					{actionData?.error ? (
						<p className="alert alert--error" role="alert" data-testid="signature-error">
							{errorText(actionData.error)}
						</p>
					) : null}
					<section className="card" aria-labelledby="status-heading">
						<h2 id="status-heading">{t('directorSignature.link')}</h2>
						<DirectorSignatureStatus summary={page.summary} />
					</section>
					<section className="card" aria-labelledby="document-heading">
						<h2 id="document-heading">{t('directorSignature.download')}</h2>
						<p>
							<a href={`${base}/submission.pdf`} download data-testid="submission-pdf-link">
								{t('directorSignature.download')}
							</a>
						</p>
						{page.document?.sha256 ? (
							<p className="muted">
								{t('directorSignature.documentSha256')} <code>{page.document.sha256}</code>
							</p>
						) : null}
						{page.canSign ? (
							<Form method="post" encType="multipart/form-data" reloadDocument>
								<div className="field">
									<label htmlFor="file">{t('directorSignature.upload.label', { max: SIGNED_UPLOAD_MAX_MB })}</label>
									<input id="file" name="file" type="file" accept="application/pdf,.pdf" required />
								</div>
								<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
									{t('directorSignature.upload.submit')}
								</button>
							</Form>
						) : null}
					</section>
				</>
			)}
		</>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('directorSignature.title'))
