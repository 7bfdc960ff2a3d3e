import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { Field, FormErrors } from '~/components/forms'
import { attestationText, type Missing } from '~/domain/submission'
import { submitPage } from '~/pages/assessment-submit.server'
import { submitAssessment } from '~/services/submission.server'
import { requireAssessment } from '~/utils/assessment.server'
import { useT } from '~/utils/i18n'
import { getLocale } from '~/utils/locale.server'
import { pageTitle } from '~/utils/meta'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user, ctx, target } = await requireAssessment(request, params.assessmentId, 'assessment:read')
	return submitPage(getDb(), { ctx, user, target, locale: await getLocale(request) })
}

export const SubmitSchema = z.object({
	name: z.string({ error: 'form.required' }).trim().min(2, 'form.tooShort|{"min":2}').max(120, 'form.tooLong|{"max":120}'),
	jobTitle: z.string({ error: 'form.required' }).trim().min(2, 'form.tooShort|{"min":2}').max(120, 'form.tooLong|{"max":120}'),
	accept: z.literal('on', { error: 'submit.acceptRequired' }),
})

export async function action({ request, params }: ActionFunctionArgs) {
	const { user, ctx } = await requireAssessment(request, params.assessmentId, 'assessment:submit')
	const submission = parseWithZod(await request.formData(), { schema: SubmitSchema })
	if (submission.status !== 'success') return data({ result: submission.reply(), missing: null as Array<Missing> | null }, { status: 400 })
	const grant = user.grants.find((g) => g.role === 'facility_director' && g.facilityId === ctx.facility.id)!
	const result = await submitAssessment(getDb(), {
		assessmentId: ctx.assessment.id,
		actor: { id: user.id, role: 'facility_director', scopeKind: grant.scopeKind },
		attestation: { name: submission.value.name, title: submission.value.jobTitle, accepted: true },
	})
	if (!result.ok)
		return data({ result: submission.reply({ formErrors: [result.code] }), missing: result.missing ?? null }, { status: result.status })
	throw redirect(`/assessments/${ctx.assessment.id}?submitted=1`)
}

export default function SubmitPage() {
	const page = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const [form, fields] = useForm({
		id: 'submit',
		constraint: getZodConstraint(SubmitSchema),
		lastResult: actionData?.result,
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: SubmitSchema }),
		defaultValue: { name: page.user.name, jobTitle: page.user.jobTitle },
	})
	const missing = actionData?.missing ?? page.missing
	const base = `/assessments/${page.assessmentId}`
	return (
		<>
			<p className="muted">
				<Link to={base}>{t('form.backToOverview')}</Link> · {page.facilityName}
			</p>
			<h1>{t('submit.title')}</h1>
			<section className="card" aria-labelledby="missing-heading">
				<h2 id="missing-heading">{t('submit.missingTitle')}</h2>
				{missing.length === 0 ? (
					<p className="badge badge--ok">{t('submit.ready')}</p>
				) : (
					<ul className="checklist" data-testid="missing-list">
						{missing.map((m) => (
							<li key={`${m.criterionId}-${m.kind}`}>
								<Link to={`${base}/${m.catalogCode}/${m.groupId}#${m.criterionId}`}>{page.names[m.criterionId] ?? m.criterionId}</Link>{' '}
								<code className="muted criterion-code">{m.criterionId}</code> — {t(`submit.missing.${m.kind}`)}
							</li>
						))}
					</ul>
				)}
			</section>
			{!page.editable ? (
				<p className="alert alert--info">{page.notice ? t(page.notice) : null}</p>
			) : !page.canSubmit ? (
				<p className="alert alert--info">{t('submit.directorOnly')}</p>
			) : (
				<section className="card" aria-labelledby="attest-heading">
					<h2 id="attest-heading">{t('submit.attestation')}</h2>
					{page.pastDue && !page.acceptsLate ? <p className="alert alert--error">{t('workflow.late_not_accepted')}</p> : null}
					<p className="attestation" lang="vi">
						{attestationText({
							name: fields.name.value || page.user.name,
							title: fields.jobTitle.value || page.user.jobTitle,
							facilityName: page.facilityName,
							campaignTitle: page.campaignTitle,
						})}
					</p>
					{missing.length > 0 ? (
						<p className="alert alert--info" id="attest-blocked" data-testid="attest-blocked">
							{t('submit.completeFirst', { count: missing.length })}
						</p>
					) : null}
					<Form method="post" className="form" {...getFormProps(form)}>
						<FormErrors id={form.errorId} errors={form.errors} />
						{/* Inactive while the checklist above is not clear; the server refuses such a submission anyway. */}
						<fieldset className="plain" disabled={missing.length > 0} aria-describedby={missing.length > 0 ? 'attest-blocked' : undefined}>
							<Field label={t('submit.name')} inputProps={getInputProps(fields.name, { type: 'text' })} errors={fields.name.errors} />
							<Field
								label={t('submit.jobTitle')}
								inputProps={getInputProps(fields.jobTitle, { type: 'text' })}
								errors={fields.jobTitle.errors}
							/>
							<div className="field">
								<label>
									<input {...getInputProps(fields.accept, { type: 'checkbox' })} /> {t('submit.accept')}
								</label>
								<FormErrorsInline errors={fields.accept.errors} />
							</div>
							<button type="submit" className="button">
								{t('submit.button')}
							</button>
						</fieldset>
					</Form>
				</section>
			)}
		</>
	)
}

function FormErrorsInline({ errors }: { errors?: ReadonlyArray<string> }) {
	return errors?.length ? <FormErrors errors={errors} /> : null
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('submit.title'))
