import { relations } from 'drizzle-orm'
import { blob, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { REPORT_KINDS, VERDICTS } from '../../app/domain/enums'
import { createdAt, timestamp } from './_helpers'
import { assessments } from './assessments'
import { criteria } from './catalogs'
import { users } from './identity'

/** An evaluator's verdict on one criterion in one review round. */
export const reviewVerdicts = sqliteTable(
	'review_verdicts',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		assessmentId: integer('assessment_id')
			.notNull()
			.references(() => assessments.id, { onDelete: 'cascade' }),
		criterionId: integer('criterion_id')
			.notNull()
			.references(() => criteria.id),
		round: integer('round').notNull(),
		verdict: text('verdict', { enum: VERDICTS }).notNull(),
		/** JSON: the verified value when the verdict is `adjust`. */
		value: text('value', { mode: 'json' }),
		reason: text('reason'),
		evaluatorId: integer('evaluator_id')
			.notNull()
			.references(() => users.id),
		decidedAt: timestamp('decided_at').notNull(),
	},
	(t) => [uniqueIndex('review_verdicts_uq').on(t.assessmentId, t.criterionId, t.round)],
)

/** Comment threads per criterion (or on the whole assessment), visible to the facility. */
export const comments = sqliteTable(
	'comments',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		assessmentId: integer('assessment_id')
			.notNull()
			.references(() => assessments.id, { onDelete: 'cascade' }),
		criterionId: integer('criterion_id').references(() => criteria.id),
		authorId: integer('author_id')
			.notNull()
			.references(() => users.id),
		body: text('body').notNull(),
		/** A change requested when the assessment was returned for revision. */
		requestsChange: integer('requests_change', { mode: 'boolean' }).notNull().default(false),
		round: integer('round').notNull(),
		createdAt: createdAt(),
	},
	(t) => [index('comments_assessment_idx').on(t.assessmentId, t.criterionId)],
)

/** Generated PDF reports. Signed bytes live outside public/ and are identified by SHA-256. */
export const reports = sqliteTable(
	'reports',
	{
		/** Public report ID printed on the PDF and in its QR code. */
		id: text('id').primaryKey(),
		assessmentId: integer('assessment_id')
			.notNull()
			.references(() => assessments.id),
		kind: text('kind', { enum: REPORT_KINDS }).notNull(),
		sha256: text('sha256').notNull(),
		size: integer('size').notNull(),
		storagePath: text('storage_path').notNull(),
		signerName: text('signer_name'),
		signerIsDemo: integer('signer_is_demo', { mode: 'boolean' }).notNull().default(false),
		/** The signature's CMS as issued (certificates, time-stamp): the verification page describes the signer from it. */
		signatureCms: blob('signature_cms', { mode: 'buffer' }),
		/** The RFC 3161 time-stamp's time (PAdES B-T); null without a time-stamping authority (B-B). */
		timestampedAt: timestamp('timestamped_at'),
		createdBy: integer('created_by').references(() => users.id),
		createdAt: createdAt(),
	},
	(t) => [index('reports_assessment_idx').on(t.assessmentId), index('reports_sha_idx').on(t.sha256)],
)

export const publications = sqliteTable(
	'publications',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		assessmentId: integer('assessment_id')
			.notNull()
			.references(() => assessments.id),
		publishedBy: integer('published_by')
			.notNull()
			.references(() => users.id),
		publishedAt: timestamp('published_at').notNull(),
		withdrawnBy: integer('withdrawn_by').references(() => users.id),
		withdrawnAt: timestamp('withdrawn_at'),
		withdrawReason: text('withdraw_reason'),
	},
	// withdrawn_at's index makes the portal's version (db/queries/portal.ts, portalVersion) a lookup, not a scan.
	(t) => [index('publications_assessment_idx').on(t.assessmentId), index('publications_withdrawn_idx').on(t.withdrawnAt)],
)

export const reviewVerdictsRelations = relations(reviewVerdicts, ({ one }) => ({
	assessment: one(assessments, { fields: [reviewVerdicts.assessmentId], references: [assessments.id] }),
	criterion: one(criteria, { fields: [reviewVerdicts.criterionId], references: [criteria.id] }),
	evaluator: one(users, { fields: [reviewVerdicts.evaluatorId], references: [users.id] }),
}))
