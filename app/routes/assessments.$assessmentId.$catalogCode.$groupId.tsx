import { getFormProps, type SubmissionResult, useForm } from '@conform-to/react'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { getDb } from '#db/client.server'
import { scoreContext } from '#db/queries/assessments'
import { validateAnswersPage } from '~/components/answers-page-validation'
import { useAutosave } from '~/components/autosave'
import { CriterionCard, type PageCriterionView } from '~/components/criterion-card'
import { ErrorList, FormErrors } from '~/components/forms'
import { ScorePanel } from '~/components/score-panel'
import { fieldsToAnswer } from '~/domain/answer-form'
import { type CatalogScore } from '~/domain/catalog/scoring'
import { can } from '~/domain/permissions'
import { editRefusal } from '~/domain/workflow'
import { loadFormPage, parseAnswersPage } from '~/pages/assessment-form.server'
import { type AnswerChange, saveAnswers } from '~/services/answers.server'
import { addEvidence, MAX_EVIDENCE_BYTES, removeEvidence } from '~/services/evidence.server'
import { requireAssessment } from '~/utils/assessment.server'
import { useLocale, useT } from '~/utils/i18n'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user, ctx, target } = await requireAssessment(request, params.assessmentId, 'assessment:read')
	const page = loadFormPage(ctx, params.catalogCode ?? '', params.groupId ?? '')
	if (!page) throw new Response('Not found', { status: 404 })
	const scored = scoreContext(getDb(), ctx)
	const score = scored.result.ok ? scored.result.scores.find((s) => s.code === page.catalog.code)! : null
	const refusal = editRefusal(ctx.assessment.status, ctx.campaign.status)
	const editable = refusal === null && can(user.grants, 'assessment:edit', target)
	return {
		assessmentId: ctx.assessment.id,
		version: ctx.assessment.version,
		editable,
		roundClosed: refusal === 'campaign.closed',
		facilityName: ctx.facility.name,
		campaignTitle: ctx.campaign.title,
		score,
		...page,
	}
}

type PageForm = { baseVersion: number; answers: Array<{ id: string; value?: string; naReason?: string; orig?: string; origNa?: string }> }

type Conflict = { criterionId: string; theirs: { value: string; naReason: string } | null; byName: string | null; at: Date }

