import { z } from 'zod'
import { isCalendarDate } from './catalog/answers'
import { FACILITY_CLASSES, FACILITY_TYPES, MANAGING_BODIES } from './enums'
import { nameField } from './name-fields'

const isoDate = z.string({ error: 'form.required' }).refine(isCalendarDate, 'form.invalidDate')

/** The campaign form, checked in the browser and again on the server. */
export const CampaignSchema = z
	.object({
		title: nameField(3, 200),
		year: z.number({ error: 'form.required' }).int('form.integer').min(2017, 'form.min|{"min":2017}').max(2100, 'form.max|{"max":2100}'),
		catalogVersionIds: z.array(z.number().int().positive(), { error: 'campaign.needCatalog' }).min(1, 'campaign.needCatalog').max(20),
		provinces: z
			.array(z.string().regex(/^\d{2}$/))
			.max(34)
			.default([]),
		types: z.array(z.enum(FACILITY_TYPES)).default([]),
		classes: z.array(z.enum(FACILITY_CLASSES)).default([]),
		managingBodies: z.array(z.enum(MANAGING_BODIES)).default([]),
		opensOn: isoDate,
		dueOn: isoDate,
		acceptsLate: z.boolean().default(false),
		secondStage: z.boolean().default(false),
		/** The director signs the submission PDF with a personal certificate (docs/decisions/013-pades-signatures.md). */
		directorSignature: z.boolean().optional(),
	})
	.refine((c) => c.dueOn >= c.opensOn, { path: ['dueOn'], message: 'campaign.dueBeforeOpen' })

export type CampaignInput = z.infer<typeof CampaignSchema>

export type CampaignScope = { provinces: Array<string>; types: Array<string>; classes: Array<string>; managingBodies: Array<string> }

/** Moving an open round's due date later. */
export const ExtendSchema = z.object({
	dueOn: isoDate,
	reason: z.string().trim().max(500, 'form.tooLong|{"max":500}').optional(),
})

/** Closing a round is final for facilities that never submitted: the form asks to confirm it. */
export const CloseSchema = z.object({
	confirm: z.literal('on', { error: 'campaign.closeConfirmRequired' }),
})

/**
 * When to remind facilities that have not submitted: the occasion whose window the moment falls
 * in, the nearest to the due date first (a scheduler that was down does not send both at once).
 * `daysBefore` lists the occasions (for example 7 and 2 days before); null when none applies.
 */
export function reminderOccasion(dueAt: number, now: number, daysBefore: ReadonlyArray<number>): string | null {
	if (now >= dueAt) return null
	const applicable = daysBefore.filter((d) => now >= dueAt - d * 86_400_000)
	if (!applicable.length) return null
	return `before:${Math.min(...applicable)}`
}
