import { type Grant, hasPermissionAnywhere } from '~/domain/permissions'
import { type MessageKey } from '~/i18n/translate'

export type NavItem = { to: string; label: MessageKey }

/** Navigation for the user's roles: only pages the user may open. */
export function navigationFor(grants: ReadonlyArray<Grant>): Array<NavItem> {
	const items: Array<NavItem> = [{ to: '/dashboard', label: 'nav.dashboard' }]
	if (hasPermissionAnywhere(grants, 'assessment:review')) items.push({ to: '/review', label: 'nav.review' })
	if (hasPermissionAnywhere(grants, 'publication:manage')) items.push({ to: '/publish', label: 'nav.publish' })
	if (hasPermissionAnywhere(grants, 'assessment:read')) items.push({ to: '/assessments', label: 'nav.assessments' })
	if (grants.some((g) => g.scopeKind !== 'facility') && hasPermissionAnywhere(grants, 'facility:read')) {
		items.push({ to: '/facilities', label: 'nav.facilities' })
	} else {
		const own = grants.find((g) => g.scopeKind === 'facility' && g.facilityId !== null)
		if (own) items.push({ to: `/facilities/${own.facilityId}`, label: 'nav.facilities' })
	}
	if (hasPermissionAnywhere(grants, 'campaign:monitor')) items.push({ to: '/admin/campaigns', label: 'nav.campaigns' })
	if (hasPermissionAnywhere(grants, 'catalog:manage')) items.push({ to: '/admin/catalogs', label: 'nav.catalogs' })
	if (hasPermissionAnywhere(grants, 'user:manage')) items.push({ to: '/admin/users', label: 'nav.users' })
	if (hasPermissionAnywhere(grants, 'audit:read') && grants.some((g) => g.role === 'admin'))
		items.push({ to: '/admin/audit', label: 'nav.audit' })
	return items
}
