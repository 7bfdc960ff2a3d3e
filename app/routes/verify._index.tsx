import {
	type ActionFunctionArgs,
	data,
	type LoaderFunctionArgs,
	type MetaFunction,
	unstable_createMemoryUploadHandler,
	unstable_parseMultipartFormData,
	MaxPartSizeExceededError,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { LevelCell } from '~/components/level-cell'
import { formatDateTime, formatNumber, type MessageKey } from '~/i18n/translate'
import { lookUp, type PublicReport, type SignatureView, type Verification, verifyFile } from '~/pages/verify.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { parseUploadForm } from './verify._index.server'

/** Uploads above this are refused before they are read: issued reports are far smaller. */
export const VERIFY_UPLOAD_MAX_MB = 10
const MAX_BYTES = VERIFY_UPLOAD_MAX_MB * 1024 * 1024

type Outcome = { verification: Verification | null; error: MessageKey | null; query: string }

/** Public (no sign-in): ?q= takes a report ID or a SHA-256. */
export async function loader({ request }: LoaderFunctionArgs) {
	const query = (new URL(request.url).searchParams.get('q') ?? '').trim().slice(0, 200)
	const found = await lookUp(query)
	switch (found.query) {
		case 'none':
			return { verification: null, error: null, query } satisfies Outcome
		case 'bad':
			return data({ verification: null, error: 'verify.result.badQuery', query } satisfies Outcome, { status: 400 })
		case 'sha256':
			return { verification: found.verification, error: null, query } satisfies Outcome
		case 'reportId':
			return data({ verification: found.verification, error: null, query } satisfies Outcome, {
				status: found.verification.status === 'match' ? 200 : 404,
			})
	}
}

export async function action({ request }: ActionFunctionArgs) {
	const refuse = (error: MessageKey, status: number) => data<Outcome>({ verification: null, error, query: '' }, { status })
	if (Number(request.headers.get('content-length') ?? 0) > MAX_BYTES + 64 * 1024) return refuse('verify.result.tooLarge', 413)
	let formData: FormData
	try {
		formData = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_BYTES }))
	} catch (error) {
		if (error instanceof MaxPartSizeExceededError) return refuse('verify.result.tooLarge', 413)
		return refuse('verify.result.missingFile', 400)
	}
	const submission = parseUploadForm(formData)
	if (submission.status !== 'success') return refuse('verify.result.missingFile', 400)
	const verification = await verifyFile(Buffer.from(await submission.value.file.arrayBuffer()))
	const status = verification.status === 'not_pdf' ? 415 : verification.status === 'truncated' ? 422 : 200
	return data<Outcome>({ verification, error: null, query: '' }, { status })
}

export default function VerifyPage() {
	const loaded = useLoaderData<typeof loader>() as Outcome
	const posted = useActionData<typeof action>() as Outcome | undefined
	const outcome = posted ?? loaded
	const t = useT()
	const navigation = useNavigation()
	return (
		<>
			<h1>{t('verify.title')}</h1>
			<p className="lede">{t('verify.intro')}</p>
			{outcome.error ? (
				<p className="alert alert--error" role="alert" data-testid="verify-error">
					{t.dynamic(outcome.error, { max: VERIFY_UPLOAD_MAX_MB })}
				</p>
			) : null}
			{outcome.verification ? <VerificationResult verification={outcome.verification} fromHash={!posted} /> : null}
			<section className="card" aria-labelledby="upload-heading">
				<h2 id="upload-heading">{t('verify.upload.heading')}</h2>
				<Form method="post" encType="multipart/form-data" reloadDocument>
					<div className="field">
						<label htmlFor="file">{t('verify.upload.label', { max: VERIFY_UPLOAD_MAX_MB })}</label>
						<input id="file" name="file" type="file" accept="application/pdf,.pdf" required />
					</div>
					<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
						{t('verify.upload.submit')}
					</button>
				</Form>
			</section>
			<section className="card" aria-labelledby="lookup-heading">
				<h2 id="lookup-heading">{t('verify.lookup.heading')}</h2>
				<Form method="get">
					<div className="field">
						<label htmlFor="q">{t('verify.lookup.label')}</label>
						<input id="q" name="q" type="text" defaultValue={outcome.query} maxLength={200} autoComplete="off" spellCheck={false} />
					</div>
					<button type="submit" className="button button--quiet">
						{t('verify.lookup.submit')}
					</button>
				</Form>
			</section>
		</>
	)
}

