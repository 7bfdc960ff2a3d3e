// The national statistics the ministry quotes ("36 of 39 MOH hospitals use LIS, 92.3 %"), as data:
// each figure counts published facilities whose verified answer to one inventory question says yes.
import { type Answer } from './catalog/answers'
import { formatNumber, formatPercent } from './numbers'

export type StatisticDefinition = {
	id: string
	criterionId: string
	label: { vi: string; en: string }
	/** Whether a verified answer counts in the numerator. */
	counts: (answer: Answer) => boolean
}

const deployed = (a: Answer) => a.kind === 'choice' && a.value !== 'not_deployed'
const yes = (a: Answer) => a.kind === 'yes_no' && a.value === 'yes'

export const STATISTICS: ReadonlyArray<StatisticDefinition> = [
	{ id: 'his', criterionId: 'INV.SYS.his', label: { vi: 'Đã triển khai HIS', en: 'HIS deployed' }, counts: deployed },
	{ id: 'lis', criterionId: 'INV.SYS.lis', label: { vi: 'Đã triển khai LIS', en: 'LIS deployed' }, counts: deployed },
	{ id: 'rispacs', criterionId: 'INV.SYS.rispacs', label: { vi: 'Đã triển khai RIS-PACS', en: 'RIS-PACS deployed' }, counts: deployed },
	{ id: 'emr', criterionId: 'INV.SYS.emr', label: { vi: 'Đã triển khai bệnh án điện tử', en: 'EMR deployed' }, counts: deployed },
	{
		id: 'emr_announced',
		criterionId: 'INV.EMR.announced',
		label: { vi: 'Đã công bố áp dụng bệnh án điện tử', en: 'EMR use announced' },
		counts: yes,
	},
	{ id: 'filmless', criterionId: 'INV.IMG.filmless', label: { vi: 'Không in phim', en: 'Film-less imaging' }, counts: yes },
	{
		id: 'insurance',
		criterionId: 'INV.CONN.insurance_gateway',
		label: { vi: 'Kết nối cổng giám định BHYT', en: 'Connected to the health insurance gateway' },
		counts: yes,
	},
	{
		id: 'cashless',
		criterionId: 'INV.CONN.cashless',
		label: { vi: 'Thanh toán không dùng tiền mặt', en: 'Cashless payment' },
		counts: yes,
	},
	{ id: 'telemedicine', criterionId: 'INV.CONN.telemedicine', label: { vi: 'Khám, chữa bệnh từ xa', en: 'Telemedicine' }, counts: yes },
	{
		id: 'ai_cds',
		criterionId: 'INV.CONN.ai_cds',
		label: { vi: 'Ứng dụng AI / hỗ trợ quyết định lâm sàng', en: 'AI / clinical decision support' },
		counts: yes,
	},
]

export type StatisticFigure = {
	id: string
	label: { vi: string; en: string }
	numerator: number
	denominator: number
	percent: number | null
}

/**
 * X / Y (Z %) for each statistic. Y is the number of published facilities that answered the
 * question (stated with the figure); Z is rounded to one decimal, as the ministry writes it.
 */
export function computeStatistics(answersByFacility: Iterable<ReadonlyMap<string, Answer>>): Array<StatisticFigure> {
	const counts = STATISTICS.map(() => ({ numerator: 0, denominator: 0 }))
	for (const answers of answersByFacility) {
		STATISTICS.forEach((s, i) => {
			const a = answers.get(s.criterionId)
			if (!a) return
			counts[i].denominator++
			if (s.counts(a)) counts[i].numerator++
		})
	}
	return STATISTICS.map((s, i) => ({
		id: s.id,
		label: s.label,
		numerator: counts[i].numerator,
		denominator: counts[i].denominator,
		percent: counts[i].denominator ? Math.round((counts[i].numerator / counts[i].denominator) * 1000) / 10 : null,
	}))
}

/** "36/39 (92,3 %)" in Vietnamese, "36/39 (92.3%)" in English. */
export function formatFigure(f: Pick<StatisticFigure, 'numerator' | 'denominator' | 'percent'>, locale: 'vi' | 'en') {
	// Nothing to count is not a figure: "0/0" read as a result.
	if (f.denominator === 0) return '—'
	const ratio = `${formatNumber(locale, f.numerator)}/${formatNumber(locale, f.denominator)}`
	return f.percent === null ? ratio : `${ratio} (${formatPercent(locale, f.percent)})`
}
