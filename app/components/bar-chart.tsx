/** Horizontal bars drawn as SVG (no script, no inline style): a picture of a table shown beside it. */
export function BarChart({ label, bars, max }: { label: string; bars: Array<{ label: string; value: number; display?: string }>; max?: number }) {
	const top = Math.max(1, max ?? Math.max(0, ...bars.map((b) => b.value)))
	const rowH = 26
	const width = 640
	const labelW = 230
	const barW = width - labelW - 90
	return (
		<svg className="bar-chart" role="img" aria-label={label} viewBox={`0 0 ${width} ${bars.length * rowH + 8}`} width="100%" preserveAspectRatio="xMinYMin meet">
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
