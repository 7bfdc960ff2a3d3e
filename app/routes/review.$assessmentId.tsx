import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from '@remix-run/react'
import { type ReactNode, useEffect, useRef } from 'react'
import { getDb } from '#db/client.server'
import { CommentThread } from '~/components/comment-thread'
import { AnswerControl, displayValue } from '~/components/criterion-card'
import { DirectorSignatureStatus } from '~/components/director-signature'
import { useErrorText } from '~/components/forms'
import { ProvenanceBadge } from '~/components/provenance-badge'
import { ReadinessMatrix } from '~/components/readiness-matrix'
import { ReviewFlags } from '~/components/review-flags'
import { StatusBadge } from '~/components/status-badge'
import { type Locale, VERDICTS } from '~/domain/enums'
import { formatPercent } from '~/domain/numbers'
import { can, type Grant, type Target } from '~/domain/permissions'
import { cleanFileName } from '~/domain/safe-text'
import { actingGrant } from '~/domain/workflow'
import { formatDate } from '~/i18n/translate'
import { loadReviewPage } from '~/pages/review.server'
import { issueSignedReport } from '~/services/reports.server'
import { type Actor, addComment, decide, recordVerdict } from '~/services/review.server'
import { requireAssessment } from '~/utils/assessment.server'
import { invariantResponse } from '~/utils/http.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { parseReviewForm, type Intent } from './review.$assessmentId.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user, ctx, target } = await requireAssessment(request, params.assessmentId, 'assessment:read')
	invariantResponse(can(user.grants, 'assessment:review', target) || can(user.grants, 'assessment:reopen', target), 'Forbidden', {
		status: 403,
	})
	return loadReviewPage(ctx, user, target, new URL(request.url).searchParams)
}

type Refused = { ok: false; status: number; code: string; field?: string; params?: Record<string, string | number> }

/** A service's answer as the page reads it: what was done, or the refusal as a dictionary key (`key|{params}`) and the field it concerns. */
function reply(intent: Intent, result: { ok: true } | Refused, criterionId?: string) {
	if (result.ok) return data({ done: intent, criterionId })
	const error = result.params ? `${result.code}|${JSON.stringify(result.params)}` : result.code
	return data({ error, field: result.field, criterionId }, { status: result.status })
}

/**
 * Who acts, by intent: a report is issued by those with report:issue (evaluators, admins); a
 * reopening by national evaluators or admins; everything else by an evaluator with authority over
 * the facility. Anyone else is refused (403), whatever the form holds.
 */
function actorFor(user: { id: number; name: string; grants: ReadonlyArray<Grant> }, target: Target, intent: unknown): Actor {
	const permission = intent === 'issue_report' ? 'report:issue' : intent === 'reopen' ? 'assessment:reopen' : 'assessment:review'
	invariantResponse(can(user.grants, permission, target), 'Forbidden', { status: 403 })
	const grant =
		permission === 'assessment:review'
			? actingGrant(user.grants, 'evaluator')
			: (actingGrant(user.grants, 'evaluator') ?? actingGrant(user.grants, 'admin'))
	invariantResponse(grant, 'Forbidden', { status: 403 })
	return { id: user.id, name: user.name, role: grant.role, scopeKind: grant.scopeKind }
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user, ctx, target } = await requireAssessment(request, params.assessmentId, 'assessment:read')
	const submission = parseReviewForm(await request.formData())
	// The permission depends on the intent, so the guard reads it from the form (parsing changes nothing).
	const actor = actorFor(user, target, submission.status === 'success' ? submission.value.intent : submission.payload.intent)
	if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
	const db = getDb()
	const form = submission.value
	switch (form.intent) {
		case 'claim':
		case 'release':
		case 'approve':
			return reply(form.intent, await decide(db, { ctx, actor, event: { type: form.intent } }))
		case 'return':
			return reply(
				form.intent,
				await decide(db, { ctx, actor, event: { type: 'return', requestedChanges: form.changes.length }, requestedChanges: form.changes }),
			)
		case 'reopen':
			return reply(form.intent, await decide(db, { ctx, actor, event: { type: 'reopen', reason: form.reason } }))
		case 'verdict': {
			const { criterionId, verdict, value, naReason, reason } = form
			return reply(form.intent, recordVerdict(db, { ctx, actor, criterionId, verdict, fields: { value, naReason }, reason }), criterionId)
		}
		case 'comment': {
			const criterionId = form.criterionId ?? null
			return reply(
				form.intent,
				await addComment(db, { ctx, actor, criterionId, body: form.body, fromFacility: false }),
				criterionId ?? undefined,
			)
		}
		case 'issue_report':
			// ADR 008: the final approval issues it; this retries when that failed.
			return reply(form.intent, await issueSignedReport(db, { assessmentId: ctx.assessment.id, actorId: user.id }))
	}
}