/** The verdict, worded so that "altered" and "not issued" cannot be mistaken for a pass. */
export function VerificationResult({ verification: v, fromHash }: { verification: Verification; fromHash?: boolean }) {
	const t = useT()
	switch (v.status) {
		case 'match':
			return (
				<section className="alert alert--info" role="status" data-testid="verify-result" data-status="match">
					<p>
						<strong>{fromHash ? t('verify.result.hashMatch') : t('verify.result.match')}</strong>
					</p>
					<p data-testid="issued-statement">{t('verify.issued.yes')}</p>
					<ReportRecord report={v.report} />
					<SignatureStatements signatures={v.signatures} record={fromHash} />
				</section>
			)
		case 'altered':
			return (
				<section className="alert alert--error" role="alert" data-testid="verify-result" data-status="altered">
					<p>
						<strong>{t('verify.result.altered', { id: v.report.id })}</strong>
					</p>
					<ReportRecord report={v.report} uploadedSha256={v.sha256} />
					<SignatureStatements signatures={v.signatures} />
				</section>
			)
		case 'truncated':
			return (
				<section className="alert alert--error" role="alert" data-testid="verify-result" data-status="truncated">
					<p>
						<strong>{t('verify.result.truncated')}</strong>
					</p>
					{v.report ? <ReportRecord report={v.report} /> : null}
				</section>
			)
		case 'not_pdf':
			return (
				<p className="alert alert--error" role="alert" data-testid="verify-result" data-status="not_pdf">
					<strong>{t('verify.result.notPdf')}</strong>
				</p>
			)
		case 'unknown':
			return (
				<section className="alert alert--error" role="alert" data-testid="verify-result" data-status="unknown">
					<p>
						<strong>{t('verify.result.unknown')}</strong>
					</p>
					{v.sha256 ? (
						<p className="muted">
							{t('verify.field.uploadedSha256')}: <code className="hash">{v.sha256}</code>
						</p>
					) : null}
					{v.sha256 && !fromHash ? (
						<>
							<p data-testid="issued-statement">{t('verify.issued.no')}</p>
							<SignatureStatements signatures={v.signatures} />
						</>
					) : null}
				</section>
			)
	}
}

type Serialized<T> = { [K in keyof T]: T[K] extends Date ? Date | string : T[K] extends object ? Serialized<T[K]> : T[K] }

/**
 * Each signature as plain statements (ADR 013): who signed, when (time-stamp or claimed), whether
 * the certificate chains to a trust anchor and was valid then, and whether the signed bytes are
 * unchanged. `record`: described from the issued report's record rather than from a file.
 */
