import { relations } from 'drizzle-orm'
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { ATTEMPT_KINDS, LOCALES, ROLES, SCOPE_KINDS, USER_STATUSES } from '../../app/domain/enums'
import { createdAt, timestamp } from './_helpers'
import { facilities, provinces } from './registry'

export const users = sqliteTable('users', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	/** Stored lower-cased; unique. */
	email: text('email').notNull().unique(),
	name: text('name').notNull(),
	/** Job title, printed on attestations and approvals. */
	jobTitle: text('job_title').notNull().default(''),
	passwordHash: text('password_hash'),
	status: text('status', { enum: USER_STATUSES }).notNull().default('active'),
	locale: text('locale', { enum: LOCALES }).notNull().default('vi'),
	createdAt: createdAt(),
	lastLoginAt: timestamp('last_login_at'),
})

/** A role granted to a user over a scope: one facility, one province, or the whole country. */
export const memberships = sqliteTable(
	'memberships',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role', { enum: ROLES }).notNull(),
		scopeKind: text('scope_kind', { enum: SCOPE_KINDS }).notNull(),
		facilityId: integer('facility_id').references(() => facilities.id),
		provinceCode: text('province_code').references(() => provinces.code),
		createdAt: createdAt(),
	},
	(t) => [
		index('memberships_user_idx').on(t.userId),
		index('memberships_facility_idx').on(t.facilityId),
		index('memberships_province_idx').on(t.provinceCode),
	],
)

/**
 * Server-side sessions. The cookie holds a random token; only its SHA-256 is stored,
 * so a copy of the database does not let anyone sign in.
 */
export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: createdAt(),
		lastSeenAt: timestamp('last_seen_at').notNull(),
		/** Absolute expiry: the session ends then, whatever the activity. */
		expiresAt: timestamp('expires_at').notNull(),
		ip: text('ip'),
		userAgent: text('user_agent'),
	},
	(t) => [index('sessions_user_idx').on(t.userId)],
)

/**
 * Every sign-in attempt and every request for a password reset link;
 * the throttles count recent failures per e-mail and per address. An attempt is written as a
 * failure before it is checked, and turned into a success (or removed) once it is.
 */
export const loginAttempts = sqliteTable(
	'login_attempts',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		email: text('email').notNull(),
		ip: text('ip'),
		success: integer('success', { mode: 'boolean' }).notNull(),
		at: timestamp('at').notNull(),
		kind: text('kind', { enum: ATTEMPT_KINDS }).notNull().default('sign_in'),
	},
	(t) => [index('login_attempts_email_at_idx').on(t.email, t.at), index('login_attempts_ip_at_idx').on(t.ip, t.at)],
)

/**
 * A user's second factor (TOTP, RFC 6238; docs/decisions/016). The shared secret is stored encrypted
 * (AES-256-GCM under a key derived from SESSION_SECRET) and never shown again once confirmed. A row
 * without `confirmedAt` is an enrolment in progress and grants nothing. `lastUsedStep` is the time
 * step of the last accepted code: a code is accepted only for a later step, so none is used twice.
 */
export const secondFactors = sqliteTable('second_factors', {
	userId: integer('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	secret: text('secret').notNull(),
	confirmedAt: timestamp('confirmed_at'),
	lastUsedStep: integer('last_used_step'),
	createdAt: createdAt(),
})

/** One-time recovery codes of a second factor: only their SHA-256 is stored; each is used once. */
export const recoveryCodes = sqliteTable(
	'recovery_codes',
	{
		codeHash: text('code_hash').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		usedAt: timestamp('used_at'),
		createdAt: createdAt(),
	},
	(t) => [index('recovery_codes_user_idx').on(t.userId)],
)

/**
 * A sign-in half done: the password was right, the second factor is still to come. It is bound to
 * one user, expires within minutes, and grants nothing; only the random token's hash is stored.
 */
export const signInChallenges = sqliteTable(
	'sign_in_challenges',
	{
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp('expires_at').notNull(),
		createdAt: createdAt(),
	},
	(t) => [index('sign_in_challenges_user_idx').on(t.userId)],
)

/** One-time links to set a password (invitations, resets). Only the token's hash is stored. */
export const passwordTokens = sqliteTable(
	'password_tokens',
	{
		tokenHash: text('token_hash').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		purpose: text('purpose', { enum: ['invite', 'reset'] }).notNull(),
		expiresAt: timestamp('expires_at').notNull(),
		usedAt: timestamp('used_at'),
		createdAt: createdAt(),
	},
	(t) => [index('password_tokens_user_idx').on(t.userId)],
)

export const notifications = sqliteTable(
	'notifications',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		/** JSON: the parameters of the message, rendered in the reader's language. */
		payload: text('payload', { mode: 'json' }).notNull(),
		createdAt: createdAt(),
		readAt: timestamp('read_at'),
	},
	(t) => [index('notifications_user_idx').on(t.userId, t.readAt)],
)

export const usersRelations = relations(users, ({ many }) => ({
	memberships: many(memberships),
	sessions: many(sessions),
}))

export const membershipsRelations = relations(memberships, ({ one }) => ({
	user: one(users, { fields: [memberships.userId], references: [users.id] }),
	facility: one(facilities, { fields: [memberships.facilityId], references: [facilities.id] }),
	province: one(provinces, { fields: [memberships.provinceCode], references: [provinces.code] }),
}))

export const sessionsRelations = relations(sessions, ({ one }) => ({
	user: one(users, { fields: [sessions.userId], references: [users.id] }),
}))
