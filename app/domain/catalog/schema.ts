// The criteria catalog format: the zod schema for a parsed catalog file, the semantic checks that
// zod cannot express (cross-references, uniqueness, satisfiable rules) and the normalised
// `Catalog` type every other module works with. Format documentation: docs/CATALOG-FORMAT.md.
import { z } from 'zod'
import {
	CRITERION_ROLES,
	EVIDENCE_REQUIREMENTS,
	FACILITY_CLASSES,
	FACILITY_TYPES,
	MANAGING_BODIES,
	PROVENANCES,
	SECURITY_DATA,
	SECURITY_FACTS,
	SECURITY_LEVEL_VALUES,
	SECURITY_SERVES,
	SYSTEM_CONDITIONS,
	SYSTEMS,
	type CriterionRole,
	type EvidenceRequirement,
	type FacilityClass,
	type FacilityType,
	type ManagingBody,
	type Provenance,
	type SecurityFact,
	type System,
	type SystemCondition,
} from '../enums'
import { nfcDeep } from '../safe-text'

export type LocalizedText = { readonly vi: string; readonly en: string }
export type Basis = { readonly document: string; readonly clause: string }
export type AppliesTo = {
	readonly facility_types?: ReadonlyArray<FacilityType>
	readonly facility_classes?: ReadonlyArray<FacilityClass>
	readonly managing_bodies?: ReadonlyArray<ManagingBody>
}
export type NumberBounds = { readonly gte?: number; readonly lte?: number }
export type DateBounds = { readonly on_or_after?: string; readonly on_or_before?: string }
export type ChoiceOption = {
	readonly value: string
	readonly label: LocalizedText
	readonly points?: number
	/** Choosing this option means "does not apply here": it is left out of denominators. */
	readonly not_applicable: boolean
	/** Only on a `role: operation` criterion: false when choosing it means the system is not in operation. */
	readonly operating?: boolean
}
export type YesNoSpec = { readonly type: 'yes_no'; readonly not_applicable: boolean }
export type ChoiceSpec = {
	readonly type: 'choice'
	readonly options: ReadonlyArray<ChoiceOption>
	readonly met_at_points?: number
}
export type NumberSpec = {
	readonly type: 'number'
	readonly min?: number
	readonly max?: number
	readonly integer: boolean
	readonly unit?: LocalizedText
	readonly met_if?: NumberBounds
}
export type PercentSpec = { readonly type: 'percent'; readonly met_if?: NumberBounds }
export type DateSpec = { readonly type: 'date'; readonly allow_future: boolean; readonly met_if?: DateBounds }
export type TextSpec = { readonly type: 'text'; readonly max_length: number; readonly multiline: boolean }
export type AnswerSpec = YesNoSpec | ChoiceSpec | NumberSpec | PercentSpec | DateSpec | TextSpec

export type Criterion = {
	readonly id: string
	readonly text: LocalizedText
	readonly guidance?: LocalizedText
	readonly basis: Basis
	readonly see_also: ReadonlyArray<Basis>
	readonly provenance: Provenance
	readonly answer: AnswerSpec
	readonly evidence: EvidenceRequirement
	readonly weight: number
	readonly mandatory: boolean
	/** Set explicitly, or implied by an answer kind that has no met/not-met rule. */
	readonly informational: boolean
	readonly applies_to?: AppliesTo
	readonly repealed_from?: string
	readonly repealed_by?: string
	/** The readiness-matrix row it counts for; without it, its group's (docs/CATALOG-FORMAT.md §4.2). */
	readonly system?: System
	readonly role?: CriterionRole
	/** `role: connection`: the other systems the connection links (its own system is implied). */
	readonly connects?: ReadonlyArray<System>
	/** `role: measure`: the lowest security level whose systems need this measure. */
	readonly from_level?: number
	/** A classification fact of the security group's system, or its declared or approved level. */
	readonly security_fact?: SecurityFact
	/**
	 * Which criteria of the version this one is based on (`based_on`) it continues, when that is not
	 * simply the criterion with the same id (docs/CATALOG-FORMAT.md §4.3, app/domain/catalog/lineage.ts).
	 */
	readonly lineage?: CriterionLineageDeclaration
}

export const LINEAGE_RELATIONS = ['same', 'reworded', 'split', 'merged'] as const
export type DeclaredLineageRelation = (typeof LINEAGE_RELATIONS)[number]
export type CriterionLineageDeclaration = {
	readonly relation: DeclaredLineageRelation
	/** Criterion ids of the base version. */
	readonly from: ReadonlyArray<string>
}

