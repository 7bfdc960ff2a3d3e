import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { getStagedImport } from '#db/queries/imports'
import { FormErrors } from '~/components/forms'
import { DiscardForm, UploadForm } from '~/components/upload-form'
import { formatNumber, isMessageKey } from '~/i18n/translate'
import { catalogDraftPage } from '~/pages/catalog-admin.server'
import { acceptLineageSuggestions, publishCatalogDraft } from '~/services/catalog-authoring.server'
import { discardStagedImport } from '~/services/imports.server'
import { requirePermission } from '~/utils/auth.server'
import { invariantResponse } from '~/utils/http.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { parseCatalogDraftForm } from './admin.catalogs.$code.drafts.$draftId.server'

/** The guard: a catalog draft of this user's, still kept. */
async function staged(request: Request, draftId: string | undefined) {
	const user = await requirePermission(request, 'catalog:manage', { kind: 'global' })
	const row = getStagedImport(getDb(), draftId ?? '', user.id, 'catalog')
	invariantResponse(row, 'Not found', { status: 404 })
	return { user, row }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { row } = await staged(request, params.draftId)
	return catalogDraftPage(getDb(), params.code ?? '', row)
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user, row } = await staged(request, params.draftId)
	const code = params.code ?? ''
	const submission = parseCatalogDraftForm(await request.formData())
	if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
	const db = getDb()
	switch (submission.value.intent) {
		case 'publish': {
			const result = publishCatalogDraft(db, { staged: row, code, actorId: user.id })
			if (!result.ok) {
				const message = result.params ? `${result.code}|${JSON.stringify(result.params)}` : result.code
				return data({ result: submission.reply({ formErrors: [message] }) }, { status: result.status })
			}
			throw redirect(`/admin/catalogs/${encodeURIComponent(code)}?published=${result.version}`)
		}
		case 'lineage': {
			const result = acceptLineageSuggestions(db, { staged: row, code, accepted: submission.value.accept })
			if (!result.ok) return data({ result: submission.reply({ formErrors: [result.code] }) }, { status: 400 })
			throw redirect(`/admin/catalogs/${encodeURIComponent(code)}/drafts/${row.id}`)
		}
		case 'discard':
			discardStagedImport(db, row.id, user.id)
			throw redirect(`/admin/catalogs/${encodeURIComponent(code)}`)
	}
}

