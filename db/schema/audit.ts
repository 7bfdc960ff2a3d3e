import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { timestamp } from './_helpers'
import { users } from './identity'

/**
 * Append-only audit trail. Each row carries the SHA-256 of the previous row's hash and its own
 * canonical content, so editing or deleting any row breaks the chain from that point on.
 */
export const auditEvents = sqliteTable(
	'audit_events',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		at: timestamp('at').notNull(),
		actorId: integer('actor_id').references(() => users.id),
		action: text('action').notNull(),
		entityType: text('entity_type').notNull(),
		entityId: text('entity_id').notNull(),
		before: text('before'),
		after: text('after'),
		prevHash: text('prev_hash').notNull(),
		hash: text('hash').notNull(),
	},
	(t) => [index('audit_entity_idx').on(t.entityType, t.entityId), index('audit_actor_idx').on(t.actorId)],
)
