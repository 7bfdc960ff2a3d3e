import { type Role, type ScopeKind } from '~/domain/enums'
import { useT } from '~/utils/i18n'

/** "Evaluator · Province: Đà Nẵng", as the header's user badge writes a grant. */
export function useGrantLabel() {
	const t = useT()
	return (g: { role: Role; scopeKind: ScopeKind; facilityName: string | null; provinceName: string | null }) =>
		`${t(`role.${g.role}`)} · ${
			g.scopeKind === 'national'
				? t('scope.national')
				: g.scopeKind === 'province'
					? t('scope.province', { name: g.provinceName ?? '' })
					: t('scope.facility', { name: g.facilityName ?? '' })
		}`
}

/** Active, invited (no password set yet) or disabled. */
export function UserStatusBadge({ status, invited }: { status: 'active' | 'disabled'; invited: boolean }) {
	const t = useT()
	if (status === 'disabled') return <span className="badge badge--danger">{t('users.status.disabled')}</span>
	if (invited) return <span className="badge badge--warn">{t('users.status.invited')}</span>
	return <span className="badge badge--ok">{t('users.status.active')}</span>
}
