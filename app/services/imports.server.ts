import crypto from 'node:crypto'
import { and, eq, lt } from 'drizzle-orm'
import { type Db, schema } from '#db/client.server'
import { type StagedPayload } from '#db/queries/imports'
import { type ImportKind } from '~/domain/enums'
import { cleanFileName } from '~/domain/safe-text'
import { type Sheet } from '~/domain/sheet'

/** A preview stays available this long; after that the file must be uploaded again. */
export const STAGED_IMPORT_HOURS = 24

/**
 * Keeps an upload's parsed sheets between the preview and the decision to apply. Nothing of the
 * registry or the assessment changes here; the application re-plans from these sheets. The preview
 * reads them back with getStagedImport (db/queries/imports).
 */
export function stageImport(
	db: Db,
	input: { kind: ImportKind; userId: number; assessmentId?: number; fileName: string; bytes: Uint8Array; sheets: Array<Sheet> },
	now = new Date(),
) {
	const id = crypto.randomBytes(16).toString('hex')
	db.insert(schema.stagedImports)
		.values({
			id,
			kind: input.kind,
			userId: input.userId,
			assessmentId: input.assessmentId ?? null,
			fileName: cleanFileName(input.fileName, 'upload'),
			sha256: crypto.createHash('sha256').update(input.bytes).digest('hex'),
			payload: { sheets: input.sheets } satisfies StagedPayload,
			createdAt: now,
			expiresAt: new Date(now.getTime() + STAGED_IMPORT_HOURS * 3_600_000),
		})
		.run()
	// Previews nobody applied are removed as new uploads arrive (and by the scheduled clean-up).
	db.delete(schema.stagedImports).where(lt(schema.stagedImports.expiresAt, now)).run()
	return id
}

export function discardStagedImport(db: Pick<Db, 'delete'>, id: string, userId: number) {
	db.delete(schema.stagedImports)
		.where(and(eq(schema.stagedImports.id, id), eq(schema.stagedImports.userId, userId)))
		.run()
}

export function purgeExpiredImports(db: Db, now = new Date()) {
	return db.delete(schema.stagedImports).where(lt(schema.stagedImports.expiresAt, now)).run().changes
}
