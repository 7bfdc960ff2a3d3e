// The national indicators (the ministry's published figures: "36 of 39 MOH hospitals use LIS, 92,3 %")
// as data: each one names the survey answers it counts, its population and denominator rule, and its
// labels. One definition feeds the portal, the open-data API and CSV; docs/STATISTICS.md defines
// each indicator in words. Pure: no database, no zod.
import { type Answer } from './catalog/answers'
import { type Locale } from './enums'
import { formatNumber, formatPercent } from './numbers'

type Label = { vi: string; en: string }

/**
 * Who is in an indicator's denominator (docs/STATISTICS.md §2):
 * - `answered`: published facilities with an answer to the question;
 * - `applicable`: those of them to which the question applies (an N/A answer, or a failed `appliesWhen`
 *   condition such as "no imaging department", takes the facility out);
 * - `registered`: every facility of the round's scope in the registry, reported or not (a facility that
 *   has not published counts as not meeting the indicator, and the non-reporters are stated).
 */
export const POPULATIONS = ['answered', 'applicable', 'registered'] as const
export type Population = (typeof POPULATIONS)[number]

/** What a facility's answers must say for it to count in the numerator. */
export type Numerator =
	/** A choice answer equal to one of these options. */
	| { kind: 'option'; criterion: string; anyOf: ReadonlyArray<string> }
	/** A yes/no answer "yes". */
	| { kind: 'yes'; criterion: string }
	/** A number answer, summed over the facilities (the figure is a total, no percentage). */
	| { kind: 'sum'; criterion: string }
	/** Σ part ÷ Σ whole over the facilities (a weighted ratio, e.g. chip-ID check-ins ÷ all visits). */
	| { kind: 'ratio'; part: string; whole: string }

export type IndicatorDefinition = {
	id: string
	label: Label
	numerator: Numerator
	population: Population
	/** The question applies only when this yes/no answer is "yes" (population `applicable`). */
	appliesWhen?: { criterion: string; equals: 'yes' }
	/** The denominator in words, when the population's generic wording is not precise enough. */
	denominatorLabel?: Label
	/** Shown per province and in every breakdown beside the national figures. */
	headline?: boolean
	/** Part of a distribution by option: the distribution's id (its parts add up to its denominator). */
	distribution?: string
}

/** A distribution by option: one indicator per option over the same denominator. */
type DistributionDefinition = {
	id: string
	label: Label
	criterion: string
	population: Population
	options: ReadonlyArray<{ value: string; label: Label }>
}

const notDeployed = 'not_deployed'
const deployedOptions = ['vendor', 'in_house', 'service'] as const

const PROVISION: DistributionDefinition['options'] = [
	{ value: 'in_house', label: { vi: 'tự phát triển', en: 'developed in-house' } },
	{ value: 'vendor', label: { vi: 'của nhà cung cấp', en: 'from a vendor' } },
	{ value: 'service', label: { vi: 'thuê dịch vụ', en: 'hired as a service' } },
	{ value: notDeployed, label: { vi: 'chưa triển khai', en: 'not deployed' } },
]

const IMAGING = { criterion: 'INV.IMG.department', equals: 'yes' } as const
const WITH_IMAGING: Label = {
	vi: 'cơ sở có khoa chẩn đoán hình ảnh đã báo cáo',
	en: 'reporting facilities with an imaging department',
}

const DISTRIBUTIONS: ReadonlyArray<DistributionDefinition> = [
	{
		id: 'his_provision',
		label: { vi: 'HIS', en: 'HIS' },
		criterion: 'INV.SYS.his',
		population: 'answered',
		options: PROVISION,
	},
	{
		id: 'server_room_level',
		label: { vi: 'Phòng máy chủ', en: 'Server room' },
		criterion: 'INV.INFRA.server_room_level',
		population: 'answered',
		options: [
			{ value: 'none', label: { vi: 'không có phòng máy chủ riêng', en: 'no dedicated server room' } },
			{ value: 'basic', label: { vi: 'phòng máy chủ cơ bản', en: 'basic server room' } },
			{ value: 'standard', label: { vi: 'phòng máy chủ đạt chuẩn nội bộ', en: 'server room to an internal standard' } },
			{ value: 'certified', label: { vi: 'trung tâm dữ liệu Tier/Rated 3 trở lên', en: 'Tier/Rated 3 data centre or better' } },
		],
	},
]