export async function action({ request, params }: ActionFunctionArgs) {
	const { user, ctx } = await requireAssessment(request, params.assessmentId, 'assessment:edit')
	const page = loadFormPage(ctx, params.catalogCode ?? '', params.groupId ?? '')
	if (!page) throw new Response('Not found', { status: 404 })
	const length = Number(request.headers.get('content-length') ?? 0)
	if (length > MAX_EVIDENCE_BYTES + 64 * 1024) return data({ notice: null, error: 'evidence.too_large' }, { status: 413 })
	const formData = await request.formData()
	const db = getDb()
	switch (formData.get('intent')) {
		case 'upload': {
			const file = formData.get('file')
			const criterionId = String(formData.get('criterionId') ?? '')
			if (!(file instanceof File) || file.size === 0)
				return data({ notice: null, error: 'evidence.missingFile', criterionId }, { status: 400 })
			if (!page.criteria.some((c) => c.id === criterionId))
				return data({ notice: null, error: 'answer.unknown_criterion', criterionId }, { status: 400 })
			const result = await addEvidence(db, {
				ctx,
				criterionId,
				fileName: file.name,
				bytes: new Uint8Array(await file.arrayBuffer()),
				actorId: user.id,
			})
			if (!result.ok) return data({ notice: null, error: result.code, criterionId }, { status: result.status })
			return data({ notice: result.duplicate ? 'evidence.duplicate' : 'evidence.uploaded', error: null, criterionId })
		}
		case 'remove-evidence': {
			const evidenceId = Number(formData.get('evidenceId'))
			const result = Number.isSafeInteger(evidenceId)
				? removeEvidence(db, { assessmentId: ctx.assessment.id, evidenceId, actorId: user.id })
				: null
			if (!result?.ok) return data({ notice: null, error: result?.code ?? 'evidence.not_found' }, { status: result?.status ?? 404 })
			return data({ notice: 'evidence.removed', error: null })
		}
		case 'save': {
			const submission = parseAnswersPage(formData, page)
			if (submission.status !== 'success') return data({ result: submission.reply(), error: 'form.hasErrors' }, { status: 400 })
			const specOf = new Map(page.criteria.map((c) => [c.id, c.answer]))
			const changes: Array<AnswerChange> = []
			for (const item of submission.value.answers) {
				if ((item.value ?? '') === (item.orig ?? '') && (item.naReason ?? '') === (item.origNa ?? '')) continue
				const converted = fieldsToAnswer(specOf.get(item.id)!, item, { today: page.today })
				if (converted.ok) changes.push({ criterionId: item.id, answer: converted.answer })
			}
			const saved = saveAnswers(db, { ctx, actorId: user.id, baseVersion: submission.value.baseVersion, changes })
			if (!saved.ok) {
				if (saved.code !== 'answer.invalid')
					return data({ result: submission.reply({ formErrors: [saved.code] }), error: saved.code }, { status: saved.status })
				const index = new Map(submission.value.answers.map((a, i) => [a.id, i]))
				const fieldErrors: Record<string, Array<string>> = {}
				for (const p of saved.problems)
					fieldErrors[`answers[${index.get(p.criterionId)}].${p.field}`] = [p.params ? `${p.code}|${JSON.stringify(p.params)}` : p.code]
				return data({ result: submission.reply({ fieldErrors }), error: 'answer.invalid' }, { status: 400 })
			}
			const conflicts: Array<Conflict> = saved.conflicts.map((c) => ({
				criterionId: c.criterionId,
				theirs: c.theirs ? { value: String(c.theirs.value), naReason: c.theirs.kind === 'yes_no' ? (c.theirs.naReason ?? '') : '' } : null,
				byName: c.byName,
				at: c.at,
			}))
			return data(
				{
					result: submission.reply(),
					saved: saved.saved.length,
					conflicts,
					notice: saved.saved.length ? 'form.savedCount' : conflicts.length ? null : 'form.nothingChanged',
				},
				{ status: conflicts.length ? 409 : 200 },
			)
		}
		default:
			return data({ notice: null, error: 'form.malformed' }, { status: 400 })
	}
}

