// Per-catalog indexes built once and reused by every scoring call: criteria flattened into one
// array, rules turned into index lists, and applicability cached per facility profile.
import type { CriterionRole, FacilityClass, FacilityType, ManagingBody, SecurityFact, System, SystemCondition } from '../enums'
import type { AppliesTo, CatalogLevelRef, Catalog, Criterion, Group, Level, Tier } from './schema'

export type Facility = { type: FacilityType; class: FacilityClass; managingBody: ManagingBody }

export type CompiledCriterion = {
	readonly criterion: Criterion
	readonly groupIndex: number
	/** Counts towards percentages and rules (not informational). */
	readonly scored: boolean
	readonly naAllowed: boolean
	readonly weight: number
	readonly mandatory: boolean
	/** The readiness-matrix row: the criterion's system, else its group's. */
	readonly system: System | null
	readonly role: CriterionRole | null
}

export type CompiledRule = {
	/** Indices of the selected scored criteria, without duplicates, in catalog order. */
	readonly criteria: Int32Array
	/** null: every selected criterion must be met. */
	readonly minPercent: number | null
	/** Groups that must reach a tier: tier is the index into that group's tiers. */
	readonly tiers: ReadonlyArray<{ readonly group: number; readonly tier: number }>
	/** Other catalogs of the assessment that must have reached a level. */
	readonly catalogs: ReadonlyArray<CatalogLevelRef>
	/** What every system of the catalog's security groups in operation must meet. */
	readonly systems: SystemCondition | null
}

/** A group whose criteria apply only while its system is in operation (`when_operated`). */
export type CompiledGate = { readonly group: number; readonly operation: number }

/** A security group: one system's operation fact, classification facts, declared and approved level. */
export type CompiledSecurityGroup = {
	readonly group: number
	readonly system: System
	readonly operation: number
	readonly facts: Readonly<Partial<Record<SecurityFact, number>>>
}

export type CompiledGroup = {
	readonly group: Group
	/** Criteria of this group are criteria[first] … criteria[end - 1]. */
	readonly first: number
	readonly end: number
	readonly tiers: ReadonlyArray<{ readonly tier: Tier; readonly rule: CompiledRule }>
}

export type CompiledLevel = { readonly level: Level; readonly rule: CompiledRule | null }

export type CompiledCatalog = {
	readonly kind: 'compiled-catalog'
	readonly catalog: Catalog
	readonly criteria: ReadonlyArray<CompiledCriterion>
	readonly indexOf: ReadonlyMap<string, number>
	readonly groups: ReadonlyArray<CompiledGroup>
	readonly levels: ReadonlyArray<CompiledLevel>
	/** Some level or tier rule is provisional (not yet checked against the official text). */
	readonly provisional: boolean
	readonly gates: ReadonlyArray<CompiledGate>
	readonly securityGroups: ReadonlyArray<CompiledSecurityGroup>
	/** Security measures (role: measure) with the lowest level that needs each. */
	readonly measures: ReadonlyArray<{ readonly index: number; readonly fromLevel: number }>
	/** Codes of the catalogs some level requires (scored first by scoreAssessment). */
	readonly dependsOn: ReadonlyArray<string>
	readonly applicabilityCache: Map<string, Uint8Array>
}

const compiledCache = new WeakMap<Catalog, CompiledCatalog>()

/**
 * Builds the scorer's indexes for a validated catalog. Memoised per catalog object: catalogs from
 * validateCatalog are frozen, so the indexes can never go stale.
 */
