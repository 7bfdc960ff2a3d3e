import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { FormErrors } from '~/components/forms'
import { BlockedProblems } from '~/components/import-problems'
import { StatGrid } from '~/components/stat-grid'
import { DiscardForm, ImportDecision } from '~/components/upload-form'
import { type AnswerFields } from '~/domain/answer-form'
import { answerPlanIsApplicable } from '~/domain/answer-sheet'
import { type AnswerSpec } from '~/domain/catalog/schema'
import { dmyDate } from '~/domain/dates'
import { formatNumber } from '~/i18n/translate'
import { applyAnswerImport, planUpload } from '~/services/answer-import.server'
import { discardStagedImport, getStagedImport } from '~/services/imports.server'
import { requireAssessment } from '~/utils/assessment.server'
import { useLocale, useT } from '~/utils/i18n'

const SHOWN = 500

async function staged(request: Request, params: { assessmentId?: string; importId?: string }) {
	const guard = await requireAssessment(request, params.assessmentId, 'assessment:edit')
	const row = getStagedImport(getDb(), params.importId ?? '', guard.user.id, 'answers')
	if (!row || row.assessmentId !== guard.ctx.assessment.id) throw new Response('Not found', { status: 404 })
	return { ...guard, row }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { ctx, row } = await staged(request, params)
	const { plan, catalogs } = planUpload(getDb(), ctx, row.payload.sheets)
	const criterionOf = new Map(catalogs.flatMap((c) => c.indices.map((i) => c.loaded.compiled.criteria[i].criterion)).map((c) => [c.id, c]))
	const view = (r: (typeof plan.rows)[number]) => {
		const criterion = criterionOf.get(r.criterionId)
		return {
			sheet: r.sheet,
			row: r.row,
			criterionId: r.criterionId,
			text: criterion?.text ?? null,
			answer: criterion?.answer ?? null,
			current: r.current,
			next: r.next,
			changedBy: r.changedBy ?? null,
		}
	}
	const problems = [...plan.fileProblems, ...plan.rows.flatMap((r) => r.problems)]
	return {
		assessmentId: ctx.assessment.id,
		facilityName: ctx.facility.name,
		fileName: row.fileName,
		counts: plan.counts,
		applicable: answerPlanIsApplicable(plan),
		problems: problems.slice(0, SHOWN),
		problemCount: problems.length,
		changes: plan.rows
			.filter((r) => r.status === 'change')
			.slice(0, SHOWN)
			.map(view),
		conflicts: plan.rows
			.filter((r) => r.status === 'conflict')
			.slice(0, SHOWN)
			.map(view),
	}
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user, ctx, row } = await staged(request, params)
	const db = getDb()
	switch ((await request.formData()).get('intent')) {
		case 'apply': {
			const result = applyAnswerImport(db, {
				ctx,
				sheets: row.payload.sheets,
				actorId: user.id,
				fileName: row.fileName,
				sha256: row.sha256,
			})
			if (!result.ok) return data({ error: result.code }, { status: result.status })
			discardStagedImport(db, row.id, user.id)
			throw redirect(
				`/assessments/${ctx.assessment.id}/excel?applied=${result.saved.length}&conflicts=${result.conflicts.length + result.skippedConflicts}`,
			)
		}
		case 'discard':
			discardStagedImport(db, row.id, user.id)
			throw redirect(`/assessments/${ctx.assessment.id}/excel`)
		default:
			return data({ error: 'form.malformed' }, { status: 400 })
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
			<FormErrors errors={actionData?.error ? [actionData.error] : null} />
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

export const meta: MetaFunction = () => [{ title: 'Xem trước tệp Excel · Hospital IT Readiness' }]
