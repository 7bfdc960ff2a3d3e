// The zod form of an answer, for forms and the engine's input checks; the rules live in answerIssue.
import { z } from 'zod'
import { type AnswerCheckOptions, answerIssue, malformed } from './answers'
import type { Criterion } from './schema'

/** The structure of any answer, whatever the criterion. */
export const AnswerSchema = z.discriminatedUnion(
	'kind',
	[
		z.object({
			kind: z.literal('yes_no'),
			value: z.enum(['yes', 'no', 'na'], { error: malformed }),
			naReason: z.string({ error: malformed }).optional(),
		}),
		z.object({ kind: z.literal('choice'), value: z.string({ error: malformed }) }),
		z.object({ kind: z.literal('number'), value: z.number({ error: malformed }) }),
		z.object({ kind: z.literal('percent'), value: z.number({ error: malformed }) }),
		z.object({ kind: z.literal('date'), value: z.string({ error: malformed }) }),
		z.object({ kind: z.literal('text'), value: z.string({ error: malformed }) }),
	],
	{ error: malformed },
)

/**
 * The answer schema for one criterion: the structure plus every rule of its answer spec.
 * Refusals carry a message key from ANSWER_ISSUE_CODES and their details in `params`.
 */
export function answerSchemaFor(criterion: Pick<Criterion, 'answer'>, options: AnswerCheckOptions = {}) {
	return AnswerSchema.superRefine((answer, ctx) => {
		const issue = answerIssue(criterion.answer, answer, options)
		if (issue) {
			ctx.addIssue({ code: 'custom', message: issue.code, path: [issue.field], params: issue.params, input: answer })
		}
	})
}
