// What an in-app notification (and its e-mail) can say: the kinds, and the parameters each carries.
// The text is the dictionary's `notification.<kind>`, rendered in the reader's language when read.

export const NOTIFICATION_KINDS = [
	'assessment.submitted',
	'assessment.returned',
	'assessment.approved',
	'assessment.verified',
	'assessment.reopened',
	'comment.added',
	'campaign.reminder',
	'campaign.extended',
] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

/** `due`: the round's due date as dd/mm/yyyy, for reminders and extensions. */
export type NotificationPayload = { assessmentId: number; facilityName: string; campaignTitle: string; by: string; due?: string }

/** Whether a stored kind is one the application knows (the column is free text). */
export function isNotificationKind(kind: string): kind is NotificationKind {
	return (NOTIFICATION_KINDS as ReadonlyArray<string>).includes(kind)
}
