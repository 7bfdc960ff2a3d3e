// Enum tuples shared by the drizzle schema, zod schemas and the UI.
// This module imports nothing so that every layer may use it.

export const ROLES = ['facility_editor', 'facility_director', 'evaluator', 'publisher', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const SCOPE_KINDS = ['facility', 'province', 'national'] as const
export type ScopeKind = (typeof SCOPE_KINDS)[number]

/** Which scope kinds each role may be granted. */
export const ROLE_SCOPES: Record<Role, ReadonlyArray<ScopeKind>> = {
	facility_editor: ['facility'],
	facility_director: ['facility'],
	evaluator: ['province', 'national'],
	publisher: ['province', 'national'],
	admin: ['province', 'national'],
}

export const FACILITY_TYPES = [
	'general_hospital',
	'specialty_hospital',
	'traditional_medicine_hospital',
	'district_health_centre',
	'private_hospital',
	'polyclinic',
] as const
export type FacilityType = (typeof FACILITY_TYPES)[number]

/** Hospital grade (hạng bệnh viện): special, I–IV, or not graded. */
export const FACILITY_CLASSES = ['special', 'I', 'II', 'III', 'IV', 'unclassified'] as const
export type FacilityClass = (typeof FACILITY_CLASSES)[number]

/** Managing body (cơ quan chủ quản). MOH-run facilities are reviewed by the ministry. */
export const MANAGING_BODIES = ['moh', 'province', 'other_ministry', 'private'] as const
export type ManagingBody = (typeof MANAGING_BODIES)[number]

export const OWNERSHIPS = ['public', 'private'] as const
export type Ownership = (typeof OWNERSHIPS)[number]

export const PROVINCE_KINDS = ['city', 'province'] as const
export type ProvinceKind = (typeof PROVINCE_KINDS)[number]

export const USER_STATUSES = ['active', 'disabled'] as const
export type UserStatus = (typeof USER_STATUSES)[number]

/** What a throttled attempt was: signing in, or asking for a password reset link. */
export const ATTEMPT_KINDS = ['sign_in', 'reset'] as const
export type AttemptKind = (typeof ATTEMPT_KINDS)[number]

export const CAMPAIGN_STATUSES = ['draft', 'open', 'closed'] as const
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number]

export const ASSESSMENT_STATUSES = [
	'draft',
	'submitted',
	'in_review',
	'returned',
	'provincially_verified',
	'approved',
	'published',
	'reopened',
] as const
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number]

export const ANSWER_TYPES = ['yes_no', 'choice', 'number', 'percent', 'date', 'text'] as const
export type AnswerType = (typeof ANSWER_TYPES)[number]

export const PROVENANCES = ['official', 'secondary', 'provisional'] as const
export type Provenance = (typeof PROVENANCES)[number]

export const EVIDENCE_REQUIREMENTS = ['none', 'optional', 'required'] as const
export type EvidenceRequirement = (typeof EVIDENCE_REQUIREMENTS)[number]

export const VERDICTS = ['accept', 'adjust', 'not_met'] as const
export type Verdict = (typeof VERDICTS)[number]

export const REPORT_KINDS = ['signed', 'draft'] as const
export type ReportKind = (typeof REPORT_KINDS)[number]

/** A signer's certificate against the configured trust anchors (reports/signatures.ts). */
export const TRUST_STATUSES = ['trusted', 'not_valid_at_time', 'untrusted', 'no_anchors'] as const
export type TrustStatus = (typeof TRUST_STATUSES)[number]

export const LOCALES = ['vi', 'en'] as const
export type Locale = (typeof LOCALES)[number]

/** What a staged spreadsheet upload will change once applied. */
export const IMPORT_KINDS = ['registry', 'answers'] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]

/** The columns of the facility registry's import and export files, in order. */
export const REGISTRY_COLUMNS = [
	'code',
	'name',
	'province',
	'type',
	'class',
	'managing_body',
	'ownership',
	'beds',
	'address',
	'active',
] as const
export type RegistryColumn = (typeof REGISTRY_COLUMNS)[number]

/** What the account list filters by: an account's status, or "invited" (no password set yet). */
export const USER_STATUS_FILTERS = [...USER_STATUSES, 'invited'] as const
