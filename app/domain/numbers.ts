// Numbers as people read them, one formatter per locale for the whole product (pages, PDFs,
// workbooks' summaries): Vietnamese "87,5 %" and "1.650", English "87.5%" and "1,650".
import { type Locale } from './enums'

const integers = { vi: new Intl.NumberFormat('vi-VN'), en: new Intl.NumberFormat('en-GB') }
const percents = {
	vi: new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 0, maximumFractionDigits: 1 }),
	en: new Intl.NumberFormat('en-GB', { minimumFractionDigits: 0, maximumFractionDigits: 1 }),
}

export function formatNumber(locale: Locale, n: number): string {
	return integers[locale].format(n)
}

/** A share in percent (0–100) to one decimal at most: "87,5 %" / "87.5%"; "100 %" / "100%". */
export function formatPercent(locale: Locale, percent: number): string {
	return withPercentSign(locale, percents[locale].format(percent))
}

/** A figure already written in this language with the percent sign as it is written: "78,5 %" / "78.5%". */
export function withPercentSign(locale: Locale, figure: string): string {
	return locale === 'vi' ? `${figure} %` : `${figure}%`
}

/** A number typed in a form field, shown back the way it was typed in this language: 78,5 in Vietnamese. */
export function formatDecimalInput(locale: Locale, n: number): string {
	const plain = String(n)
	return locale === 'vi' ? plain.replace('.', ',') : plain
}