export type Scope = 'all' | 'mandatory'
export type Threshold = 'all' | { readonly min_percent: number }
export type TierRule = {
	/** Absent: every scored criterion of the group (filtered by scope). */
	readonly criteria?: ReadonlyArray<string>
	readonly scope: Scope
	readonly threshold: Threshold
}
export type Tier = {
	readonly id: string
	readonly rank: number
	readonly title: LocalizedText
	readonly description?: LocalizedText
	readonly provenance: Provenance
	readonly rule: TierRule
}
export type Group = {
	readonly id: string
	readonly title: LocalizedText
	readonly description?: LocalizedText
	readonly applies_to?: AppliesTo
	readonly repealed_from?: string
	readonly repealed_by?: string
	readonly system?: System
	/** The group's criteria other than its `role: operation` one apply only while the system is in operation. */
	readonly when_operated?: boolean
	readonly tiers: ReadonlyArray<Tier>
	readonly criteria: ReadonlyArray<Criterion>
}
export type GroupTierRef = { readonly group: string; readonly tier: string }
/** Another catalog of the same assessment must have reached at least this level. */
export type CatalogLevelRef = { readonly code: string; readonly level: string }
export type LevelRule = {
	readonly criteria?: ReadonlyArray<string>
	readonly groups?: ReadonlyArray<string>
	readonly group_tiers?: ReadonlyArray<GroupTierRef>
	/** Cross-catalog conditions: always required, whatever the threshold. */
	readonly catalogs?: ReadonlyArray<CatalogLevelRef>
	/** Every system of the catalog's security groups that is in operation meets this condition. */
	readonly systems?: SystemCondition
	/** Filters the criteria taken from `groups`; criteria named in `criteria` always count. */
	readonly scope: Scope
	/** Applies to the selected criteria; `group_tiers` requirements must always be reached. */
	readonly threshold: Threshold
}
export type Level = {
	readonly id: string
	readonly rank: number
	readonly title: LocalizedText
	readonly description?: LocalizedText
	readonly provenance: Provenance
	/** null only for a baseline level (the lowest), which every facility reaches. */
	readonly rule: LevelRule | null
}
export type LegalDocument = {
	readonly document: string
	readonly title?: LocalizedText
	readonly date?: string
	readonly in_force?: string
	readonly note?: LocalizedText
}
export type Catalog = {
	readonly code: string
	readonly version: number
	readonly title: LocalizedText
	readonly description?: LocalizedText
	readonly legal_basis: ReadonlyArray<LegalDocument>
	readonly effective_from: string
	readonly repealed_from?: string
	readonly repealed_by?: string
	/** The earlier version of the same catalog this one continues; lineage is read against it. */
	readonly based_on?: number
	/** Default provenance of criteria, tiers and levels that do not state their own. */
	readonly provenance: Provenance
	readonly applies_to?: AppliesTo
	readonly groups: ReadonlyArray<Group>
	readonly levels: ReadonlyArray<Level>
}

export type CatalogProblem = { path: Array<string | number>; message: string }
export type CatalogValidation = { ok: true; catalog: Catalog } | { ok: false; problems: Array<CatalogProblem> }

const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/
const CODE_PATTERN = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$/
const OPTION_VALUE_PATTERN = /^[A-Za-z0-9_.-]+$/
export const DEFAULT_TEXT_MAX_LENGTH = 2000
export const TEXT_MAX_LENGTH_LIMIT = 20000

/** Messages for a wrong or missing value; other issues keep their own message. */
function typeError(expected: string) {
	return (issue: { code?: string; input?: unknown }) =>
		issue.code === 'invalid_type' ? (issue.input === undefined ? 'is required' : `must be ${expected}`) : undefined
}

const nonEmpty = z.string({ error: typeError('a text') }).refine((s) => s.trim().length > 0, 'must not be empty')
const id = z
	.string({ error: typeError('an identifier') })
	.regex(ID_PATTERN, 'must be letters, digits, "_" or "-" in dot-separated parts, starting with a letter')
const isoDate = z.iso.date({
	error: (issue) => typeError('a date written yyyy-mm-dd')(issue) ?? 'must be a calendar date written yyyy-mm-dd',
})
const text = z.strictObject({ vi: nonEmpty, en: nonEmpty }, { error: typeError('{ vi: …, en: … }') })
const basis = z.strictObject({ document: nonEmpty, clause: nonEmpty }, { error: typeError('{ document: …, clause: … }') })
const provenance = z.enum(PROVENANCES)
const finite = z.number({ error: typeError('a number') })
const wholeNumber = z.int({ error: typeError('a whole number') })

