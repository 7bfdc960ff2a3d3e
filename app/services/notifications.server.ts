import { and, eq, inArray, isNull } from 'drizzle-orm'
import nodemailer from 'nodemailer'
import { type Db, schema } from '#db/client.server'
import { type Locale } from '~/domain/enums'
import { type NotificationKind, type NotificationPayload } from '~/domain/notifications'
import { getEnv } from '~/env.server'
import { translate } from '~/i18n/translate'

type Tx = Pick<Db, 'insert'>

// The recipients are reads (db/queries); the services that notify take them from here with `notify`.
export { evaluatorRecipients, facilityRecipients } from '#db/queries/notifications'

export type Outgoing = { to: string; subject: string; text: string }

/**
 * Writes in-app notifications (inside the caller's transaction) and returns the e-mails to send
 * once the transaction has committed; an e-mail is never sent for a change that rolled back.
 */
export function notify(
	tx: Tx,
	recipients: ReadonlyArray<{ id: number; email: string; locale: Locale }>,
	kind: NotificationKind,
	payload: NotificationPayload,
	now: Date,
): Array<Outgoing> {
	const unique = [...new Map(recipients.map((r) => [r.id, r])).values()]
	if (unique.length)
		tx.insert(schema.notifications)
			.values(unique.map((r) => ({ userId: r.id, kind, payload, createdAt: now })))
			.run()
	const link = `${getEnv().PUBLIC_BASE_URL}/assessments/${payload.assessmentId}`
	return unique.map((r) => ({
		to: r.email,
		subject: translate(r.locale, `notification.${kind}`, { ...payload }),
		text: `${translate(r.locale, `notification.${kind}`, { ...payload })}\n\n${link}\n`,
	}))
}

/** One transport per SMTP address, opened at the first e-mail (reused: connecting per message is slow). */
let transport: { url: string; value: nodemailer.Transporter } | null = null

/** Sends e-mails through SMTP_URL when it is configured; without it, in-app notifications suffice. */
export async function sendMail(messages: ReadonlyArray<Outgoing>) {
	const env = getEnv()
	if (!env.SMTP_URL || !messages.length) return { sent: 0 }
	if (transport?.url !== env.SMTP_URL) transport = { url: env.SMTP_URL, value: nodemailer.createTransport(env.SMTP_URL) }
	let sent = 0
	for (const m of messages) {
		try {
			await transport.value.sendMail({ from: env.MAIL_FROM, to: m.to, subject: m.subject, text: m.text })
			sent++
		} catch (error) {
			// The change is already committed and the in-app notification exists; log and go on.
			console.warn(`e-mail to ${m.to} failed: ${(error as Error).message}`)
		}
	}
	return { sent }
}

export function markRead(db: Db, userId: number, ids: ReadonlyArray<number>, now = new Date()) {
	if (!ids.length) return
	db.update(schema.notifications)
		.set({ readAt: now })
		.where(and(eq(schema.notifications.userId, userId), inArray(schema.notifications.id, [...ids]), isNull(schema.notifications.readAt)))
		.run()
}
