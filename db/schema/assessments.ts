import { relations } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { ASSESSMENT_STATUSES, CAMPAIGN_STATUSES, TRUST_STATUSES } from '../../app/domain/enums'
import { createdAt, timestamp } from './_helpers'
import { catalogVersions, criteria } from './catalogs'
import { users } from './identity'
import { facilities } from './registry'

/** An assessment round: which catalogs, which facilities, which deadlines. */
export const campaigns = sqliteTable('campaigns', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	title: text('title').notNull(),
	year: integer('year').notNull(),
	status: text('status', { enum: CAMPAIGN_STATUSES }).notNull().default('draft'),
	/** JSON: { provinces?: string[], types?: string[], classes?: string[], managingBodies?: string[] } */
	scope: text('scope', { mode: 'json' }).notNull(),
	opensAt: timestamp('opens_at').notNull(),
	dueAt: timestamp('due_at').notNull(),
	acceptsLate: integer('accepts_late', { mode: 'boolean' }).notNull().default(true),
	/** When true, a provincial verification is followed by ministry approval. */
	secondStage: integer('second_stage', { mode: 'boolean' }).notNull().default(false),
	/** The director signs the submission PDF with a personal certificate and uploads it (docs/decisions/013-pades-signatures.md). */
	directorSignature: integer('director_signature', { mode: 'boolean' }).notNull().default(false),
	createdBy: integer('created_by').references(() => users.id),
	createdAt: createdAt(),
	openedAt: timestamp('opened_at'),
	closedAt: timestamp('closed_at'),
})

export const campaignCatalogs = sqliteTable(
	'campaign_catalogs',
	{
		campaignId: integer('campaign_id')
			.notNull()
			.references(() => campaigns.id, { onDelete: 'cascade' }),
		catalogVersionId: integer('catalog_version_id')
			.notNull()
			.references(() => catalogVersions.id),
	},
	(t) => [primaryKey({ columns: [t.campaignId, t.catalogVersionId] })],
)

export const assessments = sqliteTable(
	'assessments',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		campaignId: integer('campaign_id')
			.notNull()
			.references(() => campaigns.id),
		facilityId: integer('facility_id')
			.notNull()
			.references(() => facilities.id),
		status: text('status', { enum: ASSESSMENT_STATUSES }).notNull().default('draft'),
		/** Optimistic concurrency: every write must name the version it was based on. */
		version: integer('version').notNull().default(1),
		/** Review round, starting at 1; a return for revision opens the next round. */
		round: integer('round').notNull().default(1),
		/** The evaluator who claimed the submission (in_review). */
		claimedBy: integer('claimed_by').references(() => users.id),
		submittedAt: timestamp('submitted_at'),
		late: integer('late', { mode: 'boolean' }).notNull().default(false),
		approvedAt: timestamp('approved_at'),
		/** Cache of the scoring engine's output for the self-assessment (derived, never set independently). */
		selfScore: text('self_score', { mode: 'json' }),
		/** Cache of the scoring engine's output for the verified values. */
		verifiedScore: text('verified_score', { mode: 'json' }),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at'),
	},
	(t) => [
		uniqueIndex('assessments_campaign_facility_uq').on(t.campaignId, t.facilityId),
		index('assessments_facility_idx').on(t.facilityId),
		index('assessments_status_idx').on(t.campaignId, t.status),
		// The dashboard's queues by status across rounds (db/queries/dashboard.ts): their first step reads
		// this index alone, not the wide rows (docs/PERFORMANCE.md, "Long lists").
		index('assessments_queue_idx').on(t.status, t.campaignId, t.facilityId),
	],
)

export const answers = sqliteTable(
	'answers',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		assessmentId: integer('assessment_id')
			.notNull()
			.references(() => assessments.id, { onDelete: 'cascade' }),
		criterionId: integer('criterion_id')
			.notNull()
			.references(() => criteria.id),
		/** JSON: the typed answer value (see app/domain/catalog). */
		value: text('value', { mode: 'json' }).notNull(),
		note: text('note'),
		/** The assessment version this answer was last written at; a save based on an older version conflicts. */
		version: integer('version').notNull(),
		updatedBy: integer('updated_by').references(() => users.id),
		updatedAt: timestamp('updated_at').notNull(),
	},
	(t) => [uniqueIndex('answers_assessment_criterion_uq').on(t.assessmentId, t.criterionId)],
)

