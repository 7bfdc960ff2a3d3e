import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { type ReactNode } from 'react'
import { getDb } from '#db/client.server'
import { getStagedImport } from '#db/queries/imports'
import { FormErrors } from '~/components/forms'
import { BlockedProblems, ImportProblems } from '~/components/import-problems'
import { StatGrid } from '~/components/stat-grid'
import { DiscardForm, ImportDecision } from '~/components/upload-form'
import { FACILITY_CLASSES, FACILITY_TYPES, MANAGING_BODIES, OWNERSHIPS } from '~/domain/enums'
import { type FieldChange } from '~/domain/registry'
import { type MessageKey, formatNumber } from '~/i18n/translate'
import { registryImportPreview } from '~/pages/facility-admin.server'
import { applyRegistryImport } from '~/services/facilities.server'
import { discardStagedImport } from '~/services/imports.server'
import { requirePermission } from '~/utils/auth.server'
import { invariantResponse } from '~/utils/http.server'
import { useLocale, useT } from '~/utils/i18n'
import { parseImportDecision } from '~/utils/import-decision.server'
import { pageTitle } from '~/utils/meta'

/** The guard: a registry upload of this user's, still staged. */
async function staged(request: Request, importId: string | undefined) {
	const user = await requirePermission(request, 'facility:manage', { kind: 'own' })
	const row = getStagedImport(getDb(), importId ?? '', user.id, 'registry')
	invariantResponse(row, 'Not found', { status: 404 })
	return { user, row }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user, row } = await staged(request, params.importId)
	return registryImportPreview(getDb(), row, user.grants)
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user, row } = await staged(request, params.importId)
	const submission = parseImportDecision(await request.formData())
	if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
	const db = getDb()
	switch (submission.value.intent) {
		case 'apply': {
			const result = applyRegistryImport(db, { staged: row, actor: user })
			if (!result.ok) return data({ result: submission.reply({ formErrors: [result.code] }) }, { status: result.status })
			throw redirect(`/facilities?imported=${result.created}-${result.updated}`)
		}
		case 'discard':
			discardStagedImport(db, row.id, user.id)
			throw redirect('/facilities/import')
	}
}

export default function RegistryImportPreview() {
	const p = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	const locale = useLocale()
	const n = (x: number) => formatNumber(locale, x)
	const show = (c: FieldChange, v: FieldChange['from']) => {
		if (v === null || v === '') return '—'
		const key = c.field === 'active' ? (v ? 'facility.active' : 'facility.inactive') : valueLabelKey(c.field, String(v))
		if (key) return t.dynamic(key)
		return c.field === 'provinceCode' ? (p.provinces[String(v)]?.[locale] ?? String(v)) : String(v)
	}
	const fieldLabel: Record<FieldChange['field'], MessageKey> = {
		code: 'registry.col.code',
		name: 'registry.col.name',
		provinceCode: 'registry.col.province',
		type: 'registry.col.type',
		class: 'registry.col.class',
		managingBody: 'registry.col.managing_body',
		ownership: 'registry.col.ownership',
		bedCount: 'registry.col.beds',
		address: 'registry.col.address',
		active: 'registry.col.active',
	}
	const blocked = p.fileProblems.length > 0 || p.counts.invalid > 0
	return (
		<>
			<p>
				<Link to="/facilities/import">← {t('import.registry.title')}</Link>
			</p>
			<h1>{t('import.preview.title', { file: p.fileName })}</h1>
			<FormErrors errors={actionData ? (actionData.result.error?.[''] ?? actionData.result.error?.intent) : null} />
			<StatGrid
				label={t('import.preview.summary')}
				testId="import-summary"
				items={[
					{ value: n(p.counts.create), label: t('import.count.create') },
					{ value: n(p.counts.update), label: t('import.count.update') },
					{ value: n(p.counts.unchanged), label: t('import.count.unchanged') },
					{ value: n(p.counts.invalid), label: t('import.count.invalid') },
				]}
			/>
			{blocked ? (
				<BlockedProblems
					message={t('import.blocked')}
					problems={[...p.fileProblems, ...p.problems]}
					total={p.fileProblems.length + p.problemCount}
					hint={t('import.fixAndRetry')}
				/>
			) : null}
			{p.notices.length ? (
				<section className="card">
					<h2>{t('import.notices')}</h2>
					<ImportProblems problems={p.notices} total={p.notices.length} />
				</section>
			) : null}
			{!blocked ? (
				<ImportDecision
					applicable={p.applicable}
					applyLabel={t('import.apply')}
					message={p.applicable ? t('import.ready', { create: n(p.counts.create), update: n(p.counts.update) }) : t('import.nothingToDo')}
				/>
			) : null}
			<PreviewRows
				title={t('import.duplicates.title')}
				hint={t('import.duplicates.hint')}
				testId="import-duplicates"
				columns={[t('registry.col.name'), t('import.col.duplicateOf')]}
				rows={p.duplicates}
				total={p.duplicateCount}
				cells={(r) => [
					r.name,
					<ul className="plain" key="of">
						{r.of.map((d) => (
							<li key={`${d.id ?? ''}-${d.row ?? ''}`}>
								{d.id !== undefined ? <a href={`/facilities/${d.id}`}>{d.name}</a> : d.name} ({d.code}
								{d.row !== undefined ? `, ${t('registry.duplicate.row', { row: d.row })}` : ''})
							</li>
						))}
					</ul>,
				]}
			/>
			<PreviewRows
				title={t('import.count.create')}
				testId="import-creates"
				columns={[t('registry.col.name')]}
				rows={p.creates}
				total={p.counts.create}
				cells={(r) => [r.name]}
			/>
			<PreviewRows
				title={t('import.count.update')}
				testId="import-updates"
				columns={[t('import.col.changes')]}
				rows={p.updates}
				total={p.counts.update}
				code={(r) => `${r.code} · ${r.name}`}
				cells={(r) => [
					<ul className="audit-diff" key="changes">
						{r.changes.map((c) => (
							<li key={c.field}>
								{t.dynamic(fieldLabel[c.field])}: {show(c, c.from)} → {show(c, c.to)}
							</li>
						))}
					</ul>,
				]}
			/>
			{blocked ? <DiscardForm /> : null}
		</>
	)
}

