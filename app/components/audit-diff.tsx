import { Link } from '@remix-run/react'
import { type ReactNode } from 'react'
import { dmyDate } from '~/domain/dates'
import { type Locale } from '~/domain/enums'
import { type LevelName } from '~/domain/level-names'
import { withPercentSign } from '~/domain/numbers'
import { formatNumber, isMessageKey, type Translate } from '~/i18n/translate'
import { useLocale, useT } from '~/utils/i18n'

/** What the page knows about a criterion named in an event: where it is, and its choice labels. */
export type CriterionRef = { href: string; choices?: Record<string, { vi: string; en: string }> }

type Change = { key: string; label: ReactNode; from?: ReactNode; to?: ReactNode }

/** The human label of an action code; unknown codes (from newer code or by hand) show as they are. */
export function auditActionLabel(t: Translate, action: string): string {
	const key = `audit.action.${action}`
	return isMessageKey(key) ? t.dynamic(key) : action
}

/** "Assessment #12" and the like; unknown entity types show as `type #id`. */
export function auditEntityLabel(t: Translate, entityType: string, entityId: string): string {
	const key = `audit.entity.${entityType}`
	return isMessageKey(key) ? t.dynamic(key, { id: entityId }) : `${entityType} #${entityId}`
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function truncate(s: string, max = 80) {
	return s.length > max ? `${s.slice(0, max - 1)}…` : s
}

function same(a: unknown, b: unknown) {
	return JSON.stringify(a) === JSON.stringify(b)
}

/** A stored answer ({ kind, value }) in words: the same wording as the form. */
function formatAnswer(t: Translate, locale: Locale, answer: unknown, ref?: CriterionRef): string {
	if (answer === null || answer === undefined) return t('audit.unanswered')
	if (!isRecord(answer) || typeof answer.kind !== 'string') return formatValue(t, locale, answer)
	const { kind, value } = answer
	switch (kind) {
		case 'yes_no': {
			const word = value === 'yes' ? t('form.yes') : value === 'no' ? t('form.no') : value === 'na' ? t('form.na') : String(value)
			return typeof answer.naReason === 'string' && answer.naReason
				? `${word} (${t('audit.naReason', { reason: truncate(answer.naReason, 60) })})`
				: word
		}
		case 'choice': {
			const label = typeof value === 'string' ? ref?.choices?.[value] : undefined
			return label ? label[locale] : String(value)
		}
		case 'number':
			return typeof value === 'number' ? formatNumber(locale, value) : String(value)
		case 'percent':
			return typeof value === 'number' ? withPercentSign(locale, formatNumber(locale, value)) : String(value)
		case 'date':
			return typeof value === 'string' && ISO_DATE.test(value) ? dmyDate(value) : String(value)
		case 'text':
			return `“${truncate(String(value))}”`
		default:
			return formatValue(t, locale, answer)
	}
}

function formatValue(t: Translate, locale: Locale, v: unknown): string {
	if (v === null || v === undefined) return '—'
	if (typeof v === 'boolean') return v ? t('audit.true') : t('audit.false')
	if (typeof v === 'number') return formatNumber(locale, v)
	// SHA-256 digests (content hashes, blobs): the first characters identify them well enough here.
	if (typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)) return `${v.slice(0, 12)}…`
	if (typeof v === 'string' && ISO_DATE.test(v)) return dmyDate(v)
	if (typeof v === 'string') return truncate(v)
	if (Array.isArray(v)) return v.length ? truncate(v.map((item) => formatValue(t, locale, item)).join(', ')) : '—'
	if (isRecord(v) && typeof v.kind === 'string' && 'value' in v) return formatAnswer(t, locale, v)
	return truncate(JSON.stringify(v))
}

function fieldLabel(t: Translate, key: string, entityType?: string): string {
	// A campaign event carries the campaign form's fields: they read best with the form's labels.
	const candidates = [
		`audit.field.${key}`,
		entityType === 'campaign' ? `campaign.field.${key === 'catalogVersionIds' ? 'catalogs' : key}` : '',
	]
	const found = candidates.find(isMessageKey)
	return found ? t.dynamic(found) : key
}

