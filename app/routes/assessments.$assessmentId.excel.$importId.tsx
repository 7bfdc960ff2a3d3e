import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { getStagedImport } from '#db/queries/imports'
import { FormErrors } from '~/components/forms'
import { BlockedProblems } from '~/components/import-problems'
import { StatGrid } from '~/components/stat-grid'
import { DiscardForm, ImportDecision } from '~/components/upload-form'
import { type AnswerFields } from '~/domain/answer-form'
import { type AnswerSpec } from '~/domain/catalog/schema'
import { dmyDate } from '~/domain/dates'
import { formatNumber } from '~/i18n/translate'
import { answerImportPreview } from '~/pages/answer-workbook.server'
import { applyAnswerImport } from '~/services/answer-import.server'
import { discardStagedImport } from '~/services/imports.server'
import { requireAssessment } from '~/utils/assessment.server'
import { invariantResponse } from '~/utils/http.server'
import { useLocale, useT } from '~/utils/i18n'
import { parseImportDecision } from '~/utils/import-decision.server'
import { pageTitle } from '~/utils/meta'

/** The guard of the preview: the assessment may be edited by this user, and the upload is theirs, for it. */
async function requireStaged(request: Request, params: { assessmentId?: string; importId?: string }) {
	const guard = await requireAssessment(request, params.assessmentId, 'assessment:edit')
	const row = getStagedImport(getDb(), params.importId ?? '', guard.user.id, 'answers')
	invariantResponse(row && row.assessmentId === guard.ctx.assessment.id, 'Not found', { status: 404 })
	return { ...guard, row }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { ctx, row } = await requireStaged(request, params)
	return answerImportPreview(getDb(), ctx, row)
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user, ctx, row } = await requireStaged(request, params)
	const submission = parseImportDecision(await request.formData())
	if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
	switch (submission.value.intent) {
		case 'apply': {
			const result = applyAnswerImport(getDb(), {
				ctx,
				staged: { id: row.id, fileName: row.fileName, sha256: row.sha256, sheets: row.payload.sheets },
				actorId: user.id,
			})
			if (!result.ok) return data({ result: submission.reply({ formErrors: [result.code] }) }, { status: result.status })
			throw redirect(
				`/assessments/${ctx.assessment.id}/excel?applied=${result.saved.length}&conflicts=${result.conflicts.length + result.skippedConflicts}`,
			)
		}
		case 'discard':
			discardStagedImport(getDb(), row.id, user.id)
			throw redirect(`/assessments/${ctx.assessment.id}/excel`)
	}
}

export default function AnswerImportPreview() {
	const p = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const locale = useLocale()
	const n = (x: number) => formatNumber(locale, x)
	const show = (spec: AnswerSpec | null, f: AnswerFields) => {
		if (!f.value) return t('excel.empty')
		let text = f.value
		if (spec?.type === 'yes_no') text = t(f.value === 'yes' ? 'form.yes' : f.value === 'no' ? 'form.no' : 'form.na')
		else if (spec?.type === 'choice') text = spec.options.find((o) => o.value === f.value)?.label[locale] ?? f.value
		else if (spec?.type === 'date') text = dmyDate(f.value)
		return f.naReason ? `${text} (${f.naReason})` : text
	}
	const blocked = p.problemCount > 0
	const base = `/assessments/${p.assessmentId}`
	return (
		<>
			<p className="muted">
				<Link to={`${base}/excel`}>← {t('excel.title')}</Link> · {p.facilityName}
			</p>
			<h1>{t('import.preview.title', { file: p.fileName })}</h1>
			<FormErrors errors={Object.values(actionData?.result.error ?? {}).flatMap((e) => e ?? [])} />
			<StatGrid
				label={t('import.preview.summary')}
				testId="import-summary"
				items={[
					{ value: n(p.counts.change), label: t('excel.count.change') },
					{ value: n(p.counts.unchanged), label: t('excel.count.unchanged') },
					{ value: n(p.counts.conflict), label: t('excel.count.conflict') },
					{ value: n(p.counts.invalid), label: t('import.count.invalid') },
				]}
			/>
			{blocked ? (
				<BlockedProblems message={t('excel.blocked')} problems={p.problems} total={p.problemCount} showSheet />
			) : (
				<ImportDecision
					applicable={p.applicable}
					applyLabel={t('excel.apply')}
					message={p.applicable ? t('excel.ready', { count: n(p.counts.change) }) : t('excel.nothingToDo')}
				/>
			)}
			{p.conflicts.length ? (
				<section className="card">
					<h2>{t('excel.count.conflict')}</h2>
					<p>{t('excel.conflictHint')}</p>
					<AnswerTable rows={p.conflicts} show={show} conflict />
				</section>
			) : null}
			{p.changes.length ? (
				<section className="card">
					<h2>{t('excel.count.change')}</h2>
					<AnswerTable rows={p.changes} show={show} />
				</section>
			) : null}
			{blocked ? <DiscardForm /> : null}
		</>
	)
}

type RowView = {
	sheet: string
	row: number
	criterionId: string
	text: { vi: string; en: string } | null
	answer: AnswerSpec | null
	current: AnswerFields
	next: AnswerFields
	changedBy: string | null
}

function AnswerTable({
	rows,
	show,
	conflict,
}: {
	rows: Array<RowView>
	show: (spec: AnswerSpec | null, f: AnswerFields) => string
	conflict?: boolean
}) {
	const t = useT()
	const locale = useLocale()
	return (
		<div className="table-wrap">
			<table data-testid={conflict ? 'import-conflicts' : 'import-changes'}>
				<thead>
					<tr>
						<th scope="col">{t('import.col.sheet')}</th>
						<th scope="col">{t('import.col.row')}</th>
						<th scope="col">{t('excel.col.criterion')}</th>
						<th scope="col">{t(conflict ? 'excel.online' : 'excel.now')}</th>
						<th scope="col">{t('excel.inFile')}</th>
					</tr>
				</thead>
				<tbody>
					{rows.map((r) => (
						<tr key={`${r.sheet}-${r.row}`}>
							<td>{r.sheet}</td>
							<td>{r.row}</td>
							<td>
								<strong>{r.criterionId}</strong> {r.text?.[locale]}
							</td>
							<td>
								{show(r.answer, r.current)}
								{conflict && r.changedBy ? <span className="muted"> ({r.changedBy})</span> : null}
							</td>
							<td>{show(r.answer, r.next)}</td>
						</tr>
					))}
				</tbody>
			</table>
		</div>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('title.excelPreview'))
