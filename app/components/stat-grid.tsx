/** Key figures as a row of tiles; each value with the words that say what it counts. */
export function StatGrid({
	label,
	items,
	testId,
}: {
	label?: string
	items: ReadonlyArray<{ value: string; label: string }>
	testId?: string
}) {
	return (
		<ul className="grid" aria-label={label} data-testid={testId}>
			{items.map((item) => (
				<li key={item.label} className="stat">
					<div className="stat__value">{item.value}</div>
					<div className="stat__label">{item.label}</div>
				</li>
			))}
		</ul>
	)
}