export function compileCatalog(catalog: Catalog): CompiledCatalog {
	const cached = compiledCache.get(catalog)
	if (cached) return cached

	const criteria: Array<CompiledCriterion> = []
	const indexOf = new Map<string, number>()
	const groupIndexOf = new Map<string, number>()
	const groupRanges: Array<{ first: number; end: number }> = []
	catalog.groups.forEach((group, groupIndex) => {
		groupIndexOf.set(group.id, groupIndex)
		const first = criteria.length
		for (const criterion of group.criteria) {
			indexOf.set(criterion.id, criteria.length)
			criteria.push({
				criterion,
				groupIndex,
				scored: !criterion.informational,
				naAllowed:
					(criterion.answer.type === 'yes_no' && criterion.answer.not_applicable) ||
					(criterion.answer.type === 'choice' && criterion.answer.options.some((o) => o.not_applicable)),
				weight: criterion.weight,
				mandatory: criterion.mandatory,
				system: criterion.system ?? group.system ?? null,
				role: criterion.role ?? null,
			})
		}
		groupRanges.push({ first, end: criteria.length })
	})

	const select = (ids: ReadonlyArray<string> | undefined, groupIds: ReadonlyArray<string>, mandatoryOnly: boolean): Int32Array => {
		const picked = new Set<number>()
		for (const id of ids ?? []) picked.add(indexOf.get(id)!)
		for (const gid of groupIds) {
			const { first, end } = groupRanges[groupIndexOf.get(gid)!]
			for (let i = first; i < end; i++) if (!mandatoryOnly || criteria[i].mandatory) picked.add(i)
		}
		return Int32Array.from([...picked].filter((i) => criteria[i].scored).sort((a, b) => a - b))
	}
	const groups: Array<CompiledGroup> = catalog.groups.map((group, gi) => ({
		group,
		first: groupRanges[gi].first,
		end: groupRanges[gi].end,
		tiers: group.tiers.map((tier) => ({
			tier,
			rule: {
				criteria: tier.rule.criteria
					? select(tier.rule.criteria, [], false)
					: select(undefined, [group.id], tier.rule.scope === 'mandatory'),
				minPercent: tier.rule.threshold === 'all' ? null : tier.rule.threshold.min_percent,
				tiers: [],
				catalogs: [],
				systems: null,
			},
		})),
	}))

	const levels: Array<CompiledLevel> = catalog.levels.map((level) => {
		const rule = level.rule
		if (!rule) return { level, rule: null }
		return {
			level,
			rule: {
				criteria: select(rule.criteria, rule.groups ?? [], rule.scope === 'mandatory'),
				minPercent: rule.threshold === 'all' ? null : rule.threshold.min_percent,
				tiers: (rule.group_tiers ?? []).map((ref) => {
					const group = groupIndexOf.get(ref.group)!
					return { group, tier: catalog.groups[group].tiers.findIndex((t) => t.id === ref.tier) }
				}),
				catalogs: rule.catalogs ?? [],
				systems: rule.systems ?? null,
			},
		}
	})

	const provisional =
		catalog.levels.some((l) => l.provenance === 'provisional') ||
		catalog.groups.some((g) => g.tiers.some((t) => t.provenance === 'provisional'))

	const gates: Array<CompiledGate> = []
	const securityGroups: Array<CompiledSecurityGroup> = []
	catalog.groups.forEach((group, gi) => {
		if (!group.when_operated) return
		const { first, end } = groupRanges[gi]
		let operation = -1
		const facts: Partial<Record<SecurityFact, number>> = {}
		for (let i = first; i < end; i++) {
			if (criteria[i].role === 'operation') operation = i
			const fact = criteria[i].criterion.security_fact
			if (fact) facts[fact] = i
		}
		gates.push({ group: gi, operation })
		if (Object.keys(facts).length > 0 && group.system) securityGroups.push({ group: gi, system: group.system, operation, facts })
	})
	const measures = criteria.flatMap((cc, index) =>
		cc.role === 'measure' && cc.criterion.from_level !== undefined ? [{ index, fromLevel: cc.criterion.from_level }] : [],
	)
	const dependsOn = [...new Set(levels.flatMap((l) => (l.rule ? l.rule.catalogs.map((c) => c.code) : [])))]

	const compiled: CompiledCatalog = {
		kind: 'compiled-catalog',
		catalog,
		criteria,
		indexOf,
		groups,
		levels,
		provisional,
		gates,
		securityGroups,
		measures,
		dependsOn,
		applicabilityCache: new Map(),
	}
	compiledCache.set(catalog, compiled)
	return compiled
}

const APPLICABILITY_CACHE_LIMIT = 512

/**
 * 1 where the criterion applies to this facility on `asOf`, 0 where it is hidden by applies_to
 * (catalog, group or criterion) or repealed. Without `asOf` every repeal in the catalog counts.
 */
export function applicabilityFor(compiled: CompiledCatalog, facility: Facility, asOf?: string): Uint8Array {
	const key = `${facility.type}|${facility.class}|${facility.managingBody}|${asOf ?? ''}`
	const cached = compiled.applicabilityCache.get(key)
	if (cached) return cached

	const flags = new Uint8Array(compiled.criteria.length)
	const { catalog } = compiled
	if (appliesTo(catalog.applies_to, facility)) {
		for (const g of compiled.groups) {
			if (!appliesTo(g.group.applies_to, facility) || isRepealed(g.group.repealed_from, asOf)) continue
			for (let i = g.first; i < g.end; i++) {
				const c = compiled.criteria[i].criterion
				if (appliesTo(c.applies_to, facility) && !isRepealed(c.repealed_from, asOf)) flags[i] = 1
			}
		}
	}
	if (compiled.applicabilityCache.size >= APPLICABILITY_CACHE_LIMIT) compiled.applicabilityCache.clear()
	compiled.applicabilityCache.set(key, flags)
	return flags
}

export function appliesTo(rule: AppliesTo | undefined, facility: Facility): boolean {
	if (!rule) return true
	if (rule.facility_types && !rule.facility_types.includes(facility.type)) return false
	if (rule.facility_classes && !rule.facility_classes.includes(facility.class)) return false
	if (rule.managing_bodies && !rule.managing_bodies.includes(facility.managingBody)) return false
	return true
}

function isRepealed(repealedFrom: string | undefined, asOf: string | undefined): boolean {
	return repealedFrom !== undefined && (asOf === undefined || repealedFrom <= asOf)
}
