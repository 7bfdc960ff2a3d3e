import { Form } from '@remix-run/react'
import { useLocale } from '~/utils/i18n'

/**
 * A GET form choosing one indicator (the map's colour, the trend's figure): a labelled select and
 * its button, keeping the page's other query parameters as hidden fields. Works without JavaScript.
 */
export function IndicatorPicker({
	name,
	label,
	button,
	choices,
	chosen,
	hidden,
}: {
	/** The query parameter, also the select's id. */
	name: string
	label: string
	button: string
	choices: ReadonlyArray<{ id: string; label: { vi: string; en: string } }>
	chosen: string
	hidden: Record<string, string>
}) {
	const locale = useLocale()
	const id = `${name}-indicator`
	return (
		<Form method="get" className="search-form filters">
			{Object.entries(hidden).map(([k, v]) => (
				<input key={k} type="hidden" name={k} value={v} />
			))}
			<div className="field">
				<label htmlFor={id}>{label}</label>
				<select id={id} name={name} defaultValue={chosen}>
					{choices.map((c) => (
						<option key={c.id} value={c.id}>
							{locale === 'en' ? c.label.en : c.label.vi}
						</option>
					))}
				</select>
			</div>
			<button type="submit" className="button">
				{button}
			</button>
		</Form>
	)
}
