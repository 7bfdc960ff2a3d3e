// The tile-grid map of the 34 provinces (docs/ARCHITECTURE.md, "Public data"): one square per
// province on a hand-placed grid that keeps Vietnam's north–south shape, with no boundary data.
// Row 0 is the northern border, column 0 the west; the north is wide (rows 0–3), the central
// coast one tile wide (rows 4–12, stepping east as the coast does), the south widens again
// around Ho Chi Minh City and the Mekong delta (rows 13–16). Neighbouring tiles are neighbouring
// provinces as far as a grid allows. Pure: the component (app/components/tile-map.tsx) draws it.

/** Grid cell of each province by its code (db/reference/provinces.ts). */
export const TILE_POSITIONS: Readonly<Record<string, { row: number; col: number }>> = {
	'12': { row: 0, col: 1 }, // Lai Châu
	'15': { row: 0, col: 2 }, // Lào Cai
	'08': { row: 0, col: 3 }, // Tuyên Quang
	'04': { row: 0, col: 4 }, // Cao Bằng
	'11': { row: 1, col: 0 }, // Điện Biên
	'14': { row: 1, col: 1 }, // Sơn La
	'25': { row: 1, col: 2 }, // Phú Thọ
	'19': { row: 1, col: 3 }, // Thái Nguyên
	'20': { row: 1, col: 4 }, // Lạng Sơn
	'01': { row: 2, col: 2 }, // Hà Nội
	'24': { row: 2, col: 3 }, // Bắc Ninh
	'22': { row: 2, col: 4 }, // Quảng Ninh
	'37': { row: 3, col: 2 }, // Ninh Bình
	'33': { row: 3, col: 3 }, // Hưng Yên
	'31': { row: 3, col: 4 }, // Hải Phòng
	'38': { row: 4, col: 2 }, // Thanh Hóa
	'40': { row: 5, col: 2 }, // Nghệ An
	'42': { row: 6, col: 3 }, // Hà Tĩnh
	'44': { row: 7, col: 3 }, // Quảng Trị
	'46': { row: 8, col: 3 }, // Huế
	'48': { row: 9, col: 4 }, // Đà Nẵng
	'51': { row: 10, col: 4 }, // Quảng Ngãi
	'52': { row: 11, col: 4 }, // Gia Lai
	'66': { row: 12, col: 4 }, // Đắk Lắk
	'75': { row: 13, col: 2 }, // Đồng Nai
	'68': { row: 13, col: 3 }, // Lâm Đồng
	'56': { row: 13, col: 4 }, // Khánh Hòa
	'80': { row: 14, col: 1 }, // Tây Ninh
	'79': { row: 14, col: 2 }, // Hồ Chí Minh
	'91': { row: 15, col: 0 }, // An Giang
	'82': { row: 15, col: 1 }, // Đồng Tháp
	'86': { row: 15, col: 2 }, // Vĩnh Long
	'96': { row: 16, col: 0 }, // Cà Mau
	'92': { row: 16, col: 1 }, // Cần Thơ
}

export const TILE_ROWS = 17
export const TILE_COLS = 5

/**
 * The colour steps of a share (0–100 %): a light-to-dark blue scale, each with the text colour
 * that reads on it at 4.5:1 or more (WCAG 1.4.3; checked in tile-map.test.ts). A step includes its
 * lower bound; the last includes 100.
 */
export const COLOUR_STEPS: ReadonlyArray<{ min: number; max: number; fill: string; text: string }> = [
	{ min: 0, max: 20, fill: '#deebf7', text: '#1c2530' },
	{ min: 20, max: 40, fill: '#9ecae1', text: '#1c2530' },
	{ min: 40, max: 60, fill: '#5ba3d0', text: '#1c2530' },
	{ min: 60, max: 80, fill: '#2171b5', text: '#ffffff' },
	{ min: 80, max: 100, fill: '#08306b', text: '#ffffff' },
]

/** A province without a figure (nothing published there): grey, told apart by its text "—". */
export const NO_DATA_STEP = { fill: '#eef1f4', text: '#3d4852' }

/** The step of a share, or null without a figure. */
export function colourStep(percent: number | null): number | null {
	if (percent === null || !Number.isFinite(percent)) return null
	const i = COLOUR_STEPS.findIndex((s) => percent < s.max)
	return i < 0 ? COLOUR_STEPS.length - 1 : i
}

/** WCAG 2 contrast ratio of two #rrggbb colours (1–21). */
export function contrastRatio(a: string, b: string): number {
	const luminance = (hex: string) => {
		const [r, g, bl] = [1, 3, 5].map((i) => {
			const c = parseInt(hex.slice(i, i + 2), 16) / 255
			return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
		})
		return 0.2126 * r + 0.7152 * g + 0.0722 * bl
	}
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
	return (hi + 0.05) / (lo + 0.05)
}