const appliesTo = z
	.strictObject({
		facility_types: z.array(z.enum(FACILITY_TYPES)).min(1).optional(),
		facility_classes: z.array(z.enum(FACILITY_CLASSES)).min(1).optional(),
		managing_bodies: z.array(z.enum(MANAGING_BODIES)).min(1).optional(),
	})
	.refine(
		(a) => a.facility_types || a.facility_classes || a.managing_bodies,
		'must list facility_types, facility_classes or managing_bodies (omit applies_to to apply to all)',
	)

const numberBounds = z
	.strictObject({ gte: finite.optional(), lte: finite.optional() })
	.refine((b) => b.gte !== undefined || b.lte !== undefined, 'must give gte, lte or both')
const percentBounds = z
	.strictObject({ gte: finite.min(0).max(100).optional(), lte: finite.min(0).max(100).optional() })
	.refine((b) => b.gte !== undefined || b.lte !== undefined, 'must give gte, lte or both')
const dateBounds = z
	.strictObject({ on_or_after: isoDate.optional(), on_or_before: isoDate.optional() })
	.refine((b) => b.on_or_after !== undefined || b.on_or_before !== undefined, 'must give on_or_after, on_or_before or both')

const answerSpec = z.discriminatedUnion(
	'type',
	[
		z.strictObject({ type: z.literal('yes_no'), not_applicable: z.boolean().default(false) }),
		z.strictObject({
			type: z.literal('choice'),
			options: z
				.array(
					z.strictObject({
						value: z
							.string({ error: typeError('a text (quote numbers: "1")') })
							.regex(OPTION_VALUE_PATTERN, 'must be letters, digits, ".", "_" or "-"'),
						label: text,
						points: finite.optional(),
						not_applicable: z.boolean().default(false),
						operating: z.boolean().optional(),
					}),
				)
				.min(2, 'a choice needs at least two options'),
			met_at_points: finite.optional(),
		}),
		z.strictObject({
			type: z.literal('number'),
			min: finite.optional(),
			max: finite.optional(),
			integer: z.boolean().default(false),
			unit: text.optional(),
			met_if: numberBounds.optional(),
		}),
		z.strictObject({ type: z.literal('percent'), met_if: percentBounds.optional() }),
		z.strictObject({
			type: z.literal('date'),
			allow_future: z.boolean().default(false),
			met_if: dateBounds.optional(),
		}),
		z.strictObject({
			type: z.literal('text'),
			max_length: wholeNumber.min(1).max(TEXT_MAX_LENGTH_LIMIT).default(DEFAULT_TEXT_MAX_LENGTH),
			multiline: z.boolean().default(false),
		}),
	],
	{ error: 'type must be one of yes_no, choice, number, percent, date, text' },
)

const threshold = z.union([z.literal('all'), z.strictObject({ min_percent: finite.gt(0).max(100) })], {
	error: "threshold must be 'all' or { min_percent: p } with 0 < p ≤ 100",
})
const scope = z.enum(['all', 'mandatory'])

const criterion = z.strictObject({
	id,
	text,
	guidance: text.optional(),
	basis,
	see_also: z.array(basis).default([]),
	provenance: provenance.optional(),
	answer: answerSpec,
	evidence: z.enum(EVIDENCE_REQUIREMENTS).default('optional'),
	weight: finite.gt(0, 'weight must be greater than 0').default(1),
	mandatory: z.boolean().default(false),
	informational: z.boolean().default(false),
	applies_to: appliesTo.optional(),
	repealed_from: isoDate.optional(),
	repealed_by: nonEmpty.optional(),
	system: z.enum(SYSTEMS).optional(),
	role: z.enum(CRITERION_ROLES).optional(),
	connects: z.array(z.enum(SYSTEMS)).min(1).optional(),
	from_level: wholeNumber.min(1).max(5).optional(),
	security_fact: z.enum(SECURITY_FACTS).optional(),
	lineage: z
		.strictObject({
			relation: z.enum(LINEAGE_RELATIONS),
			from: z.array(id).min(1, 'name at least one criterion of the base version'),
		})
		.optional(),
})