export default function AssessmentFormPage() {
	const page = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>() as
		| {
				result?: SubmissionResult<Array<string>>
				error?: string | null
				notice?: string | null
				saved?: number
				conflicts?: Array<Conflict & { at: string }>
				criterionId?: string
		  }
		| undefined
	const t = useT()
	const locale = useLocale()
	const navigation = useNavigation()
	const l = (text: { vi: string; en: string }) => (locale === 'en' ? text.en : text.vi)
	const base = `/assessments/${page.assessmentId}`
	const [score, setScore] = useState<CatalogScore | null>(page.score as CatalogScore | null)
	const [lastLoaderScore, setLastLoaderScore] = useState(page.score)
	if (page.score !== lastLoaderScore) {
		setLastLoaderScore(page.score)
		setScore(page.score as CatalogScore | null)
	}
	const [form, fields] = useForm<PageForm>({
		id: `answers-${page.catalog.code}-${page.group.id}`,
		lastResult: navigation.state === 'idle' ? actionData?.result : undefined,
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => validateAnswersPage<PageForm>(formData, page.criteria, page.today),
		defaultValue: { answers: page.criteria.map((c) => ({ id: c.id, value: c.fields.value, naReason: c.fields.naReason })) },
	})
	const autosave = useAutosave({
		url: `${base}/answers`,
		version: page.version,
		criteria: page.criteria,
		today: page.today,
		enabled: page.editable,
		onScore: setScore,
	})
	const items = fields.answers.getFieldList()
	const conflicts = new Map((actionData?.conflicts ?? []).map((c) => [c.criterionId, c]))
	return (
		<>
			<p className="muted">
				<Link to={base}>{t('form.backToOverview')}</Link> · {page.facilityName} · {page.campaignTitle}
			</p>
			<h1>
				{page.group.id} · {l(page.group.title)}
			</h1>
			<p className="lede">
				{l(page.catalog.title)} <span className="badge">v{page.catalog.version}</span>
			</p>
			{!page.editable ? (
				<p className="alert alert--info">{t(page.roundClosed ? 'campaign.closedNotice' : 'assessment.readOnly')}</p>
			) : (
				<p className="muted">{t('form.keyboardHint')}</p>
			)}
			{actionData?.notice ? (
				<p className="alert alert--info" role="status">
					{t(actionData.notice as 'form.savedCount', { count: actionData.saved ?? 0 })}
				</p>
			) : null}
			{actionData?.error && !actionData.criterionId ? <FormErrors errors={[actionData.error]} /> : null}
			<div className="two-col">
				<div>
					<Form method="post" {...getFormProps(form)} onChange={autosave.onChange} onBlur={autosave.onBlur} onKeyDown={autosave.onKeyDown}>
						<input type="hidden" name="intent" value="save" />
						<input type="hidden" name="baseVersion" value={autosave.version} />
						{page.criteria.map((c, i) => {
							const item = items[i]?.getFieldset()
							return (
								<CriterionCard
									key={c.id}
									index={i}
									criterion={c as unknown as PageCriterionView}
									names={{
										id: item?.id.name ?? `answers[${i}].id`,
										value: item?.value.name ?? `answers[${i}].value`,
										naReason: item?.naReason.name ?? `answers[${i}].naReason`,
									}}
									errors={{ value: item?.value.errors, naReason: item?.naReason.errors }}
									editable={page.editable}
									today={page.today}
									saveState={autosave.stateOf(c.id)}
									conflict={conflicts.get(c.id) ?? autosave.conflictOf(c.id)}
									onOverride={() => autosave.override(c.id)}
									evidenceNotice={
										actionData?.criterionId === c.id ? { notice: actionData.notice ?? null, error: actionData.error ?? null } : null
									}
								/>
							)
						})}
						{page.editable ? (
							<div className="form-actions">
								<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
									{t('form.saveAll')}
								</button>
								<ErrorList errors={form.errors} />
							</div>
						) : null}
					</Form>
					{page.editable
						? page.criteria.map((c, i) => (
								<Form key={c.id} id={`upload-${i}`} method="post" encType="multipart/form-data" hidden>
									<input type="hidden" name="intent" value="upload" />
									<input type="hidden" name="criterionId" value={c.id} />
								</Form>
							))
						: null}
					{page.editable
						? page.criteria.flatMap((c) =>
								c.evidenceFiles.map((f) => (
									<Form key={f.id} id={`remove-ev-${f.id}`} method="post" hidden>
										<input type="hidden" name="intent" value="remove-evidence" />
										<input type="hidden" name="evidenceId" value={f.id} />
									</Form>
								)),
							)
						: null}
					<nav className="form-actions" aria-label="pages">
						{page.prev ? <Link to={`${base}/${page.prev.catalogCode}/${page.prev.groupId}`}>{t('form.prevGroup')}</Link> : null}
						<Link to={base}>{t('form.backToOverview')}</Link>
						{page.next ? <Link to={`${base}/${page.next.catalogCode}/${page.next.groupId}`}>{t('form.nextGroup')}</Link> : null}
					</nav>
				</div>
				<aside className="card sticky" aria-label={t('assessment.level')}>
					{score ? <ScorePanel score={score} live linkTo={(g, c) => `${base}/${page.catalog.code}/${g}#${c}`} /> : null}
				</aside>
			</div>
		</>
	)
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.group.id ?? ''} · ${data?.campaignTitle ?? ''}` }]
