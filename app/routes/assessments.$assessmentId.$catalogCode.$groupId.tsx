import { getFormProps, type SubmissionResult, useForm } from '@conform-to/react'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { getDb } from '#db/client.server'
import { validateAnswersPage } from '~/components/answers-page-validation'
import { useAutosave } from '~/components/autosave'
import { CriterionCard, type PageCriterionView } from '~/components/criterion-card'
import { ErrorList, FormErrors } from '~/components/forms'
import { ScorePanel } from '~/components/score-panel'
import { answerToFields } from '~/domain/answer-form'
import { type CatalogScore } from '~/domain/catalog/scoring'
import { type MessageKey } from '~/i18n/translate'
import { answersPage, pageCriteria, parseAnswersPageForm } from '~/pages/assessment-form.server'
import { saveAnswerPage } from '~/services/answers.server'
import { addEvidence, MAX_EVIDENCE_BYTES, removeEvidence } from '~/services/evidence.server'
import { requireAssessment } from '~/utils/assessment.server'
import { invariantResponse } from '~/utils/http.server'
import { useLocale, useT } from '~/utils/i18n'
import { getLocale } from '~/utils/locale.server'
import { pageTitle } from '~/utils/meta'
import { readStagedForm, uploadedContent } from '~/utils/upload.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user, ctx, target } = await requireAssessment(request, params.assessmentId, 'assessment:read')
	const page = answersPage(getDb(), {
		ctx,
		catalogCode: params.catalogCode ?? '',
		groupId: params.groupId ?? '',
		grants: user.grants,
		target,
		locale: await getLocale(request),
	})
	invariantResponse(page, 'Not found', { status: 404 })
	return page
}

type PageForm = { baseVersion: number; answers: Array<{ id: string; value?: string; naReason?: string; orig?: string; origNa?: string }> }

type Conflict = { criterionId: string; theirs: { value: string; naReason: string } | null; byName: string | null; at: Date }

/** What every branch answers: the save form's reply, or a notice or error (beside the criterion of an evidence form). */
type Reply = {
	result?: SubmissionResult<Array<string>>
	notice?: MessageKey | null
	/** A message: `key` or `key|{"param":1}`. */
	error?: string | null
	criterionId?: string
	saved?: number
	conflicts?: Array<Conflict>
}

/** The first message of a refused form, for the forms that show one message. */
function firstError(error: Record<string, ReadonlyArray<string> | null> | null | undefined) {
	return Object.values(error ?? {}).find((messages) => messages?.length)?.[0] ?? 'form.malformed'
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user, ctx } = await requireAssessment(request, params.assessmentId, 'assessment:edit')
	const page = pageCriteria(ctx, params.catalogCode ?? '', params.groupId ?? '')
	invariantResponse(page, 'Not found', { status: 404 })
	if (Number(request.headers.get('content-length') ?? 0) > MAX_EVIDENCE_BYTES + 64 * 1024)
		return data<Reply>({ error: 'evidence.too_large' }, { status: 413 })
	// A file is streamed to a staging file as the body arrives (never whole in memory), and removed
	// when the request is done.
	const upload = await readStagedForm(request, { maxBytes: MAX_EVIDENCE_BYTES })
	if (!upload.ok) return data<Reply>({ error: upload.status === 413 ? 'evidence.too_large' : 'form.malformed' }, { status: upload.status })
	try {
		return await act(upload.formData, user, ctx, page)
	} finally {
		await upload.cleanup()
	}
}

async function act(
	formData: FormData,
	user: Awaited<ReturnType<typeof requireAssessment>>['user'],
	ctx: Awaited<ReturnType<typeof requireAssessment>>['ctx'],
	page: NonNullable<ReturnType<typeof pageCriteria>>,
) {
	const submission = parseAnswersPageForm(formData, page)
	if (submission.status !== 'success') {
		if (submission.payload.intent === 'save') return data<Reply>({ result: submission.reply(), error: 'form.hasErrors' }, { status: 400 })
		const { criterionId } = submission.payload
		return data<Reply>(
			{ error: firstError(submission.error), criterionId: typeof criterionId === 'string' ? criterionId : undefined },
			{ status: 400 },
		)
	}
	const form = submission.value
	const db = getDb()
	switch (form.intent) {
		case 'upload': {
			const result = await addEvidence(db, {
				ctx,
				criterionId: form.criterionId,
				fileName: form.file.name,
				bytes: await uploadedContent(form.file),
				actorId: user.id,
			})
			if (!result.ok) return data<Reply>({ error: result.code, criterionId: form.criterionId }, { status: result.status })
			return data<Reply>({ notice: result.duplicate ? 'evidence.duplicate' : 'evidence.uploaded', criterionId: form.criterionId })
		}
		case 'remove-evidence': {
			const result = removeEvidence(db, { assessmentId: ctx.assessment.id, evidenceId: form.evidenceId, actorId: user.id })
			if (!result.ok) return data<Reply>({ error: result.code }, { status: result.status })
			return data<Reply>({ notice: 'evidence.removed' })
		}
		case 'save': {
			const saved = saveAnswerPage(db, { ctx, actorId: user.id, baseVersion: form.baseVersion, answers: form.answers })
			if (!saved.ok) {
				if (saved.code !== 'answer.invalid')
					return data<Reply>({ result: submission.reply({ formErrors: [saved.code] }), error: saved.code }, { status: saved.status })
				const index = new Map(form.answers.map((a, i) => [a.id, i]))
				const fieldErrors: Record<string, Array<string>> = {}
				for (const p of saved.problems)
					fieldErrors[`answers[${index.get(p.criterionId)}].${p.field}`] = [p.params ? `${p.code}|${JSON.stringify(p.params)}` : p.code]
				return data<Reply>({ result: submission.reply({ fieldErrors }), error: 'answer.invalid' }, { status: 400 })
			}
			const conflicts = saved.conflicts.map((c) => ({
				criterionId: c.criterionId,
				theirs: c.theirs ? answerToFields(c.theirs) : null,
				byName: c.byName,
				at: c.at,
			}))
			return data<Reply>(
				{
					result: submission.reply(),
					saved: saved.saved.length,
					conflicts,
					notice: saved.saved.length ? 'form.savedCount' : conflicts.length ? null : 'form.nothingChanged',
				},
				{ status: conflicts.length ? 409 : 200 },
			)
		}
	}
}

export default function AssessmentFormPage() {
	const page = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
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
				<p className="alert alert--info">{page.notice ? t(page.notice) : null}</p>
			) : (
				<p className="muted">{t('form.keyboardHint')}</p>
			)}
			{actionData?.notice ? (
				<p className="alert alert--info" role="status">
					{t.dynamic(actionData.notice, { count: actionData.saved ?? 0 })}
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
					<nav className="form-actions" aria-label={t('form.groupPages')}>
						{page.prev ? <Link to={`${base}/${page.prev.catalogCode}/${page.prev.groupId}`}>{t('form.prevGroup')}</Link> : null}
						<Link to={base}>{t('form.backToOverview')}</Link>
						{page.next ? <Link to={`${base}/${page.next.catalogCode}/${page.next.groupId}`}>{t('form.nextGroup')}</Link> : null}
					</nav>
				</div>
				<aside className="card sticky" aria-label={t('assessment.level')}>
					{score ? <ScorePanel score={score} names={page.names} live linkTo={(g, c) => `${base}/${page.catalog.code}/${g}#${c}`} /> : null}
				</aside>
			</div>
		</>
	)
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
	pageTitle(matches, () => `${data?.group.id ?? ''} · ${data?.campaignTitle ?? ''}`)