const tier = z.strictObject({
	id,
	rank: wholeNumber.min(1),
	title: text,
	description: text.optional(),
	provenance: provenance.optional(),
	rule: z
		.strictObject({
			criteria: z.array(id).min(1).optional(),
			scope: scope.default('all'),
			threshold: threshold.default('all'),
		})
		.default({ scope: 'all', threshold: 'all' }),
})

const group = z.strictObject({
	id,
	title: text,
	description: text.optional(),
	applies_to: appliesTo.optional(),
	repealed_from: isoDate.optional(),
	repealed_by: nonEmpty.optional(),
	system: z.enum(SYSTEMS).optional(),
	when_operated: z.literal(true).optional(),
	tiers: z.array(tier).default([]),
	criteria: z.array(criterion).min(1, 'a group needs at least one criterion'),
})

const levelRule = z.strictObject({
	criteria: z.array(id).min(1).optional(),
	groups: z.array(id).min(1).optional(),
	group_tiers: z
		.array(z.strictObject({ group: id, tier: id }))
		.min(1)
		.optional(),
	catalogs: z
		.array(
			z.strictObject({
				code: z
					.string({ error: typeError('a catalog code') })
					.regex(CODE_PATTERN, 'must be upper-case letters and digits in dash-separated parts'),
				level: id,
			}),
		)
		.min(1)
		.optional(),
	systems: z.enum(SYSTEM_CONDITIONS).optional(),
	scope: scope.default('all'),
	threshold: threshold.default('all'),
})

const level = z.strictObject({
	id,
	rank: wholeNumber.min(0),
	title: text,
	description: text.optional(),
	provenance: provenance.optional(),
	// null is how a normalised catalog writes "no rule", so validation is idempotent.
	rule: levelRule.nullable().optional(),
})

/** The shape of a parsed catalog file (YAML or JSON), before the semantic checks. */
export const CatalogFileSchema = z.strictObject({
	code: z.string({ error: typeError('a text') }).regex(CODE_PATTERN, 'must be upper-case letters and digits in dash-separated parts'),
	version: wholeNumber.min(1, 'must be a positive integer'),
	title: text,
	description: text.optional(),
	legal_basis: z
		.array(
			z.strictObject({
				document: nonEmpty,
				title: text.optional(),
				date: isoDate.optional(),
				in_force: isoDate.optional(),
				note: text.optional(),
			}),
		)
		.min(1, 'cite at least one legal document'),
	effective_from: isoDate,
	repealed_from: isoDate.optional(),
	repealed_by: nonEmpty.optional(),
	based_on: wholeNumber.min(1, 'must be a positive integer').optional(),
	provenance,
	applies_to: appliesTo.optional(),
	groups: z.array(group).min(1, 'a catalog needs at least one group'),
	levels: z.array(level).default([]),
})
export type CatalogFile = z.output<typeof CatalogFileSchema>
type CriterionFile = z.output<typeof criterion>

/** An answer kind with a met/not-met rule scores; everything else only counts for completion. */
export function isInformationalSpec(spec: AnswerSpec): boolean {
	switch (spec.type) {
		case 'yes_no':
			return false
		case 'choice':
			return spec.met_at_points === undefined
		case 'number':
		case 'percent':
		case 'date':
			return spec.met_if === undefined
		case 'text':
			return true
	}
}

function hasMetRule(spec: AnswerSpec): boolean {
	return spec.type !== 'yes_no' && !isInformationalSpec(spec)
}

/**
 * Runs the zod schema, then the semantic checks. Returns every problem with the path of the
 * offending value, or the normalised, deep-frozen catalog.
 */
export function validateCatalog(input: unknown): CatalogValidation {
	// Titles and texts are stored in NFC, however the file's author typed them (docs/ARCHITECTURE.md).
	const parsed = CatalogFileSchema.safeParse(nfcDeep(input))
	if (!parsed.success) {
		return {
			ok: false,
			problems: parsed.error.issues.map((issue) => ({
				path: issue.path.map((p) => (typeof p === 'number' ? p : String(p))),
				message: issue.message,
			})),
		}
	}
	const problems = semanticProblems(parsed.data)
	if (problems.length > 0) return { ok: false, problems }
	return { ok: true, catalog: deepFreeze(normalize(parsed.data)) }
}

type Path = Array<string | number>

