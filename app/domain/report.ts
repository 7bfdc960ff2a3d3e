// The report model: everything a PDF report shows, as plain preformatted data. Built here (pure,
// deterministic, time passed in) so that reports/ only lays it out and the same model could feed
// an HTML rendering. Vietnamese is the report's language; headings carry an English subtitle.
import type { Answer } from './catalog/answers'
import { applicabilityFor, type CompiledCatalog, type Facility } from './catalog/compile'
import type { Catalog, Criterion, LocalizedText } from './catalog/schema'
import type { Blocker, CatalogScore, SystemBlockReason } from './catalog/scoring'
import { shortText } from './criterion-names'
import type { AssessmentStatus, ReportKind, System, TrustStatus, Verdict } from './enums'
import { computeIndicators, criteriaOf, facilityReadingText, INDICATORS } from './indicators'
import { formatNumber, formatPercent } from './numbers'
import { buildReadiness, type Readiness, type ReadinessIssue, type SystemLevel } from './readiness'
import { verifiedAnswers } from './verification'

/** Statuses whose verified result is final: a signed report may be issued (ADR 008). */
export const REPORTABLE_STATUSES: ReadonlyArray<AssessmentStatus> = ['approved', 'published']

export function isReportable(status: AssessmentStatus): boolean {
	return REPORTABLE_STATUSES.includes(status)
}

export type ReportVerdict = { verdict: Verdict; value: Answer | null; reason: string | null }

/**
 * What a PDF is: the signed report, a watermarked draft, or the frozen submission the director
 * signs with a personal certificate (docs/decisions/013-pades-signatures.md).
 */
export type DocumentKind = ReportKind | 'submission'

/** The director's personal signature on the submission, as the system checked it. */
export type DirectorSignatureInput = {
	subject: string
	commonName: string | null
	signedAt: Date | null
	timestamped: boolean
	trust: TrustStatus
}

export type ReportInput = {
	reportId: string
	kind: DocumentKind
	verifyUrl: string
	/** The report's creation instant: printed, and the PDF's CreationDate. */
	createdAt: Date
	facility: { name: string; provinceName: string }
	campaign: { title: string; year: number }
	catalogs: ReadonlyArray<{ compiled: CompiledCatalog; self: CatalogScore; verified: CatalogScore | null }>
	/** For applicability: criteria that do not apply to this facility are left out. */
	facilityProfile: Facility
	asOf: string
	selfAnswers: ReadonlyMap<string, Answer>
	/** Verdicts of the approved round; empty for a draft before review. */
	verdicts: ReadonlyMap<string, ReportVerdict>
	evidence: ReadonlyMap<string, number>
	attestation: { name: string; title: string; at: Date } | null
	approval: { name: string; title: string; at: Date } | null
	signer: { name: string; demo: boolean } | null
	directorSignature?: DirectorSignatureInput | null
}

export type ReportCriterion = {
	id: string
	text: string
	basis: string
	mandatory: boolean
	self: string
	verified: string
	/** The evaluator changed the self-assessed result. */
	changed: boolean
	reason: string | null
	evidence: number
}

export type ReportGroup = {
	id: string
	title: string
	selfPercent: number | null
	verifiedPercent: number | null
	selfTier: string | null
	verifiedTier: string | null
	criteria: Array<ReportCriterion>
}

export type ReportCatalog = {
	code: string
	version: number
	title: LocalizedText
	applicable: boolean
	provisional: boolean
	legalBasis: Array<string>
	/** Levels from the lowest, with the ranks achieved (0 = none). */
	levels: Array<string>
	selfLevel: string | null
	verifiedLevel: string | null
	selfRank: number
	verifiedRank: number
	selfPercent: number | null
	verifiedPercent: number | null
	nextLevel: string | null
	groups: Array<ReportGroup>
	blockers: Array<string>
	roadmap: Array<string>
}

