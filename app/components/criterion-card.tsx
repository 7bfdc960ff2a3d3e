import { type SaveState } from '~/components/autosave'
import { type AnswerSpec, type Basis, type Criterion } from '~/domain/catalog/schema'
import { withPercentSign } from '~/domain/numbers'
import { cleanFileName } from '~/domain/safe-text'
import { type MessageKey, formatDateTime } from '~/i18n/translate'
import { useLocale, useT } from '~/utils/i18n'
import { CommentThread } from './comment-thread'
import { ErrorList, useErrorText } from './forms'
import { ProvenanceBadge } from './provenance-badge'

export type PageCriterionView = Criterion & {
	naAllowed: boolean
	fields: { value: string; naReason: string }
	updatedByName: string | null
	updatedAt: string | null
	evidenceFiles: Array<{ id: number; fileName: string; size: number }>
	verdict: { verdict: 'accept' | 'adjust' | 'not_met'; value: string; reason: string | null; evaluatorName: string } | null
	comments: Array<{ id: number; authorName: string; body: string; requestsChange: boolean; createdAt: Date | string }>
}

export type ConflictView = { theirs: { value: string; naReason: string } | null; byName: string | null; at: string | Date }

function basisText(b: Basis) {
	return `${b.document}, ${b.clause}`
}

/** One criterion of the form: the question, where it comes from, the right control, evidence. */
export function CriterionCard({
	index,
	criterion: c,
	names,
	errors,
	editable,
	today,
	saveState,
	conflict,
	onOverride,
	evidenceNotice,
}: {
	index: number
	criterion: PageCriterionView
	names: { id: string; value: string; naReason: string }
	errors: { value?: ReadonlyArray<string>; naReason?: ReadonlyArray<string> }
	editable: boolean
	today: string
	saveState: SaveState
	conflict: ConflictView | null | undefined
	onOverride: () => void
	/** After an evidence form of this criterion: what happened, or the message of the refusal (`key` or `key|{…}`). */
	evidenceNotice: { notice: MessageKey | null; error: string | null } | null
}) {
	const t = useT()
	const locale = useLocale()
	const errorText = useErrorText()
	const l = (text: { vi: string; en: string }) => (locale === 'en' ? text.en : text.vi)
	const dom = `c-${index}`
	const valueErrorId = errors.value?.length ? `${dom}-value-error` : undefined
	return (
		<fieldset className="criterion" id={c.id} data-criterion={c.id} data-index={index} aria-describedby={`${dom}-meta`}>
			<legend>
				<code>{c.id}</code> {l(c.text)}
			</legend>
			<div className="criterion__meta" id={`${dom}-meta`}>
				<span>{t('form.basis', { basis: [c.basis, ...c.see_also].map(basisText).join('; ') })}</span>
				<ProvenanceBadge provenance={c.provenance} />
				{c.mandatory ? <span className="badge badge--warn">{t('catalogs.mandatory')}</span> : null}
				{c.evidence === 'required' ? <span className="badge">{t('evidence.requiredHint')}</span> : null}
			</div>
			{c.guidance ? (
				<div className="criterion__guidance">
					<strong>{t('form.guidance')}: </strong>
					{l(c.guidance)}
				</div>
			) : null}
			<input type="hidden" name={names.id} value={c.id} />
			<input type="hidden" name={`answers[${index}].orig`} value={c.fields.value} />
			<input type="hidden" name={`answers[${index}].origNa`} value={c.fields.naReason} />
			<AnswerControl
				spec={c.answer}
				naAllowed={c.naAllowed}
				name={names.value}
				dom={dom}
				defaultValue={c.fields.value}
				disabled={!editable}
				today={today}
				errorId={valueErrorId}
			/>
			<ErrorList id={valueErrorId} errors={errors.value} />
			{c.answer.type === 'yes_no' && c.naAllowed ? (
				<div className={`field na-reason${c.fields.value === 'na' || errors.naReason?.length ? ' na-reason--shown' : ''}`}>
					<label htmlFor={`${dom}-na`}>{t('form.naReason')}</label>
					<textarea
						id={`${dom}-na`}
						name={names.naReason}
						defaultValue={c.fields.naReason}
						rows={2}
						maxLength={1000}
						disabled={!editable}
						aria-invalid={errors.naReason?.length ? true : undefined}
						aria-describedby={errors.naReason?.length ? `${dom}-na-error` : undefined}
					/>
					<ErrorList id={`${dom}-na-error`} errors={errors.naReason} />
				</div>
			) : null}
			{c.verdict && c.verdict.verdict !== 'accept' ? (
				<p className="alert alert--error" data-testid="evaluator-verdict">
					{t('assessment.evaluatorVerdict', { name: c.verdict.evaluatorName, verdict: t(`verdict.${c.verdict.verdict}`) })}
					{c.verdict.verdict === 'adjust' ? ` → ${displayValue(c.answer, c.verdict.value, locale, t)}` : ''}
					{c.verdict.reason ? ` — ${c.verdict.reason}` : ''}
				</p>
			) : null}
			<CommentThread comments={c.comments} criterionId={c.id} canWrite={false} />
			<SaveStatus state={saveState} />
			{conflict ? (
				<div className="alert alert--error" role="alert" data-testid="conflict">
					{t('form.conflict', {
						name: conflict.byName ?? '—',
						time: formatDateTime(locale, new Date(conflict.at)),
						value: conflict.theirs ? displayValue(c.answer, conflict.theirs.value, locale, t) : t('form.conflictCleared'),
					})}{' '}
					{saveState === 'conflict' ? (
						<button type="button" className="link-button" onClick={onOverride}>
							{t('form.save')}
						</button>
					) : null}
				</div>
			) : null}
			{c.evidence !== 'none' ? (
				<div className="evidence">
					<strong>{t('evidence.title')}</strong>
					{c.evidenceFiles.length ? (
						<ul>
							{c.evidenceFiles.map((f) => (
								<li key={f.id}>
									<a href={`/evidence/${f.id}`} download>
										<bdi>{cleanFileName(f.fileName, '—')}</bdi>
									</a>{' '}
									<span className="muted">({Math.max(1, Math.round(f.size / 1024))} KB)</span>{' '}
									{editable ? (
										<button type="submit" form={`remove-ev-${f.id}`} className="link-button">
											{t('evidence.remove')}
										</button>
									) : null}
								</li>
							))}
						</ul>
					) : null}
					{editable ? (
						<div className="field">
							<label htmlFor={`${dom}-file`}>{t('evidence.file')}</label>
							<span>
								<input
									id={`${dom}-file`}
									type="file"
									name="file"
									form={`upload-${index}`}
									accept=".pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods"
								/>{' '}
								<button type="submit" form={`upload-${index}`} className="button button--quiet">
									{t('evidence.upload')}
								</button>
							</span>
						</div>
					) : null}
					{evidenceNotice?.error ? (
						<p className="error-list" role="alert">
							{errorText(evidenceNotice.error)}
						</p>
					) : evidenceNotice?.notice ? (
						<p className="save-state save-state--saved" role="status">
							{t.dynamic(evidenceNotice.notice)}
						</p>
					) : null}
				</div>
			) : null}
		</fieldset>
	)
}

