import { parse } from '@conform-to/react'
import { conversionMessage, fieldsToAnswer, type PageCriterion } from '~/domain/answer-form'

/**
 * The browser's check of an answers page: the same `fieldsToAnswer` rules the server's zod schema
 * (answersPageSchema) applies, without shipping zod to the form page (docs/BUDGETS.md: ≤ 150 KB gzip).
 */
export function validateAnswersPage<Page extends Record<string, unknown>>(
	formData: FormData,
	criteria: ReadonlyArray<PageCriterion>,
	today: string,
) {
	const byId = new Map(criteria.map((c) => [c.id, c]))
	return parse<Page, Array<string>>(formData, {
		resolve(value) {
			const page = value as { answers?: Array<{ id?: string; value?: string; naReason?: string }> }
			const error: Record<string, Array<string>> = {}
			;(page.answers ?? []).forEach((item, i) => {
				const criterion = item.id ? byId.get(item.id) : undefined
				if (!criterion) return
				const result = fieldsToAnswer(criterion.answer, { value: item.value ?? '', naReason: item.naReason ?? '' }, { today })
				if (!result.ok) error[`answers[${i}].${result.field}`] = [conversionMessage(result)]
			})
			return Object.keys(error).length ? { error } : { value: value as Page }
		},
	})
}
