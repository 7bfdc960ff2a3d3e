import { type AssessmentStatus } from '~/domain/enums'
import { useT } from '~/utils/i18n'

const tone: Record<AssessmentStatus, string> = {
	draft: '',
	submitted: 'badge--warn',
	in_review: 'badge--warn',
	returned: 'badge--danger',
	provincially_verified: 'badge--warn',
	approved: 'badge--ok',
	published: 'badge--ok',
	reopened: 'badge--danger',
}

export function StatusBadge({ status }: { status: AssessmentStatus }) {
	const t = useT()
	return <span className={`badge ${tone[status]}`}>{t(`status.${status}`)}</span>
}
