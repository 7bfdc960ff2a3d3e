import { parseWithZod } from '@conform-to/zod/v4'
import { getDb } from '#db/client.server'
import { type AssessmentContext, getAnswers, getEvidence } from '#db/queries/assessments'
import { getComments, getVerdicts } from '#db/queries/review'
import { answerToFields } from '~/domain/answer-form'
import { answersPageSchema } from '~/domain/answer-form-schema'
import { applicabilityFor } from '~/domain/catalog/compile'
import { vnIsoDate } from '~/domain/dates'

/** The applicable groups of every catalog, in order: the pages of the assessment form. */
export function formPages(ctx: AssessmentContext) {
	return ctx.catalogs.flatMap((c) => {
		const applies = applicabilityFor(c.compiled, ctx.facilityProfile, ctx.asOf)
		return c.compiled.groups
			.filter((g) => applies.subarray(g.first, g.end).some((x) => x === 1))
			.map((g) => ({ catalogCode: c.code, groupId: g.group.id }))
	})
}

/** Everything one form page shows: the group's applicable criteria with their answers and evidence. */
export function loadFormPage(ctx: AssessmentContext, catalogCode: string, groupId: string) {
	const loaded = ctx.catalogs.find((c) => c.code === catalogCode)
	const group = loaded?.compiled.groups.find((g) => g.group.id === groupId)
	if (!loaded || !group) return null
	const applies = applicabilityFor(loaded.compiled, ctx.facilityProfile, ctx.asOf)
	const criteria = loaded.compiled.criteria.slice(group.first, group.end).filter((_, i) => applies[group.first + i] === 1)
	if (!criteria.length) return null
	const db = getDb()
	const stored = getAnswers(db, ctx.assessment.id)
	const keys = criteria.map((c) => c.criterion.id)
	const evidence = getEvidence(db, ctx.assessment.id, keys)
	// After a return, the facility sees the evaluator's verdicts of the round it is revising.
	const verdicts = ctx.assessment.round > 1 ? getVerdicts(db, ctx.assessment.id, ctx.assessment.round - 1) : new Map()
	const comments = getComments(db, ctx.assessment.id)
	const pages = formPages(ctx)
	const at = pages.findIndex((p) => p.catalogCode === catalogCode && p.groupId === groupId)
	return {
		catalog: { code: loaded.code, version: loaded.version, title: loaded.catalog.title },
		group: { id: group.group.id, title: group.group.title, description: group.group.description ?? null },
		criteria: criteria.map((c) => {
			const s = stored.get(c.criterion.id)
			return {
				...c.criterion,
				naAllowed: c.naAllowed,
				fields: answerToFields(s?.answer),
				updatedByName: s?.updatedByName ?? null,
				updatedAt: s?.updatedAt ?? null,
				evidenceFiles: evidence.filter((e) => e.key === c.criterion.id).map((e) => ({ id: e.id, fileName: e.fileName, size: e.size })),
				verdict: (() => {
					const v = verdicts.get(c.criterion.id)
					return v ? { verdict: v.verdict, value: answerToFields(v.value).value, reason: v.reason, evaluatorName: v.evaluatorName } : null
				})(),
				comments: comments.filter((cm) => cm.criterionKey === c.criterion.id),
			}
		}),
		prev: at > 0 ? pages[at - 1] : null,
		next: at >= 0 && at < pages.length - 1 ? pages[at + 1] : null,
		today: vnIsoDate(new Date()),
	}
}

/** Parses a submitted answers page with the server's zod schema (kept out of the browser bundle). */
export function parseAnswersPage(
	formData: FormData,
	page: { criteria: ReadonlyArray<{ id: string; answer: Parameters<typeof answersPageSchema>[0][number]['answer'] }>; today: string },
) {
	return parseWithZod(formData, { schema: answersPageSchema(page.criteria, { today: page.today }) })
}