/** Fields whose values are codes with labels of their own: the dictionary prefix of each. */
const CODE_LABELS: Record<string, string> = {
	type: 'facilityType',
	class: 'facilityClass',
	managingBody: 'managingBody',
	ownership: 'ownership',
	role: 'role',
	scopeKind: 'users.scope',
	verdict: 'audit.verdict',
}

function codeLabel(t: Translate, key: string, v: unknown, entityType?: string): string | null {
	if (key === 'status') return statusLabel(t, v, entityType)
	if (key === 'occasion' && typeof v === 'string') {
		const days = /^before:(\d+)$/.exec(v)?.[1]
		return days ? t('audit.occasion.before', { days }) : v === 'manual' ? t('audit.occasion.manual') : v
	}
	const k = `${CODE_LABELS[key]}.${String(v)}`
	return key in CODE_LABELS && isMessageKey(k) ? t.dynamic(k) : null
}

function statusLabel(t: Translate, status: unknown, entityType?: string): string {
	const k = `${entityType === 'campaign' ? 'campaignStatus' : 'status'}.${String(status)}`
	return isMessageKey(k) ? t.dynamic(k) : String(status)
}

function verdictLabel(t: Translate, verdict: unknown): string {
	const k = `audit.verdict.${String(verdict)}`
	return isMessageKey(k) ? t.dynamic(k) : String(verdict)
}

function CriterionName({ id, refs }: { id: string; refs?: Record<string, CriterionRef> }) {
	const ref = refs?.[id]
	return ref ? (
		<Link to={ref.href}>
			<code>{id}</code>
		</Link>
	) : (
		<code>{id}</code>
	)
}

/** Field by field differences of two plain objects (or of two plain values). */
function genericChanges(t: Translate, locale: Locale, entityType: string | undefined, before: unknown, after: unknown): Array<Change> {
	if (!isRecord(before) && !isRecord(after)) {
		if (before === null && after === null) return []
		return [
			{
				key: '',
				label: null,
				from: before === null ? undefined : formatValue(t, locale, before),
				to: after === null ? undefined : formatValue(t, locale, after),
			},
		]
	}
	const b = isRecord(before) ? before : {}
	const a = isRecord(after) ? after : {}
	const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])]
	const fmt = (key: string, v: unknown) => codeLabel(t, key, v, entityType) ?? formatValue(t, locale, v)
	return keys
		.filter((key) => !(key in b && key in a && same(b[key], a[key])))
		.map((key) => ({
			key,
			label: fieldLabel(t, key, entityType),
			from: key in b ? fmt(key, b[key]) : undefined,
			to: key in a ? fmt(key, a[key]) : undefined,
		}))
}

