import { type ReactNode, useId } from 'react'
import { isMessageKey, type Translate, type TranslateParams } from '~/i18n/translate'
import { useT } from '~/utils/i18n'

/**
 * Error messages travel as dictionary keys (optionally `key|{"param":1}`) so the server and
 * the browser show them in the reader's language. A message that is not a key of the dictionary
 * (a schema without its own messages, a code nobody added) reads as a generic "not in the right
 * format", never as the raw text.
 */
export function useErrorText() {
	const t = useT()
	return (message: string) => errorText(t, message)
}

export function errorText(t: Translate, message: string) {
	const [key, raw] = message.split('|', 2)
	if (!isMessageKey(key)) return t('form.malformed')
	return t.dynamic(key, raw ? errorParams(raw) : undefined)
}

/** The parameters after the `|`, when they are a JSON object of strings and numbers. */
function errorParams(raw: string): TranslateParams | undefined {
	let parsed: unknown
	try {
		parsed = JSON.parse(raw)
	} catch {
		return undefined
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined
	const entries = Object.entries(parsed).filter((e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number')
	return Object.fromEntries(entries)
}

export function ErrorList({ id, errors }: { id?: string; errors?: ReadonlyArray<string> | null }) {
	const text = useErrorText()
	if (!errors?.length) return null
	return (
		<ul id={id} className="error-list">
			{errors.map((e) => (
				<li key={e}>{text(e)}</li>
			))}
		</ul>
	)
}

export function Field({
	label,
	inputProps,
	errors,
	hint,
}: {
	label: ReactNode
	inputProps: React.InputHTMLAttributes<HTMLInputElement> & { key?: string | null }
	errors?: ReadonlyArray<string> | null
	hint?: ReactNode
}) {
	const fallbackId = useId()
	const { key, ...props } = inputProps
	const id = props.id ?? fallbackId
	const errorId = errors?.length ? `${id}-error` : undefined
	const hintId = hint ? `${id}-hint` : undefined
	return (
		<div className="field">
			<label htmlFor={id}>{label}</label>
			{hint ? (
				<span id={hintId} className="muted">
					{hint}
				</span>
			) : null}
			<input
				key={key ?? undefined}
				id={id}
				{...props}
				aria-invalid={errorId ? true : undefined}
				aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
			/>
			<ErrorList id={errorId} errors={errors} />
		</div>
	)
}

/** Errors of the whole form (not tied to one field), announced to screen readers. */
export function FormErrors({ id, errors }: { id?: string; errors?: ReadonlyArray<string> | null }) {
	const text = useErrorText()
	if (!errors?.length) return null
	return (
		<div className="alert alert--error" role="alert" id={id}>
			{errors.map((e) => (
				<p key={e} className="inline-form">
					{text(e)}
				</p>
			))}
		</div>
	)
}

/** A labelled select wired like `Field`: errors announced and tied to the control. */
export function SelectField({
	label,
	name,
	id,
	defaultValue,
	options,
	errors,
	hint,
	placeholder,
}: {
	label: ReactNode
	name: string
	id?: string
	defaultValue?: string
	options: ReadonlyArray<readonly [string, string]>
	errors?: ReadonlyArray<string> | null
	hint?: ReactNode
	/** A first, empty option, when choosing nothing must be possible (or required). */
	placeholder?: string
}) {
	const fallbackId = useId()
	const controlId = id ?? fallbackId
	const errorId = errors?.length ? `${controlId}-error` : undefined
	const hintId = hint ? `${controlId}-hint` : undefined
	return (
		<div className="field">
			<label htmlFor={controlId}>{label}</label>
			{hint ? (
				<span id={hintId} className="muted">
					{hint}
				</span>
			) : null}
			<select
				id={controlId}
				name={name}
				defaultValue={defaultValue ?? ''}
				aria-invalid={errorId ? true : undefined}
				aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
			>
				{placeholder !== undefined ? <option value="">{placeholder}</option> : null}
				{options.map(([value, text]) => (
					<option key={value} value={value}>
						{text}
					</option>
				))}
			</select>
			<ErrorList id={errorId} errors={errors} />
		</div>
	)
}
