// A real SMTP server on loopback for the tests that check e-mail; the app talks to it through nodemailer.
import { type AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { getEnv } from '~/env.server'

export type ReceivedMail = { to: Array<string>; raw: string; subject: string }

/** Starts a server on a free port and points the app's SMTP_URL at it until `close()`. */
export async function startSmtpServer() {
	const received: Array<ReceivedMail> = []
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		onData(stream, session, callback) {
			let raw = ''
			stream.on('data', (d) => (raw += d))
			stream.on('end', () => {
				received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, subject: decodeSubject(raw) })
				callback()
			})
		},
	})
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
	const url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`
	const env = getEnv() as { SMTP_URL?: string }
	env.SMTP_URL = url
	return {
		/** For another process (the jobs command) to send to. */
		url,
		received,
		async close() {
			env.SMTP_URL = undefined
			await new Promise<void>((resolve) => server.close(() => resolve()))
		},
	}
}

/** A message's Subject header decoded (RFC 2047 encoded words, B or Q, folded lines). */
export function decodeSubject(raw: string) {
	const line = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw)?.[1] ?? ''
	return line.replace(/\r\n[ \t]/g, '').replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
		enc.toUpperCase() === 'B'
			? Buffer.from(text, 'base64').toString('utf8')
			: Buffer.from(
					text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
					'latin1',
				).toString('utf8'),
	)
}
