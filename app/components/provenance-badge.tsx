import { type Provenance } from '~/domain/enums'
import { useT } from '~/utils/i18n'

const tone: Record<Provenance, string> = { official: 'badge--ok', secondary: '', provisional: 'badge--warn' }

/** Where a criterion's wording comes from: shown wherever a criterion is shown. */
export function ProvenanceBadge({ provenance }: { provenance: Provenance }) {
	const t = useT()
	return <span className={`badge ${tone[provenance]}`}>{t(`provenance.${provenance}`)}</span>
}
