/** Horizontal bars drawn as SVG (no script, no inline style): a picture of a table shown beside it. */
export function BarChart({
	label,
	bars,
	max,
}: {
	label: string
	bars: Array<{ label: string; value: number; display?: string }>
	max?: number
}) {
	const top = Math.max(1, max ?? Math.max(0, ...bars.map((b) => b.value)))
	const rowH = 26
	const width = 640
	const labelW = 230
	const barW = width - labelW - 90
	return (
		<svg
			className="bar-chart"
			role="img"
			aria-label={label}
			viewBox={`0 0 ${width} ${bars.length * rowH + 8}`}
			width="100%"
			preserveAspectRatio="xMinYMin meet"
		>
			{bars.map((b, i) => (
				<g key={b.label} transform={`translate(0 ${i * rowH + 4})`}>
					<text x={labelW - 8} y={rowH / 2 + 4} textAnchor="end" fontSize="13" fill="#1c2530">
						{b.label.length > 34 ? `${b.label.slice(0, 33)}…` : b.label}
					</text>
					<rect x={labelW} y={4} width={Math.max(1, (b.value / top) * barW)} height={rowH - 10} rx={3} fill="#0b5e8a" />
					<text x={labelW + Math.max(1, (b.value / top) * barW) + 6} y={rowH / 2 + 4} fontSize="13" fill="#1c2530">
						{b.display ?? String(b.value)}
					</text>
				</g>
			))}
		</svg>
	)
}

/** Colours for stacked segments, each with contrast ≥ 3:1 against white (WCAG 1.4.11), told apart by the legend. */
const SEGMENT_COLOURS = ['#8a96a3', '#0b5e8a', '#6a3d9a', '#b35900', '#2e7d32', '#00838f']

/**
 * Horizontal stacked bars as SVG: one bar per row, one segment per series, with a legend. A
 * picture of the table shown beside it (the table carries the exact figures for screen readers).
 */
export function StackedBarChart({
	label,
	series,
	rows,
}: {
	label: string
	series: ReadonlyArray<string>
	rows: ReadonlyArray<{ label: string; values: ReadonlyArray<number> }>
}) {
	const top = Math.max(1, ...rows.map((r) => r.values.reduce((a, b) => a + b, 0)))
	const rowH = 24
	const width = 760
	const labelW = 200
	const barW = width - labelW - 60
	const legendH = 24
	return (
		<svg
			className="bar-chart"
			role="img"
			aria-label={label}
			viewBox={`0 0 ${width} ${rows.length * rowH + legendH + 8}`}
			width="100%"
			preserveAspectRatio="xMinYMin meet"
		>
			<g>
				{series.map((s, i) => (
					<g key={s} transform={`translate(${i * 125} 4)`}>
						<rect width={12} height={12} fill={SEGMENT_COLOURS[i % SEGMENT_COLOURS.length]} />
						<text x={16} y={11} fontSize="12" fill="#1c2530">
							{s.length > 17 ? `${s.slice(0, 16)}…` : s}
						</text>
					</g>
				))}
			</g>
			{rows.map((r, i) => {
				let x = labelW
				const total = r.values.reduce((a, b) => a + b, 0)
				return (
					<g key={r.label} transform={`translate(0 ${legendH + i * rowH})`}>
						<text x={labelW - 8} y={rowH / 2 + 4} textAnchor="end" fontSize="12" fill="#1c2530">
							{r.label.length > 30 ? `${r.label.slice(0, 29)}…` : r.label}
						</text>
						{r.values.map((v, j) => {
							const w = (v / top) * barW
							const rect =
								v > 0 ? (
									<rect key={j} x={x} y={4} width={w} height={rowH - 8} fill={SEGMENT_COLOURS[j % SEGMENT_COLOURS.length]}>
										<title>{`${series[j]}: ${v}`}</title>
									</rect>
								) : null
							x += w
							return rect
						})}
						<text x={x + 6} y={rowH / 2 + 4} fontSize="12" fill="#1c2530">
							{total}
						</text>
					</g>
				)
			})}
		</svg>
	)
}
