import { type Answer, type AnswerLookup } from './catalog/answers'
import { applicabilityFor, type CompiledCatalog, type Facility } from './catalog/compile'

export type Missing = {
	catalogCode: string
	groupId: string
	criterionId: string
	/** `answer`: a mandatory criterion is unanswered; `evidence`: required evidence is not attached. */
	kind: 'answer' | 'evidence'
}

/** Whether an answer claims something that evidence must support (not "no", not N/A). */
function claimsSomething(answer: Answer) {
	if (answer.kind === 'yes_no') return answer.value === 'yes'
	return true
}

/**
 * Everything that must be done before the director may submit: every applicable mandatory
 * criterion answered, and evidence attached wherever the catalog requires it for what is claimed.
 */
export function missingForSubmission(
	catalogs: ReadonlyArray<CompiledCatalog>,
	answers: AnswerLookup,
	evidenceCounts: ReadonlyMap<string, number>,
	facility: Facility,
	asOf?: string,
): Array<Missing> {
	const get = (id: string) =>
		(answers instanceof Map ? answers.get(id) : (answers as Record<string, Answer | null | undefined>)[id]) ?? null
	const missing: Array<Missing> = []
	for (const compiled of catalogs) {
		const applies = applicabilityFor(compiled, facility, asOf)
		compiled.criteria.forEach((c, i) => {
			if (!applies[i]) return
			const groupId = compiled.groups[c.groupIndex].group.id
			const answer = get(c.criterion.id)
			const base = { catalogCode: compiled.catalog.code, groupId, criterionId: c.criterion.id }
			if (!answer) {
				if (c.mandatory) missing.push({ ...base, kind: 'answer' })
				return
			}
			if (c.criterion.evidence === 'required' && claimsSomething(answer) && !(evidenceCounts.get(c.criterion.id) ?? 0)) {
				missing.push({ ...base, kind: 'evidence' })
			}
		})
	}
	return missing
}

/**
 * The personal attestation the director signs when submitting (Vietnamese is the text of record).
 * Position and unit are named apart: a job title often already names the unit ("Giám đốc bệnh
 * viện"), and "… của Bệnh viện …" after it read twice.
 */
export function attestationText(p: { name: string; title: string; facilityName: string; campaignTitle: string }) {
	return (
		`Tôi, ${p.name}, chức vụ ${p.title}, đơn vị ${p.facilityName}, xác nhận rằng các thông tin tự đánh giá và minh chứng ` +
		`kèm theo trong đợt "${p.campaignTitle}" là trung thực, chính xác và đầy đủ, ` +
		`và tôi chịu trách nhiệm trước pháp luật về nội dung đã kê khai.`
	)
}

export type MissingCount = { answers: number; evidence: number }

/** What is still missing for submission, counted per catalog and per catalog group ("CODE/GROUP"). */
export function countMissing(missing: ReadonlyArray<Missing>): {
	byCatalog: Record<string, MissingCount>
	byGroup: Record<string, MissingCount>
} {
	const byCatalog: Record<string, MissingCount> = {}
	const byGroup: Record<string, MissingCount> = {}
	for (const m of missing) {
		for (const [table, key] of [
			[byCatalog, m.catalogCode],
			[byGroup, `${m.catalogCode}/${m.groupId}`],
		] as const) {
			const entry = (table[key] ??= { answers: 0, evidence: 0 })
			if (m.kind === 'answer') entry.answers++
			else entry.evidence++
		}
	}
	return { byCatalog, byGroup }
}
