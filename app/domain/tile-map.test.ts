import { expect, test } from 'vitest'
import { PROVINCES } from '#db/reference/provinces'
import { COLOUR_STEPS, colourStep, contrastRatio, NO_DATA_STEP, TILE_COLS, TILE_POSITIONS, TILE_ROWS } from './tile-map'

test('every one of the 34 provinces has a tile, each in a cell of its own inside the grid', () => {
	expect(Object.keys(TILE_POSITIONS).sort()).toEqual(PROVINCES.map((p) => p.code).sort())
	const cells = Object.values(TILE_POSITIONS).map((p) => `${p.row},${p.col}`)
	expect(new Set(cells).size).toBe(34)
	for (const p of Object.values(TILE_POSITIONS)) {
		expect(p.row).toBeGreaterThanOrEqual(0)
		expect(p.row).toBeLessThan(TILE_ROWS)
		expect(p.col).toBeGreaterThanOrEqual(0)
		expect(p.col).toBeLessThan(TILE_COLS)
	}
})

test('the grid keeps the north–south order: Hà Nội above Huế above Hồ Chí Minh above Cà Mau', () => {
	const row = (code: string) => TILE_POSITIONS[code].row
	expect(row('01')).toBeLessThan(row('46'))
	expect(row('46')).toBeLessThan(row('79'))
	expect(row('79')).toBeLessThan(row('96'))
})

test.each([
	[null, null],
	[0, 0],
	[19.9, 0],
	[20, 1],
	[59.99, 2],
	[60, 3],
	[92.3, 4],
	[100, 4],
])('a share of %s %% is in step %s', (percent, step) => {
	expect(colourStep(percent)).toBe(step)
})

test('the steps cover 0–100 % without a gap', () => {
	expect(COLOUR_STEPS[0].min).toBe(0)
	expect(COLOUR_STEPS.at(-1)!.max).toBe(100)
	COLOUR_STEPS.slice(1).forEach((s, i) => expect(s.min).toBe(COLOUR_STEPS[i].max))
})

test.each([
	...COLOUR_STEPS.map((s) => [`${s.min}–${s.max}`, s.text, s.fill] as const),
	['no data', NO_DATA_STEP.text, NO_DATA_STEP.fill] as const,
])('the tile text on step %s reads at 4.5:1 or more', (_step, text, fill) => {
	expect(contrastRatio(text, fill)).toBeGreaterThanOrEqual(4.5)
})

test('the contrast ratio is WCAG’s: black on white is 21, a colour on itself 1', () => {
	expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5)
	expect(contrastRatio('#5ba3d0', '#5ba3d0')).toBe(1)
})