/** One row of the readiness matrix as the report prints it (docs/decisions/015-readiness-by-system.md). */
export type ReportReadinessRow = {
	system: string
	operation: string
	coverage: string
	security: Array<string>
	connections: string
	/** What blocks the next step, criteria by name. */
	next: Array<string>
}

export type ReportModel = {
	id: string
	kind: DocumentKind
	verifyUrl: string
	createdAt: Date
	createdAtText: string
	title: LocalizedText
	facility: { name: string; provinceName: string }
	campaign: { title: string; year: number }
	catalogs: Array<ReportCatalog>
	/** The readiness matrix by system, of the verified result once approved, else of the self-assessment. */
	readiness: Array<ReportReadinessRow>
	readinessIssues: Array<string>
	attestation: { name: string; title: string; atText: string } | null
	approval: { name: string; title: string; atText: string } | null
	signer: { name: string; demo: boolean } | null
	/** The director's personal signature on the submission, in the report's words. */
	directorSignature: { signer: string; atText: string; trustText: string } | null
	/** Whether verified values exist (approved); a draft before approval shows self values only. */
	hasVerified: boolean
	/**
	 * The national indicators as this facility's answers give them, by the portal's definitions
	 * (docs/STATISTICS.md): "Có", "Không", a figure, or "—" when it is not counted. Empty when the
	 * round has none of the survey's questions.
	 */
	statistics: Array<{ label: string; value: string }>
}

export const REPORT_TITLE: LocalizedText = {
	vi: 'BÁO CÁO ĐÁNH GIÁ MỨC ĐỘ SẴN SÀNG CÔNG NGHỆ THÔNG TIN',
	en: 'Hospital IT readiness assessment report',
}

/** Roadmap length: the report recommends, it does not list every gap again. */
const ROADMAP_ITEMS = 5
const BLOCKER_ITEMS = 12

/** dd/mm/yyyy HH:mm in Vietnam time (UTC+7 all year: Vietnam has no daylight saving). */
export function vnDateTimeText(instant: Date): string {
	const d = new Date(instant.getTime() + 7 * 3600_000)
	const p = (n: number) => String(n).padStart(2, '0')
	return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
}

function percentText(n: number | null) {
	return n === null ? '—' : formatPercent('vi', Math.round(n))
}

/** An answer as the report prints it, in Vietnamese. */
export function answerText(criterion: Criterion, answer: Answer | null | undefined): string {
	if (!answer) return 'Chưa trả lời'
	switch (answer.kind) {
		case 'yes_no':
			if (answer.value === 'yes') return 'Có'
			if (answer.value === 'no') return 'Không'
			// The facility's reason goes with it: an evaluator reading the report judges it.
			return answer.naReason?.trim() ? `Không áp dụng — lý do: ${answer.naReason.trim()}` : 'Không áp dụng'
		case 'choice': {
			const spec = criterion.answer
			const option = spec.type === 'choice' ? spec.options.find((o) => o.value === answer.value) : undefined
			return option ? option.label.vi : answer.value
		}
		case 'number': {
			const spec = criterion.answer
			const unit = spec.type === 'number' && spec.unit ? ` ${spec.unit.vi}` : ''
			return `${formatNumber('vi', answer.value)}${unit}`
		}
		case 'percent':
			return formatPercent('vi', answer.value)
		case 'date': {
			const [y, m, d] = answer.value.split('-')
			return `${d}/${m}/${y}`
		}
		case 'text':
			return answer.value.length > 160 ? `${answer.value.slice(0, 157)}…` : answer.value
	}
}

function verifiedFor(self: Answer | null, verdict: ReportVerdict | undefined): Answer | null {
	if (!verdict) return self
	if (verdict.verdict === 'adjust') return verdict.value
	return self
}