export function SignatureStatements({ signatures, record }: { signatures: ReadonlyArray<Serialized<SignatureView>>; record?: boolean }) {
	const t = useT()
	const locale = useLocale()
	const when = (d: Date | string) => formatDateTime(locale, new Date(d))
	return (
		<section aria-labelledby="signatures-heading" data-testid="signatures">
			<h2 id="signatures-heading">{t(record ? 'verify.sig.headingRecord' : 'verify.sig.heading')}</h2>
			{signatures.length === 0 ? <p data-testid="signature-none">{t('verify.sig.none')}</p> : null}
			{signatures.map((s, i) => (
				<ul
					key={i}
					className="statements"
					data-testid="signature"
					data-trust={s.trust?.status ?? 'none'}
					data-integrity={s.integrity}
					data-level={s.level ?? 'none'}
					data-time={s.time.kind}
				>
					<li data-testid="signature-signer">
						{s.signer ? t('verify.sig.signer', { subject: s.signer.subject, issuer: s.signer.issuer }) : t('verify.sig.signerUnknown')}
					</li>
					{s.type ? (
						<li data-testid="signature-type">
							{s.level ? t('verify.sig.typePades', { level: s.level }) : t('verify.sig.typeOther', { type: s.type })}
						</li>
					) : null}
					<li data-testid="signature-time">
						{s.time.kind === 'timestamp' ? (
							<>
								{t('verify.sig.timeTimestamp', { time: when(s.time.at), tsa: s.time.tsa ?? '—' })}
								{s.time.tsaTrust && s.time.tsaTrust !== 'trusted' ? <> {t('verify.sig.timeTimestampTsaUntrusted')}</> : null}
							</>
						) : s.time.kind === 'bad_timestamp' ? (
							t('verify.sig.timeBadTimestamp', { time: s.time.at ? when(s.time.at) : '—' })
						) : s.time.kind === 'claimed' ? (
							t('verify.sig.timeClaimed', { time: when(s.time.at) })
						) : (
							t('verify.sig.timeNone')
						)}
					</li>
					{s.trust ? (
						<li data-testid="signature-trust">
							<strong>
								{s.trust.status === 'trusted'
									? t('verify.sig.trusted', { anchor: s.trust.anchor ?? '—' })
									: s.trust.status === 'not_valid_at_time'
										? t('verify.sig.notValidAtTime', { anchor: s.trust.anchor ?? '—' })
										: s.trust.status === 'untrusted'
											? t('verify.sig.untrusted')
											: t('verify.sig.noAnchors')}
							</strong>
						</li>
					) : null}
					<li data-testid="signature-integrity">{t(`verify.sig.${s.integrity}`)}</li>
				</ul>
			))}
		</section>
	)
}

export function ReportRecord({
	report,
	uploadedSha256,
}: {
	report: PublicReport | (Omit<PublicReport, 'createdAt'> & { createdAt: string | Date })
	uploadedSha256?: string
}) {
	const t = useT()
	const locale = useLocale()
	return (
		<dl className="record" data-testid="report-record">
			<dt>{t('verify.field.report')}</dt>
			<dd>
				<Link to={`/verify/${report.id}`}>{report.id}</Link>
			</dd>
			<dt>{t('verify.field.facility')}</dt>
			<dd>
				{report.facilityName} · {report.provinceName}
			</dd>
			<dt>{t('verify.field.campaign')}</dt>
			<dd>{report.campaignTitle}</dd>
			{report.levels.length > 0 ? (
				<>
					<dt>{t('verify.field.levels')}</dt>
					<dd>
						<ul className="record__levels" data-testid="report-levels">
							{report.levels.map((lv) => (
								<li key={lv.code}>
									<strong>{lv.catalog ? (locale === 'en' ? lv.catalog.en : lv.catalog.vi) : lv.code}</strong>:{' '}
									<LevelCell level={{ title: lv.level, percent: lv.percent }} />
									{lv.provisional ? <span className="muted"> ({t('portal.provisional')})</span> : null}
								</li>
							))}
						</ul>
					</dd>
				</>
			) : null}
			<dt>{t('verify.field.issuedAt')}</dt>
			<dd>{formatDateTime(locale, new Date(report.createdAt))}</dd>
			<dt>{t('verify.field.signer')}</dt>
			<dd>
				{report.signerName ?? '—'}
				{report.signerIsDemo ? (
					<>
						{' '}
						<strong className="badge badge--danger" data-testid="demo-flag">
							{t('verify.demo')}
						</strong>
					</>
				) : null}
			</dd>
			<dt>{t('verify.field.sha256')}</dt>
			<dd>
				<code className="hash">{report.sha256}</code>
			</dd>
			{uploadedSha256 ? (
				<>
					<dt>{t('verify.field.uploadedSha256')}</dt>
					<dd>
						<code className="hash">{uploadedSha256}</code>
					</dd>
				</>
			) : null}
			<dt>{t('verify.field.size')}</dt>
			<dd>{formatNumber(locale, Math.round(report.size / 1024))} KB</dd>
		</dl>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('verify.title'))
