import { Form, useNavigation } from '@remix-run/react'
import { useT } from '~/utils/i18n'
import { FormErrors } from './forms'

/** The upload step of an import: one file, sent for a preview (nothing is written yet). */
export function UploadForm({
	id,
	label,
	hint,
	accept,
	error,
	errors,
	action,
	hidden,
}: {
	id: string
	label: string
	hint?: string
	accept: string
	error?: { code: string; params: Record<string, string | number> | null } | null
	/** Or the messages of the form's last reply (`key` or `key|{"param":1}`). */
	errors?: ReadonlyArray<string> | null
	/** Where the file goes, when not to this page's action. */
	action?: string
	/** Fields sent with the file. */
	hidden?: Record<string, string>
}) {
	const t = useT()
	const navigation = useNavigation()
	return (
		<>
			<FormErrors errors={errors ?? (error ? [error.params ? `${error.code}|${JSON.stringify(error.params)}` : error.code] : null)} />
			<Form method="post" encType="multipart/form-data" className="form" action={action}>
				{Object.entries(hidden ?? {}).map(([name, value]) => (
					<input key={name} type="hidden" name={name} value={value} />
				))}
				<div className="field">
					<label htmlFor={id}>{label}</label>
					{hint ? (
						<span id={`${id}-hint`} className="muted">
							{hint}
						</span>
					) : null}
					<input id={id} name="file" type="file" accept={accept} required aria-describedby={hint ? `${id}-hint` : undefined} />
				</div>
				<p>
					<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
						{t('import.upload.preview')}
					</button>
				</p>
			</Form>
		</>
	)
}

/** Throws a previewed upload away. */
export function DiscardForm() {
	const t = useT()
	return (
		<Form method="post">
			<input type="hidden" name="intent" value="discard" />
			<button type="submit" className="button button--quiet">
				{t('import.discard')}
			</button>
		</Form>
	)
}

/** The decision on a previewed upload without errors: apply it (when it changes something) or discard it. */
export function ImportDecision({ applicable, message, applyLabel }: { applicable: boolean; message: string; applyLabel: string }) {
	return (
		<section className="card">
			<p className={applicable ? 'alert alert--info' : 'alert'} role="status">
				{message}
			</p>
			<div className="form-actions">
				{applicable ? (
					<Form method="post">
						<input type="hidden" name="intent" value="apply" />
						<button type="submit" className="button">
							{applyLabel}
						</button>
					</Form>
				) : null}
				<DiscardForm />
			</div>
		</section>
	)
}
