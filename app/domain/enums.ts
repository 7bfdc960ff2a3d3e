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

/** What a throttled attempt was: signing in, asking for a password reset link, or a second-factor code. */
export const ATTEMPT_KINDS = ['sign_in', 'reset', 'second_factor'] as const
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
export const IMPORT_KINDS = ['registry', 'answers', 'catalog'] as const
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

/**
 * The rows of the readiness matrix: the system a criterion group or criterion belongs to
 * (docs/CATALOG-FORMAT.md §4.2; docs/decisions/015-readiness-by-system.md).
 */
export const SYSTEMS = ['his', 'lis', 'rispacs', 'emr', 'security', 'interop', 'infrastructure'] as const
export type System = (typeof SYSTEMS)[number]

/**
 * What a criterion is for the readiness matrix: the fact saying whether its system is in operation
 * (and how it is provided), a connection between systems or to a national system, or a security
 * measure required from a given security level. Without a role, a criterion is a functional item.
 */
export const CRITERION_ROLES = ['operation', 'connection', 'measure'] as const
export type CriterionRole = (typeof CRITERION_ROLES)[number]

/**
 * The classification facts of one information system from which the required security level is
 * derived (Decree 85/2016/NĐ-CP Art. 5–11), and its declared and approved level.
 */
export const SECURITY_FACTS = ['serves', 'data', 'people', 'conditional_service', 'declared_level', 'approved'] as const
export type SecurityFact = (typeof SECURITY_FACTS)[number]

/** Whom a system serves (Decree 85/2016 Art. 6.2; infrastructure by its reach, Art. 8.3, 9.3, 10.3). */
export const SECURITY_SERVES = ['internal', 'citizens', 'infra_one', 'infra_shared', 'infra_national'] as const
export type SecurityServes = (typeof SECURITY_SERVES)[number]

/** The most protected kind of information a system processes (Decree 85/2016 Art. 6.1). */
export const SECURITY_DATA = ['public', 'personal', 'state_secret'] as const
export type SecurityData = (typeof SECURITY_DATA)[number]

/** The declared level's option values: not yet classified, or level 1–5. */
export const SECURITY_LEVEL_VALUES = ['unclassified', '1', '2', '3', '4', '5'] as const

/** What a level rule may require of every system of a security catalog that is in operation. */
export const SYSTEM_CONDITIONS = ['classified', 'approved', 'protected'] as const
export type SystemCondition = (typeof SYSTEM_CONDITIONS)[number]