export function changesOf(
	t: Translate,
	locale: Locale,
	event: { action: string; entityType?: string; before: unknown; after: unknown },
	refs?: Record<string, CriterionRef>,
	levelNames?: Record<string, LevelName>,
): Array<Change> {
	const { action, entityType, before, after } = event
	switch (action) {
		case 'answer.save': {
			const b = isRecord(before) ? before : {}
			const a = isRecord(after) ? after : {}
			const ids = [...new Set([...Object.keys(a), ...Object.keys(b)])]
			return ids.map((id) => ({
				key: id,
				label: <CriterionName id={id} refs={refs} />,
				from: formatAnswer(t, locale, b[id] ?? null, refs?.[id]),
				to: formatAnswer(t, locale, a[id] ?? null, refs?.[id]),
			}))
		}
		case 'assessment.submit': {
			if (!isRecord(after)) break
			const out: Array<Change> = [
				{
					key: 'status',
					label: fieldLabel(t, 'status'),
					from: isRecord(before) ? statusLabel(t, before.status) : undefined,
					to: statusLabel(t, after.status),
				},
			]
			if (typeof after.round === 'number') out.push({ key: 'round', label: t('audit.round', { round: after.round }) })
			if (after.late === true) out.push({ key: 'late', label: <span className="badge badge--danger">{t('assessment.late')}</span> })
			if (Array.isArray(after.levels) && after.levels.length) {
				const levels = after.levels
					.filter((l): l is [string, string | null] => Array.isArray(l) && typeof l[0] === 'string')
					.map(([code, level]) => {
						const named = level ? levelNames?.[`${code}/${level}`] : undefined
						const catalog = named ? (locale === 'en' ? named.catalog.en : named.catalog.vi) : code
						const reached = named ? (locale === 'en' ? named.level.en : named.level.vi) : (level ?? '—')
						return `${catalog}: ${reached}`
					})
					.join(' · ')
				out.push({ key: 'levels', label: fieldLabel(t, 'levels'), to: levels })
			}
			return out
		}
		case 'evidence.add':
			if (isRecord(after) && typeof after.criterionId === 'string') {
				return [{ key: 'file', label: <CriterionName id={after.criterionId} refs={refs} />, to: formatValue(t, locale, after.fileName) }]
			}
			break
		case 'review.verdict':
			if (isRecord(after) && typeof after.criterionId === 'string') {
				const id = after.criterionId
				const b = isRecord(before) ? before : {}
				const out: Array<Change> = [
					{
						key: 'verdict',
						label: <CriterionName id={id} refs={refs} />,
						from: b.verdict ? verdictLabel(t, b.verdict) : undefined,
						to: verdictLabel(t, after.verdict),
					},
				]
				if (after.value !== null && after.value !== undefined)
					out.push({ key: 'value', label: fieldLabel(t, 'value'), to: formatAnswer(t, locale, after.value, refs?.[id]) })
				if (typeof after.reason === 'string' && after.reason)
					out.push({ key: 'reason', label: fieldLabel(t, 'reason'), to: `“${truncate(after.reason)}”` })
				return out
			}
			break
		case 'comment.add':
			if (isRecord(after) && typeof after.body === 'string') {
				const label = typeof after.criterionId === 'string' ? <CriterionName id={after.criterionId} refs={refs} /> : fieldLabel(t, 'body')
				return [{ key: 'body', label, to: `“${truncate(after.body, 160)}”` }]
			}
			break
		case 'evidence.remove':
			if (isRecord(before)) {
				return [{ key: 'file', label: fieldLabel(t, 'fileName'), from: formatValue(t, locale, before.fileName), to: t('audit.removed') }]
			}
			break
	}
	return genericChanges(t, locale, entityType, before, after)
}

/**
 * The fields of an event that would show as their raw key: every field a service writes to the
 * trail needs a label (tests/integration/audit-labels.test.ts checks every audited action with this).
 */
export function unlabelledAuditFields(
	t: Translate,
	event: { action: string; entityType?: string; before: unknown; after: unknown },
): Array<string> {
	return changesOf(t, 'vi', event)
		.filter((c) => c.key && c.label === c.key)
		.map((c) => c.key)
}

/**
 * A readable summary of what one audit event changed: one line per field (or per criterion for
 * saved answers), "old → new". `limit` keeps table cells compact.
 */
export function AuditDiff({
	action,
	entityType,
	before,
	after,
	criteria,
	levels,
	limit,
}: {
	action: string
	entityType?: string
	before: unknown
	after: unknown
	criteria?: Record<string, CriterionRef>
	/** Catalogs' and levels' names for "CODE/LEVEL" ids stored in the row (app/domain/level-names). */
	levels?: Record<string, LevelName>
	limit?: number
}) {
	const t = useT()
	const locale = useLocale()
	const changes = changesOf(t, locale, { action, entityType, before, after }, criteria, levels)
	if (!changes.length) return null
	const shown = limit !== undefined ? changes.slice(0, limit) : changes
	const hidden = changes.length - shown.length
	return (
		<ul className="audit-diff">
			{shown.map((c) => (
				<li key={c.key}>
					{c.label}
					{c.label && (c.from !== undefined || c.to !== undefined) ? ': ' : null}
					{c.from !== undefined ? <span>{c.from}</span> : null}
					{c.from !== undefined && c.to !== undefined ? ' → ' : null}
					{c.to !== undefined ? <span>{c.to}</span> : null}
				</li>
			))}
			{hidden > 0 ? <li className="muted">{t('audit.more', { count: hidden })}</li> : null}
		</ul>
	)
}