/** Every indicator, in the order the portal shows them. */
export const INDICATORS: ReadonlyArray<IndicatorDefinition> = [
	{
		id: 'his',
		label: { vi: 'Đã triển khai HIS', en: 'HIS deployed' },
		numerator: { kind: 'option', criterion: 'INV.SYS.his', anyOf: deployedOptions },
		population: 'answered',
		headline: true,
	},
	...expand(DISTRIBUTIONS[0]),
	{
		id: 'lis',
		label: { vi: 'Đã triển khai LIS', en: 'LIS deployed' },
		numerator: { kind: 'option', criterion: 'INV.SYS.lis', anyOf: deployedOptions },
		population: 'answered',
		headline: true,
	},
	{
		id: 'rispacs',
		label: { vi: 'Đã triển khai RIS-PACS', en: 'RIS-PACS deployed' },
		numerator: { kind: 'option', criterion: 'INV.SYS.rispacs', anyOf: deployedOptions },
		population: 'applicable',
		appliesWhen: IMAGING,
		denominatorLabel: WITH_IMAGING,
		headline: true,
	},
	{
		id: 'filmless',
		label: { vi: 'Không in phim', en: 'Film-less imaging' },
		numerator: { kind: 'yes', criterion: 'INV.IMG.filmless' },
		population: 'applicable',
		appliesWhen: IMAGING,
		denominatorLabel: WITH_IMAGING,
	},
	{
		id: 'emr',
		label: { vi: 'Đã triển khai bệnh án điện tử', en: 'EMR deployed' },
		numerator: { kind: 'option', criterion: 'INV.SYS.emr', anyOf: deployedOptions },
		population: 'registered',
		headline: true,
	},
	{
		id: 'emr_announced',
		label: { vi: 'Đã công bố áp dụng bệnh án điện tử', en: 'EMR use announced' },
		numerator: { kind: 'yes', criterion: 'INV.EMR.announced' },
		population: 'answered',
	},
	{
		id: 'eoffice',
		label: { vi: 'Phần mềm quản lý văn bản, điều hành', en: 'Electronic document and office software' },
		numerator: { kind: 'option', criterion: 'INV.SYS.eoffice', anyOf: deployedOptions },
		population: 'answered',
	},
	{
		id: 'website',
		label: { vi: 'Có cổng/trang thông tin điện tử', en: 'Has a website' },
		numerator: { kind: 'yes', criterion: 'INV.CONN.website' },
		population: 'answered',
	},
	{
		id: 'insurance',
		label: { vi: 'Kết nối cổng giám định BHYT', en: 'Connected to the health insurance gateway' },
		numerator: { kind: 'yes', criterion: 'INV.CONN.insurance_gateway' },
		population: 'answered',
	},
	{
		id: 'cashless',
		label: { vi: 'Thanh toán không dùng tiền mặt', en: 'Cashless payment' },
		numerator: { kind: 'yes', criterion: 'INV.CONN.cashless' },
		population: 'answered',
	},
	{
		id: 'chip_id',
		label: { vi: 'Tiếp nhận người bệnh bằng căn cước gắn chip', en: 'Chip-ID check-in accepted' },
		numerator: { kind: 'yes', criterion: 'INV.CONN.chip_id_accepted' },
		population: 'answered',
	},
	{
		id: 'chip_id_visits',
		label: { vi: 'Lượt khám tiếp nhận bằng căn cước gắn chip', en: 'Visits checked in with a chip ID' },
		numerator: { kind: 'ratio', part: 'INV.CONN.visits_chip_id', whole: 'INV.CONN.visits_total' },
		population: 'applicable',
		appliesWhen: { criterion: 'INV.CONN.chip_id_accepted', equals: 'yes' },
		denominatorLabel: {
			vi: 'lượt khám tại các cơ sở tiếp nhận bằng căn cước gắn chip',
			en: 'visits at facilities accepting chip-ID check-in',
		},
	},
	{
		id: 'telemedicine',
		label: { vi: 'Khám, chữa bệnh từ xa', en: 'Telemedicine' },
		numerator: { kind: 'yes', criterion: 'INV.CONN.telemedicine' },
		population: 'answered',
	},
	{
		id: 'ai_cds',
		label: { vi: 'Ứng dụng AI / hỗ trợ quyết định lâm sàng', en: 'AI / clinical decision support' },
		numerator: { kind: 'yes', criterion: 'INV.CONN.ai_cds' },
		population: 'answered',
	},
	...expand(DISTRIBUTIONS[1]),
	{
		id: 'it_staff',
		label: { vi: 'Nhân lực chuyên trách CNTT (người)', en: 'Dedicated IT staff (people)' },
		numerator: { kind: 'sum', criterion: 'INV.INFRA.it_staff' },
		population: 'answered',
	},
]

