import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { CommentThread } from '~/components/comment-thread'
import { AnswerControl, displayValue } from '~/components/criterion-card'
import { useErrorText } from '~/components/forms'
import { ProvenanceBadge } from '~/components/provenance-badge'
import { StatusBadge } from '~/components/status-badge'
import { fieldsToAnswer, conversionMessage } from '~/domain/answer-form'
import { type CatalogScore } from '~/domain/catalog/scoring'
import { vnIsoDate } from '~/domain/dates'
import { VERDICTS, type Verdict } from '~/domain/enums'
import { can } from '~/domain/permissions'
import { type WorkflowEvent } from '~/domain/workflow'
import { type MessageKey } from '~/i18n/translate'
import { actingGrant, loadReviewPage } from '~/pages/review.server'
import { sendMail } from '~/services/notifications.server'
import { issueSignedReport, signedReportOf } from '~/services/reports.server'
import { addComment, decide, recordVerdict } from '~/services/review.server'
import { requireAssessment } from '~/utils/assessment.server'
import { forbidden } from '~/utils/auth.server'
import { useLocale, useT } from '~/utils/i18n'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user, ctx, target } = await requireAssessment(request, params.assessmentId, 'assessment:read')
	if (!can(user.grants, 'assessment:review', target) && !can(user.grants, 'assessment:reopen', target)) forbidden()
	const report = signedReportOf(getDb(), ctx.assessment.id)
	return {
		...loadReviewPage(ctx, user),
		report: report ? { id: report.id, demo: report.signerIsDemo } : null,
		canIssueReport: !report && ['approved', 'published'].includes(ctx.assessment.status) && can(user.grants, 'report:issue', target),
	}
}

type ActionResult = { done?: string; error?: string; field?: string; criterionId?: string }

export async function action({ request, params }: ActionFunctionArgs) {
	const { user, ctx, target } = await requireAssessment(request, params.assessmentId, 'assessment:read')
	const form = await request.formData()
	const intent = String(form.get('intent') ?? '')
	const isReopen = intent === 'reopen'
	if (intent === 'issue_report') {
		// ADR 008: issued automatically on final approval; this retries when that failed.
		if (!can(user.grants, 'report:issue', target)) forbidden()
		const issued = await issueSignedReport(getDb(), { assessmentId: ctx.assessment.id, actorId: user.id })
		if (!issued.ok) return data<ActionResult>({ error: issued.code }, { status: issued.status })
		return data<ActionResult>({ done: 'issue_report' })
	}
	if (!can(user.grants, isReopen ? 'assessment:reopen' : 'assessment:review', target)) forbidden()
	const grant = isReopen
		? (actingGrant(user.grants, 'evaluator') ?? actingGrant(user.grants, 'admin'))
		: actingGrant(user.grants, 'evaluator')
	if (!grant) forbidden()
	const actor = { id: user.id, name: user.name, role: grant.role, scopeKind: grant.scopeKind }
	const db = getDb()
	const fail = (r: { status: number; code: string; field?: string; params?: Record<string, string | number> }, criterionId?: string) =>
		data<ActionResult>(
			{ error: r.params ? `${r.code}|${JSON.stringify(r.params)}` : r.code, field: r.field, criterionId },
			{ status: r.status },
		)

	let event: WorkflowEvent | null = null
	let requestedChanges: Array<string> | undefined
	switch (intent) {
		case 'claim':
		case 'release':
		case 'approve':
			event = { type: intent }
			break
		case 'return':
			requestedChanges = String(form.get('changes') ?? '')
				.split('\n')
				.map((l) => l.trim())
				.filter(Boolean)
				.slice(0, 100)
			if (requestedChanges.some((c) => c.length > 2000))
				return fail({ status: 400, code: 'form.tooLong', field: 'changes', params: { max: 2000 } })
			event = { type: 'return', requestedChanges: requestedChanges.length }
			break
		case 'reopen': {
			const reason = String(form.get('reason') ?? '').trim()
			if (reason.length > 2000) return fail({ status: 400, code: 'form.tooLong', field: 'reason', params: { max: 2000 } })
			event = { type: 'reopen', reason }
			break
		}
		case 'verdict': {
			const criterionId = String(form.get('criterionId') ?? '')
			const verdict = String(form.get('verdict') ?? '')
			if (!(VERDICTS as ReadonlyArray<string>).includes(verdict))
				return fail({ status: 400, code: 'form.required', field: 'verdict' }, criterionId)
			const owner = ctx.catalogs.find((c) => c.compiled.indexOf.has(criterionId))
			if (!owner) return fail({ status: 400, code: 'answer.unknown_criterion' }, criterionId)
			let value = null
			if (verdict === 'adjust') {
				const spec = owner.compiled.criteria[owner.compiled.indexOf.get(criterionId)!].criterion.answer
				const converted = fieldsToAnswer(
					spec,
					{ value: String(form.get('value') ?? ''), naReason: String(form.get('naReason') ?? '') },
					{ today: vnIsoDate(new Date()) },
				)
				if (!converted.ok) return fail({ status: 400, code: conversionMessage(converted), field: 'value' }, criterionId)
				value = converted.answer
			}
			const result = recordVerdict(db, {
				ctx,
				actor,
				criterionId,
				verdict: verdict as Verdict,
				value,
				reason: String(form.get('reason') ?? ''),
			})
			if (!result.ok) return fail(result, criterionId)
			return data<ActionResult>({ done: 'verdict', criterionId })
		}
		case 'comment': {
			const criterionId = String(form.get('criterionId') ?? '') || null
			const result = addComment(db, { ctx, actor, criterionId, body: String(form.get('body') ?? ''), fromFacility: false })
			if (!result.ok) return fail(result, criterionId ?? undefined)
			await sendMail(result.mail)
			return data<ActionResult>({ done: 'comment', criterionId: criterionId ?? undefined })
		}
		default:
			return fail({ status: 400, code: 'form.malformed' })
	}
	if (!event) return fail({ status: 400, code: 'form.malformed' })
	const result = decide(db, { ctx, actor, event, requestedChanges })
	if (!result.ok) return fail(result)
	await sendMail(result.mail)
	if (event.type === 'approve') {
		// ADR 008: the final approval issues the signed report. A failure here does not undo the
		// approval; the page then offers "issue signed report" and the batch command catches up.
		await issueSignedReport(db, { assessmentId: ctx.assessment.id, actorId: user.id }).catch((error) =>
			console.error('report issue failed', error),
		)
	}
	return data<ActionResult>({ done: intent })
}