/**
 * One kind of row of the preview (likely duplicates, new facilities, changes) as a table: the row of
 * the file, the code (or what `code` shows), then `columns`; the first rows only, with how many
 * more the file holds. Nothing when there are none.
 */
function PreviewRows<R extends { row: number; code: string }>(props: {
	title: string
	hint?: string
	testId: string
	columns: ReadonlyArray<string>
	rows: ReadonlyArray<R>
	total: number
	code?: (r: R) => ReactNode
	cells: (r: R) => ReadonlyArray<ReactNode>
}) {
	const t = useT()
	const locale = useLocale()
	if (props.rows.length === 0) return null
	return (
		<section className="card">
			<h2>{props.title}</h2>
			{props.hint ? <p className="muted">{props.hint}</p> : null}
			<div className="table-wrap">
				<table data-testid={props.testId}>
					<thead>
						<tr>
							<th scope="col">{t('import.col.row')}</th>
							<th scope="col">{t('registry.col.code')}</th>
							{props.columns.map((c) => (
								<th scope="col" key={c}>
									{c}
								</th>
							))}
						</tr>
					</thead>
					<tbody>
						{props.rows.map((r) => (
							<tr key={r.row}>
								<td>{r.row}</td>
								<td>{props.code ? props.code(r) : r.code}</td>
								{props.cells(r).map((cell, i) => (
									<td key={i}>{cell}</td>
								))}
							</tr>
						))}
					</tbody>
				</table>
			</div>
			{props.total > props.rows.length ? (
				<p className="muted">{t('import.moreRows', { count: formatNumber(locale, props.total - props.rows.length) })}</p>
			) : null}
		</section>
	)
}

/** The dictionary key of a coded value (a type, a grade, a managing body, an ownership); null for free text. */
function valueLabelKey(field: FieldChange['field'], v: string): MessageKey | null {
	switch (field) {
		case 'type': {
			const type = FACILITY_TYPES.find((x) => x === v)
			return type ? `facilityType.${type}` : null
		}
		case 'class': {
			const grade = FACILITY_CLASSES.find((x) => x === v)
			return grade ? `facilityClass.${grade}` : null
		}
		case 'managingBody': {
			const body = MANAGING_BODIES.find((x) => x === v)
			return body ? `managingBody.${body}` : null
		}
		case 'ownership': {
			const ownership = OWNERSHIPS.find((x) => x === v)
			return ownership ? `ownership.${ownership}` : null
		}
		default:
			return null
	}
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('title.importPreview'))
