import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Link, useActionData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { UploadForm } from '~/components/upload-form'
import { MAX_REGISTRY_ROWS } from '~/domain/registry'
import { formatNumber } from '~/i18n/translate'
import { stageImport } from '~/services/imports.server'
import { requirePermission } from '~/utils/auth.server'
import { readUpload } from '~/utils/download.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

/** 20,000 facilities unpack to about 10 MB of XML; loading that takes about 140 MB. Larger files go as CSV (docs/PERFORMANCE.md). */
const REGISTRY_MAX_UNPACKED = 12 * 1024 * 1024

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePermission(request, 'facility:manage', { kind: 'own' })
	return null
}

/** Reads the file and keeps it for the preview; nothing of the registry changes here. */
export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'facility:manage', { kind: 'own' })
	const upload = await readUpload(request, {
		maxRows: MAX_REGISTRY_ROWS + 1,
		maxColumns: 30,
		csv: true,
		maxUnpackedBytes: REGISTRY_MAX_UNPACKED,
	})
	if (!upload.ok) return data({ error: upload.problem.code, params: upload.problem.params ?? null }, { status: upload.status })
	// The facilities are on the first visible sheet; the template's help and lists sheets come after it.
	const sheet = upload.sheets.find((s) => !s.hidden && s.rows.length > 0) ?? upload.sheets[0]
	const id = stageImport(getDb(), {
		kind: 'registry',
		userId: user.id,
		fileName: upload.fileName,
		bytes: upload.bytes,
		sheets: [{ name: sheet.name, rows: sheet.rows }],
	})
	throw redirect(`/facilities/import/${id}`)
}

export default function RegistryImport() {
	const actionData = useActionData<typeof action>()
	const t = useT()
	const locale = useLocale()
	return (
		<>
			<p>
				<Link to="/facilities">← {t('facilities.title')}</Link>
			</p>
			<h1>{t('import.registry.title')}</h1>
			<p className="lede">{t('import.registry.lede')}</p>
			<section className="card">
				<h2>{t('import.template.heading')}</h2>
				<p>{t('import.registry.templateHint')}</p>
				<p className="form-actions">
					<a className="button button--quiet" href="/facilities/export?template=1&format=xlsx" download>
						{t('import.template.xlsx')}
					</a>
					<a className="button button--quiet" href="/facilities/export?template=1&format=csv" download>
						{t('import.template.csv')}
					</a>
				</p>
			</section>
			<section className="card">
				<h2>{t('import.upload.heading')}</h2>
				<UploadForm
					id="registry-file"
					label={t('import.upload.file')}
					hint={t('import.registry.fileHint', { max: formatNumber(locale, MAX_REGISTRY_ROWS) })}
					accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
					error={actionData?.error ? { code: actionData.error, params: actionData.params } : null}
				/>
			</section>
		</>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('import.registry.title'))