export default function ReviewPage() {
	const page = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>() as ActionResult | undefined
	const t = useT()
	const locale = useLocale()
	const errorText = useErrorText()
	const l = (text: { vi: string; en: string }) => (locale === 'en' ? text.en : text.vi)
	const mine = page.assessment.claimedBy === page.me && page.assessment.status === 'in_review'
	const can = (e: string) => page.events.includes(e)
	return (
		<>
			<p className="muted">
				<Link to="/review">← {t('review.queue.title')}</Link> · {page.facility.provinceName}
			</p>
			<h1>{t('review.title', { facility: page.facility.name })}</h1>
			<p className="lede">
				{page.campaign.title} · {t('review.round', { round: page.assessment.round })} · <StatusBadge status={page.assessment.status} />{' '}
				{page.assessment.late ? <span className="badge badge--danger">{t('assessment.late')}</span> : null}{' '}
				<Link to={`/assessments/${page.assessment.id}/history`}>{t('review.history')}</Link>
			</p>
			{actionData?.done && !actionData.criterionId ? (
				<p className="alert alert--info" role="status">
					{t(`review.done.${actionData.done}` as MessageKey)}
				</p>
			) : null}
			{actionData?.error && !actionData.criterionId ? (
				<p className="alert alert--error" role="alert">
					{errorText(actionData.error)}
				</p>
			) : null}

			<section className="card" aria-labelledby="decisions-heading">
				<h2 id="decisions-heading">{t('review.decisions')}</h2>
				<p data-testid="claim-state">
					{page.assessment.claimedBy === page.me
						? t('review.claimedByYou')
						: page.assessment.claimedByName
							? t('review.claimedByOther', { name: page.assessment.claimedByName })
							: t('review.notClaimed')}
				</p>
				<div className="decisions">
					{can('claim') ? <IntentButton intent="claim" label={t('review.claim')} /> : null}
					{can('release') ? <IntentButton intent="release" label={t('review.release')} quiet /> : null}
					{can('approve') ? (
						<IntentButton intent="approve" label={page.approveForwards ? t('review.approveProvincial') : t('review.approve')} />
					) : null}
					{can('return') ? (
						<Form method="post">
							<input type="hidden" name="intent" value="return" />
							<div className="field">
								<label htmlFor="changes">{t('review.changes')}</label>
								<textarea id="changes" name="changes" rows={3} aria-invalid={actionData?.field === 'changes' || undefined} />
							</div>
							<button type="submit" className="button button--quiet">
								{t('review.return')}
							</button>
						</Form>
					) : null}
					{can('reopen') ? (
						<Form method="post">
							<input type="hidden" name="intent" value="reopen" />
							<div className="field">
								<label htmlFor="reason">{t('review.reopenReason')}</label>
								<textarea id="reason" name="reason" rows={2} />
							</div>
							<button type="submit" className="button button--quiet">
								{t('review.reopen')}
							</button>
						</Form>
					) : null}
				</div>
			</section>

			{page.report || page.canIssueReport ? (
				<section className="card" aria-labelledby="report-heading">
					<h2 id="report-heading">{t('report.signedTitle')}</h2>
					{page.report ? (
						<p>
							<a href={`/reports/${page.report.id}`} download data-testid="signed-report-link">
								{t('report.downloadSigned')}
							</a>{' '}
							· <Link to={`/verify/${page.report.id}`}>{page.report.id}</Link>
							{page.report.demo ? <span className="badge badge--danger"> {t('report.demo')}</span> : null}
						</p>
					) : (
						<IntentButton intent="issue_report" label={t('report.issue')} />
					)}
				</section>
			) : null}

			<section className="card" aria-labelledby="scores-heading">
				<h2 id="scores-heading">{t('review.scores')}</h2>
				<div className="table-wrap">
					<table className="compare" data-testid="score-compare">
						<thead>
							<tr>
								<th scope="col">{t('review.col.catalog')}</th>
								<th scope="col">{t('review.col.self')}</th>
								<th scope="col">{t('review.col.verified')}</th>
							</tr>
						</thead>
						<tbody>
							{page.catalogs.map((c) => (
								<tr key={c.code} data-catalog={c.code}>
									<th scope="row">{l(c.title)}</th>
									<td>
										<span data-testid="self-level">{levelText(c.self, l, t)}</span>
										<Blockers score={c.self} label={t('review.selfBlockers')} />
									</td>
									<td>
										<span data-testid="verified-level">{levelText(c.verified, l, t)}</span>
										<Blockers score={c.verified} label={t('review.verifiedBlockers')} />
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			</section>

			{page.catalogs.map((c) => (
				<section key={c.code} className="card" aria-labelledby={`rc-${c.code}`}>
					<h2 id={`rc-${c.code}`}>{l(c.title)}</h2>
					{c.groups.map((g) => (
						<div key={g.id}>
							<h3>
								{g.id} · {l(g.title)}
							</h3>
							{g.criteria.map((cr, i) => (
								<article key={cr.id} className="criterion" id={cr.id} data-criterion={cr.id}>
									<h4>
										<code>{cr.id}</code> {l(cr.text)}
									</h4>
									<div className="criterion__meta">
										<span>{t('form.basis', { basis: `${cr.basis.document}, ${cr.basis.clause}` })}</span>
										<ProvenanceBadge provenance={cr.provenance} />
									</div>
									<p>
										<span className="muted">{t('review.selfValue')}: </span>
										<strong data-testid="self-value">
											{cr.answered ? displayValue(cr.answer, cr.self.value, locale, t) : t('review.noAnswer')}
										</strong>
										{cr.self.naReason ? ` — ${cr.self.naReason}` : ''}
									</p>
									{cr.evidence.length ? (
										<p>
											{t('evidence.title')}:{' '}
											{cr.evidence.map((e) => (
												<a key={e.id} href={`/evidence/${e.id}`} download className="evidence-link">
													{e.fileName}
												</a>
											))}
										</p>
									) : null}
									{cr.verdict ? (
										<p data-testid="verdict">
											{t('assessment.evaluatorVerdict', {
												name: cr.verdict.evaluatorName,
												verdict: t(`verdict.${cr.verdict.verdict}` as MessageKey),
											})}
											{cr.verdict.verdict === 'adjust' ? ` → ${displayValue(cr.answer, cr.verdict.value.value, locale, t)}` : ''}
											{cr.verdict.reason ? ` — ${cr.verdict.reason}` : ''}
										</p>
									) : null}
									{mine ? <VerdictForm criterion={cr} index={`${c.code}-${g.id}-${i}`} actionData={actionData} /> : null}
									<CommentThread
										comments={cr.comments}
										criterionId={cr.id}
										canWrite={mine}
										saved={actionData?.criterionId === cr.id && actionData.done === 'comment'}
									/>
								</article>
							))}
						</div>
					))}
				</section>
			))}
		</>
	)
}

function IntentButton({ intent, label, quiet }: { intent: string; label: string; quiet?: boolean }) {
	const navigation = useNavigation()
	return (
		<Form method="post">
			<input type="hidden" name="intent" value={intent} />
			<button type="submit" className={quiet ? 'button button--quiet' : 'button'} disabled={navigation.state === 'submitting'}>
				{label}
			</button>
		</Form>
	)
}

type CriterionView = ReturnType<typeof useLoaderData<typeof loader>>['catalogs'][number]['groups'][number]['criteria'][number]

function VerdictForm({ criterion: cr, index, actionData }: { criterion: CriterionView; index: string; actionData?: ActionResult }) {
	const t = useT()
	const errorText = useErrorText()
	const here = actionData?.criterionId === cr.id
	const current = cr.verdict?.verdict ?? 'accept'
	return (
		<Form method="post" className="verdict-form" preventScrollReset>
			<input type="hidden" name="intent" value="verdict" />
			<input type="hidden" name="criterionId" value={cr.id} />
			<fieldset className="choices" aria-label={t('review.verdict')}>
				{VERDICTS.map((v) => (
					<label key={v}>
						<input type="radio" name="verdict" value={v} defaultChecked={current === v} /> {t(`verdict.${v}` as MessageKey)}
					</label>
				))}
			</fieldset>
			<div className="field">
				<span className="muted">{t('review.adjustedValue')}</span>
				<AnswerControl
					spec={cr.answer}
					naAllowed={cr.naAllowed}
					name="value"
					dom={`v-${index}`}
					defaultValue={cr.verdict?.value.value ?? cr.self.value}
					disabled={false}
					today={new Date().toISOString().slice(0, 10)}
				/>
			</div>
			<div className="field">
				<label htmlFor={`reason-${index}`}>{t('review.reason')}</label>
				<textarea
					id={`reason-${index}`}
					name="reason"
					rows={2}
					defaultValue={cr.verdict?.reason ?? ''}
					aria-invalid={(here && actionData?.field === 'reason') || undefined}
				/>
			</div>
			{here && actionData?.error ? (
				<p className="error-list" role="alert">
					{errorText(actionData.error)}
				</p>
			) : here && actionData?.done === 'verdict' ? (
				<p className="save-state save-state--saved" role="status">
					{t('review.verdictSaved', { criterion: cr.id })}
				</p>
			) : null}
			<button type="submit" className="button button--quiet">
				{t('review.saveVerdict')}
			</button>
		</Form>
	)
}

function Blockers({ score, label }: { score: CatalogScore | null; label: string }) {
	const ids = (score?.blockers ?? []).flatMap((b) =>
		b.kind === 'below_threshold' ? b.candidates.map((c) => c.criterionId) : [b.criterionId],
	)
	if (!ids.length) return null
	return (
		<details>
			<summary>
				{label} ({ids.length})
			</summary>
			<ul className="blockers">
				{ids.slice(0, 12).map((id) => (
					<li key={id}>
						<a href={`#${id}`}>
							<code>{id}</code>
						</a>
					</li>
				))}
			</ul>
		</details>
	)
}

function levelText(score: CatalogScore | null, l: (t: { vi: string; en: string }) => string, t: ReturnType<typeof useT>) {
	if (!score || !score.levels.length) return score?.percent != null ? `${score.percent.toFixed(1)} %` : '—'
	const level = score.achievedLevel ? l(score.achievedLevel.title) : t('assessment.noLevel')
	return `${level}${score.percent != null ? ` (${score.percent.toFixed(1)} %)` : ''}`
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.facility.name ?? ''} · Thẩm định` }]
