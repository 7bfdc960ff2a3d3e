import { z } from 'zod'
import { ROLES } from './domain/enums'

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')

/** An empty value in .env means "not set". */
const optionalText = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional())

const EnvSchema = z
	.object({
		NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
		PORT: z.coerce.number().int().min(1).max(65535).default(3000),
		HOST: z.string().default('127.0.0.1'),
		DATABASE_PATH: z.string().min(1).default('./data/app.db'),
		DATA_DIR: z.string().min(1).default('./data'),
		PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
		SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
		COOKIE_SECURE: bool.optional(),
		SESSION_IDLE_MINUTES: z.coerce
			.number()
			.int()
			.min(1)
			.max(24 * 60)
			.default(30),
		SESSION_ABSOLUTE_HOURS: z.coerce
			.number()
			.int()
			.min(1)
			.max(24 * 7)
			.default(12),
		LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
		LOGIN_WINDOW_MINUTES: z.coerce
			.number()
			.int()
			.min(1)
			.max(24 * 60)
			.default(15),
		LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(10_000).default(50),
		/**
		 * The roles whose accounts must sign in with a second factor (docs/decisions/016), comma-separated;
		 * empty: optional for everyone (the test harness, the demo). Default: admins, evaluators, publishers.
		 */
		MFA_REQUIRED_ROLES: z
			.string()
			.default('admin,evaluator,publisher')
			.transform((s) =>
				s
					.split(',')
					.map((x) => x.trim())
					.filter(Boolean),
			)
			.pipe(z.array(z.enum(ROLES, { error: `MFA_REQUIRED_ROLES lists roles among: ${ROLES.join(', ')}` }))),
		SMTP_URL: z.string().optional(),
		MAIL_FROM: z.string().default('Hospital IT Readiness <no-reply@localhost>'),
		TRUST_PROXY: bool.default(false),
		SIGNING_P12_PATH: optionalText,
		SIGNING_P12_PASSPHRASE: optionalText,
		SIGNING_ORG_NAME: z.string().min(1).max(200).default('Hospital IT Readiness'),
		/** An RFC 3161 time-stamping authority: every issued report's signature is time-stamped (PAdES B-T). */
		TSA_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
		TSA_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(15),
		/** A PEM bundle of the certificates signatures are validated against (the national root CA…); none: nothing is trusted. */
		TRUST_ANCHORS_PATH: optionalText,
		/** Days before a round's due date on which facilities that have not submitted are reminded; empty: never. */
		REMINDER_DAYS_BEFORE: z
			.string()
			.default('7,2')
			.transform((s) =>
				s
					.split(',')
					.map((x) => x.trim())
					.filter(Boolean)
					.map(Number),
			)
			.pipe(z.array(z.number().int().min(1).max(60)).max(10)),
		/** Where evidence files, signed reports and (optionally) backups are kept: DATA_DIR, or an S3-compatible bucket (docs/STORAGE.md). */
		STORAGE: z.enum(['local', 's3']).default('local'),
		S3_ENDPOINT: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).optional()),
		S3_REGION: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).default('us-east-1')),
		S3_BUCKET: z.preprocess(
			(v) => (v === '' ? undefined : v),
			z
				.string()
				.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'S3_BUCKET must be a bucket name: 3–63 lowercase letters, digits, dots and hyphens')
				.optional(),
		),
		S3_ACCESS_KEY_ID: optionalText,
		S3_SECRET_ACCESS_KEY: optionalText,
		/** Path-style addresses (https://host/bucket/key), as Ceph and MinIO need; default: on when S3_ENDPOINT is set. */
		S3_FORCE_PATH_STYLE: z.preprocess((v) => (v === '' ? undefined : v), bool.optional()),
	})
	.superRefine((env, ctx) => {
		if (env.SIGNING_P12_PATH && env.SIGNING_P12_PASSPHRASE === undefined) {
			ctx.addIssue({
				code: 'custom',
				path: ['SIGNING_P12_PASSPHRASE'],
				message: 'SIGNING_P12_PASSPHRASE is required when SIGNING_P12_PATH is set',
			})
		}
		if (env.STORAGE === 's3') {
			for (const name of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const)
				if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: `${name} is required when STORAGE=s3` })
		}
		// No built-in secret in production (docs/SECURITY.md, finding 8): `npm run demo` makes one of its own.
		if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
			ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'SESSION_SECRET is required in production' })
		}
	})

export type Env = z.infer<typeof EnvSchema> & { SESSION_SECRET: string; COOKIE_SECURE: boolean }

/** Development and tests only: production refuses to start without SESSION_SECRET. */
const DEV_SECRET = 'dev-only-secret-change-me-0123456789abcdef'

/** Parses process.env once; throws a readable list of problems so start-up fails fast. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
	const result = EnvSchema.safeParse(source)
	if (!result.success) {
		const lines = result.error.issues.map((i) => `  - ${i.path.join('.') || '(env)'}: ${i.message}`)
		throw new Error(`Invalid environment variables:\n${lines.join('\n')}\nSee .env.example.`)
	}
	const env = result.data
	return {
		...env,
		SESSION_SECRET: env.SESSION_SECRET ?? DEV_SECRET,
		COOKIE_SECURE: env.COOKIE_SECURE ?? env.NODE_ENV === 'production',
	}
}

let cached: Env | null = null

export function getEnv(): Env {
	cached ??= parseEnv()
	return cached
}

/** The next getEnv() reads process.env again (the test setup gives each test its own database and data folder). */
export function resetEnv() {
	cached = null
}