/** An answer as a person reads it: the option's label, Yes/No, a percentage. */
export function displayValue(spec: AnswerSpec, value: string, locale: 'vi' | 'en', t: (k: MessageKey) => string) {
	if (spec.type === 'yes_no') return t(value === 'yes' ? 'form.yes' : value === 'no' ? 'form.no' : 'form.na')
	if (spec.type === 'choice') {
		const option = spec.options.find((o) => o.value === value)
		return option ? (locale === 'en' ? option.label.en : option.label.vi) : value
	}
	if (spec.type === 'percent') return withPercentSign(locale, value)
	return value
}

function SaveStatus({ state }: { state: SaveState }) {
	const t = useT()
	const text = state === 'saving' ? t('form.saving') : state === 'saved' ? t('form.saved') : state === 'failed' ? t('form.saveFailed') : ''
	return (
		<p className={`save-state save-state--${state}`} aria-live="polite" data-save-state={state}>
			{text}
		</p>
	)
}

export function AnswerControl({
	spec,
	naAllowed,
	name,
	dom,
	defaultValue,
	disabled,
	today,
	errorId,
}: {
	spec: AnswerSpec
	naAllowed: boolean
	name: string
	dom: string
	defaultValue: string
	disabled: boolean
	today: string
	errorId?: string
}) {
	const t = useT()
	const locale = useLocale()
	const invalid = errorId ? true : undefined
	switch (spec.type) {
		case 'yes_no': {
			const options: Array<[string, MessageKey]> = [
				['yes', 'form.yes'],
				['no', 'form.no'],
			]
			if (naAllowed) options.push(['na', 'form.na'])
			return (
				<div className="choices" aria-describedby={errorId}>
					{options.map(([value, label]) => (
						<label key={value}>
							<input
								type="radio"
								name={name}
								value={value}
								defaultChecked={defaultValue === value}
								disabled={disabled}
								aria-invalid={invalid}
							/>
							{t.dynamic(label)}
						</label>
					))}
				</div>
			)
		}
		case 'choice':
			return (
				<div className="choices" aria-describedby={errorId}>
					{spec.options.map((o) => (
						<label key={o.value}>
							<input
								type="radio"
								name={name}
								value={o.value}
								defaultChecked={defaultValue === o.value}
								disabled={disabled}
								aria-invalid={invalid}
							/>
							{locale === 'en' ? o.label.en : o.label.vi}
						</label>
					))}
				</div>
			)
		case 'number':
		case 'percent': {
			const unit = spec.type === 'percent' ? '%' : spec.unit ? (locale === 'en' ? spec.unit.en : spec.unit.vi) : null
			return (
				<div className="field">
					<label htmlFor={`${dom}-v`} className="visually-hidden">
						{t(spec.type === 'percent' ? 'answerType.percent' : 'answerType.number')}
					</label>
					<span>
						<input
							id={`${dom}-v`}
							name={name}
							type="text"
							inputMode="decimal"
							defaultValue={defaultValue}
							disabled={disabled}
							aria-invalid={invalid}
							aria-describedby={errorId}
							size={10}
						/>{' '}
						{unit}
					</span>
				</div>
			)
		}
		case 'date':
			return (
				<div className="field">
					<label htmlFor={`${dom}-v`} className="visually-hidden">
						{t('answerType.date')}
					</label>
					<input
						id={`${dom}-v`}
						name={name}
						type="date"
						defaultValue={defaultValue}
						max={spec.allow_future ? undefined : today}
						disabled={disabled}
						aria-invalid={invalid}
						aria-describedby={errorId}
					/>
				</div>
			)
		case 'text':
			return (
				<div className="field">
					<label htmlFor={`${dom}-v`} className="visually-hidden">
						{t('answerType.text')}
					</label>
					<textarea
						id={`${dom}-v`}
						name={name}
						defaultValue={defaultValue}
						rows={spec.multiline ? 4 : 2}
						maxLength={spec.max_length}
						disabled={disabled}
						aria-invalid={invalid}
						aria-describedby={errorId}
					/>
				</div>
			)
	}
}