function blockerText(catalog: Catalog, b: Blocker): string {
	const criterionText = (id: string) => {
		for (const g of catalog.groups) for (const c of g.criteria) if (c.id === id) return c.text.vi
		return id
	}
	const groupTitle = (id: string) => catalog.groups.find((g) => g.id === id)?.title.vi ?? id
	switch (b.kind) {
		case 'unanswered':
			return `${b.criterionId} — ${criterionText(b.criterionId)}: chưa trả lời`
		case 'not_met':
			return `${b.criterionId} — ${criterionText(b.criterionId)}: chưa đạt${b.mandatory ? ' (bắt buộc)' : ''}`
		case 'na_not_allowed':
			return `${b.criterionId} — ${criterionText(b.criterionId)}: không được chọn «không áp dụng»`
		case 'below_threshold': {
			const where = b.requirement.kind === 'group_tier' ? `Nhóm «${groupTitle(b.requirement.groupId)}»` : 'Các tiêu chí của mức'
			return `${where}: đạt ${Math.round(b.percent)} %, cần ${b.minPercent} % — thêm ít nhất ${b.moreNeeded} tiêu chí đạt`
		}
		case 'catalog': {
			const name = b.catalogTitle?.vi ?? b.catalogCode
			const level = b.levelTitle?.vi ?? b.levelId
			return b.reason === 'missing'
				? `Cần bộ tiêu chí ${b.catalogCode} đạt mức «${level}», nhưng đợt đánh giá không có bộ tiêu chí này`
				: `Cần «${name}» đạt mức «${level}»`
		}
		case 'system':
			return `${groupTitle(b.groupId)} — ${SYSTEM_REASON_VI[b.reason]} (${b.criterionId})`
	}
}

/** Why a system does not meet a security condition, as the report prints it. */
export const SYSTEM_REASON_VI: Record<SystemBlockReason, string> = {
	unanswered: 'chưa trả lời',
	facts_missing: 'thiếu thông tin phân loại để xác định cấp độ theo quy định',
	facts_contradict: 'các thông tin phân loại mâu thuẫn nhau',
	unclassified: 'chưa xác định cấp độ',
	declared_below_derived: 'cấp độ đề xuất thấp hơn cấp độ theo tiêu chí của Nghị định 85/2016/NĐ-CP',
	approved_without_level: 'khai đã phê duyệt nhưng chưa xác định cấp độ',
	not_approved: 'hồ sơ đề xuất cấp độ chưa được phê duyệt',
}

/**
 * A clause as an official document prints it: without the catalog authors' working notes on how
 * sure they are of a number ("(số mục suy luận, chưa xác minh)"). Such doubt is the catalog's
 * provenance, which the report states in its own words (provisional results), not a clause.
 */
export function printedClause(clause: string): string {
	return clause
		.replace(/\s*\([^()]*(?:suy luận|chưa xác minh)[^()]*\)/giu, '')
		.replace(/\s+,/g, ',')
		.trim()
}

/** The next steps, most pressing first: mandatory gaps, then the cheapest route over a threshold. */
function roadmap(catalog: Catalog, score: CatalogScore): Array<string> {
	if (!score.applicable) return []
	if (!score.nextLevel) return ['Đã đạt mức cao nhất của bộ tiêu chí: duy trì và cập nhật minh chứng hằng năm.']
	const steps: Array<string> = [`Mục tiêu tiếp theo: ${score.nextLevel.title.vi}.`]
	const criterion = (id: string) => {
		for (const g of catalog.groups) for (const c of g.criteria) if (c.id === id) return c
		return null
	}
	for (const b of score.blockers) {
		if (steps.length >= ROADMAP_ITEMS) break
		if (b.kind === 'catalog') steps.push(`${blockerText(catalog, b)}.`)
		if (b.kind === 'system') steps.push(`Hoàn thiện hồ sơ cấp độ: ${blockerText(catalog, b)}.`)
	}
	const single = score.blockers.filter(
		(b): b is Extract<Blocker, { kind: 'unanswered' | 'not_met' | 'na_not_allowed' }> =>
			b.kind === 'unanswered' || b.kind === 'not_met' || b.kind === 'na_not_allowed',
	)
	const ordered = [...single.filter((b) => b.mandatory), ...single.filter((b) => !b.mandatory)]
	for (const b of ordered) {
		if (steps.length >= ROADMAP_ITEMS) break
		const c = criterion(b.criterionId)
		const action = b.kind === 'unanswered' ? 'Trả lời và cung cấp minh chứng cho' : 'Đáp ứng'
		// Named by its text (app/domain/criterion-names.ts); the code and the clause follow for the experts.
		const named = c
			? `«${shortText(c.text.vi, 80)}» (${b.criterionId}; ${c.basis.document}, ${printedClause(c.basis.clause)})`
			: b.criterionId
		steps.push(`${action} ${named}.`)
	}
	for (const b of score.blockers) {
		if (steps.length >= ROADMAP_ITEMS) break
		if (b.kind !== 'below_threshold') continue
		const names = b.candidates.slice(0, Math.max(1, Math.min(3, b.moreNeeded))).map((x) => {
			const c = criterion(x.criterionId)
			return c ? `«${shortText(c.text.vi, 60)}» (${x.criterionId})` : x.criterionId
		})
		steps.push(`Nâng thêm ${b.moreNeeded} tiêu chí lên «đạt», ưu tiên: ${names.join('; ')}.`)
	}
	return steps
}