type Reply = ReturnType<typeof useActionData<typeof action>>

/** What the page shows of a reply; a form the schema refused reads like a refusal of the service. */
function shown(reply: Reply): { done?: Intent; error?: string; field?: string; criterionId?: string } {
	if (!reply) return {}
	if (!('result' in reply)) return reply
	const [field, errors] = Object.entries(reply.result.error ?? {}).find(([, e]) => e?.length) ?? ['', null]
	const criterionId = reply.result.initialValue?.criterionId
	return {
		error: errors?.[0] ?? 'form.malformed',
		field: field || undefined,
		criterionId: typeof criterionId === 'string' && criterionId ? criterionId : undefined,
	}
}

/** The decisions whose success the page announces at the top (verdicts and comments answer beside their criterion). */
const DECISIONS = ['claim', 'release', 'approve', 'return', 'reopen', 'issue_report'] as const
const isDecision = (intent: Intent | undefined): intent is (typeof DECISIONS)[number] =>
	(DECISIONS as ReadonlyArray<Intent | undefined>).includes(intent)

export default function ReviewPage() {
	const page = useLoaderData<typeof loader>()
	const actionData = shown(useActionData<typeof action>())
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
			{isDecision(actionData.done) ? (
				<p className="alert alert--info" role="status">
					{t(`review.done.${actionData.done}`)}
				</p>
			) : null}
			{actionData.error && !actionData.criterionId ? (
				<p className="alert alert--error" role="alert">
					{errorText(actionData.error)}
				</p>
			) : null}

			<section className="card" aria-labelledby="decisions-heading">
				<h2 id="decisions-heading">{t('review.decisions')}</h2>
				<p data-testid="claim-state">
					{!page.reviewOpen
						? page.assessment.approval
							? t('review.settled.approved', {
									name: page.assessment.approval.name,
									date: formatDate(locale, new Date(page.assessment.approval.at)),
								})
							: t('review.settled.status', { status: t(`status.${page.assessment.status}`) })
						: page.assessment.claimedBy === page.me
							? t('review.claimedByYou')
							: page.assessment.claimedByName
								? t('review.claimedByOther', { name: page.assessment.claimedByName })
								: t('review.notClaimed')}
				</p>
				<div className="decisions">
					{can('claim') ? <IntentButton intent="claim" label={t('review.claim')} /> : null}
					{can('release') ? <IntentButton intent="release" label={t('review.release')} quiet /> : null}
					{can('approve') ? (
						<ApproveForm label={page.approveForwards ? t('review.approveProvincial') : t('review.approve')} signs={!page.approveForwards} />
					) : null}
					{can('return') ? (
						<Form method="post">
							<input type="hidden" name="intent" value="return" />
							<div className="field">
								<label htmlFor="changes">{t('review.changes')}</label>
								<textarea id="changes" name="changes" rows={3} aria-invalid={actionData.field === 'changes' || undefined} />
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

			{page.directorSignature.requested && page.directorSignature.submitted ? (
				<section className="card" aria-labelledby="director-signature-heading">
					<h2 id="director-signature-heading">{t('directorSignature.title')}</h2>
					<DirectorSignatureStatus summary={page.directorSignature} />
				</section>
			) : null}

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
										<span data-testid="self-level">{levelText(c.self, locale, l, t)}</span>
										<Blockers score={c.self} label={t('review.selfBlockers')} />
									</td>
									<td>
										<span data-testid="verified-level">{levelText(c.verified, locale, l, t)}</span>
										<Blockers score={c.verified} label={t('review.verifiedBlockers')} />
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			</section>

			{page.readiness ? (
				<ReadinessMatrix readiness={page.readiness} title={t('readiness.titleSelf')} linkTo={(r) => criterionHref(r.criterionId)} />
			) : null}

			<GroupNavigation page={page} />
			{page.group ? (
				<section className="card" aria-labelledby="group-heading" data-testid="review-group" data-group={page.group.key}>
					<GroupHeading group={page.group.key} id="group-heading">
						{l(page.group.catalogTitle)} · {page.group.id} · {l(page.group.title)}
					</GroupHeading>
					<GroupPager page={page} top />
					{page.group.criteria.length === 0 ? <p className="muted">{t('review.groups.empty')}</p> : null}
					{page.group.criteria.map((cr, i) => (
						<article key={cr.id} className="criterion" id={cr.id} data-criterion={cr.id}>
							<h3>
								<code>{cr.id}</code> {l(cr.text)}
							</h3>
							<ReviewFlags flags={cr.flags} spec={cr.answer} />
							<div className="criterion__meta">
								<span>{t('form.basis', { basis: `${cr.basis.document}, ${cr.basis.clause}` })}</span>
								<ProvenanceBadge provenance={cr.provenance} />
							</div>
							<AttentionBadges criterion={cr} previousRound={page.previousRound} />
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
											<bdi>{cleanFileName(e.fileName, '—')}</bdi>
										</a>
									))}
								</p>
							) : null}
							{cr.previous && page.previousRound !== null ? (
								<p className="muted" data-testid="previous-verdict">
									{t('review.previousVerdict', {
										round: page.previousRound,
										name: cr.previous.evaluatorName,
										verdict: t(`verdict.${cr.previous.verdict}`),
									})}
									{cr.previous.verdict === 'adjust' ? ` → ${displayValue(cr.answer, cr.previous.value.value, locale, t)}` : ''}
									{cr.previous.reason ? ` — ${cr.previous.reason}` : ''}
								</p>
							) : null}
							{cr.verdict ? (
								<p data-testid="verdict">
									{t('assessment.evaluatorVerdict', {
										name: cr.verdict.evaluatorName,
										verdict: t(`verdict.${cr.verdict.verdict}`),
									})}
									{cr.verdict.verdict === 'adjust' ? ` → ${displayValue(cr.answer, cr.verdict.value.value, locale, t)}` : ''}
									{cr.verdict.reason ? ` — ${cr.verdict.reason}` : ''}
								</p>
							) : null}
							{mine ? <VerdictForm criterion={cr} index={`c${i}`} actionData={actionData} /> : null}
							<CommentThread
								comments={cr.comments}
								criterionId={cr.id}
								canWrite={mine}
								saved={actionData.criterionId === cr.id && actionData.done === 'comment'}
							/>
						</article>
					))}
					<GroupPager page={page} />
				</section>
			) : null}
		</>
	)
}