export default function CatalogDraft() {
	const p = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const locale = useLocale()
	const n = (x: number) => formatNumber(locale, x)
	const l = (text: { vi: string; en: string }) => (locale === 'en' ? text.en : text.vi)
	const problemText = (code: string, params: Record<string, string | number> | undefined) =>
		isMessageKey(code) ? t.dynamic(code, params ?? {}) : code
	const c = p.changes
	const nothingChanged =
		c &&
		!c.added.length &&
		!c.removed.length &&
		!c.reworded.length &&
		!c.split.length &&
		!c.merged.length &&
		!c.moved.length &&
		!c.changed.length &&
		!c.groups.added.length &&
		!c.groups.removed.length &&
		!c.groups.changed.length &&
		!c.levels.added.length &&
		!c.levels.removed.length &&
		!c.levels.changed.length
	const itemChanges = (x: { added: Array<string>; removed: Array<string>; changed: Array<{ id: string; fields: Array<string> }> }) => [
		...x.added.map((id) => `+ ${id}`),
		...x.removed.map((id) => `− ${id}`),
		...x.changed.map((ch) => `${ch.id} (${ch.fields.join(', ')})`),
	]
	return (
		<>
			<p>
				<Link to={`/admin/catalogs/${p.code}`}>← {p.code}</Link>
			</p>
			<h1>{t('catalogDraft.title', { file: p.fileName })}</h1>
			{p.draft ? (
				<p className="lede">
					{l(p.draft.title)} ·{' '}
					{t('catalogDraft.summary', {
						version: p.draft.version,
						groups: n(p.draft.groups),
						criteria: n(p.draft.criteria),
						levels: n(p.draft.levels),
					})}
				</p>
			) : null}
			<FormErrors
				errors={actionData ? (actionData.result.error?.[''] ?? actionData.result.error?.intent ?? actionData.result.error?.accept) : null}
			/>

			{p.problemCount > 0 ? (
				<section className="card" aria-labelledby="problems-heading">
					<h2 id="problems-heading">
						{t('catalogDraft.problems.heading')} <span className="badge badge--danger">{n(p.problemCount)}</span>
					</h2>
					<p className="alert alert--error" role="alert">
						{t('catalogDraft.blocked')}
					</p>
					<div className="table-wrap">
						<table data-testid="draft-problems">
							<thead>
								<tr>
									<th scope="col">{t('catalogDraft.col.cell')}</th>
									<th scope="col">{t('catalogDraft.col.problem')}</th>
								</tr>
							</thead>
							<tbody>
								{p.problems.map((pr, i) => (
									<tr key={i}>
										<td>
											<code>{pr.cell}</code>
										</td>
										<td>{problemText(pr.code, pr.params)}</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
					{p.problemCount > p.problems.length ? (
						<p className="muted">{t('catalogDraft.moreProblems', { count: n(p.problemCount - p.problems.length) })}</p>
					) : null}
					{p.problems.some((pr) => pr.code === 'catalogBook.invalid') ? <p className="muted">{t('catalogDraft.validatorNote')}</p> : null}
				</section>
			) : null}

			{c ? (
				<section className="card" aria-labelledby="changes-heading" data-testid="draft-changes">
					<h2 id="changes-heading">{t('catalogDraft.changes.heading', { version: p.base ?? '' })}</h2>
					{nothingChanged ? <p>{t('catalogDraft.changes.none')}</p> : null}
					{c.header.length ? (
						<p>{t('catalogDraft.itemList', { kind: t('catalogDraft.changes.header'), items: c.header.join(', ') })}</p>
					) : null}
					<Changes title={t('catalogDraft.changes.added')} items={c.added.map((x) => `${x.id} — ${l(x.text)}`)} testId="changes-added" />
					<Changes
						title={t('catalogDraft.changes.removed')}
						items={c.removed.map((x) => `${x.id} — ${l(x.text)}`)}
						testId="changes-removed"
					/>
					<Changes
						title={t('catalogDraft.changes.reworded')}
						items={c.reworded.map(
							(x) =>
								`${x.id} (${t('catalogDraft.rewordedFrom', { from: x.from })}, ${x.declared ? t('catalogDraft.declared') : t('catalogDraft.inferred')}) — ${l(x.text)}`,
						)}
						testId="changes-reworded"
					/>
					<Changes
						title={t('catalogDraft.changes.split')}
						items={c.split.map((x) => t('catalogDraft.splitInto', { from: x.from, into: x.into.join(', ') }))}
						testId="changes-split"
					/>
					<Changes
						title={t('catalogDraft.changes.merged')}
						items={c.merged.map((x) => t('catalogDraft.mergedFrom', { id: x.id, from: x.from.join(', ') }))}
						testId="changes-merged"
					/>
					<Changes
						title={t('catalogDraft.changes.moved')}
						items={c.moved.map((x) => t('catalogDraft.movedFrom', { id: x.id, from: x.from, to: x.to }))}
						testId="changes-moved"
					/>
					<Changes
						title={t('catalogDraft.changes.changed')}
						items={c.changed.map((x) => `${x.id} (${x.fields.join(', ')})`)}
						testId="changes-changed"
					/>
					<Changes title={t('catalogDraft.changes.groups')} items={itemChanges(c.groups)} testId="changes-groups" />
					<Changes title={t('catalogDraft.changes.levels')} items={itemChanges(c.levels)} testId="changes-levels" />
				</section>
			) : p.draft ? (
				<p className="muted">{t('catalogDraft.changes.noBase')}</p>
			) : null}

			{p.suggestions.length ? (
				<section className="card" aria-labelledby="suggest-heading">
					<h2 id="suggest-heading">{t('catalogDraft.suggest.heading')}</h2>
					<p>{t('catalogDraft.suggest.lede')}</p>
					<Form method="post">
						<input type="hidden" name="intent" value="lineage" />
						<fieldset>
							<legend className="visually-hidden">{t('catalogDraft.suggest.heading')}</legend>
							{p.suggestions.map((s) => (
								<div key={s.id} className="checkbox">
									<input type="checkbox" id={`suggest-${s.id}`} name="accept" value={s.id} />
									<label htmlFor={`suggest-${s.id}`}>
										{t('catalogDraft.suggest.item', {
											id: s.id,
											relation: t.dynamic(`catalogDraft.relation.${s.relation}`),
											from: s.from.join(', '),
											percent: `${Math.round(s.similarity * 100)}%`,
										})}
									</label>
								</div>
							))}
						</fieldset>
						<button type="submit" className="button button--quiet">
							{t('catalogDraft.suggest.accept')}
						</button>
					</Form>
				</section>
			) : null}

			<section className="card">
				{p.publishable && p.draft ? (
					<>
						<p className="alert alert--info" role="status">
							{t('catalogDraft.ready', { version: p.draft.version })}
						</p>
						<div className="form-actions">
							<Form method="post">
								<input type="hidden" name="intent" value="publish" />
								<button type="submit" className="button">
									{t('catalogDraft.publish', { version: p.draft.version })}
								</button>
							</Form>
							<DiscardForm />
						</div>
					</>
				) : (
					<DiscardForm />
				)}
			</section>
			<section className="card">
				<h2>{t('catalogDraft.replace.heading')}</h2>
				<UploadForm
					id="catalog-file-again"
					label={t('catalogDraft.upload.file')}
					accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
					action={`/admin/catalogs/${p.code}`}
					hidden={{ replaces: p.draftId }}
				/>
			</section>
		</>
	)
}

function Changes({ title, items, testId }: { title: string; items: Array<string>; testId: string }) {
	if (!items.length) return null
	return (
		<>
			<h3>
				{title} <span className="badge">{items.length}</span>
			</h3>
			<ul data-testid={testId}>
				{items.map((item) => (
					<li key={item}>{item}</li>
				))}
			</ul>
		</>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('title.catalogDraft'))
