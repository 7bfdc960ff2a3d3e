import { and, eq } from 'drizzle-orm'
import { type ImportKind } from '../../app/domain/enums'
import { type Sheet } from '../../app/domain/sheet'
import { type Db } from '../client.server'
import { stagedImports } from '../schema/index'

/** What an upload keeps between its preview and the decision to apply it: the parsed sheets. */
export type StagedPayload = { sheets: Array<Sheet> }

/** The staged upload, only for the person who made it, of the expected kind, and not expired. */
export function getStagedImport(db: Pick<Db, 'select'>, id: string, userId: number, kind: ImportKind, now = new Date()) {
	if (!/^[0-9a-f]{32}$/.test(id)) return null
	const row = db
		.select()
		.from(stagedImports)
		.where(and(eq(stagedImports.id, id), eq(stagedImports.userId, userId), eq(stagedImports.kind, kind)))
		.get()
	if (!row || row.expiresAt.getTime() <= now.getTime()) return null
	return { ...row, payload: row.payload as StagedPayload }
}