/** Builds the report model. Pure: the same input always gives the same model. */
export function buildReportModel(input: ReportInput): ReportModel {
	const hasVerified = input.catalogs.some((c) => c.verified !== null)
	// The answers that stand for the result: verified once approved, else as self-assessed.
	const standing = hasVerified
		? verifiedAnswers(new Map([...input.selfAnswers].map(([k, answer]) => [k, { answer }])), input.verdicts)
		: new Map(input.selfAnswers)
	const catalogs = input.catalogs.map(({ compiled, self, verified }): ReportCatalog => {
		const catalog = compiled.catalog
		const applies = applicabilityFor(compiled, input.facilityProfile, input.asOf)
		const main = verified ?? self
		const groups = catalog.groups.flatMap((group): Array<ReportGroup> => {
			const selfGroup = self.groups.find((g) => g.id === group.id)
			// Groups that do not apply to this facility (or were repealed) are not scored: leave them out.
			if (!selfGroup || selfGroup.applicable === 0) return []
			const verifiedGroup = verified?.groups.find((g) => g.id === group.id) ?? null
			const criteria = group.criteria
				.filter((c) => applies[compiled.indexOf.get(c.id)!] === 1)
				.map((c): ReportCriterion => {
					const selfAnswer = input.selfAnswers.get(c.id) ?? null
					const verdict = input.verdicts.get(c.id)
					const selfText = answerText(c, selfAnswer)
					const verifiedText = hasVerified ? answerText(c, verifiedFor(selfAnswer, verdict)) : '—'
					const notMet = verdict?.verdict === 'not_met'
					return {
						id: c.id,
						text: c.text.vi,
						basis: `${c.basis.document}, ${printedClause(c.basis.clause)}`,
						mandatory: c.mandatory,
						self: selfText,
						verified: notMet ? `${verifiedText} → Không đạt` : verifiedText,
						changed: Boolean(verdict && verdict.verdict !== 'accept'),
						reason: verdict?.reason ?? null,
						evidence: input.evidence.get(c.id) ?? 0,
					}
				})
			return [
				{
					id: group.id,
					title: group.title.vi,
					selfPercent: selfGroup.percent,
					verifiedPercent: verifiedGroup?.percent ?? null,
					selfTier: selfGroup.tier?.title.vi ?? null,
					verifiedTier: verifiedGroup?.tier?.title.vi ?? null,
					criteria,
				},
			]
		})
		const rankOf = (s: CatalogScore | null) => (s?.achievedLevel ? catalog.levels.findIndex((l) => l.id === s.achievedLevel!.id) + 1 : 0)
		return {
			code: catalog.code,
			version: catalog.version,
			title: catalog.title,
			applicable: self.applicable,
			provisional: main.provisional,
			legalBasis: catalog.legal_basis.map((d) => (d.title ? `${d.document} — ${d.title.vi}` : d.document)),
			levels: catalog.levels.map((l) => l.title.vi),
			selfLevel: self.achievedLevel?.title.vi ?? null,
			verifiedLevel: verified ? (verified.achievedLevel?.title.vi ?? null) : null,
			selfRank: rankOf(self),
			verifiedRank: rankOf(verified),
			selfPercent: self.percent,
			verifiedPercent: verified?.percent ?? null,
			nextLevel: main.nextLevel?.title.vi ?? null,
			groups,
			blockers: main.blockers.slice(0, BLOCKER_ITEMS).map((b) => blockerText(catalog, b)),
			roadmap: roadmap(catalog, main),
		}
	})
	return {
		id: input.reportId,
		kind: input.kind,
		verifyUrl: input.verifyUrl,
		createdAt: input.createdAt,
		createdAtText: vnDateTimeText(input.createdAt),
		title: REPORT_TITLE,
		facility: input.facility,
		campaign: input.campaign,
		catalogs,
		...readinessRows(input, standing, hasVerified),
		attestation: input.attestation && {
			name: input.attestation.name,
			title: input.attestation.title,
			atText: vnDateTimeText(input.attestation.at),
		},
		approval: input.approval && { name: input.approval.name, title: input.approval.title, atText: vnDateTimeText(input.approval.at) },
		signer: input.signer,
		directorSignature: input.directorSignature ? directorSignatureText(input.directorSignature) : null,
		hasVerified,
		statistics: facilityStatistics(input, standing),
	}
}

