import { type Answer, type AnswerLookup } from './catalog/answers'
import { applicabilityFor, type CompiledCatalog, type Facility } from './catalog/compile'
import { type CatalogScore, criterionStates, scoreAssessment } from './catalog/scoring'
import { type AssessmentStatus } from './enums'
import { blocksSubmission, buildReadiness } from './readiness'

export type Missing = {
	catalogCode: string
	groupId: string
	criterionId: string
	/**
	 * `answer`: a mandatory criterion is unanswered; `evidence`: required evidence is not attached;
	 * `conflict`: answers that cannot all be true (contradictory classification facts, a system
	 * marked not in operation yet claimed elsewhere), shown in the readiness matrix.
	 */
	kind: 'answer' | 'evidence' | 'conflict'
}

/** Whether an answer claims something that evidence must support (not "no", not N/A). */
function claimsSomething(answer: Answer) {
	if (answer.kind === 'yes_no') return answer.value === 'yes'
	return true
}

/**
 * Everything that must be done before the director may submit: every applicable mandatory
 * criterion answered (those of a system marked not in operation do not apply), and evidence attached wherever the catalog requires it for what is claimed.
 */
export function missingForSubmission(
	catalogs: ReadonlyArray<CompiledCatalog>,
	answers: AnswerLookup,
	evidenceCounts: ReadonlyMap<string, number>,
	facility: Facility,
	asOf?: string,
	/** The scores of these answers when the caller already has them (a page that shows them); else they are computed. */
	scores?: ReadonlyArray<CatalogScore>,
): Array<Missing> {
	const get = (id: string) =>
		(answers instanceof Map ? answers.get(id) : (answers as Record<string, Answer | null | undefined>)[id]) ?? null
	const missing: Array<Missing> = []
	for (const compiled of catalogs) {
		// Criteria of a system marked not in operation are left out, as in scoring.
		const applies = criterionStates(compiled, answers, facility, { asOf })?.applicable ?? applicabilityFor(compiled, facility, asOf)
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
	const scored = scores ? { ok: true as const, scores: [...scores] } : scoreAssessment(catalogs, answers, facility, { asOf })
	if (scored.ok) {
		const { issues } = buildReadiness({ catalogs, scores: scored.scores, answers, facility, asOf })
		for (const issue of issues.filter(blocksSubmission)) {
			const ref = issue.kind === 'operation_conflict' ? (issue.claims[0] ?? issue.notOperating[0]) : 'ref' in issue ? issue.ref : null
			if (ref) missing.push({ catalogCode: ref.catalogCode, groupId: ref.groupId, criterionId: ref.criterionId, kind: 'conflict' })
		}
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

/**
 * When the round asks for it, the director signs the submission PDF with a personal certificate
 * while the submission is with the reviewers and not yet decided (docs/decisions/013-pades-signatures.md).
 */
export const DIRECTOR_SIGNABLE_STATUSES: ReadonlyArray<AssessmentStatus> = ['submitted', 'in_review', 'provincially_verified']

export function directorMaySign(status: AssessmentStatus): boolean {
	return DIRECTOR_SIGNABLE_STATUSES.includes(status)
}

/** The ID printed on a submission PDF (and in its Keywords): one per assessment and round. */
export function submissionDocumentId(assessmentId: number, round: number): string {
	return `S-${assessmentId}-${round}`
}

export type MissingCount = { answers: number; evidence: number; conflicts: number }

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
			const entry = (table[key] ??= { answers: 0, evidence: 0, conflicts: 0 })
			if (m.kind === 'answer') entry.answers++
			else if (m.kind === 'evidence') entry.evidence++
			else entry.conflicts++
		}
	}
	return { byCatalog, byGroup }
}