/** A submission round: the frozen snapshot and the director's attestation. */
export const submissions = sqliteTable(
	'submissions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		assessmentId: integer('assessment_id')
			.notNull()
			.references(() => assessments.id, { onDelete: 'cascade' }),
		round: integer('round').notNull(),
		submittedBy: integer('submitted_by')
			.notNull()
			.references(() => users.id),
		attestationName: text('attestation_name').notNull(),
		attestationTitle: text('attestation_title').notNull(),
		attestationText: text('attestation_text').notNull(),
		submittedAt: timestamp('submitted_at').notNull(),
		late: integer('late', { mode: 'boolean' }).notNull(),
		/** JSON: answers and scores frozen at submission. */
		snapshot: text('snapshot', { mode: 'json' }).notNull(),
		/** The submission as a PDF, once issued (deterministic, stored under DATA_DIR): what the director signs. */
		documentSha256: text('document_sha256'),
		documentSize: integer('document_size'),
		documentPath: text('document_path'),
	},
	(t) => [uniqueIndex('submissions_assessment_round_uq').on(t.assessmentId, t.round)],
)

/**
 * The director's personal signature on a submission: the signed PDF as uploaded (the issued
 * submission PDF plus an incremental update with the signature), and what its check found.
 */
export const directorSignatures = sqliteTable(
	'director_signatures',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		assessmentId: integer('assessment_id')
			.notNull()
			.references(() => assessments.id, { onDelete: 'cascade' }),
		submissionId: integer('submission_id')
			.notNull()
			.references(() => submissions.id, { onDelete: 'cascade' }),
		sha256: text('sha256').notNull(),
		size: integer('size').notNull(),
		storagePath: text('storage_path').notNull(),
		/** The signer certificate's subject ("CN=…, O=…, C=VN") and issuer, as the certificate states them. */
		signerSubject: text('signer_subject').notNull(),
		signerCommonName: text('signer_common_name'),
		signerIssuer: text('signer_issuer').notNull(),
		certificateFingerprint: text('certificate_fingerprint').notNull(),
		/** The chain to the trust anchors at signing time, when the upload was checked. */
		trust: text('trust', { enum: TRUST_STATUSES }).notNull(),
		trustAnchor: text('trust_anchor'),
		/** When it was signed: the time-stamp's time when there is a valid one, else the time the signer claims. */
		signedAt: timestamp('signed_at'),
		timestamped: integer('timestamped', { mode: 'boolean' }).notNull().default(false),
		subFilter: text('sub_filter'),
		uploadedBy: integer('uploaded_by').references(() => users.id),
		uploadedAt: timestamp('uploaded_at').notNull(),
	},
	(t) => [index('director_signatures_assessment_idx').on(t.assessmentId, t.submissionId)],
)

/** Content-addressed file store: one row per distinct file (by SHA-256). */
export const blobs = sqliteTable('blobs', {
	sha256: text('sha256').primaryKey(),
	size: integer('size').notNull(),
	mime: text('mime').notNull(),
	createdAt: createdAt(),
})

/** A file attached as evidence to one criterion of one assessment. */
export const evidenceFiles = sqliteTable(
	'evidence_files',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		assessmentId: integer('assessment_id')
			.notNull()
			.references(() => assessments.id, { onDelete: 'cascade' }),
		criterionId: integer('criterion_id')
			.notNull()
			.references(() => criteria.id),
		sha256: text('sha256')
			.notNull()
			.references(() => blobs.sha256),
		fileName: text('file_name').notNull(),
		uploadedBy: integer('uploaded_by').references(() => users.id),
		uploadedAt: timestamp('uploaded_at').notNull(),
		removedAt: timestamp('removed_at'),
	},
	(t) => [index('evidence_assessment_criterion_idx').on(t.assessmentId, t.criterionId)],
)

export const campaignsRelations = relations(campaigns, ({ many }) => ({
	catalogs: many(campaignCatalogs),
	assessments: many(assessments),
}))

export const campaignCatalogsRelations = relations(campaignCatalogs, ({ one }) => ({
	campaign: one(campaigns, { fields: [campaignCatalogs.campaignId], references: [campaigns.id] }),
	catalogVersion: one(catalogVersions, {
		fields: [campaignCatalogs.catalogVersionId],
		references: [catalogVersions.id],
	}),
}))

export const assessmentsRelations = relations(assessments, ({ one, many }) => ({
	campaign: one(campaigns, { fields: [assessments.campaignId], references: [campaigns.id] }),
	facility: one(facilities, { fields: [assessments.facilityId], references: [facilities.id] }),
	answers: many(answers),
	submissions: many(submissions),
	evidence: many(evidenceFiles),
}))

export const answersRelations = relations(answers, ({ one }) => ({
	assessment: one(assessments, { fields: [answers.assessmentId], references: [assessments.id] }),
	criterion: one(criteria, { fields: [answers.criterionId], references: [criteria.id] }),
}))
