import { REGISTRY_COLUMNS } from '~/domain/enums'
import { type CellProblem } from '~/domain/sheet'
import { isMessageKey } from '~/i18n/translate'
import { useT } from '~/utils/i18n'

/** A problem's message, with a column key shown by its heading. */
export function useProblemText() {
	const t = useT()
	return (p: Pick<CellProblem, 'code' | 'params'>) => {
		const [key, raw] = p.code.split('|', 2)
		let params: Record<string, string | number> = { ...p.params }
		if (raw) {
			try {
				params = { ...params, ...JSON.parse(raw) }
			} catch {}
		}
		const column = REGISTRY_COLUMNS.find((c) => c === params.column)
		if (column) params.column = t(`registry.col.${column}`)
		// A code the dictionary does not know (there should be none) is shown as it is.
		return isMessageKey(key) ? t(key, params) : key
	}
}

/** Every problem of an uploaded file: where (sheet, row, cell) and what, as a table. */
export function ImportProblems({
	problems,
	total,
	showSheet,
}: {
	problems: ReadonlyArray<CellProblem>
	total: number
	showSheet?: boolean
}) {
	const t = useT()
	const text = useProblemText()
	if (!problems.length) return null
	return (
		<>
			<div className="table-wrap">
				<table data-testid="import-problems">
					<caption className="visually-hidden">{t('import.problems')}</caption>
					<thead>
						<tr>
							{showSheet ? <th scope="col">{t('import.col.sheet')}</th> : null}
							<th scope="col">{t('import.col.row')}</th>
							<th scope="col">{t('import.col.cell')}</th>
							<th scope="col">{t('import.col.problem')}</th>
						</tr>
					</thead>
					<tbody>
						{problems.map((p, i) => (
							<tr key={i}>
								{showSheet ? <td>{p.sheet}</td> : null}
								<td>{p.row}</td>
								<td>{p.column ? `${p.column}${p.row}` : '—'}</td>
								<td>
									{text(p)}
									{p.params?.value !== undefined && p.params.value !== '' ? (
										<span className="muted"> ({t('import.value', { value: String(p.params.value) })})</span>
									) : null}
								</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
			{total > problems.length ? <p className="muted">{t('import.moreProblems', { count: total - problems.length })}</p> : null}
		</>
	)
}

/** Why an upload cannot be applied: what is wrong, where, and what to do about it. */
export function BlockedProblems({
	message,
	problems,
	total,
	showSheet,
	hint,
}: {
	message: string
	problems: ReadonlyArray<CellProblem>
	total: number
	showSheet?: boolean
	hint?: string
}) {
	const t = useT()
	return (
		<section className="card" aria-labelledby="problems-heading">
			<h2 id="problems-heading">{t('import.problems')}</h2>
			<p className="alert alert--error" role="alert">
				{message}
			</p>
			<ImportProblems problems={problems} total={total} showSheet={showSheet} />
			{hint ? <p>{hint}</p> : null}
		</section>
	)
}
