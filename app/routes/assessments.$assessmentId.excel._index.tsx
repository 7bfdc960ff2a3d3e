import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { UploadForm } from '~/components/upload-form'
import { MAX_ANSWER_ROWS } from '~/domain/answer-sheet'
import { can } from '~/domain/permissions'
import { editRefusal } from '~/domain/workflow'
import { stageImport } from '~/services/imports.server'
import { requireAssessment } from '~/utils/assessment.server'
import { readUpload } from '~/utils/download.server'
import { useT } from '~/utils/i18n'

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

/** Reads the workbook and keeps it for the preview; no answer changes here. */
export async function action({ request, params }: ActionFunctionArgs) {
	const { user, ctx } = await requireAssessment(request, params.assessmentId, 'assessment:edit')
	const refusal = editRefusal(ctx.assessment.status, ctx.campaign.status)
	if (refusal) return data({ error: refusal, params: null }, { status: 409 })
	const upload = await readUpload(request, { maxRows: MAX_ANSWER_ROWS + 1, maxColumns: 12, csv: false })
	if (!upload.ok) return data({ error: upload.problem.code, params: upload.problem.params ?? null }, { status: upload.status })
	const id = stageImport(getDb(), {
		kind: 'answers',
		userId: user.id,
		assessmentId: ctx.assessment.id,
		fileName: upload.fileName,
		bytes: upload.bytes,
		sheets: upload.sheets.map((s) => ({ name: s.name, rows: s.rows })),
	})
	throw redirect(`/assessments/${ctx.assessment.id}/excel/${id}`)
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
							error={actionData?.error ? { code: actionData.error, params: actionData.params } : null}
						/>
					</>
				) : (
					<p className="alert alert--info">{t(page.refusal === 'campaign.closed' ? 'campaign.closedNotice' : 'assessment.readOnly')}</p>
				)}
			</section>
		</>
	)
}

export const meta: MetaFunction = () => [{ title: 'Excel · Hospital IT Readiness' }]
