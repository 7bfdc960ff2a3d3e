// The provinces as a tile-grid map (app/domain/tile-map.ts places them): an SVG of links, one per
// province, each coloured by its share and showing the figure in text, so colour is never the
// only cue; a legend gives each colour step's range. The table beside it on the page is the
// equivalent for screen readers and for reading exact figures. No script, no inline style.
import { formatFigure } from '~/domain/indicators'
import { COLOUR_STEPS, colourStep, NO_DATA_STEP, TILE_COLS, TILE_POSITIONS, TILE_ROWS } from '~/domain/tile-map'
import { formatPercent } from '~/i18n/translate'
import { useLocale, useT } from '~/utils/i18n'

export type Tile = {
	/** The province's code (db/reference/provinces.ts). */
	code: string
	/** Its short name ("Hà Nội"), shown on the tile. */
	name: string
	href: string
	/** The share shown, 0–100; null without a figure. */
	percent: number | null
}

const W = 112
const H = 50
const GAP = 4

export function TileMap({
	label,
	tiles,
	testId = 'tile-map',
	target,
}: {
	label: string
	tiles: ReadonlyArray<Tile>
	testId?: string
	/** `_blank` in the embedded widget: a tile opens the province's page outside the frame. */
	target?: '_blank'
}) {
	const t = useT()
	const locale = useLocale()
	const shown = (p: number | null) => (p === null ? '—' : formatPercent(locale, p))
	return (
		<figure className="tile-map" data-testid={testId}>
			<svg
				viewBox={`0 0 ${TILE_COLS * (W + GAP)} ${TILE_ROWS * (H + GAP)}`}
				width="100%"
				aria-label={label}
				role="group"
				preserveAspectRatio="xMidYMin meet"
			>
				{tiles.map((tile) => {
					const at = TILE_POSITIONS[tile.code]
					if (!at) return null
					const step = colourStep(tile.percent)
					const colours = step === null ? NO_DATA_STEP : COLOUR_STEPS[step]
					const x = at.col * (W + GAP)
					const y = at.row * (H + GAP)
					return (
						<a
							key={tile.code}
							href={tile.href}
							target={target}
							rel={target ? 'noreferrer' : undefined}
							aria-label={`${tile.name}: ${shown(tile.percent)}`}
							data-province={tile.code}
						>
							<rect x={x} y={y} width={W} height={H} rx={4} fill={colours.fill} className="tile" />
							<text x={x + W / 2} y={y + 20} textAnchor="middle" fontSize="13" fill={colours.text} aria-hidden="true">
								{tile.name}
							</text>
							<text x={x + W / 2} y={y + 39} textAnchor="middle" fontSize="14" fontWeight="bold" fill={colours.text} aria-hidden="true">
								{shown(tile.percent)}
							</text>
						</a>
					)
				})}
			</svg>
			<figcaption>
				<span className="muted">{t('tileMap.legend')}</span>
				<ul className="tile-legend" data-testid={`${testId}-legend`}>
					{COLOUR_STEPS.map((s, i) => (
						<li key={s.min}>
							<svg width="18" height="18" aria-hidden="true" focusable="false">
								<rect width="18" height="18" rx="3" fill={s.fill} stroke="#4f5b67" />
							</svg>{' '}
							{i === COLOUR_STEPS.length - 1
								? t('tileMap.rangeLast', { from: formatPercent(locale, s.min), to: formatPercent(locale, s.max) })
								: t('tileMap.range', { from: formatPercent(locale, s.min), to: formatPercent(locale, s.max) })}
						</li>
					))}
					<li>
						<svg width="18" height="18" aria-hidden="true" focusable="false">
							<rect width="18" height="18" rx="3" fill={NO_DATA_STEP.fill} stroke="#4f5b67" />
						</svg>{' '}
						{t('tileMap.noData')}
					</li>
				</ul>
			</figcaption>
		</figure>
	)
}

/** The map's table equivalent: each province with its figure written out ("36/39 (92,3 %)"). */
export function TileMapTable({
	statistic,
	rows,
}: {
	statistic: string
	rows: ReadonlyArray<{
		code: string
		name: string
		figure: { numerator: number; denominator: number | null; percent: number | null } | null
	}>
}) {
	const t = useT()
	const locale = useLocale()
	return (
		<table className="compact" data-testid="map-table">
			<thead>
				<tr>
					<th scope="col">{t('facility.province')}</th>
					<th scope="col">{statistic}</th>
				</tr>
			</thead>
			<tbody>
				{rows.map((p) => (
					<tr key={p.code}>
						<td>{p.name}</td>
						<td>{p.figure ? formatFigure(p.figure, locale) : '—'}</td>
					</tr>
				))}
			</tbody>
		</table>
	)
}
