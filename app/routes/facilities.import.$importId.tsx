import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { getDb, schema } from '#db/client.server'
import { existingFacilitiesByCode } from '#db/queries/facilities'
import { getStagedImport } from '#db/queries/imports'
import { registryVocabulary } from '#spreadsheets/registry-workbook'
import { FormErrors } from '~/components/forms'
import { BlockedProblems, ImportProblems } from '~/components/import-problems'
import { StatGrid } from '~/components/stat-grid'
import { DiscardForm, ImportDecision } from '~/components/upload-form'
import { type FieldChange, planIsApplicable, planRegistryImport } from '~/domain/registry'
import { type MessageKey, formatNumber } from '~/i18n/translate'
import { applyRegistryImport, mayManageFacility } from '~/services/facilities.server'
import { discardStagedImport } from '~/services/imports.server'
import { requirePermission } from '~/utils/auth.server'
import { useLocale, useT } from '~/utils/i18n'

const SHOWN_PROBLEMS = 500
const SHOWN_ROWS = 200

async function staged(request: Request, importId: string | undefined) {
	const user = await requirePermission(request, 'facility:manage', { kind: 'own' })
	const row = getStagedImport(getDb(), importId ?? '', user.id, 'registry')
	if (!row) throw new Response('Not found', { status: 404 })
	return { user, row }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user, row } = await staged(request, params.importId)
	const db = getDb()
	const plan = planRegistryImport(row.payload.sheets[0], registryVocabulary(db), existingFacilitiesByCode(db), (f) =>
		mayManageFacility(user.grants, f),
	)
	const problems = plan.rows.flatMap((r) => r.problems)
	return {
		fileName: row.fileName,
		counts: plan.counts,
		applicable: planIsApplicable(plan),
		fileProblems: plan.fileProblems,
		notices: plan.notices,
		problems: problems.slice(0, SHOWN_PROBLEMS),
		problemCount: problems.length,
		creates: plan.rows
			.filter((r) => r.action === 'create')
			.slice(0, SHOWN_ROWS)
			.map((r) => ({ row: r.row, code: r.code, name: r.name })),
		updates: plan.rows
			.filter((r) => r.action === 'update')
			.slice(0, SHOWN_ROWS)
			.map((r) => ({ row: r.row, code: r.code, name: r.name, changes: r.changes })),
		provinces: Object.fromEntries(
			db
				.select()
				.from(schema.provinces)
				.all()
				.map((p) => [p.code, { vi: p.nameVi, en: p.nameEn }]),
		),
	}
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user, row } = await staged(request, params.importId)
	const db = getDb()
	switch ((await request.formData()).get('intent')) {
		case 'apply': {
			const result = applyRegistryImport(db, {
				sheet: row.payload.sheets[0],
				vocab: registryVocabulary(db),
				actor: user,
				fileName: row.fileName,
				sha256: row.sha256,
			})
			if (!result.ok) return data({ error: result.code }, { status: result.status })
			discardStagedImport(db, row.id, user.id)
			throw redirect(`/facilities?imported=${result.created}-${result.updated}`)
		}
		case 'discard':
			discardStagedImport(db, row.id, user.id)
			throw redirect('/facilities/import')
		default:
			return data({ error: 'form.malformed' }, { status: 400 })
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
		switch (c.field) {
			case 'provinceCode':
				return p.provinces[String(v)]?.[locale] ?? String(v)
			case 'type':
				return t(`facilityType.${v}` as MessageKey)
			case 'class':
				return t(`facilityClass.${v}` as MessageKey)
			case 'managingBody':
				return t(`managingBody.${v}` as MessageKey)
			case 'ownership':
				return t(`ownership.${v}` as MessageKey)
			case 'active':
				return t(v ? 'facility.active' : 'facility.inactive')
			default:
				return String(v)
		}
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
			<FormErrors errors={actionData?.error ? [actionData.error] : null} />
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
			{p.creates.length ? (
				<section className="card">
					<h2>{t('import.count.create')}</h2>
					<div className="table-wrap">
						<table data-testid="import-creates">
							<thead>
								<tr>
									<th scope="col">{t('import.col.row')}</th>
									<th scope="col">{t('registry.col.code')}</th>
									<th scope="col">{t('registry.col.name')}</th>
								</tr>
							</thead>
							<tbody>
								{p.creates.map((r) => (
									<tr key={r.row}>
										<td>{r.row}</td>
										<td>{r.code}</td>
										<td>{r.name}</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
					{p.counts.create > p.creates.length ? (
						<p className="muted">{t('import.moreRows', { count: n(p.counts.create - p.creates.length) })}</p>
					) : null}
				</section>
			) : null}
			{p.updates.length ? (
				<section className="card">
					<h2>{t('import.count.update')}</h2>
					<div className="table-wrap">
						<table data-testid="import-updates">
							<thead>
								<tr>
									<th scope="col">{t('import.col.row')}</th>
									<th scope="col">{t('registry.col.code')}</th>
									<th scope="col">{t('import.col.changes')}</th>
								</tr>
							</thead>
							<tbody>
								{p.updates.map((r) => (
									<tr key={r.row}>
										<td>{r.row}</td>
										<td>
											{r.code} · {r.name}
										</td>
										<td>
											<ul className="audit-diff">
												{r.changes.map((c) => (
													<li key={c.field}>
														{t(fieldLabel[c.field])}: {show(c, c.from)} → {show(c, c.to)}
													</li>
												))}
											</ul>
										</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
					{p.counts.update > p.updates.length ? (
						<p className="muted">{t('import.moreRows', { count: n(p.counts.update - p.updates.length) })}</p>
					) : null}
				</section>
			) : null}
			{blocked ? <DiscardForm /> : null}
		</>
	)
}

export const meta: MetaFunction = () => [{ title: 'Xem trước nhập danh sách · Hospital IT Readiness' }]
