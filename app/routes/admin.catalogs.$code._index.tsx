import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { getCatalog } from '#db/queries/catalogs'
import { UploadForm } from '~/components/upload-form'
import { CATALOG_UPLOAD_LIMITS } from '~/domain/catalog/authoring'
import { type ItemChanges } from '~/domain/catalog/diff'
import { formatDateTime } from '~/i18n/translate'
import { catalogVersionsPage } from '~/pages/catalog-admin.server'
import { stageCatalogDraft } from '~/services/catalog-authoring.server'
import { requirePermission } from '~/utils/auth.server'
import { readUpload } from '~/utils/download.server'
import { invariantResponse } from '~/utils/http.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

export async function loader({ request, params }: LoaderFunctionArgs) {
	await requirePermission(request, 'catalog:manage', { kind: 'global' })
	const page = catalogVersionsPage(getDb(), params.code ?? '', new URL(request.url).searchParams)
	invariantResponse(page, 'Not found', { status: 404 })
	return page
}

/** Keeps an uploaded workbook as a draft of this catalog and shows its preview; nothing is published here. */
export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'catalog:manage', { kind: 'global' })
	const db = getDb()
	const catalog = getCatalog(db, params.code ?? '')
	invariantResponse(catalog, 'Not found', { status: 404 })
	const upload = await readUpload(request, { ...CATALOG_UPLOAD_LIMITS, csv: false })
	if (!upload.ok) return data({ error: upload.problem.code, params: upload.problem.params ?? null }, { status: upload.status })
	const replaces = upload.formData?.get('replaces')
	const id = stageCatalogDraft(db, {
		userId: user.id,
		fileName: upload.fileName,
		bytes: upload.bytes,
		sheets: upload.sheets.map(({ name, rows }) => ({ name, rows })),
		replaces: typeof replaces === 'string' ? replaces : null,
	})
	throw redirect(`/admin/catalogs/${encodeURIComponent(catalog.code)}/drafts/${id}`)
}

export default function CatalogVersions() {
	const { catalog, versions, diff, compareError, published } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const locale = useLocale()
	const newest = versions[0]?.version
	const previous = versions[1]?.version
	return (
		<>
			<p>
				<Link to="/admin/catalogs">← {t('catalogs.title')}</Link>
			</p>
			<h1>
				{catalog.code} · {locale === 'en' ? catalog.titleEn : catalog.titleVi}
			</h1>
			{published ? (
				<p className="alert alert--info" role="status">
					{t('catalogDraft.published', { version: published })}
				</p>
			) : null}
			<section className="card">
				<h2>{t('catalogs.versions')}</h2>
				<ul>
					{versions.map((v) => (
						<li key={v.id}>
							<Link to={`/admin/catalogs/${catalog.code}/${v.version}`}>v{v.version}</Link> ·{' '}
							{formatDateTime(locale, new Date(v.importedAt))} · <code>{v.contentHash.slice(0, 12)}…</code>
						</li>
					))}
				</ul>
			</section>
			<section className="card" aria-labelledby="author-heading">
				<h2 id="author-heading">{t('catalogDraft.upload.heading')}</h2>
				<p>{t('catalogDraft.upload.hint')}</p>
				{newest !== undefined ? (
					<p>
						<a className="button button--quiet" href={`/admin/catalogs/${catalog.code}/${newest}/workbook`} download>
							{t('catalogDraft.download')} · v{newest}
						</a>
					</p>
				) : null}
				<UploadForm
					id="catalog-file"
					label={t('catalogDraft.upload.file')}
					accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
					error={actionData?.error ? { code: actionData.error, params: actionData.params } : null}
				/>
			</section>
			<section className="card" aria-labelledby="compare-heading">
				<h2 id="compare-heading">{t('catalogs.compare')}</h2>
				{versions.length < 2 ? (
					<p className="muted">{t('catalogs.compareNeedTwo')}</p>
				) : (
					<Form method="get" className="search-form">
						<VersionSelect name="a" label={t('catalogs.compareFrom')} versions={versions} defaultValue={diff?.a ?? previous} />
						<VersionSelect name="b" label={t('catalogs.compareTo')} versions={versions} defaultValue={diff?.b ?? newest} />
						<button type="submit" className="button">
							{t('catalogs.compareButton')}
						</button>
					</Form>
				)}
				{compareError ? (
					<p className="alert alert--error" role="alert">
						{t('catalogs.diff.badVersion')}
					</p>
				) : null}
				{diff ? <DiffView a={diff.a} b={diff.b} diff={diff.result} /> : null}
			</section>
		</>
	)
}

function VersionSelect({
	name,
	label,
	versions,
	defaultValue,
}: {
	name: string
	label: string
	versions: Array<{ id: number; version: number }>
	defaultValue?: number
}) {
	return (
		<div className="field">
			<label htmlFor={`version-${name}`}>{label}</label>
			<select id={`version-${name}`} name={name} defaultValue={defaultValue}>
				{versions.map((v) => (
					<option key={v.id} value={v.version}>
						v{v.version}
					</option>
				))}
			</select>
		</div>
	)
}

function DiffView({
	a,
	b,
	diff,
}: {
	a: number
	b: number
	diff: ItemChanges & { header: Array<string>; groups: ItemChanges; levels: ItemChanges }
}) {
	const t = useT()
	const empty = (c: ItemChanges) => !c.added.length && !c.removed.length && !c.changed.length
	const nothing = empty(diff) && empty(diff.groups) && empty(diff.levels) && !diff.header.length
	return (
		<div data-testid="catalog-diff">
			<h3>{t('catalogs.diff.title', { a: `v${a}`, b: `v${b}` })}</h3>
			{nothing ? <p>{t('catalogs.diff.none')}</p> : null}
			{diff.header.length ? (
				<p>
					{t('catalogs.diff.header')}: {diff.header.join(', ')}
				</p>
			) : null}
			<ChangeList title={t('catalogs.diff.added')} items={diff.added} tone="badge--ok" />
			<ChangeList title={t('catalogs.diff.removed')} items={diff.removed} tone="badge--danger" />
			{diff.changed.length ? (
				<>
					<h4>{t('catalogs.diff.changed')}</h4>
					<ul>
						{diff.changed.map((c) => (
							<li key={c.id}>
								<code>{c.id}</code> — {t('catalogs.diff.fields', { fields: c.fields.join(', ') })}
							</li>
						))}
					</ul>
				</>
			) : null}
			{!empty(diff.groups) ? (
				<p>
					{t('catalogs.diff.groups')}: {[...diff.groups.added, ...diff.groups.removed, ...diff.groups.changed.map((c) => c.id)].join(', ')}
				</p>
			) : null}
			{!empty(diff.levels) ? (
				<p>
					{t('catalogs.diff.levels')}: {[...diff.levels.added, ...diff.levels.removed, ...diff.levels.changed.map((c) => c.id)].join(', ')}
				</p>
			) : null}
		</div>
	)
}

function ChangeList({ title, items, tone }: { title: string; items: Array<string>; tone: string }) {
	if (!items.length) return null
	return (
		<>
			<h4>
				{title} <span className={`badge ${tone}`}>{items.length}</span>
			</h4>
			<ul>
				{items.map((id) => (
					<li key={id}>
						<code>{id}</code>
					</li>
				))}
			</ul>
		</>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('catalogs.title'))
