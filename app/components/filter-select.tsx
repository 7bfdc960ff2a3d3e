import { useT } from '~/utils/i18n'

/** A labelled select for GET filter forms, with an "all" option first. */
export function FilterSelect({
	name,
	label,
	value,
	options,
}: {
	name: string
	label: string
	value?: string
	options: Array<[string, string]>
}) {
	const t = useT()
	return (
		<div className="field">
			<label htmlFor={`f-${name}`}>{label}</label>
			<select id={`f-${name}`} name={name} defaultValue={value ?? ''}>
				<option value="">{t('review.filter.any')}</option>
				{options.map(([v, l]) => (
					<option key={v} value={v}>
						{l}
					</option>
				))}
			</select>
		</div>
	)
}