/**
 * Approving is asked for twice: the evaluator confirms what it does (a final approval issues a
 * signed report in their name), then the button shows that the work is in progress until the page
 * answers; the rest of the page stays usable meanwhile.
 */
function ApproveForm({ label, signs }: { label: string; signs: boolean }) {
	const t = useT()
	const navigation = useNavigation()
	const busy = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'approve'
	return (
		<Form method="post" className="approve-form">
			<input type="hidden" name="intent" value="approve" />
			<div className="field">
				<label>
					<input type="checkbox" name="confirm" required /> {t(signs ? 'review.approveConfirm.signs' : 'review.approveConfirm.forwards')}
				</label>
			</div>
			<button type="submit" className="button" disabled={busy} aria-busy={busy || undefined}>
				{busy ? t('review.approving') : label}
			</button>
			<p role="status" className="muted">
				{busy ? t(signs ? 'review.approvingSigns' : 'review.approving') : ''}
			</p>
		</Form>
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

type PageData = ReturnType<typeof useLoaderData<typeof loader>>
type CriterionView = NonNullable<PageData['group']>['criteria'][number]

function VerdictForm({
	criterion: cr,
	index,
	actionData,
}: {
	criterion: CriterionView
	index: string
	actionData: ReturnType<typeof shown>
}) {
	const t = useT()
	const errorText = useErrorText()
	const here = actionData.criterionId === cr.id
	const current = cr.verdict?.verdict ?? 'accept'
	// The answer comes back to this criterion, which stays in view even once the filter would hide it.
	const search = new URLSearchParams(useLocation().search)
	search.set('criterion', cr.id)
	return (
		<Form method="post" action={`?${search}`} className="verdict-form" preventScrollReset>
			<input type="hidden" name="intent" value="verdict" />
			<input type="hidden" name="criterionId" value={cr.id} />
			<fieldset className="choices" aria-label={t('review.verdict')}>
				{VERDICTS.map((v) => (
					<label key={v}>
						<input type="radio" name="verdict" value={v} defaultChecked={current === v} /> {t(`verdict.${v}`)}
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
					aria-invalid={(here && actionData.field === 'reason') || undefined}
				/>
			</div>
			{here && actionData.error ? (
				<p className="error-list" role="alert">
					{errorText(actionData.error)}
				</p>
			) : here && actionData.done === 'verdict' ? (
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

/** A link to one criterion: the page opens the group holding it (the filter is left, so it is shown). */
const criterionHref = (id: string) => `?criterion=${encodeURIComponent(id)}#${id}`

function Blockers({ score, label }: { score: ScoreSummary | null; label: string }) {
	const ids = score?.blockerIds ?? []
	if (!ids.length) return null
	return (
		<details>
			<summary>
				{label} ({score?.blockerCount})
			</summary>
			<ul className="blockers">
				{ids.map((id) => (
					<li key={id}>
						<Link to={criterionHref(id)}>
							<code>{id}</code>
						</Link>
					</li>
				))}
			</ul>
		</details>
	)
}

/** The query string of a group's screen (and part of it, for a large group), keeping the filter. */
function groupHref(key: string, filter: PageData['filter'], part = 1) {
	return `?group=${encodeURIComponent(key)}${filter === 'attention' ? '&filter=attention' : ''}${part > 1 ? `&part=${part}` : ''}`
}

/**
 * The groups of every catalog, each a link (no JavaScript needed) with how many of its criteria
 * need looking at and how many have a verdict; the current one marked for assistive technology.
 * The filter is two links, the current one marked likewise.
 */
function GroupNavigation({ page }: { page: PageData }) {
	const t = useT()
	const locale = useLocale()
	const l = (text: { vi: string; en: string }) => (locale === 'en' ? text.en : text.vi)
	const current = page.group?.key
	const catalogs = [...new Set(page.nav.map((g) => g.catalogCode))]
	return (
		<nav className="card group-nav" aria-labelledby="groups-heading" data-testid="group-nav">
			<h2 id="groups-heading">{t('review.groups.title')}</h2>
			<p>
				<Link to="?group=readiness" aria-current={page.readiness ? 'page' : undefined} data-testid="readiness-screen">
					{t('readiness.titleSelf')}
				</Link>
			</p>
			{page.reviewOpen ? (
				<p className="group-nav__filter">
					{t('review.filter.show')}:{' '}
					<Link to={current ? groupHref(current, 'all') : '?'} aria-current={page.filter === 'all' ? 'true' : undefined}>
						{t('review.filter.all')}
					</Link>{' '}
					·{' '}
					<Link
						to={current ? groupHref(current, 'attention') : '?filter=attention'}
						aria-current={page.filter === 'attention' ? 'true' : undefined}
						data-testid="filter-attention"
					>
						{t('review.filter.attention')}
					</Link>
				</p>
			) : null}
			{catalogs.map((code) => {
				const groups = page.nav.filter((g) => g.catalogCode === code)
				return (
					<div key={code}>
						<h3>{l(groups[0].catalogTitle)}</h3>
						<ol className="group-nav__list">
							{groups.map((g) => (
								<li key={g.key} data-group={g.key}>
									<Link to={groupHref(g.key, page.filter)} aria-current={g.key === current ? 'page' : undefined}>
										{g.id} · {l(g.title)}
									</Link>{' '}
									{page.reviewOpen ? (
										<span className={g.attention ? 'badge badge--warn' : 'badge badge--ok'} data-testid="group-counts">
											{t('review.groups.counts', { attention: g.attention, verdicts: g.verdicts, total: g.total })}
										</span>
									) : (
										<span className="badge" data-testid="group-counts">
											{t('review.groups.decided', { verdicts: g.verdicts, total: g.total })}
										</span>
									)}
								</li>
							))}
						</ol>
					</div>
				)
			})}
		</nav>
	)
}

/** Previous and next group (under the filter, those with something to look at), and where this one stands. */
function GroupPager({ page, top }: { page: PageData; top?: boolean }) {
	const t = useT()
	const n = page.nav.findIndex((g) => g.key === page.group?.key) + 1
	// One landmark: the pager above the criteria is the same links without it.
	const Wrapper = top ? 'div' : 'nav'
	const here = page.group?.key
	return (
		<Wrapper className="pager" aria-label={top ? undefined : t('review.groups.nav')}>
			{page.prev ? (
				<Link to={groupHref(page.prev.key, page.filter, page.prev.part)} rel="prev">
					{page.prev.key === here ? t('review.groups.prevPart') : t('form.prevGroup')}
				</Link>
			) : null}
			<span className="muted">
				{t('review.groups.position', { n, count: page.nav.length })}
				{page.part.count > 1 ? ` · ${t('review.groups.part', { n: page.part.n, count: page.part.count })}` : ''}
			</span>
			{page.next ? (
				<Link to={groupHref(page.next.key, page.filter, page.next.part)} rel="next">
					{page.next.key === here ? t('review.groups.nextPart') : t('form.nextGroup')}
				</Link>
			) : null}
		</Wrapper>
	)
}

/**
 * The group's heading takes the focus when the evaluator moves to another group in the browser,
 * so the keyboard and screen readers start at the new group (the first screen keeps it where it is).
 */
function GroupHeading({ id, group, children }: { id: string; group: string; children: ReactNode }) {
	const ref = useRef<HTMLHeadingElement>(null)
	const shown = useRef(group)
	useEffect(() => {
		if (shown.current === group) return
		shown.current = group
		ref.current?.focus()
	}, [group])
	return (
		<h2 id={id} ref={ref} tabIndex={-1}>
			{children}
		</h2>
	)
}

/** Why a criterion needs looking at, or that it is unchanged since the earlier round. */
function AttentionBadges({ criterion: cr, previousRound }: { criterion: CriterionView; previousRound: number | null }) {
	const t = useT()
	const round = previousRound ?? 0
	return (
		<p className="criterion__attention" data-testid="attention">
			{cr.attention.map((a) => (
				<span key={a} className={a === 'no_verdict' ? 'badge' : 'badge badge--warn'} data-attention={a}>
					{t(`review.attention.${a}`, { round })}
				</span>
			))}
			{cr.changed === false ? (
				<span className="badge" data-attention="unchanged">
					{t('review.unchanged', { round })}
				</span>
			) : null}
		</p>
	)
}

type ScoreSummary = PageData['catalogs'][number]['self']

function levelText(score: ScoreSummary | null, locale: Locale, l: (t: { vi: string; en: string }) => string, t: ReturnType<typeof useT>) {
	if (!score || !score.hasLevels) return score?.percent != null ? formatPercent(locale, score.percent) : '—'
	const level = score.achievedLevel ? l(score.achievedLevel.title) : t('assessment.noLevel')
	return `${level}${score.percent != null ? ` (${formatPercent(locale, score.percent)})` : ''}`
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
	pageTitle(matches, (t) => (data ? t('review.title', { facility: data.facility.name }) : ''))
