import { type ManagingBody, type Role, type ScopeKind } from './enums'

/**
 * Typed permission strings, `verb:object`. Every loader and action asks for one of these;
 * anything not granted here is denied.
 */
export const PERMISSIONS = [
	'dashboard:read',
	'facility:read',
	'facility:manage',
	'assessment:read',
	'assessment:edit',
	'assessment:submit',
	'assessment:review',
	'assessment:approve_national',
	'assessment:reopen',
	'publication:manage',
	'report:issue',
	'catalog:manage',
	'campaign:manage',
	/** Follow a round's reporting and export its answers, for the facilities the grant reaches. */
	'campaign:monitor',
	'user:manage',
	/** The whole audit trail, with other users' e-mails and sign-in addresses: administrators only. */
	'audit:read',
] as const
export type Permission = (typeof PERMISSIONS)[number]

export const ROLE_PERMISSIONS: Record<Role, ReadonlyArray<Permission>> = {
	facility_editor: ['dashboard:read', 'facility:read', 'assessment:read', 'assessment:edit'],
	facility_director: ['dashboard:read', 'facility:read', 'assessment:read', 'assessment:edit', 'assessment:submit'],
	evaluator: [
		'dashboard:read',
		'facility:read',
		'assessment:read',
		'assessment:review',
		'assessment:approve_national',
		'assessment:reopen',
		'report:issue',
		'campaign:monitor',
	],
	publisher: ['dashboard:read', 'facility:read', 'assessment:read', 'publication:manage', 'campaign:monitor'],
	admin: [
		'dashboard:read',
		'facility:read',
		'facility:manage',
		'assessment:read',
		'assessment:reopen',
		'catalog:manage',
		'campaign:manage',
		'campaign:monitor',
		'user:manage',
		'audit:read',
		'report:issue',
	],
}

/** Permissions that only a national grant confers, whatever the target. */
const NATIONAL_ONLY: ReadonlySet<Permission> = new Set([
	'assessment:approve_national',
	'assessment:reopen',
	'catalog:manage',
	'campaign:manage',
	'audit:read',
])

export type Grant = {
	role: Role
	scopeKind: ScopeKind
	facilityId: number | null
	provinceCode: string | null
}

export type Target =
	/** Whatever lies inside the grant's own scope (a page listing only what the user may see). */
	| { kind: 'own' }
	/** The whole system (catalogs, campaigns): only national grants reach it. */
	| { kind: 'global' }
	| { kind: 'province'; provinceCode: string }
	| { kind: 'facility'; facilityId: number; provinceCode: string; managingBody: ManagingBody }

/**
 * Does one grant's scope reach the target? A facility's direct superior authority is its
 * province's health department, except MOH-run hospitals, which answer to the ministry.
 */
export function scopeCovers(grant: Grant, target: Target): boolean {
	if (target.kind === 'own') return true
	switch (grant.scopeKind) {
		case 'national':
			return true
		case 'province':
			if (target.kind === 'province') return target.provinceCode === grant.provinceCode
			if (target.kind === 'facility') return target.provinceCode === grant.provinceCode && target.managingBody !== 'moh'
			return false
		case 'facility':
			return target.kind === 'facility' && target.facilityId === grant.facilityId
	}
}

export function grantAllows(grant: Grant, permission: Permission, target: Target): boolean {
	if (!ROLE_PERMISSIONS[grant.role].includes(permission)) return false
	if (NATIONAL_ONLY.has(permission) && grant.scopeKind !== 'national') return false
	return scopeCovers(grant, target)
}

/** Deny by default: true only when some grant allows the permission on the target. */
export function can(grants: ReadonlyArray<Grant>, permission: Permission, target: Target): boolean {
	return grants.some((g) => grantAllows(g, permission, target))
}

/** Whether any grant carries the permission at all, regardless of target (for navigation). */
export function hasPermissionAnywhere(grants: ReadonlyArray<Grant>, permission: Permission): boolean {
	return grants.some((g) => ROLE_PERMISSIONS[g.role].includes(permission) && (!NATIONAL_ONLY.has(permission) || g.scopeKind === 'national'))
}

/**
 * The provinces a permission reaches through these grants, for a filter's choices: every province
 * with a national grant, else the provinces of the province grants (a facility grant reaches no
 * province as a whole).
 */
export function provincesReached(grants: ReadonlyArray<Grant>, permission: Permission): 'all' | ReadonlySet<string> {
	const carrying = grants.filter((g) => ROLE_PERMISSIONS[g.role].includes(permission))
	if (carrying.some((g) => g.scopeKind === 'national')) return 'all'
	return new Set(carrying.flatMap((g) => (g.scopeKind === 'province' && g.provinceCode ? [g.provinceCode] : [])))
}
