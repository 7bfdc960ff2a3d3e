import { formatDateTime } from '~/i18n/translate'
import { useLocale, useT } from '~/utils/i18n'

type Summary = {
	requested: boolean
	signature: {
		subject: string
		issuer: string
		signedAt: Date | string | null
		timestamped: boolean
		trust: 'trusted' | 'not_valid_at_time' | 'untrusted' | 'no_anchors'
		trustAnchor: string | null
		uploadedAt: Date | string
	} | null
}

/** The director's signature on the submission, as plain statements (who, when, trusted or not), or that there is none yet. */
export function DirectorSignatureStatus({ summary }: { summary: Summary }) {
	const t = useT()
	const locale = useLocale()
	const s = summary.signature
	if (!s) {
		return (
			<p data-testid="director-signature" data-state="none">
				{t('directorSignature.none')}
			</p>
		)
	}
	const when = (d: Date | string) => formatDateTime(locale, new Date(d))
	return (
		<ul className="statements" data-testid="director-signature" data-state="signed" data-trust={s.trust}>
			<li>{t('directorSignature.signedBy', { subject: s.subject })}</li>
			{s.signedAt ? (
				<li>{t(s.timestamped ? 'directorSignature.signedAtTimestamp' : 'directorSignature.signedAt', { time: when(s.signedAt) })}</li>
			) : null}
			<li>
				<strong>
					{s.trust === 'trusted'
						? t('verify.sig.trusted', { anchor: s.trustAnchor ?? '—' })
						: s.trust === 'not_valid_at_time'
							? t('verify.sig.notValidAtTime', { anchor: s.trustAnchor ?? '—' })
							: s.trust === 'untrusted'
								? t('verify.sig.untrusted')
								: t('verify.sig.noAnchors')}
				</strong>
			</li>
			<li className="muted">{t('directorSignature.uploadedAt', { time: when(s.uploadedAt) })}</li>
		</ul>
	)
}
