// The assessment form: one page per applicable group of a catalog, its criteria with their answers,
// evidence, and (after a return) the evaluator's verdicts; the form's schema, kept out of the
// browser bundle (docs/decisions: the answers form validates without zod in the browser).
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { type Db } from '#db/client.server'
import { type AssessmentContext, getEvidence, scoreContext } from '#db/queries/assessments'
import { getComments, getVerdicts } from '#db/queries/review'
import { answerToFields, type PageCriterion } from '~/domain/answer-form'
import { answersPageSchema } from '~/domain/answer-form-schema'
import { applicabilityFor } from '~/domain/catalog/compile'
import { criterionNames } from '~/domain/criterion-names'
import { vnIsoDate } from '~/domain/dates'
import { type Locale } from '~/domain/enums'
import { can, type Grant, type Target } from '~/domain/permissions'
import { editRefusal, statusNotice, verdictRoundShown } from '~/domain/workflow'

/** The applicable groups of every catalog, in order: the pages of the assessment form. */
export function formPages(ctx: AssessmentContext) {
	return ctx.catalogs.flatMap((c) => {
		const applies = applicabilityFor(c.compiled, ctx.facilityProfile, ctx.asOf)
		return c.compiled.groups
			.filter((g) => applies.subarray(g.first, g.end).some((x) => x === 1))
			.map((g) => ({ catalogCode: c.code, groupId: g.group.id }))
	})
}

/** The applicable criteria of one page (a catalog's group); null when there is no such page. */
export function pageCriteria(ctx: AssessmentContext, catalogCode: string, groupId: string) {
	const loaded = ctx.catalogs.find((c) => c.code === catalogCode)
	const group = loaded?.compiled.groups.find((g) => g.group.id === groupId)
	if (!loaded || !group) return null
	const applies = applicabilityFor(loaded.compiled, ctx.facilityProfile, ctx.asOf)
	const criteria = loaded.compiled.criteria.slice(group.first, group.end).filter((_, i) => applies[group.first + i] === 1)
	if (!criteria.length) return null
	return { loaded, group, criteria }
}

/**
 * Everything one form page shows: the group's applicable criteria with their answers and evidence,
 * the catalog's live score, whether this user may edit; null when there is no such page.
 */
export function answersPage(
	db: Db,
	input: { ctx: AssessmentContext; catalogCode: string; groupId: string; grants: ReadonlyArray<Grant>; target: Target; locale: Locale },
	now = new Date(),
) {
	const { ctx, catalogCode, groupId } = input
	const found = pageCriteria(ctx, catalogCode, groupId)
	if (!found) return null
	const { loaded, group, criteria } = found
	const scored = scoreContext(db, ctx)
	const stored = scored.stored
	const evidence = getEvidence(
		db,
		ctx.assessment.id,
		criteria.map((c) => c.criterion.id),
	)
	const verdictRound = verdictRoundShown(ctx.assessment.status, ctx.assessment.round)
	const verdicts = verdictRound ? getVerdicts(db, ctx.assessment.id, verdictRound) : new Map()
	const comments = getComments(db, ctx.assessment.id)
	const pages = formPages(ctx)
	const at = pages.findIndex((p) => p.catalogCode === catalogCode && p.groupId === groupId)
	const refusal = editRefusal(ctx.assessment.status, ctx.campaign.status)
	return {
		assessmentId: ctx.assessment.id,
		version: ctx.assessment.version,
		editable: refusal === null && can(input.grants, 'assessment:edit', input.target),
		notice: statusNotice(ctx.assessment.status, ctx.campaign.status).notice,
		facilityName: ctx.facility.name,
		campaignTitle: ctx.campaign.title,
		score: scored.result.ok ? scored.result.scores.find((s) => s.code === loaded.code)! : null,
		catalog: { code: loaded.code, version: loaded.version, title: loaded.catalog.title },
		// Every criterion of the catalog may come to block the next level as answers change live.
		names: criterionNames([loaded.compiled], loaded.compiled.indexOf.keys(), input.locale),
		group: { id: group.group.id, title: group.group.title, description: group.group.description ?? null },
		criteria: criteria.map((c) => {
			const s = stored.get(c.criterion.id)
			const v = verdicts.get(c.criterion.id)
			return {
				...c.criterion,
				naAllowed: c.naAllowed,
				fields: answerToFields(s?.answer, input.locale),
				updatedByName: s?.updatedByName ?? null,
				updatedAt: s?.updatedAt ?? null,
				evidenceFiles: evidence.filter((e) => e.key === c.criterion.id).map((e) => ({ id: e.id, fileName: e.fileName, size: e.size })),
				verdict: v
					? { verdict: v.verdict, value: answerToFields(v.value, input.locale).value, reason: v.reason, evaluatorName: v.evaluatorName }
					: null,
				comments: comments.filter((cm) => cm.criterionKey === c.criterion.id),
			}
		}),
		prev: at > 0 ? pages[at - 1] : null,
		next: at >= 0 && at < pages.length - 1 ? pages[at + 1] : null,
		today: vnIsoDate(now),
	}
}

/**
 * The forms of one page, by intent: `save` (the whole page, without JavaScript; the same rules as
 * the browser's check), `upload` (a file for one of the page's criteria), `remove-evidence`.
 */
export function answersPageFormSchema(page: { criteria: ReadonlyArray<{ criterion: PageCriterion }> }, now = new Date()) {
	const criteria = page.criteria.map((c) => c.criterion)
	const ids = new Set(criteria.map((c) => c.id))
	return z.discriminatedUnion(
		'intent',
		[
			answersPageSchema(criteria, { today: vnIsoDate(now) }).extend({ intent: z.literal('save') }),
			z.object({
				intent: z.literal('upload'),
				criterionId: z.string({ error: 'answer.unknown_criterion' }).refine((id) => ids.has(id), 'answer.unknown_criterion'),
				file: z.instanceof(File, { error: 'evidence.missingFile' }).refine((f) => f.size > 0, 'evidence.missingFile'),
			}),
			z.object({ intent: z.literal('remove-evidence'), evidenceId: z.number({ error: 'evidence.not_found' }).int().positive() }),
		],
		{ error: 'form.malformed' },
	)
}

/** Parses a posted page with its forms' schema (Conform), here on the server: zod stays out of the page's bundle. */
export function parseAnswersPageForm(
	formData: FormData,
	page: { criteria: ReadonlyArray<{ criterion: PageCriterion }> },
	now = new Date(),
) {
	return parseWithZod(formData, { schema: answersPageFormSchema(page, now) })
}