function expand(d: DistributionDefinition): Array<IndicatorDefinition> {
	return d.options.map((o) => ({
		id: `${d.id}.${o.value}`,
		label: { vi: `${d.label.vi}: ${o.label.vi}`, en: `${d.label.en}: ${o.label.en}` },
		numerator: { kind: 'option', criterion: d.criterion, anyOf: [o.value] },
		population: d.population,
		distribution: d.id,
	}))
}

/** The indicators shown per province and per breakdown. */
export const HEADLINE_INDICATORS: ReadonlyArray<string> = INDICATORS.filter((i) => i.headline).map((i) => i.id)

/** The criteria an indicator reads (the survey questions it depends on). */
export function criteriaOf(d: IndicatorDefinition): Array<string> {
	const n = d.numerator
	const own = n.kind === 'ratio' ? [n.part, n.whole] : [n.criterion]
	return d.appliesWhen ? [...own, d.appliesWhen.criterion] : own
}

export type IndicatorFigure = {
	id: string
	/** `share`: X facilities of Y; `ratio`: Σ part ÷ Σ whole; `sum`: a total. */
	kind: 'share' | 'ratio' | 'sum'
	label: Label
	population: Population
	denominatorLabel: Label | null
	distribution: string | null
	/** Facilities counted, or the total (sum), or Σ part (ratio). */
	numerator: number
	/** Facilities in the denominator, or Σ whole (ratio); null for a sum. */
	denominator: number | null
	/** numerator ÷ denominator in percent, one decimal (docs/STATISTICS.md §4); null without a denominator. */
	percent: number | null
	/** Facilities whose answers entered the figure (the ratio's and the sum's contributors). */
	facilities: number
	/** Published facilities in scope (reporting). */
	reported: number
	/** Facilities of the registry in the round's scope. */
	registered: number
}

/** One facility's verified survey answers (criterion id → answer). */
export type AnswerSheet = ReadonlyMap<string, Answer>

/**
 * A share in percent rounded half up to one decimal, as the ministry writes it: 36/39 → 92.3. "100"
 * only when exact: 1,999/2,000 is 99.9, not a rounded-up 100 that would read "every facility".
 */
export function percentOf(part: number, whole: number): number | null {
	if (whole <= 0) return null
	const rounded = Math.round((part / whole) * 1000) / 10
	return rounded === 100 && part < whole ? 99.9 : rounded
}

function numberOf(a: Answer | undefined): number | null {
	return a && (a.kind === 'number' || a.kind === 'percent') ? a.value : null
}

function applies(d: IndicatorDefinition, sheet: AnswerSheet): boolean {
	const own = d.numerator.kind === 'ratio' ? sheet.get(d.numerator.whole) : sheet.get(d.numerator.criterion)
	if (own?.kind === 'yes_no' && own.value === 'na') return false
	if (!d.appliesWhen) return true
	const gate = sheet.get(d.appliesWhen.criterion)
	// A round on a survey version without the gate question keeps every answering facility.
	if (!gate) return true
	return gate.kind === 'yes_no' && gate.value === d.appliesWhen.equals
}

function counts(n: Numerator, a: Answer | undefined): boolean {
	if (!a) return false
	switch (n.kind) {
		case 'option':
			return a.kind === 'choice' && n.anyOf.includes(a.value)
		case 'yes':
			return a.kind === 'yes_no' && a.value === 'yes'
		default:
			return false
	}
}

