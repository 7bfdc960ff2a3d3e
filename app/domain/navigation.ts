import { type Grant, hasPermissionAnywhere } from '~/domain/permissions'
/** The pages of the main navigation; each has its label `nav.<page>` in the dictionary. */
export type NavPage = 'dashboard' | 'review' | 'publish' | 'assessments' | 'facilities' | 'campaigns' | 'catalogs' | 'users' | 'audit'

export type NavItem = { to: string; page: NavPage }

/** Navigation for the user's roles: only pages the user may open. */
export function navigationFor(grants: ReadonlyArray<Grant>): Array<NavItem> {
	const items: Array<NavItem> = [{ to: '/dashboard', page: 'dashboard' }]
	if (hasPermissionAnywhere(grants, 'assessment:review')) items.push({ to: '/review', page: 'review' })
	if (hasPermissionAnywhere(grants, 'publication:manage')) items.push({ to: '/publish', page: 'publish' })
	if (hasPermissionAnywhere(grants, 'assessment:read')) items.push({ to: '/assessments', page: 'assessments' })
	if (grants.some((g) => g.scopeKind !== 'facility') && hasPermissionAnywhere(grants, 'facility:read')) {
		items.push({ to: '/facilities', page: 'facilities' })
	} else {
		const own = grants.find((g) => g.scopeKind === 'facility' && g.facilityId !== null)
		if (own) items.push({ to: `/facilities/${own.facilityId}`, page: 'facilities' })
	}
	if (hasPermissionAnywhere(grants, 'campaign:monitor')) items.push({ to: '/admin/campaigns', page: 'campaigns' })
	if (hasPermissionAnywhere(grants, 'catalog:manage')) items.push({ to: '/admin/catalogs', page: 'catalogs' })
	if (hasPermissionAnywhere(grants, 'user:manage')) items.push({ to: '/admin/users', page: 'users' })
	if (hasPermissionAnywhere(grants, 'audit:read') && grants.some((g) => g.role === 'admin'))
		items.push({ to: '/admin/audit', page: 'audit' })
	return items
}
