import { type FocusEvent, type FormEvent, type KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react'
import { fieldsToAnswer } from '~/domain/answer-form'
import { type AnswerSpec } from '~/domain/catalog/schema'
import { type CatalogScore } from '~/domain/catalog/scoring'

export type SaveState = 'idle' | 'saving' | 'saved' | 'failed' | 'conflict' | 'invalid'

type ConflictInfo = { theirs: { value: string; naReason: string } | null; byName: string | null; at: string; version: number }

type Job = { criterionId: string; value: string; naReason: string; force?: boolean }

const TYPING_DELAY_MS = 800
const RETRY_DELAYS_MS = [1_000, 3_000, 10_000, 30_000]
/**
 * A save not answered in this long is sent again (the same base version: a save that did commit is
 * then no change). A connection being handed to a server worker at the moment it dies is never
 * answered (docs/decisions/012).
 */
const ANSWER_TIMEOUT_MS = 15_000

/**
 * Saves each answer as the user goes, one request at a time (so a slow connection never
 * reorders saves), retrying failures with back-off. The page keeps working without it: the
 * Save button posts the whole page.
 */
export function useAutosave(opts: {
	url: string
	version: number
	criteria: ReadonlyArray<{ id: string; answer: AnswerSpec }>
	today: string
	enabled: boolean
	onScore: (score: CatalogScore) => void
}) {
	const [states, setStates] = useState<Record<string, SaveState>>({})
	const [conflicts, setConflicts] = useState<Record<string, ConflictInfo>>({})
	const [version, setVersion] = useState(opts.version)
	const versionRef = useRef(opts.version)
	const queue = useRef<Array<Job>>([])
	const running = useRef(false)
	const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>())
	const optsRef = useRef(opts)
	optsRef.current = opts

	// A fresh page load (after a full-page save or navigation) brings a newer version.
	useEffect(() => {
		if (opts.version > versionRef.current) {
			versionRef.current = opts.version
			setVersion(opts.version)
		}
	}, [opts.version])

	const setState = (id: string, s: SaveState) => setStates((prev) => ({ ...prev, [id]: s }))

	const pump = useCallback(async () => {
		if (running.current) return
		running.current = true
		let attempt = 0
		while (queue.current.length) {
			const job = queue.current[0]
			setState(job.criterionId, 'saving')
			try {
				// URL-encoded: the server reads it without a multipart parser (server/autosave.js).
				const body = new URLSearchParams()
				body.set('criterionId', job.criterionId)
				body.set('value', job.value)
				body.set('naReason', job.naReason)
				body.set(
					'baseVersion',
					String(job.force ? (conflictsRef.current[job.criterionId]?.version ?? versionRef.current) : versionRef.current),
				)
				const res = await fetch(optsRef.current.url, {
					method: 'POST',
					body,
					headers: { Accept: 'application/json' },
					signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
				})
				const json = await res.json().catch(() => null)
				if (res.ok && json?.status === 'saved') {
					versionRef.current = Math.max(versionRef.current, json.version)
					setVersion(versionRef.current)
					setState(job.criterionId, 'saved')
					setConflicts((prev) => {
						const { [job.criterionId]: _, ...rest } = prev
						return rest
					})
					if (json.score) optsRef.current.onScore(json.score)
				} else if (res.status === 409 && json?.status === 'conflict') {
					setConflicts((prev) => ({ ...prev, [job.criterionId]: json.conflict }))
					setState(job.criterionId, 'conflict')
				} else if (res.status >= 400 && res.status < 500) {
					setState(job.criterionId, 'invalid')
				} else {
					throw new Error(`HTTP ${res.status}`)
				}
				queue.current.shift()
				attempt = 0
			} catch {
				setState(job.criterionId, 'failed')
				await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[Math.min(attempt++, RETRY_DELAYS_MS.length - 1)]))
			}
		}
		running.current = false
	}, [])

	const conflictsRef = useRef(conflicts)
	conflictsRef.current = conflicts

	function enqueue(job: Job) {
		// A newer value for the same criterion replaces one still waiting (not the one in flight).
		const waiting = queue.current.findIndex((j, i) => i > 0 && j.criterionId === job.criterionId)
		if (waiting >= 0) queue.current.splice(waiting, 1)
		queue.current.push(job)
		void pump()
	}

	function collect(form: HTMLFormElement, fieldset: HTMLFieldSetElement): Job | null {
		const id = fieldset.dataset.criterion!
		const index = fieldset.dataset.index!
		const data = new FormData(form)
		const value = String(data.get(`answers[${index}].value`) ?? '')
		const naReason = String(data.get(`answers[${index}].naReason`) ?? '')
		const criterion = optsRef.current.criteria.find((c) => c.id === id)
		if (!criterion) return null
		// Check in the browser first with the same rules as the server; the form shows the error.
		const converted = fieldsToAnswer(criterion.answer, { value, naReason }, { today: optsRef.current.today })
		if (!converted.ok) {
			setState(id, 'invalid')
			return null
		}
		if (value === 'na' && naReason.trim() === '') return null
		return { criterionId: id, value, naReason }
	}

	function schedule(target: EventTarget | null, form: HTMLFormElement, delay: number) {
		if (!optsRef.current.enabled || !(target instanceof HTMLElement)) return
		if (target.getAttribute('type') === 'file' || target.hasAttribute('form')) return
		const fieldset = target.closest<HTMLFieldSetElement>('fieldset[data-criterion]')
		if (!fieldset) return
		const id = fieldset.dataset.criterion!
		clearTimeout(timers.current.get(id))
		timers.current.set(
			id,
			setTimeout(() => {
				const job = collect(form, fieldset)
				if (job) enqueue(job)
			}, delay),
		)
	}

	return {
		version,
		stateOf: (id: string): SaveState => states[id] ?? 'idle',
		conflictOf: (id: string) => conflicts[id] ?? null,
		override(id: string) {
			const fieldset = document.querySelector<HTMLFieldSetElement>(`fieldset[data-criterion="${CSS.escape(id)}"]`)
			const form = fieldset?.closest('form')
			if (!fieldset || !form) return
			const job = collect(form, fieldset)
			if (job) enqueue({ ...job, force: true })
		},
		onChange(event: FormEvent<HTMLFormElement>) {
			const target = event.target as HTMLElement
			const typing = target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && target.type === 'text')
			schedule(target, event.currentTarget, typing ? TYPING_DELAY_MS : 0)
		},
		onBlur(event: FocusEvent<HTMLFormElement>) {
			const target = event.target as HTMLElement
			if (target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && target.type === 'text'))
				schedule(target, event.currentTarget, 0)
		},
		/** Alt+↓ / Alt+↑ move between criteria. */
		onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
			if (!event.altKey || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return
			const all = [...event.currentTarget.querySelectorAll<HTMLFieldSetElement>('fieldset[data-criterion]')]
			const current = (event.target as HTMLElement).closest('fieldset[data-criterion]')
			const at = current ? all.indexOf(current as HTMLFieldSetElement) : -1
			const next = all[event.key === 'ArrowDown' ? Math.min(all.length - 1, at + 1) : Math.max(0, at - 1)]
			const focusable = next?.querySelector<HTMLElement>('input:not([type=hidden]):checked, input:not([type=hidden]), textarea, select')
			if (focusable) {
				event.preventDefault()
				focusable.focus()
			}
		},
	}
}