/**
 * Every indicator over the published facilities' verified answers. `registered` is the number of
 * facilities of the registry in the round's scope (the `registered` population's denominator).
 */
export function computeIndicators(
	sheets: ReadonlyArray<AnswerSheet>,
	registered: number,
	definitions: ReadonlyArray<IndicatorDefinition> = INDICATORS,
): Array<IndicatorFigure> {
	return definitions.map((d) => {
		let numerator = 0
		let denominator = 0
		let facilities = 0
		const n = d.numerator
		for (const sheet of sheets) {
			if (n.kind === 'ratio') {
				const part = numberOf(sheet.get(n.part))
				const whole = numberOf(sheet.get(n.whole))
				if (part === null || whole === null || !applies(d, sheet)) continue
				numerator += part
				denominator += whole
				facilities++
				continue
			}
			const a = sheet.get(n.criterion)
			if (n.kind === 'sum') {
				const v = numberOf(a)
				if (v === null) continue
				numerator += v
				facilities++
				continue
			}
			if (d.population === 'registered') {
				if (a) facilities++
				if (counts(n, a)) numerator++
				continue
			}
			if (!a || (d.population === 'applicable' && !applies(d, sheet))) continue
			facilities++
			denominator++
			if (counts(n, a)) numerator++
		}
		if (d.population === 'registered') denominator = registered
		const hasDenominator = n.kind !== 'sum'
		return {
			id: d.id,
			kind: n.kind === 'sum' ? ('sum' as const) : n.kind === 'ratio' ? ('ratio' as const) : ('share' as const),
			label: d.label,
			population: d.population,
			denominatorLabel: d.denominatorLabel ?? null,
			distribution: d.distribution ?? null,
			numerator,
			denominator: hasDenominator ? denominator : null,
			percent: hasDenominator ? percentOf(numerator, denominator) : null,
			facilities,
			reported: sheets.length,
			registered,
		}
	})
}

/**
 * "36/39 (92,3 %)" in Vietnamese, "36/39 (92.3%)" in English; a weighted ratio reads as its
 * percentage alone ("96,2 %"), a sum as its total ("1.128"). Nothing to count reads "—", never "0/0".
 */
export function formatFigure(
	f: Pick<IndicatorFigure, 'numerator' | 'denominator' | 'percent'> & { kind?: IndicatorFigure['kind'] },
	locale: Locale,
): string {
	if (f.kind === 'sum' || f.denominator === null) return formatNumber(locale, f.numerator)
	if (f.denominator === 0 || f.percent === null) return '—'
	if (f.kind === 'ratio') return formatPercent(locale, f.percent)
	return `${formatNumber(locale, f.numerator)}/${formatNumber(locale, f.denominator)} (${formatPercent(locale, f.percent)})`
}

/** What one facility's sheet says of an indicator: met or not (a share), a figure (a ratio, a sum), or null when it does not count. */
export type FacilityReading = { met: boolean } | { figure: string } | null

/**
 * One facility's reading of an indicator computed over its sheet alone (`computeIndicators([sheet], 1)`):
 * the facility page's trend and its signed report say it the same way. Null when the facility is not
 * counted: no answer, or the question does not apply (no imaging department, N/A).
 */
export function facilityReading(
	s: Pick<IndicatorFigure, 'kind' | 'population' | 'numerator' | 'denominator' | 'percent' | 'facilities'>,
	locale: Locale,
): FacilityReading {
	if (s.kind === 'sum') return s.facilities ? { figure: formatFigure(s, locale) } : null
	if (s.kind === 'ratio') return s.percent === null ? null : { figure: formatPercent(locale, s.percent) }
	// Over the registered population every facility counts: one that has not answered does not meet it.
	if (s.population !== 'registered' && !s.denominator) return null
	return { met: s.numerator > 0 }
}

/** A facility's reading in words: the reader's "yes" or "no", its figure, or "—" when it is not counted. */
export function facilityReadingText(s: Parameters<typeof facilityReading>[0], locale: Locale, words: { yes: string; no: string }): string {
	const reading = facilityReading(s, locale)
	if (!reading) return '—'
	return 'figure' in reading ? reading.figure : reading.met ? words.yes : words.no
}
