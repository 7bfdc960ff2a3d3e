// The security level an information system must have, derived from its classification facts by
// the criteria of Decree 85/2016/NĐ-CP Art. 7–11 (the text is quoted in docs/SOURCES.md), with the
// successor Decree 331/2026/NĐ-CP's article for the same criterion (known from a secondary source).
// Pure: facts in, the level and the articles that give it out. docs/decisions/015-readiness-by-system.md.
import type { SecurityData, SecurityServes } from '../enums'

/** Art. 8.2.c / 9.2.c: an online service processing personal information of this many users or more is level 3. */
export const PERSONAL_DATA_THRESHOLD = 10_000

export type SecurityFacts = {
	serves?: SecurityServes
	data?: SecurityData
	/** People whose personal information the system's online service processes. */
	people?: number
	/** The online service is in the list of conditional business lines (medical care is). */
	conditionalService?: boolean
}

/** One criterion that applies to the system: the level it gives, and where the law says so. */
export type LevelReason = {
	level: number
	/** Decree 85/2016/NĐ-CP, verbatim in the codified text. */
	decree85: string
	/** Decree 331/2026/NĐ-CP, per a secondary source. */
	decree331: string
	/** Which fact made it apply, for the message. */
	code:
		| 'internal_public'
		| 'internal_personal'
		| 'online_service'
		| 'online_conditional'
		| 'online_many_people'
		| 'infra_one'
		| 'infra_shared'
		| 'infra_national'
		| 'state_secret'
}

export type FactContradiction =
	/** "No personal data" but personal data of people counted (e.g. 50,000 patients). */
	| 'people_without_personal_data'
	/** An internal system cannot provide an online service in a conditional business line. */
	| 'conditional_service_on_internal'

export type FactNote =
	/** The 10,000-people threshold concerns online services only (Art. 8.2.c / 9.2.c). */
	| 'threshold_only_for_online'
	/** Levels 4–5 for state secrets depend on the harm to defence and security (Art. 10.1, 11.1): not derived here. */
	| 'state_secret_at_least_3'

export type Derivation = {
	/** The level the facts require; null while a needed fact is missing or the facts contradict each other. */
	level: number | null
	reasons: Array<LevelReason>
	missing: Array<'serves' | 'data' | 'people' | 'conditional_service'>
	contradictions: Array<FactContradiction>
	notes: Array<FactNote>
}

const R = {
	internal_public: { level: 1, decree85: 'Điều 7', decree331: 'Điều 11' },
	internal_personal: { level: 2, decree85: 'Điều 8 khoản 1', decree331: 'Điều 12 khoản 1' },
	online_service: { level: 2, decree85: 'Điều 8 khoản 2 điểm b, c', decree331: 'Điều 12 khoản 2' },
	online_conditional: { level: 3, decree85: 'Điều 9 khoản 2 điểm b', decree331: 'Điều 13 khoản 2 điểm a' },
	online_many_people: { level: 3, decree85: 'Điều 9 khoản 2 điểm c', decree331: 'Điều 13 khoản 2 điểm c' },
	infra_one: { level: 2, decree85: 'Điều 8 khoản 3', decree331: 'Điều 12 khoản 3' },
	infra_shared: { level: 3, decree85: 'Điều 9 khoản 3', decree331: 'Điều 13 khoản 3' },
	infra_national: { level: 4, decree85: 'Điều 10 khoản 3', decree331: 'Điều 14 khoản 2' },
	state_secret: { level: 3, decree85: 'Điều 9 khoản 1', decree331: 'Điều 13 khoản 1' },
} as const satisfies Record<LevelReason['code'], Omit<LevelReason, 'code'>>

function reason(code: LevelReason['code']): LevelReason {
	return { code, ...R[code] }
}

/**
 * The level the law requires of a system with these facts: the highest level any criterion gives
 * (a system of several parts takes its highest part's level, Art. 5.2). Missing facts and
 * contradictions are reported, never guessed.
 */
export function deriveSecurityLevel(facts: SecurityFacts): Derivation {
	const missing: Derivation['missing'] = []
	const contradictions: Array<FactContradiction> = []
	const notes: Array<FactNote> = []
	const reasons: Array<LevelReason> = []
	const { serves, data, people, conditionalService } = facts

	if (serves === undefined) missing.push('serves')
	if (data === undefined) missing.push('data')
	if (data === 'public' && people !== undefined && people > 0) contradictions.push('people_without_personal_data')
	if (serves === 'internal' && conditionalService === true) contradictions.push('conditional_service_on_internal')
	if (serves !== undefined && serves !== 'citizens' && people !== undefined && people >= PERSONAL_DATA_THRESHOLD) {
		notes.push('threshold_only_for_online')
	}
	if (data === 'state_secret') {
		reasons.push(reason('state_secret'))
		notes.push('state_secret_at_least_3')
	}
	switch (serves) {
		case 'internal':
			if (data === 'public') reasons.push(reason('internal_public'))
			else if (data === 'personal') reasons.push(reason('internal_personal'))
			break
		case 'citizens':
			// Every online service is at least level 2 (Art. 8.2); level 3 when conditional or when
			// it processes personal information of 10,000 people or more (Art. 9.2.b–c).
			reasons.push(reason('online_service'))
			if (conditionalService === undefined) missing.push('conditional_service')
			else if (conditionalService) reasons.push(reason('online_conditional'))
			if (data === 'personal' || data === 'state_secret') {
				if (people === undefined) missing.push('people')
				else if (people >= PERSONAL_DATA_THRESHOLD) reasons.push(reason('online_many_people'))
			}
			break
		case 'infra_one':
			reasons.push(reason('infra_one'))
			break
		case 'infra_shared':
			reasons.push(reason('infra_shared'))
			break
		case 'infra_national':
			reasons.push(reason('infra_national'))
			break
		case undefined:
			break
	}
	const known = missing.length === 0 && contradictions.length === 0 && reasons.length > 0
	const level = known ? Math.max(...reasons.map((r) => r.level)) : null
	return { level, reasons: reasons.filter((r) => level === null || r.level === level), missing, contradictions, notes }
}