/**
 * The indicators over this facility's answers alone, verified once approved (the verdicts applied as
 * the portal applies them), else self-assessed. Distributions by option are left out, as on the
 * facility's portal page: the provision of HIS reads from its own question in the catalog section.
 */
function facilityStatistics(input: ReportInput, standing: ReadonlyMap<string, Answer>): ReportModel['statistics'] {
	const asked = new Set(input.catalogs.flatMap((c) => c.compiled.criteria.map((cc) => cc.criterion.id)))
	const definitions = INDICATORS.filter((d) => !d.distribution && criteriaOf(d).some((id) => asked.has(id)))
	return computeIndicators([standing], 1, definitions).map((f) => ({
		label: f.label.vi,
		value: facilityReadingText(f, 'vi', { yes: 'Có', no: 'Không' }),
	}))
}

const TRUST_TEXT: Record<TrustStatus, string> = {
	trusted: 'Chứng thư thuộc chuỗi tin cậy đã cấu hình và còn hiệu lực tại thời điểm ký.',
	not_valid_at_time: 'Chứng thư thuộc chuỗi tin cậy nhưng không còn hiệu lực tại thời điểm ký.',
	untrusted: 'Chứng thư không thuộc chuỗi tin cậy đã cấu hình.',
	no_anchors: 'Hệ thống chưa cấu hình chứng thư gốc tin cậy: chưa kiểm tra được người ký.',
}

/** The director's signature as the report prints it (Vietnamese, like the rest of the report). */
export function directorSignatureText(d: DirectorSignatureInput): { signer: string; atText: string; trustText: string } {
	return {
		signer: d.subject,
		atText: d.signedAt ? `${vnDateTimeText(d.signedAt)}${d.timestamped ? ' (theo dấu thời gian)' : ' (theo người ký)'}` : '—',
		trustText: TRUST_TEXT[d.trust],
	}
}

export const SYSTEM_VI: Record<System, string> = {
	his: 'HIS – Hệ thống thông tin bệnh viện',
	lis: 'LIS – Hệ thống thông tin xét nghiệm',
	rispacs: 'RIS-PACS – Chẩn đoán hình ảnh',
	emr: 'EMR – Bệnh án điện tử',
	security: 'An toàn thông tin',
	interop: 'Kết nối, liên thông',
	infrastructure: 'Hạ tầng',
}

