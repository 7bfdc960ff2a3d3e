// A real SMTP server on loopback for the tests that check e-mail; the app talks to it through nodemailer.
import { type AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { getEnv } from '~/env.server'

export type ReceivedMail = { to: Array<string>; raw: string }

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
				received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw })
				callback()
			})
		},
	})
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
	const env = getEnv() as { SMTP_URL?: string }
	env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`
	return {
		received,
		async close() {
			env.SMTP_URL = undefined
			await new Promise<void>((resolve) => server.close(() => resolve()))
		},
	}
}