function semanticProblems(c: CatalogFile): Array<CatalogProblem> {
	const problems: Array<CatalogProblem> = []
	const add = (path: Path, message: string) => problems.push({ path, message })

	checkRepeal(c.effective_from, c.repealed_from, c.repealed_by, [], add)
	if (c.based_on !== undefined && c.based_on >= c.version) {
		add(['based_on'], `must be an earlier version than ${c.version}`)
	}
	const documents = new Map<string, number>()
	c.legal_basis.forEach((doc, i) => {
		const first = documents.get(doc.document)
		if (first !== undefined) {
			add(['legal_basis', i, 'document'], `document "${doc.document}" is already listed at legal_basis.${first}`)
		} else documents.set(doc.document, i)
		if (doc.date && doc.in_force && doc.in_force < doc.date) {
			add(['legal_basis', i, 'in_force'], `in_force (${doc.in_force}) is before the document's date (${doc.date})`)
		}
	})
	if (c.applies_to) checkAppliesTo(c.applies_to, ['applies_to'], add)

	const groupAt = new Map<string, number>()
	const criterionAt = new Map<string, { group: number; index: number; crit: CriterionFile }>()
	c.groups.forEach((g, gi) => {
		const first = groupAt.get(g.id)
		if (first !== undefined) add(['groups', gi, 'id'], `duplicate group id "${g.id}" (first at groups.${first})`)
		else groupAt.set(g.id, gi)
		checkRepeal(c.effective_from, g.repealed_from, g.repealed_by, ['groups', gi], add)
		if (g.applies_to) checkAppliesTo(g.applies_to, ['groups', gi, 'applies_to'], add)
		g.criteria.forEach((cr, ci) => {
			const path: Path = ['groups', gi, 'criteria', ci]
			if (cr.lineage) checkLineage(cr.lineage, c.based_on, [...path, 'lineage'], add)
			const seen = criterionAt.get(cr.id)
			if (seen !== undefined) {
				add([...path, 'id'], `duplicate criterion id "${cr.id}" (first at groups.${seen.group}.criteria.${seen.index})`)
			} else criterionAt.set(cr.id, { group: gi, index: ci, crit: cr })
			checkAnswerSpec(cr.answer, [...path, 'answer'], add)
			if (cr.informational && hasMetRule(cr.answer)) {
				add([...path, 'informational'], 'an informational criterion must not have met_if or met_at_points (it never counts as met)')
			}
			checkRepeal(c.effective_from, cr.repealed_from, cr.repealed_by, path, add)
			if (cr.applies_to) checkAppliesTo(cr.applies_to, [...path, 'applies_to'], add)
			checkRole(cr, g.system, path, add)
		})
		checkSystemGroup(g, ['groups', gi], add)
	})

	const scored = (cid: string) => {
		const at = criterionAt.get(cid)
		return at !== undefined && !at.crit.informational && !isInformationalSpec(at.crit.answer)
	}

	c.groups.forEach((g, gi) => {
		const tierAt = new Map<string, number>()
		const own = new Set(g.criteria.map((cr) => cr.id))
		g.tiers.forEach((t, ti) => {
			const path: Path = ['groups', gi, 'tiers', ti]
			const first = tierAt.get(t.id)
			if (first !== undefined) add([...path, 'id'], `duplicate tier id "${t.id}" (first at tiers.${first})`)
			else tierAt.set(t.id, ti)
			if (ti > 0 && t.rank <= g.tiers[ti - 1].rank) {
				add([...path, 'rank'], `tier ranks must increase down the list (previous rank is ${g.tiers[ti - 1].rank})`)
			}
			let selected = 0
			if (t.rule.criteria) {
				checkIdList(t.rule.criteria, [...path, 'rule', 'criteria'], add, (cid, p) => {
					if (!criterionAt.has(cid)) return add(p, `unknown criterion "${cid}"`)
					if (!own.has(cid)) return add(p, `criterion "${cid}" belongs to another group; a tier may only use its own group's criteria`)
					if (!scored(cid)) return add(p, `criterion "${cid}" is informational and can never be met`)
					selected++
				})
			} else {
				selected = g.criteria.filter((cr) => scored(cr.id) && (t.rule.scope === 'all' || cr.mandatory)).length
				if (selected === 0) add([...path, 'rule'], 'the rule selects no scored criteria of this group')
			}
		})
	})

	const levelAt = new Map<string, number>()
	c.levels.forEach((lv, li) => {
		const path: Path = ['levels', li]
		const first = levelAt.get(lv.id)
		if (first !== undefined) add([...path, 'id'], `duplicate level id "${lv.id}" (first at levels.${first})`)
		else levelAt.set(lv.id, li)
		if (li > 0 && lv.rank <= c.levels[li - 1].rank) {
			add([...path, 'rank'], `level ranks must increase down the list (previous rank is ${c.levels[li - 1].rank})`)
		}
		if (!lv.rule) {
			if (li > 0) add([...path], 'only the lowest level may omit its rule (a baseline every facility reaches)')
			return
		}
		const rule = lv.rule
		const problemsBefore = problems.length
		let selected = 0
		if (rule.criteria) {
			checkIdList(rule.criteria, [...path, 'rule', 'criteria'], add, (cid, p) => {
				if (!criterionAt.has(cid)) return add(p, `unknown criterion "${cid}"`)
				if (!scored(cid)) return add(p, `criterion "${cid}" is informational and can never be met`)
				selected++
			})
		}
		if (rule.groups) {
			checkIdList(rule.groups, [...path, 'rule', 'groups'], add, (gid, p) => {
				const gi = groupAt.get(gid)
				if (gi === undefined) return add(p, `unknown group "${gid}"`)
				selected += c.groups[gi].criteria.filter((cr) => scored(cr.id) && (rule.scope === 'all' || cr.mandatory)).length
			})
		}
		if (rule.group_tiers) {
			const seenGroups = new Map<string, number>()
			rule.group_tiers.forEach((ref, ri) => {
				const p: Path = [...path, 'rule', 'group_tiers', ri]
				const gi = groupAt.get(ref.group)
				if (gi === undefined) return add([...p, 'group'], `unknown group "${ref.group}"`)
				const again = seenGroups.get(ref.group)
				if (again !== undefined) return add([...p, 'group'], `group "${ref.group}" is already required at group_tiers.${again}`)
				seenGroups.set(ref.group, ri)
				if (!c.groups[gi].tiers.some((t) => t.id === ref.tier)) {
					return add([...p, 'tier'], `group "${ref.group}" has no tier "${ref.tier}"`)
				}
				selected++
			})
		}
		if (rule.catalogs) {
			const seenCodes = new Map<string, number>()
			rule.catalogs.forEach((ref, ri) => {
				const p: Path = [...path, 'rule', 'catalogs', ri, 'code']
				if (ref.code === c.code) return add(p, 'a level may not require its own catalog (use criteria, groups or group_tiers)')
				const again = seenCodes.get(ref.code)
				if (again !== undefined) return add(p, `catalog "${ref.code}" is already required at catalogs.${again}`)
				seenCodes.set(ref.code, ri)
				selected++
			})
		}
		if (rule.systems) {
			if (!c.groups.some((g) => g.criteria.some((cr) => cr.security_fact !== undefined))) {
				add([...path, 'rule', 'systems'], 'systems conditions need at least one security group (a group with security_fact criteria)')
			} else selected++
		}
		if (!rule.criteria && !rule.groups && !rule.group_tiers && !rule.catalogs && !rule.systems) {
			add([...path, 'rule'], 'a rule must name criteria, groups, group_tiers, catalogs or systems')
		} else if (selected === 0 && problems.length === problemsBefore) {
			add([...path, 'rule'], 'the rule selects no scored criteria')
		}
	})
	return problems
}

