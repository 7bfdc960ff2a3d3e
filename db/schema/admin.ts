import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { IMPORT_KINDS } from '../../app/domain/enums'
import { timestamp } from './_helpers'
import { assessments, campaigns } from './assessments'
import { users } from './identity'

/**
 * A spreadsheet upload between its preview and its application: the rows as parsed and
 * normalised, never the file. Applying re-validates them against the database of that moment,
 * then deletes the row; unapplied rows expire.
 */
export const stagedImports = sqliteTable(
	'staged_imports',
	{
		/** Random, unguessable: it appears in the preview's URL. */
		id: text('id').primaryKey(),
		kind: text('kind', { enum: IMPORT_KINDS }).notNull(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		assessmentId: integer('assessment_id').references(() => assessments.id, { onDelete: 'cascade' }),
		fileName: text('file_name').notNull(),
		sha256: text('sha256').notNull(),
		/** JSON: the parsed rows, shaped by the import kind. */
		payload: text('payload', { mode: 'json' }).notNull(),
		createdAt: timestamp('created_at').notNull(),
		expiresAt: timestamp('expires_at').notNull(),
	},
	(t) => [index('staged_imports_user_idx').on(t.userId), index('staged_imports_expires_idx').on(t.expiresAt)],
)

/**
 * Reminders sent to a facility about a due date. `key` names the occasion (`before:3` days, or
 * `manual:<yyyy-mm-dd>`), so a scheduler that runs again, or on two servers, never sends the same
 * reminder twice, and an extended deadline starts a fresh cycle.
 */
export const reminders = sqliteTable(
	'reminders',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		campaignId: integer('campaign_id')
			.notNull()
			.references(() => campaigns.id, { onDelete: 'cascade' }),
		assessmentId: integer('assessment_id')
			.notNull()
			.references(() => assessments.id, { onDelete: 'cascade' }),
		dueAt: timestamp('due_at').notNull(),
		key: text('key').notNull(),
		recipients: integer('recipients').notNull(),
		sentAt: timestamp('sent_at').notNull(),
	},
	(t) => [
		uniqueIndex('reminders_occasion_uq').on(t.assessmentId, t.dueAt, t.key),
		index('reminders_campaign_idx').on(t.campaignId, t.sentAt),
	],
)
