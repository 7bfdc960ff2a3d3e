import { expect, test } from 'vitest'
import { parseEnv } from '~/env.server'

test('defaults give a working local configuration', () => {
	const env = parseEnv({})
	expect(env.PORT).toBe(3000)
	expect(env.DATABASE_PATH).toBe('./data/app.db')
	expect(env.COOKIE_SECURE).toBe(false)
	expect(env.SESSION_IDLE_MINUTES).toBe(30)
})

test('production requires a session secret and fails fast with a readable message', () => {
	expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET: SESSION_SECRET is required in production/)
})

test('production turns on Secure cookies', () => {
	const env = parseEnv({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) })
	expect(env.COOKIE_SECURE).toBe(true)
})

test('every bad value is listed at once, by name', () => {
	let message = ''
	try {
		parseEnv({ PORT: 'eighty', SESSION_SECRET: 'short', PUBLIC_BASE_URL: 'not a url' })
	} catch (e) {
		message = (e as Error).message
	}
	expect(message).toContain('PORT')
	expect(message).toContain('SESSION_SECRET: SESSION_SECRET must be at least 32 characters')
	expect(message).toContain('PUBLIC_BASE_URL')
	expect(message).toContain('See .env.example')
})

test('production has no built-in session secret: whatever else is set, it refuses to start without one', () => {
	for (const extra of [{}, { ALLOW_DEV_SECRET: '1' }, { COOKIE_SECURE: 'false' }]) {
		expect(() => parseEnv({ NODE_ENV: 'production', ...extra })).toThrow(/SESSION_SECRET is required in production/)
	}
})

test('the roles that must use a second factor default to admins, evaluators and publishers; empty means none; an unknown role is refused', () => {
	expect(parseEnv({}).MFA_REQUIRED_ROLES).toEqual(['admin', 'evaluator', 'publisher'])
	expect(parseEnv({ MFA_REQUIRED_ROLES: '' }).MFA_REQUIRED_ROLES).toEqual([])
	expect(parseEnv({ MFA_REQUIRED_ROLES: ' admin , facility_director ' }).MFA_REQUIRED_ROLES).toEqual(['admin', 'facility_director'])
	expect(() => parseEnv({ MFA_REQUIRED_ROLES: 'admin,root' })).toThrow(/MFA_REQUIRED_ROLES/)
})
