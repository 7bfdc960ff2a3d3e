// Catalog authoring in the app (docs/CATALOG-FORMAT.md §4.4, "Authoring criteria in the app"): a
// workbook is kept as a draft (a staged upload of kind `catalog`), previewed, corrected by
// uploading again or by accepting suggested lineage, then published as a new immutable version
// through the catalog importer, with its audit event. Published versions never change, so rounds
// that use them are unaffected.
import { eq } from 'drizzle-orm'
import { type Db, schema } from '#db/client.server'
import { publishedCatalogs } from '#db/queries/catalogs'
import { type StagedPayload } from '#db/queries/imports'
import { evaluateCatalogDraft } from '#spreadsheets/catalog-draft'
import { withLineage } from '#spreadsheets/catalog-workbook'
import { type Sheet } from '~/domain/sheet'
import { importCatalog } from './catalogs.server'
import { discardStagedImport, stageImport } from './imports.server'

type StagedDraft = { id: string; userId: number; fileName: string; sha256: string; payload: StagedPayload }

/** Keeps an uploaded workbook as a draft of `code`; an upload that replaces a draft removes the old one. */
export function stageCatalogDraft(
	db: Db,
	input: { userId: number; fileName: string; bytes: Uint8Array; sheets: Array<Sheet>; replaces?: string | null },
	now = new Date(),
) {
	const id = stageImport(
		db,
		{ kind: 'catalog', userId: input.userId, fileName: input.fileName, bytes: input.bytes, sheets: input.sheets },
		now,
	)
	if (input.replaces && input.replaces !== id) discardStagedImport(db, input.replaces, input.userId)
	return id
}

/** The draft judged against what is published now (the preview and the publication read the same). */
export function evaluateDraft(db: Db, code: string, staged: Pick<StagedDraft, 'payload'>) {
	return evaluateCatalogDraft(staged.payload.sheets, code, publishedCatalogs(db, code))
}

/**
 * Writes the suggested lineage the analyst ticked into the draft's cells (and `based_on`, when the
 * file left it empty), as if typed in the workbook. Only current suggestions can be accepted.
 */
export function acceptLineageSuggestions(db: Db, input: { staged: StagedDraft; code: string; accepted: ReadonlyArray<string> }) {
	const evaluation = evaluateDraft(db, input.code, input.staged)
	const chosen = evaluation.suggestions.filter((s) => input.accepted.includes(s.id))
	if (!chosen.length || evaluation.base === null) return { ok: false as const, code: 'catalogDraft.nothingAccepted' }
	const sheets = withLineage(input.staged.payload.sheets, chosen, evaluation.base)
	db.update(schema.stagedImports)
		.set({ payload: { sheets } satisfies StagedPayload })
		.where(eq(schema.stagedImports.id, input.staged.id))
		.run()
	return { ok: true as const, accepted: chosen.length }
}

export type PublishResult =
	{ ok: true; version: number; versionId: number } | { ok: false; code: string; params?: Record<string, string | number>; status: number }

/**
 * Publishes the draft as a new version of `code` when it has no problem left: the import and its
 * audit event (`catalog.publish`) and the draft's removal in one transaction. A version number
 * already published is refused, so a version an open round uses can never be replaced.
 */
export function publishCatalogDraft(
	db: Db,
	input: { staged: StagedDraft; code: string; actorId: number },
	now = new Date(),
): PublishResult {
	const evaluation = evaluateDraft(db, input.code, input.staged)
	if (!evaluation.catalog || evaluation.problems.length > 0) {
		return { ok: false, code: 'catalogDraft.notReady', params: { count: evaluation.problems.length }, status: 409 }
	}
	const result = importCatalog(db, evaluation.catalog, {
		actorId: input.actorId,
		sourceFile: input.staged.fileName,
		now,
		action: 'catalog.publish',
		audit: { basedOn: evaluation.base, workbookSha256: input.staged.sha256 },
		alsoInTransaction: (tx) => discardStagedImport(tx, input.staged.id, input.staged.userId),
	})
	if (result.status === 'imported') return { ok: true, version: evaluation.catalog.version, versionId: result.versionId }
	return {
		ok: false,
		code: result.status === 'unchanged' ? 'catalogDraft.versionExists' : 'catalogDraft.conflict',
		params: { version: evaluation.catalog.version },
		status: 409,
	}
}