const OPERATION_VI = {
	operating: 'Đang vận hành',
	not_operating: 'Không vận hành',
	unanswered: 'Chưa trả lời',
	not_asked: 'Không hỏi',
	conflict: 'Thông tin mâu thuẫn',
} as const

const BLOCKER_VI = { unanswered: 'chưa trả lời', not_met: 'chưa đạt', na_not_allowed: 'không được chọn «Không áp dụng»' } as const

function levelVi(n: number | null) {
	return n === null ? 'chưa xác định' : n === 0 ? 'chưa phân loại' : `cấp ${n}`
}

function securityLine(s: SystemLevel) {
	if (s.operation === 'not_operating') return `${s.title.vi}: không vận hành`
	const approved = s.approved === null ? 'phê duyệt: chưa trả lời' : s.approved ? 'đã phê duyệt' : 'chưa phê duyệt'
	return `${s.title.vi}: yêu cầu ${levelVi(s.required)} · đề xuất ${levelVi(s.declared)} · ${approved} · biện pháp ${s.measures.met}/${s.measures.needed} · ${s.meets ? 'đạt cấp độ' : 'chưa đạt cấp độ'}`
}

function issueVi(i: ReadinessIssue): string {
	switch (i.kind) {
		case 'ignored_answer':
			return `Câu trả lời không được tính vì hệ thống được khai là không vận hành: ${i.ref.text.vi}`
		case 'evidence_missing':
			return `Khai đạt nhưng chưa đính kèm minh chứng bắt buộc: ${i.ref.text.vi}`
		case 'operation_conflict':
			return `${SYSTEM_VI[i.system]}: được khai là không vận hành, nhưng có câu trả lời cho thấy hệ thống đang được dùng`
		case 'facts_contradict':
			return `${i.name.vi}: ${SYSTEM_REASON_VI.facts_contradict} (${i.ref.text.vi})`
		case 'declared_below_derived':
			return `${i.name.vi}: cấp độ đề xuất (${i.declared}) thấp hơn cấp độ ${i.derived} theo Nghị định 85/2016/NĐ-CP`
		case 'approved_without_level':
			return `${i.name.vi}: ${SYSTEM_REASON_VI.approved_without_level}`
	}
}

function readinessRows(
	input: ReportInput,
	answers: ReadonlyMap<string, Answer>,
	hasVerified: boolean,
): Pick<ReportModel, 'readiness' | 'readinessIssues'> {
	const scores = input.catalogs.map((c) => (hasVerified ? (c.verified ?? c.self) : c.self))
	const readiness: Readiness = buildReadiness({
		catalogs: input.catalogs.map((c) => c.compiled),
		scores,
		answers,
		facility: input.facilityProfile,
		asOf: input.asOf,
		evidence: input.evidence,
	})
	const count = (c: { met: number; applicable: number; withoutEvidence: number; refs: Array<unknown> }) =>
		c.refs.length ? `${c.met}/${c.applicable}${c.withoutEvidence ? ` (${c.withoutEvidence} thiếu minh chứng)` : ''}` : '—'
	return {
		readiness: readiness.rows.map((r) => ({
			system: SYSTEM_VI[r.system],
			operation: `${OPERATION_VI[r.operation.status]}${r.operation.how ? ` · ${r.operation.how.vi}` : ''}`,
			coverage: count(r.coverage),
			security: r.security ? r.security.systems.map(securityLine) : [],
			connections: count(r.connections),
			next: [
				...r.next.map((n) =>
					n.kind === 'catalog'
						? `Cần đạt «${n.requiredTitle?.vi ?? n.requiredCode}»${n.levelTitle ? ` ở mức «${n.levelTitle.vi}»` : ''}`
						: n.kind === 'system'
							? `${n.title.vi}: ${SYSTEM_REASON_VI[n.reason]}`
							: `${n.text.vi} — ${BLOCKER_VI[n.reason]}`,
				),
				...(r.moreNext ? [`và ${r.moreNext} bước khác`] : []),
			],
		})),
		readinessIssues: readiness.issues.map(issueVi),
	}
}

export { percentText }
