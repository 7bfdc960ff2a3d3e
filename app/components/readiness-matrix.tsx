import { Link } from '@remix-run/react'
import { ProvenanceBadge } from '~/components/provenance-badge'
import { blocksSubmission, type CriterionRef, type Readiness, type ReadinessIssue, type SystemLevel } from '~/domain/readiness'
import { useLocale, useT } from '~/utils/i18n'

type Text = { vi: string; en: string }
export type CriterionLink = (ref: { catalogCode: string; groupId: string; criterionId: string }) => string

/** A criterion's link, or its plain text where there is no page to open. */
function To({ to, children }: { to: string | undefined; children: React.ReactNode }) {
	return to === undefined ? <>{children}</> : <Link to={to}>{children}</Link>
}

/**
 * What a director reads first: one row per system with, in every cell, the criteria behind it by
 * name, one click away (docs/decisions/015-readiness-by-system.md). `linkTo` opens a criterion
 * (the form while editing, the criterion on the review page while reviewing).
 */
export function ReadinessMatrix({
	readiness,
	linkTo,
	title,
}: {
	readiness: Readiness
	/** Without it (the public portal), criteria are listed by name without a link. */
	linkTo?: CriterionLink
	title?: string
}) {
	const t = useT()
	const locale = useLocale()
	const l = (text: Text) => (locale === 'en' ? text.en : text.vi)
	const level = (n: number | null) =>
		n === null
			? t('readiness.security.unknown')
			: n === 0
				? t('readiness.security.unclassified')
				: t('readiness.security.level', { level: n })
	const approval = (s: SystemLevel) =>
		s.approved === null
			? t('readiness.security.approvalUnanswered')
			: s.approved
				? t('readiness.security.approved')
				: t('readiness.security.notApproved')
	return (
		<section className="card" aria-labelledby="readiness-heading" data-testid="readiness">
			<h2 id="readiness-heading">{title ?? t('readiness.title')}</h2>
			{linkTo ? <p className="muted">{t('readiness.intro')}</p> : null}
			{readiness.issues.length ? (
				<div className="alert alert--error" data-testid="readiness-issues">
					<h3>{t('readiness.issues')}</h3>
					<ul>
						{readiness.issues.map((issue, i) => (
							<li key={i}>
								<IssueText issue={issue} linkTo={linkTo} l={l} />
								{blocksSubmission(issue) ? <span className="badge badge--danger"> {t('readiness.blocksSubmit')}</span> : null}
							</li>
						))}
					</ul>
				</div>
			) : null}
			<div className="table-wrap">
				<table className="readiness">
					<thead>
						<tr>
							<th scope="col">{t('readiness.col.system')}</th>
							<th scope="col">{t('readiness.col.operation')}</th>
							<th scope="col">{t('readiness.col.coverage')}</th>
							<th scope="col">{t('readiness.col.security')}</th>
							<th scope="col">{t('readiness.col.connections')}</th>
							<th scope="col">{t('readiness.col.next')}</th>
						</tr>
					</thead>
					<tbody>
						{readiness.rows.map((row) => (
							<tr key={row.system} data-system={row.system}>
								<th scope="row">{t(`readiness.system.${row.system}`)}</th>
								<td data-cell="operation">
									<span className={row.operation.status === 'conflict' ? 'badge badge--danger' : undefined}>
										{t(`readiness.operation.${row.operation.status}`)}
									</span>
									{row.operation.how ? <> · {l(row.operation.how)}</> : null}
									<Refs refs={row.operation.refs} linkTo={linkTo} l={l} />
								</td>
								<td data-cell="coverage">
									<Count cell={row.coverage} linkTo={linkTo} l={l} />
								</td>
								<td data-cell="security">
									{row.security === null ? (
										'—'
									) : (
										<>
											<ul className="plain">
												{row.security.systems.map((s) => (
													<li key={`${s.catalogCode}.${s.groupId}`}>
														{s.operation === 'not_operating' ? (
															t('readiness.security.notOperating', { system: l(s.title) })
														) : (
															<>
																{t('readiness.security.line', {
																	system: l(s.title),
																	required: level(s.required),
																	declared: level(s.declared),
																	approved: approval(s),
																	met: s.measures.met,
																	needed: s.measures.needed,
																})}{' '}
																<span className={`badge ${s.meets ? 'badge--ok' : 'badge--warn'}`}>
																	{t(s.meets ? 'readiness.security.meets' : 'readiness.security.notMeets')}
																</span>
															</>
														)}
													</li>
												))}
											</ul>
											<Refs refs={row.security.refs} linkTo={linkTo} l={l} />
										</>
									)}
								</td>
								<td data-cell="connections">
									<Count cell={row.connections} linkTo={linkTo} l={l} />
								</td>
								<td data-cell="next">
									{row.next.length === 0 ? (
										t('readiness.next.none')
									) : (
										<ul className="plain">
											{row.next.map((n, i) => (
												<li key={i}>
													{n.kind === 'catalog' ? (
														t('readiness.next.catalog', {
															catalog: n.requiredTitle ? l(n.requiredTitle) : n.requiredCode,
															level: n.levelTitle ? l(n.levelTitle) : '',
														})
													) : n.kind === 'system' ? (
														<To to={linkTo?.(n)}>{t.dynamic(`assessment.blocker.system.${n.reason}`, { system: l(n.title) })}</To>
													) : (
														<>
															<To to={linkTo?.(n)}>{l(n.text)}</To> — {t(`assessment.blocker.${n.reason}`)}
														</>
													)}
												</li>
											))}
											{row.moreNext ? <li>{t('readiness.next.more', { count: row.moreNext })}</li> : null}
										</ul>
									)}
								</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
		</section>
	)
}

function Count({
	cell,
	linkTo,
	l,
}: {
	cell: { met: number; applicable: number; withoutEvidence: number; refs: Array<CriterionRef> }
	linkTo?: CriterionLink
	l: (t: Text) => string
}) {
	const t = useT()
	if (!cell.refs.length) return <span className="muted">{t('readiness.none')}</span>
	return (
		<>
			<strong data-testid="count">{t('readiness.count', { met: cell.met, applicable: cell.applicable })}</strong>
			{cell.withoutEvidence ? (
				<span className="badge badge--warn"> {t('readiness.withoutEvidence', { count: cell.withoutEvidence })}</span>
			) : null}
			<Refs refs={cell.refs} linkTo={linkTo} l={l} />
		</>
	)
}

/** The criteria behind a cell, by name, each with its state and where its wording comes from. */
function Refs({ refs, linkTo, l }: { refs: Array<CriterionRef>; linkTo?: CriterionLink; l: (t: Text) => string }) {
	const t = useT()
	if (!refs.length) return null
	return (
		<details>
			<summary>{t('readiness.criteria', { count: refs.length })}</summary>
			<ul className="readiness__refs">
				{refs.map((r) => (
					<li key={`${r.catalogCode}.${r.criterionId}`}>
						<To to={linkTo?.(r)}>{l(r.text)}</To> <span className="muted">({t(`readiness.state.${r.state}`)})</span>{' '}
						<ProvenanceBadge provenance={r.provenance} />
					</li>
				))}
			</ul>
		</details>
	)
}

function IssueText({ issue, linkTo, l }: { issue: ReadinessIssue; linkTo?: CriterionLink; l: (t: Text) => string }) {
	const t = useT()
	const link = (ref: CriterionRef) => <To to={linkTo?.(ref)}>{l(ref.text)}</To>
	// The sentence with the criterion's link where the dictionary puts {criterion}.
	const withLink = (sentence: string, ref: CriterionRef) => {
		const [before, after] = sentence.split('\u0000')
		return (
			<>
				{before}
				{link(ref)}
				{after}
			</>
		)
	}
	const c = '\u0000'
	switch (issue.kind) {
		case 'ignored_answer':
			return withLink(t('readiness.issue.ignored_answer', { criterion: c }), issue.ref)
		case 'evidence_missing':
			return withLink(t('readiness.issue.evidence_missing', { criterion: c }), issue.ref)
		case 'operation_conflict':
			return withLink(
				t('readiness.issue.operation_conflict', { system: t(`readiness.system.${issue.system}`), criterion: c }),
				issue.claims[0] ?? issue.notOperating[0],
			)
		case 'facts_contradict':
			return withLink(t(`readiness.issue.facts_contradict.${issue.contradiction}`, { system: l(issue.name), criterion: c }), issue.ref)
		case 'declared_below_derived':
			return (
				<To to={linkTo?.(issue.ref)}>
					{t('readiness.issue.declared_below_derived', { system: l(issue.name), declared: issue.declared, derived: issue.derived })}
				</To>
			)
		case 'approved_without_level':
			return <To to={linkTo?.(issue.ref)}>{t('readiness.issue.approved_without_level', { system: l(issue.name) })}</To>
	}
}
