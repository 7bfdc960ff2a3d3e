import { z } from 'zod'
import { FACILITY_CLASSES, FACILITY_TYPES, MANAGING_BODIES } from './enums'
import { isCalendarDate } from './catalog/answers'

const isoDate = z.string({ error: 'form.required' }).refine(isCalendarDate, 'form.invalidDate')

/** The campaign form, checked in the browser and again on the server. */
export const CampaignSchema = z
	.object({
		title: z.string({ error: 'form.required' }).trim().min(3, 'form.tooShort|{"min":3}').max(200, 'form.tooLong|{"max":200}'),
		year: z.number({ error: 'form.required' }).int('form.integer').min(2017, 'form.min|{"min":2017}').max(2100, 'form.max|{"max":2100}'),
		catalogVersionIds: z.array(z.number().int().positive(), { error: 'campaign.needCatalog' }).min(1, 'campaign.needCatalog').max(20),
		provinces: z.array(z.string().regex(/^\d{2}$/)).max(34).default([]),
		types: z.array(z.enum(FACILITY_TYPES)).default([]),
		classes: z.array(z.enum(FACILITY_CLASSES)).default([]),
		managingBodies: z.array(z.enum(MANAGING_BODIES)).default([]),
		opensOn: isoDate,
		dueOn: isoDate,
		acceptsLate: z.boolean().default(false),
		secondStage: z.boolean().default(false),
	})
	.refine((c) => c.dueOn >= c.opensOn, { path: ['dueOn'], message: 'campaign.dueBeforeOpen' })

export type CampaignInput = z.infer<typeof CampaignSchema>

export type CampaignScope = { provinces: Array<string>; types: Array<string>; classes: Array<string>; managingBodies: Array<string> }