const FACT_VALUES: Partial<Record<SecurityFact, ReadonlyArray<string>>> = {
	serves: SECURITY_SERVES,
	data: SECURITY_DATA,
	declared_level: SECURITY_LEVEL_VALUES,
}
const FACT_TYPES: Record<SecurityFact, AnswerSpec['type']> = {
	serves: 'choice',
	data: 'choice',
	people: 'number',
	conditional_service: 'yes_no',
	declared_level: 'choice',
	approved: 'yes_no',
}

/** The readiness fields of one criterion: roles, what goes with them, security facts. */
function checkRole(cr: CriterionFile, groupSystem: System | undefined, path: Path, add: (path: Path, message: string) => void) {
	const informational = cr.informational || isInformationalSpec(cr.answer)
	if (cr.connects && cr.role !== 'connection') add([...path, 'connects'], 'connects is only for role: connection')
	if (cr.from_level !== undefined && cr.role !== 'measure') add([...path, 'from_level'], 'from_level is only for role: measure')
	if (cr.role === 'measure' && cr.from_level === undefined) {
		add([...path, 'from_level'], 'a measure needs from_level: the lowest security level (1–5) whose systems need it')
	}
	if (cr.answer.type === 'choice' && cr.role !== 'operation') {
		const at = cr.answer.options.findIndex((o) => o.operating !== undefined)
		if (at >= 0) add([...path, 'answer', 'options', at, 'operating'], 'operating is only for the options of a role: operation criterion')
	}
	if (cr.role === 'operation') {
		if (!cr.system && !groupSystem) add([...path, 'role'], 'an operation fact needs a system (on the criterion or its group)')
		if (!informational) add([...path, 'informational'], 'an operation fact is a fact: set informational: true (it is never met or not met)')
		if (cr.answer.type === 'choice') {
			if (!cr.answer.options.some((o) => o.operating === false)) {
				add([...path, 'answer', 'options'], 'mark the options meaning "not in operation" with operating: false')
			}
			if (!cr.answer.options.some((o) => o.operating !== false && !o.not_applicable)) {
				add([...path, 'answer', 'options'], 'at least one option must mean "in operation"')
			}
		} else if (cr.answer.type !== 'yes_no') {
			add([...path, 'answer', 'type'], 'an operation fact is a yes_no (yes = in operation) or a choice')
		}
	}
	if (cr.security_fact) {
		const fact = cr.security_fact
		if (cr.role) add([...path, 'role'], 'a security fact has no role')
		if (cr.answer.type !== FACT_TYPES[fact]) {
			return add([...path, 'answer', 'type'], `the security fact ${fact} is answered as ${FACT_TYPES[fact]}`)
		}
		if (!informational)
			add([...path, 'informational'], `the security fact ${fact} is a fact: set informational: true (the security rule judges it)`)
		const allowed = FACT_VALUES[fact]
		if (allowed && cr.answer.type === 'choice') {
			cr.answer.options.forEach((o, oi) => {
				if (!allowed.includes(o.value)) {
					add([...path, 'answer', 'options', oi, 'value'], `the security fact ${fact} takes the values ${allowed.join(', ')}`)
				}
			})
		}
		if (fact === 'approved' && cr.answer.type === 'yes_no' && cr.answer.not_applicable) {
			add(
				[...path, 'answer', 'not_applicable'],
				'an approval cannot be "not applicable": a system not in operation is left out by its group (when_operated)',
			)
		}
		if (fact === 'people' && cr.answer.type === 'number' && (cr.answer.min === undefined || cr.answer.min < 0 || !cr.answer.integer)) {
			add([...path, 'answer'], 'a number of people is a whole number with min: 0 or more')
		}
	}
}

