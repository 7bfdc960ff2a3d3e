import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { UploadForm } from '~/components/upload-form'
import { can } from '~/domain/permissions'
import { editRefusal } from '~/domain/workflow'
import { parseWorkbookUpload } from '~/pages/answer-workbook.server'
import { stageAnswerWorkbook } from '~/services/answer-import.server'
import { requireAssessment } from '~/utils/assessment.server'
import { readUploadForm } from '~/utils/download.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user, ctx, target } = await requireAssessment(request, params.assessmentId, 'assessment:read')
	const refusal = editRefusal(ctx.assessment.status, ctx.campaign.status)
	const url = new URL(request.url)
	const applied = url.searchParams.get('applied')
	return {
		applied:
			applied && /^\d+$/.test(applied) ? { saved: Number(applied), conflicts: Number(url.searchParams.get('conflicts') ?? 0) || 0 } : null,
		assessmentId: ctx.assessment.id,
		facilityName: ctx.facility.name,
		campaignTitle: ctx.campaign.title,
		canUpload: refusal === null && can(user.grants, 'assessment:edit', target),
		refusal,
	}
}

/** A message key with its parameters, as the forms show it. */
function message(problem: { code: string; params?: Record<string, string | number> }) {
	return problem.params ? `${problem.code}|${JSON.stringify(problem.params)}` : problem.code
}

/** Reads the workbook and keeps it for the preview; no answer changes here. */
export async function action({ request, params }: ActionFunctionArgs) {
	const { user, ctx } = await requireAssessment(request, params.assessmentId, 'assessment:edit')
	// The file's size limit holds while the body is read, before the form is parsed.
	const form = await readUploadForm(request)
	if (!form.ok) return data({ result: null, error: message(form.problem) }, { status: form.status })
	const submission = parseWorkbookUpload(form.formData)
	if (submission.status !== 'success') return data({ result: submission.reply(), error: null }, { status: 400 })
	const { file } = submission.value
	const staged = await stageAnswerWorkbook(getDb(), {
		ctx,
		userId: user.id,
		fileName: file.name,
		bytes: new Uint8Array(await file.arrayBuffer()),
	})
	if (!staged.ok) return data({ result: submission.reply({ formErrors: [message(staged)] }), error: null }, { status: staged.status })
	throw redirect(`/assessments/${ctx.assessment.id}/excel/${staged.id}`)
}

export default function AssessmentExcel() {
	const page = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const base = `/assessments/${page.assessmentId}`
	return (
		<>
			<p className="muted">
				<Link to={base}>{t('form.backToOverview')}</Link> · {page.facilityName} · {page.campaignTitle}
			</p>
			<h1>{t('excel.title')}</h1>
			<p className="lede">{t('excel.lede')}</p>
			{page.applied ? (
				<p className="alert alert--info" role="status">
					{t('excel.applied', { count: page.applied.saved })}{' '}
					{page.applied.conflicts ? t('excel.appliedConflicts', { count: page.applied.conflicts }) : null}
				</p>
			) : null}
			<section className="card">
				<h2>{t('excel.download.heading')}</h2>
				<p>{t('excel.download.hint')}</p>
				<p>
					<a className="button" href={`${base}/excel/template`} download>
						{t('excel.download.button')}
					</a>
				</p>
			</section>
			<section className="card">
				<h2>{t('excel.upload.heading')}</h2>
				{page.canUpload ? (
					<>
						<p>{t('excel.upload.hint')}</p>
						<UploadForm
							id="answers-file"
							label={t('excel.upload.file')}
							accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
							errors={actionData?.error ? [actionData.error] : Object.values(actionData?.result?.error ?? {}).flatMap((e) => e ?? [])}
						/>
					</>
				) : (
					<p className="alert alert--info">{t(page.refusal === 'campaign.closed' ? 'campaign.closedNotice' : 'assessment.readOnly')}</p>
				)}
			</section>
		</>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('excel.title'))