/** A group gated by its system's operation fact, and the shape of a security group. */
function checkSystemGroup(g: CatalogFile['groups'][number], path: Path, add: (path: Path, message: string) => void) {
	const operations = g.criteria.filter((cr) => cr.role === 'operation')
	if (g.when_operated && operations.length !== 1) {
		add([...path, 'when_operated'], `when_operated needs exactly one role: operation criterion in the group (found ${operations.length})`)
	}
	const facts = g.criteria.filter((cr) => cr.security_fact !== undefined)
	if (facts.length === 0) return
	if (!g.system) add([...path, 'system'], 'a security group needs the system its facts describe')
	if (!g.when_operated)
		add([...path, 'when_operated'], 'a security group is asked only while its system is in operation: set when_operated: true')
	for (const fact of SECURITY_FACTS) {
		const n = facts.filter((cr) => cr.security_fact === fact).length
		const required = fact !== 'people' && fact !== 'conditional_service'
		if (n > 1) add([...path, 'criteria'], `the security fact ${fact} is given ${n} times`)
		else if (required && n === 0) add([...path, 'criteria'], `a security group needs the fact ${fact}`)
	}
}

function checkIdList(
	ids: ReadonlyArray<string>,
	path: Path,
	add: (path: Path, message: string) => void,
	each: (id: string, path: Path) => void,
) {
	const seen = new Map<string, number>()
	ids.forEach((value, i) => {
		const first = seen.get(value)
		if (first !== undefined) return add([...path, i], `"${value}" is listed twice (first at index ${first})`)
		seen.set(value, i)
		each(value, [...path, i])
	})
}

function checkRepeal(
	effectiveFrom: string,
	repealedFrom: string | undefined,
	repealedBy: string | undefined,
	path: Path,
	add: (path: Path, message: string) => void,
) {
	if (repealedFrom !== undefined && repealedFrom <= effectiveFrom) {
		add([...path, 'repealed_from'], `repealed_from (${repealedFrom}) must be after effective_from (${effectiveFrom})`)
	}
	if (repealedFrom !== undefined && repealedBy === undefined) {
		add([...path, 'repealed_by'], 'repealed_by (the repealing document and clause) is required with repealed_from')
	}
	if (repealedBy !== undefined && repealedFrom === undefined) {
		add([...path, 'repealed_from'], 'repealed_from is required with repealed_by')
	}
}

function checkAppliesTo(a: AppliesTo, path: Path, add: (path: Path, message: string) => void) {
	for (const key of ['facility_types', 'facility_classes', 'managing_bodies'] as const) {
		const list = a[key]
		if (list) checkIdList(list, [...path, key], add, () => {})
	}
}

function checkAnswerSpec(spec: z.output<typeof answerSpec>, path: Path, add: (path: Path, message: string) => void) {
	switch (spec.type) {
		case 'choice': {
			const seen = new Map<string, number>()
			spec.options.forEach((o, i) => {
				const first = seen.get(o.value)
				if (first !== undefined)
					add([...path, 'options', i, 'value'], `option value "${o.value}" is used twice (first at options.${first})`)
				else seen.set(o.value, i)
				if (o.not_applicable && o.points !== undefined) {
					add([...path, 'options', i, 'points'], 'a not-applicable option carries no points')
				}
			})
			if (spec.options.every((o) => o.not_applicable)) {
				add([...path, 'options'], 'at least one option must not be a not-applicable option')
			}
			if (spec.met_at_points !== undefined) {
				const reachable = spec.options.some((o) => o.points !== undefined && o.points >= spec.met_at_points!)
				if (!reachable) add([...path, 'met_at_points'], `no option has ${spec.met_at_points} points or more, so it can never be met`)
			}
			return
		}
		case 'number': {
			if (spec.min !== undefined && spec.max !== undefined && spec.min > spec.max) {
				add([...path, 'max'], `max (${spec.max}) is below min (${spec.min})`)
			}
			const m = spec.met_if
			if (m) {
				if (m.gte !== undefined && m.lte !== undefined && m.gte > m.lte)
					add([...path, 'met_if'], 'gte is above lte, so it can never be met')
				if (m.gte !== undefined && spec.max !== undefined && m.gte > spec.max)
					add([...path, 'met_if', 'gte'], `gte (${m.gte}) is above max (${spec.max}), so it can never be met`)
				if (m.lte !== undefined && spec.min !== undefined && m.lte < spec.min)
					add([...path, 'met_if', 'lte'], `lte (${m.lte}) is below min (${spec.min}), so it can never be met`)
			}
			return
		}
		case 'percent': {
			const m = spec.met_if
			if (m && m.gte !== undefined && m.lte !== undefined && m.gte > m.lte)
				add([...path, 'met_if'], 'gte is above lte, so it can never be met')
			return
		}
		case 'date': {
			const m = spec.met_if
			if (m && m.on_or_after !== undefined && m.on_or_before !== undefined && m.on_or_after > m.on_or_before) {
				add([...path, 'met_if'], 'on_or_after is after on_or_before, so it can never be met')
			}
			return
		}
		default:
			return
	}
}

function checkLineage(
	lineage: CriterionLineageDeclaration,
	basedOn: number | undefined,
	path: Path,
	add: (path: Path, message: string) => void,
) {
	if (basedOn === undefined) add(path, 'a lineage needs the catalog header to say which version it is based_on')
	if (lineage.relation === 'merged' && lineage.from.length < 2) {
		add([...path, 'from'], 'a merged criterion continues at least two criteria')
	}
	if (lineage.relation !== 'merged' && lineage.from.length > 1) {
		add([...path, 'from'], `a ${lineage.relation} criterion continues exactly one criterion (use "merged" for several)`)
	}
	if (new Set(lineage.from).size !== lineage.from.length) add([...path, 'from'], 'names a criterion twice')
}

function normalize(c: CatalogFile): Catalog {
	return {
		...c,
		groups: c.groups.map((g) => ({
			...g,
			tiers: g.tiers.map((t) => ({ ...t, provenance: t.provenance ?? c.provenance })),
			criteria: g.criteria.map((cr) => ({
				...cr,
				provenance: cr.provenance ?? c.provenance,
				informational: cr.informational || isInformationalSpec(cr.answer),
			})),
		})),
		levels: c.levels.map((lv) => ({ ...lv, provenance: lv.provenance ?? c.provenance, rule: lv.rule ?? null })),
	}
}

function deepFreeze<T>(value: T): T {
	if (value && typeof value === 'object' && !Object.isFrozen(value)) {
		Object.freeze(value)
		for (const v of Object.values(value)) deepFreeze(v)
	}
	return value
}
